"""The participant's pages and actions: register for a session (or its waiting list), wait for any
session of an activity, "My professional development" (registrations, waiting-list places, offers),
cancel a registration, leave a waiting list, and the offer page behind the e-mail's secret link.

Every write calls professionalisation.activities.services, which decides who may do what; a
PortalError becomes an error message and the page the participant came from is shown again. The
actions answer a POST only, and redirect to a safe `next` or to the page they belong to.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from iclon.core.errors import PortalError
from iclon.core.routing import safe_next
from professionalisation.activities import selectors, services
from professionalisation.activities.models import Registration, WaitingListEntry, WaitingStatus

ACCEPT = "accept"
DECLINE = "decline"


#: A moment in a sentence: day, month, year and 24-hour time ("8 December 2026, 10:00"). English's
#: DATETIME_FORMAT ends in "a.m.", which doubled the sentence's full stop.
MOMENT_FORMAT = "j F Y, H:i"


def _moment(value) -> str:
    return formats.date_format(timezone.localtime(value), MOMENT_FORMAT)


def _chosen_school(request):
    """The school the participant registers for: their one school, or the one they chose among
    theirs (none for someone without a school). Returns (school or None, error message or None):
    a school that is not theirs is refused, so that nobody takes a place held for ONZ schools by
    naming one."""
    schools = selectors.participant_schools(request.user)
    chosen = request.POST.get("school", "")
    if not chosen:
        if len(schools) > 1:
            return None, _("Choose the school you take part for.")
        return (schools[0] if schools else None), None
    school = next((school for school in schools if str(school.pk) == chosen), None)
    if school is None:
        return None, _("Choose one of your own schools.")
    return school, None


# --- registering ---------------------------------------------------------------------------------


def _place_for_self(request, back: str, call, report) -> HttpResponseRedirect:
    """What registering and waiting for any session share: log in first (back to `back`, since
    these addresses answer a POST only), the school the participant takes part for, the service
    `call(school)` and a message from `report(result)`; a refusal becomes the service's message."""
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    school, problem = _chosen_school(request)
    if problem:
        messages.error(request, problem)
        return HttpResponseRedirect(back)
    try:
        result = call(school)
    except PortalError as error:
        messages.error(request, str(error.message))
        return HttpResponseRedirect(back)
    level, message = report(result)
    messages.add_message(request, level, message)
    return HttpResponseRedirect(back)


def registered_message(result: Registration | WaitingListEntry) -> tuple[int, str]:
    """The message level and text after registering: a place, or a place on the waiting list."""
    if isinstance(result, Registration):
        return messages.SUCCESS, _("You are registered")
    return messages.INFO, _("The session is full: you are on the waiting list (place %(position)s)") % {
        "position": selectors.waiting_position(result)
    }


def _waiting_any(entry: WaitingListEntry) -> tuple[int, str]:
    if entry.status == WaitingStatus.OFFERED:
        # A session had a free place that nobody waited for: it is offered at once.
        return messages.SUCCESS, _(
            "A place is free in %(session)s: it is held for you until %(expiry)s. "
            "Accept or decline it under My professional development."
        ) % {"session": entry.offered_session.name, "expiry": _moment(entry.offer_expires_at)}
    return messages.INFO, _("You are on the waiting list for any session of this activity (place %(position)s)") % {
        "position": selectors.waiting_position(entry)
    }


@require_POST
def register(request, pk):
    session = selectors.session_for_registration(user=request.user, pk=pk)
    back = safe_next(request, reverse("activities:detail", kwargs={"slug": session.activity.slug}))
    return _place_for_self(
        request,
        back,
        lambda school: services.registration_create(
            session=session, participant=request.user, actor=request.user, school=school
        ),
        registered_message,
    )


@require_POST
def wait_any(request, slug):
    activity = selectors.activity_for_waiting(user=request.user, slug=slug)
    back = safe_next(request, reverse("activities:detail", kwargs={"slug": activity.slug}))
    return _place_for_self(
        request,
        back,
        lambda school: services.waiting_list_join(
            activity=activity, participant=request.user, actor=request.user, school=school
        ),
        _waiting_any,
    )


# --- my professional development -----------------------------------------------------------------


