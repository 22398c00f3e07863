"""The meetings of a session: added, changed and removed by staff.

A change of a meeting's date, time, place or online link is told to everyone who holds a place in
the session and to everyone a place of it is offered to, each in their own language (category
`professionalisation.meeting_change`). The history rows of the change (django-simple-history)
are the record of it, and the calendar feeds count them as the event's SEQUENCE.

A single meeting can be cancelled while the rest of the session goes on (`meeting_cancel`, with a
reason): it stays in the session, marked cancelled, so that it stays in the participants' history
and calendars (STATUS:CANCELLED); the same people are told, in the same category; no reminder goes
out for it, no attendance is recorded for it, and the completion rule no longer counts it (the
completion slice evaluates the rule again on `signals.meeting_cancelled`). A meeting that has
ended, or the last meeting of a session that is not cancelled, cannot be cancelled: cancel the
session instead (`session_cancel`). A cancelled meeting is not changed any more.

A session with people in it keeps its meetings (removing one would erase it from the
participants' history): staff change or cancel them, or cancel the whole session.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iclon.accounts.models import User
from iclon.core.errors import Conflict, NotAllowed, PortalError, full_clean_or_raise
from iclon.core.history import history_author, record_history_as
from professionalisation.activities import notifications
from professionalisation.activities.models import (
    Meeting,
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
    WaitingListEntry,
    WaitingStatus,
)
from professionalisation.activities.permissions import can_change_meetings
from professionalisation.activities.signals import meeting_cancelled

#: The longest reason for cancelling a meeting (Meeting.cancel_reason).
REASON_LENGTH = 200

#: The fields of a meeting that staff set (and whose change participants hear of).
MEETING_FIELDS = ("date", "starts_at", "ends_at", "place", "online_link")


def _check(session: Session, actor: User | AnonymousUser | None) -> None:
    if not can_change_meetings(actor):
        raise NotAllowed()
    if session.status == SessionStatus.CANCELLED:
        raise Conflict(_("This session has been cancelled."))


def _validate(meeting: Meeting) -> None:
    if meeting.date is None:
        raise PortalError(_("Give the date of the meeting."), field="date")
    if meeting.starts_at is None:
        raise PortalError(_("Give the start time of the meeting."), field="starts_at")
    if meeting.ends_at is None:
        raise PortalError(_("Give the end time of the meeting."), field="ends_at")
    # The database's check constraint says the same, with a message meant for developers.
    if meeting.ends_at <= meeting.starts_at:
        raise PortalError(_("A meeting ends after it starts."), field="ends_at")
    full_clean_or_raise(meeting, exclude=["session"])


def meeting_people(session: Session) -> list[User]:
    """Who hears of a change of the session's meetings: everyone with a confirmed place and
    everyone a place is offered to (an open offer), each once, in a fixed order."""
    registered = Registration.objects.filter(session=session, status=RegistrationStatus.CONFIRMED).select_related(
        "participant"
    )
    offered = WaitingListEntry.objects.filter(offered_session=session, status=WaitingStatus.OFFERED).select_related(
        "participant"
    )
    people = {row.participant_id: row.participant for row in registered}
    people.update({row.participant_id: row.participant for row in offered})
    return [people[pk] for pk in sorted(people)]


def meeting_create(
    *,
    session: Session,
    date: datetime.date,
    starts_at: datetime.time,
    ends_at: datetime.time,
    actor: User | AnonymousUser | None,
    place: str = "",
    online_link: str = "",
) -> Meeting:
    """Add a meeting to `session` (staff who change meetings; not to a cancelled session). Raises
    NotAllowed, Conflict, or PortalError on the field that is wrong."""
    with transaction.atomic():
        session = Session.objects.select_for_update(of=("self",)).select_related("activity").get(pk=session.pk)
        _check(session, actor)
        meeting = Meeting(
            session=session,
            date=date,
            starts_at=starts_at,
            ends_at=ends_at,
            place=(place or "").strip(),
            online_link=(online_link or "").strip(),
        )
        _validate(meeting)
        record_history_as(meeting, history_author(actor))
        meeting.save()
        return meeting


def meeting_update(
    *,
    meeting: Meeting,
    date: datetime.date,
    starts_at: datetime.time,
    ends_at: datetime.time,
    place: str,
    online_link: str,
    actor: User | AnonymousUser | None,
    notify: bool = True,
) -> Meeting:
    """Change a meeting's date, time, place or online link (staff who change meetings; not of a
    cancelled session). Writes a history row; with `notify`, queues a `meeting_changed` message
    to everyone registered for the session or offered a place in it, unless the meeting was and
    stays in the past. Nothing is written when nothing changes. Raises NotAllowed, Conflict, or
    PortalError on the field that is wrong."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update(of=("self",)).select_related("session__activity").get(pk=meeting.pk)
        _check(meeting.session, actor)
        if meeting.cancelled:
            raise Conflict(_("This meeting has been cancelled."))
        before = {name: getattr(meeting, name) for name in MEETING_FIELDS}
        previous = Meeting(**before, session=meeting.session)
        meeting.date, meeting.starts_at, meeting.ends_at = date, starts_at, ends_at
        meeting.place, meeting.online_link = (place or "").strip(), (online_link or "").strip()
        _validate(meeting)
        if all(getattr(meeting, name) == value for name, value in before.items()):
            return meeting
        record_history_as(meeting, history_author(actor))
        meeting.save()
        now = timezone.now()
        if notify and (meeting.end > now or previous.end > now):
            # The messages list the session's meetings: read them once for everyone.
            prefetch_related_objects([meeting.session], "meetings")
            for person in meeting_people(meeting.session):
                notifications.meeting_changed(meeting=meeting, previous=previous, participant=person)
        return meeting


