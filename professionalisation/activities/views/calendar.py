"""Calendar feeds: the public feed of an activity's meetings, a participant's private feed behind
a secret address, and the page where the participant finds (and renews) that address.

The feeds are read by professionalisation/activities/feeds.py (a fixed number of queries) and
built by professionalisation/activities/calendar.py. A calendar client sends no useful language,
so the private feed is written in the participant's own language; the public one in the
request's.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from iclon.core.errors import PortalError
from professionalisation.activities import feeds
from professionalisation.activities.calendar import CONTENT_TYPE, build_calendar
from professionalisation.activities.services.calendar import calendar_feed_get_or_create, calendar_feed_renew


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def activity_feed(request, slug):
    activity = feeds.activity_for_feed(slug=slug)
    body = build_calendar(
        name=_("ICLON: %(activity)s") % {"activity": activity.title},
        events=feeds.activity_feed_events(activity=activity),
    )
    return _ics(body, f"{activity.slug}.ics")


@never_cache
@require_GET
def participant_feed(request, token):
    feed = feeds.feed_for_token(token=token)
    participant = feed.participant
    with translation.override(participant.language or settings.LANGUAGE_CODE):
        body = build_calendar(
            name=_("ICLON: my professional development"),
            events=feeds.participant_feed_events(participant=participant),
        )
    response = _ics(body, "iclon.ics")
    # The address is the secret: keep it out of search engines and of other sites' logs.
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


def feed_url(token: str) -> str:
    return settings.PORTAL_BASE_URL + reverse("activities:calendar-feed", kwargs={"token": token})


@login_required
@require_GET
def calendar_page(request):
    try:
        feed = calendar_feed_get_or_create(participant=request.user, actor=request.user)
    except PortalError as error:
        messages.error(request, str(error.message))
        return HttpResponseRedirect(reverse("activities:mine"))
    url = feed_url(feed.token)
    webcal = "webcal://" + url.split("://", 1)[-1]
    return render(
        request, "professionalisation/activities/calendar.html", {"feed": feed, "feed_url": url, "webcal_url": webcal}
    )


@require_POST
def calendar_renew(request):
    here = reverse("activities:calendar")
    if not request.user.is_authenticated:
        return redirect_to_login(here)
    try:
        calendar_feed_renew(participant=request.user, actor=request.user)
    except PortalError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("Your calendar has a new address. The old address no longer works: subscribe again with the new one."),
        )
    return HttpResponseRedirect(here)