@login_required
def mine(request):
    overview = selectors.participant_overview(request.user)
    # What the later slices add (completions and certificates, microcredentials, paths and circles),
    # found by name (iclon/core/slices.py): this slice imports none of them.
    config = apps.get_app_config("professionalisation")
    sections = [
        render_to_string(section.template, section.context, request=request)
        for section in config.participant_sections(request)
    ]
    return render(request, "professionalisation/activities/mine.html", {"overview": overview, "sections": sections})


def _login_then_mine(request):
    return redirect_to_login(reverse("activities:mine"))


@require_POST
def registration_cancel(request, pk):
    if not request.user.is_authenticated:
        return _login_then_mine(request)
    registration = get_object_or_404(Registration.objects.select_related("session__activity"), pk=pk)
    back = safe_next(request, reverse("activities:mine"))
    try:
        services.registration_cancel(registration=registration, actor=request.user)
    except PortalError as error:
        messages.error(request, str(error.message))
    else:
        session = registration.session
        messages.success(
            request,
            _("Your registration for %(activity)s (%(session)s) has been cancelled.")
            % {"activity": session.activity.title, "session": session.name},
        )
    return HttpResponseRedirect(back)


@require_POST
def waiting_leave(request, pk):
    if not request.user.is_authenticated:
        return _login_then_mine(request)
    entry = get_object_or_404(WaitingListEntry.objects.select_related("activity"), pk=pk)
    back = safe_next(request, reverse("activities:mine"))
    try:
        services.waiting_list_leave(entry=entry, actor=request.user)
    except PortalError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request, _("You have left the waiting list of %(activity)s.") % {"activity": entry.activity.title}
        )
    return HttpResponseRedirect(back)


# --- the offer behind the e-mail's link ----------------------------------------------------------


def _offer_state(entry: WaitingListEntry) -> tuple[str, str]:
    """(state, sentence) of an offer for its page: "open" shows the buttons, every other state
    says why there is nothing to answer."""
    status = entry.status
    if status == WaitingStatus.OFFERED and entry.offer_open:
        return "open", _("This place is held for you until %(expiry)s.") % {"expiry": _moment(entry.offer_expires_at)}
    if status in (WaitingStatus.OFFERED, WaitingStatus.EXPIRED) and entry.offer_expires_at is not None:
        return "expired", _(
            "This offer expired on %(expiry)s. The place goes to the next person on the waiting list."
        ) % {"expiry": _moment(entry.offer_expires_at)}
    if status == WaitingStatus.ACCEPTED:
        return "accepted", _("You have accepted this place: you are registered.")
    if status == WaitingStatus.DECLINED:
        return "declined", _(
            "You have declined this place. It has been offered to the next person on the waiting list."
        )
    if status == WaitingStatus.REMOVED:
        return "closed", _("You have left the waiting list: this offer is no longer open.")
    if status == WaitingStatus.CLOSED:
        return "closed", _("This offer is no longer open.")
    return "closed", _("There is no open offer of a place for you.")


@never_cache
@require_http_methods(["GET", "POST"])
def offer(request, token):
    entry = selectors.offer_get(token=token)
    here = reverse("activities:offer", kwargs={"token": entry.token})
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in (ACCEPT, DECLINE):
            messages.error(request, _("Choose whether you accept or decline the place."))
            return HttpResponseRedirect(here)
        back = safe_next(request, here)
        try:
            if action == ACCEPT:
                registration = services.waiting_offer_accept(entry=entry, actor=request.user, token=token)
            else:
                services.waiting_offer_decline(entry=entry, actor=request.user, token=token)
        except PortalError as error:
            messages.error(request, str(error.message))
            return HttpResponseRedirect(here)
        if action == ACCEPT:
            messages.success(
                request,
                _("You have accepted the place: you are registered for %(activity)s (%(session)s).")
                % {"activity": registration.session.activity.title, "session": registration.session.name},
            )
        else:
            messages.success(request, _("You have declined the place. Thank you for letting us know."))
        return HttpResponseRedirect(back)
    session = entry.offered_session or entry.session
    state, sentence = _offer_state(entry)
    context = {
        "entry": entry,
        "activity": entry.activity,
        "session": session,
        "meetings": list(session.meetings.all()) if session is not None else [],
        "state": state,
        "sentence": sentence,
    }
    return render(request, "professionalisation/activities/offer.html", context)
