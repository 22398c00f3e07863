"""iCalendar (RFC 5545) feeds of meetings: building only, no queries.

The feeds' rows are read by professionalisation/activities/feeds.py; this module turns them into
a VCALENDAR with the `icalendar` library:

* one VTIMEZONE for Europe/Amsterdam, made from the zoneinfo database for the years the meetings
  span (meetings are local times in the Netherlands: `Meeting.start` and `Meeting.end`), so that a
  client in another zone shows them at the right moment, also across the change to summer time;
* one VEVENT per meeting, whose UID (`meeting-<pk>@iclon.leidenuniv.nl`) stays the same whatever
  changes, so that a subscribed client updates the event instead of adding a second one;
* SEQUENCE counts the meeting's revisions: its changes after it was created (the history rows
  django-simple-history writes, counted in the feed's query as `changes`), plus one when its
  session is cancelled. Nothing new is stored for it: the history is the record of the changes
  already, and it only grows;
* STATUS is CONFIRMED for a place the participant holds, TENTATIVE for a place offered to them
  (an open offer from the waiting list) and CANCELLED for a cancelled meeting or a meeting of a
  cancelled session (a meeting's own cancellation is one of its history rows, so it raises
  SEQUENCE like any change).

The online link of a meeting is for its participants: it is in the private feed's DESCRIPTION,
never in the public feed of an activity (the public API leaves it out too).

The library writes CRLF line endings and folds lines at 75 octets (never inside a UTF-8
character); tests/professionalisation/activities/test_calendar.py checks both by parsing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, vDuration

from professionalisation.activities.models import MEETING_ZONE, Meeting, SessionStatus

PRODID = "-//ICLON Leiden University//Professional development//NL"
UID_DOMAIN = "iclon.leidenuniv.nl"
CONTENT_TYPE = "text/calendar; charset=utf-8"
#: How often a subscribed client should fetch the feed again.
REFRESH = datetime.timedelta(hours=6)

CONFIRMED = "CONFIRMED"
TENTATIVE = "TENTATIVE"
CANCELLED = "CANCELLED"


@dataclass(frozen=True)
class FeedEvent:
    """One meeting in a feed. `meeting` has its session and the session's activity loaded and the
    annotation `changes` (see feeds.py); `status` is CONFIRMED or TENTATIVE (a cancelled session
    makes it CANCELLED whatever is given); `with_link`: the online link goes into DESCRIPTION."""

    meeting: Meeting
    status: str = CONFIRMED
    with_link: bool = False


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@{UID_DOMAIN}"


def _session_cancelled(meeting: Meeting) -> bool:
    return meeting.session.status == SessionStatus.CANCELLED


def _cancelled(meeting: Meeting) -> bool:
    return meeting.cancelled or _session_cancelled(meeting)


def meeting_sequence(meeting: Meeting) -> int:
    """The revision number of the meeting's event (see the module's docstring)."""
    changes = getattr(meeting, "changes", 0) or 0
    return changes + (1 if _session_cancelled(meeting) else 0)


def _revised_at(meeting: Meeting) -> datetime.datetime:
    """When the event last changed: the meeting's change, or its session's cancellation."""
    moment = meeting.updated_at
    if _session_cancelled(meeting) and meeting.session.updated_at > moment:
        moment = meeting.session.updated_at
    return moment.astimezone(datetime.UTC)


def activity_url(meeting: Meeting) -> str:
    path = reverse("activities:detail", kwargs={"slug": meeting.session.activity.slug})
    return f"{settings.PORTAL_BASE_URL}{path}"


def _description(event: FeedEvent, url: str) -> str:
    meeting = event.meeting
    lines = []
    if _session_cancelled(meeting):
        lines.append(_("This session has been cancelled."))
    elif meeting.cancelled:
        lines.append(_("This meeting has been cancelled: %(reason)s") % {"reason": meeting.cancel_reason})
    elif event.status == TENTATIVE:
        lines.append(_("A place has been offered to you from the waiting list: accept it to take part."))
    if event.with_link and meeting.online_link:
        lines.append(_("Join online: %(link)s") % {"link": meeting.online_link})
    lines.append(_("More information: %(url)s") % {"url": url})
    return "\n".join(lines)


def _location(meeting: Meeting) -> str:
    if meeting.place:
        return meeting.place
    return _("Online") if meeting.online_link else ""


def build_event(event: FeedEvent) -> Event:
    meeting = event.meeting
    session = meeting.session
    url = activity_url(meeting)
    vevent = Event()
    vevent.add("uid", meeting_uid(meeting))
    vevent.add("dtstamp", _revised_at(meeting))
    vevent.add("last-modified", _revised_at(meeting))
    vevent.add("dtstart", meeting.start)
    vevent.add("dtend", meeting.end)
    vevent.add("summary", f"{session.activity.title} – {session.name}")
    location = _location(meeting)
    if location:
        vevent.add("location", location)
    vevent.add("url", url)
    vevent.add("description", _description(event, url))
    vevent.add("status", CANCELLED if _cancelled(meeting) else event.status)
    vevent.add("sequence", meeting_sequence(meeting))
    return vevent


@lru_cache(maxsize=32)
def _timezone(first_year: int, last_year: int) -> Timezone:
    """Europe/Amsterdam's VTIMEZONE for the years first_year … last_year (cached: the rules do
    not change while the process runs, and each feed asks for a handful of years)."""
    return Timezone.from_tzid(
        str(MEETING_ZONE),
        first_date=datetime.date(first_year, 1, 1),
        last_date=datetime.date(last_year + 1, 1, 1),
    )


def build_calendar(*, name: str, events: Iterable[FeedEvent], today: datetime.date | None = None) -> bytes:
    """The VCALENDAR named `name` with one VEVENT per event (the first event of a meeting counts
    if a meeting comes twice), ordered by start."""
    unique: dict[int, FeedEvent] = {}
    for event in events:
        unique.setdefault(event.meeting.pk, event)
    ordered = sorted(unique.values(), key=lambda e: (e.meeting.date, e.meeting.starts_at, e.meeting.pk))
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(MEETING_ZONE))
    calendar.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    years = [e.meeting.date.year for e in ordered] or [(today or timezone.localdate()).year]
    calendar.add_component(_timezone(min(years), max(years)))
    for event in ordered:
        calendar.add_component(build_event(event))
    return calendar.to_ical()
