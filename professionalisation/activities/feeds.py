"""Reads of the calendar feeds (built by professionalisation/activities/calendar.py).

Each feed is read in a fixed number of queries whatever the number of meetings: the meetings come
with their session and activity joined and their number of changes (`changes`, the SEQUENCE)
counted in the same query.

* the public feed of an activity: the meetings of its sessions, published activities only;
* a participant's private feed (found by its secret token): the meetings of the sessions they hold
  a place in, of the sessions whose place is offered to them (an open offer), and of the sessions
  they were registered for that were cancelled (so that their calendar shows the cancellation).

Meetings that ended more than `PAST_DAYS` ago are left out: a feed stays small, and a client keeps
the events it already has.
"""

from __future__ import annotations

import datetime

from django.db.models import Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from iclon.accounts.models import User
from professionalisation.activities.calendar import CONFIRMED, TENTATIVE, FeedEvent
from professionalisation.activities.models import (
    Activity,
    CalendarFeed,
    Meeting,
    Registration,
    RegistrationStatus,
    SessionStatus,
    WaitingListEntry,
    WaitingStatus,
)

PAST_DAYS = 365
#: django-simple-history's mark of a change (a "+" row is the creation, a "-" row the removal).
CHANGED = "~"


def _count(rows: QuerySet) -> Coalesce:
    """The number of `rows` (filtered on OuterRef) as a subquery of the outer query (COUNT as a
    plain function, so that Django adds no GROUP BY)."""
    counted = rows.order_by().annotate(n=Func(F("pk"), function="COUNT", output_field=IntegerField())).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _since(now: datetime.datetime) -> datetime.date:
    return timezone.localdate(now) - datetime.timedelta(days=PAST_DAYS)


def _feed_meetings(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """`meetings` with their session and activity, and `changes`: how often each was changed."""
    changes = Meeting.history.model.objects.filter(id=OuterRef("pk"), history_type=CHANGED)
    return (
        meetings.select_related("session__activity")
        .annotate(changes=_count(changes))
        .order_by("date", "starts_at", "pk")
    )


def activity_for_feed(*, slug: str) -> Activity:
    """A published activity by its slug; Http404 otherwise (a feed is never a preview)."""
    try:
        return Activity.objects.published().get(slug=slug)
    except Activity.DoesNotExist:
        raise Http404 from None


def activity_feed_events(*, activity: Activity, now: datetime.datetime | None = None) -> list[FeedEvent]:
    """The meetings of every session of `activity` (those of cancelled sessions are marked as
    such by the builder); without the online links, which are for participants only."""
    now = now or timezone.now()
    meetings = _feed_meetings(Meeting.objects.filter(session__activity=activity, date__gte=_since(now)))
    return [FeedEvent(meeting=meeting) for meeting in meetings]


def feed_for_token(*, token: str) -> CalendarFeed:
    """The private feed behind a secret address, with its participant; Http404 for an unknown
    (or renewed) token and for a participant whose account is no longer active."""
    if not token:
        raise Http404
    try:
        return CalendarFeed.objects.select_related("participant").get(token=token, participant__is_active=True)
    except CalendarFeed.DoesNotExist:
        raise Http404 from None


def participant_feed_events(*, participant: User, now: datetime.datetime | None = None) -> list[FeedEvent]:
    """The participant's meetings (see the module's docstring), with their online links: a place
    they hold is CONFIRMED, a place offered to them TENTATIVE. One query."""
    now = now or timezone.now()
    registered = Registration.objects.filter(session=OuterRef("session"), participant=participant).filter(
        Q(status=RegistrationStatus.CONFIRMED) | Q(session__status=SessionStatus.CANCELLED)
    )
    offered = WaitingListEntry.objects.filter(
        offered_session=OuterRef("session"),
        participant=participant,
        status=WaitingStatus.OFFERED,
        offer_expires_at__gt=now,
    )
    meetings = _feed_meetings(
        Meeting.objects.annotate(registered=Exists(registered), offered=Exists(offered)).filter(
            Q(registered=True) | Q(offered=True), date__gte=_since(now)
        )
    )
    return [
        FeedEvent(
            meeting=meeting,
            status=CONFIRMED if meeting.registered else TENTATIVE,  # type: ignore[attr-defined]
            with_link=True,
        )
        for meeting in meetings
    ]