def meeting_delete(*, meeting: Meeting, actor: User | AnonymousUser | None) -> None:
    """Remove a meeting of a session nobody holds or is offered a place in (a mistake corrected
    before anyone registered). With people in the session the meeting stays: change it, or cancel
    the session. Raises NotAllowed or Conflict."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update(of=("self",)).select_related("session").get(pk=meeting.pk)
        if not can_change_meetings(actor):
            raise NotAllowed()
        if meeting_people(meeting.session):
            raise Conflict(
                _("People are registered for this session: change the meeting, or cancel the session, instead.")
            )
        record_history_as(meeting, history_author(actor))
        meeting.delete()


def meeting_cancel(*, meeting: Meeting, reason: str, actor: User | AnonymousUser | None) -> Meeting:
    """Cancel one meeting of a session that goes on, with a reason (staff who change meetings).
    The meeting stays, marked cancelled; everyone registered for the session or offered a place in
    it is told (`meeting_cancelled`), and after commit `signals.meeting_cancelled` is sent (the
    completion rule stops counting it). Raises NotAllowed; PortalError without a reason; Conflict
    when the session or the meeting is cancelled already, the meeting has ended, or it is the
    session's last meeting (cancel the session instead)."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update(of=("self",)).select_related("session__activity").get(pk=meeting.pk)
        _check(meeting.session, actor)
        reason = " ".join((reason or "").split())[:REASON_LENGTH]
        if not reason:
            raise PortalError(_("Give a reason for cancelling the meeting."), field="reason")
        if meeting.cancelled:
            raise Conflict(_("This meeting has been cancelled already."))
        now = timezone.now()
        if meeting.end <= now:
            raise Conflict(_("This meeting has taken place: it can no longer be cancelled."))
        others = Meeting.objects.filter(session_id=meeting.session_id, cancelled_at__isnull=True).exclude(pk=meeting.pk)
        if not others.exists():
            raise Conflict(_("This is the session's only meeting left: cancel the session instead."))
        meeting.cancelled_at, meeting.cancel_reason = now, reason
        record_history_as(meeting, history_author(actor))
        meeting.save()
        prefetch_related_objects([meeting.session], "meetings")
        for person in meeting_people(meeting.session):
            notifications.meeting_cancelled(meeting=meeting, participant=person)
        transaction.on_commit(lambda: meeting_cancelled.send(sender=Meeting, meeting=meeting))
        return meeting
