"""Celery tasks of registration: offers whose time is up, and reminders before each meeting.

Found by Celery as the activities slice's tasks (iclon/celery.py); beat runs the periodic ones
(iclon/settings.py, CELERY_BEAT_SCHEDULE).

* `expire_offers_task` (every five minutes) closes the waiting-list offers whose time is up and
  passes each place on to the next in line (services.waiting_offers_expire), then offers the places
  that are free while people wait, such as ONZ places after their date (waiting_offers_sweep).
  Safe to run twice.
* `meeting_reminders_task` (daily) queues one `meeting_reminder_task` per confirmed participant of
  each meeting two days ahead; the reminder's idempotency key holds the meeting and the
  registration, so a participant hears once per meeting (a moved meeting reminds again).
* `expire_invitations_task` (hourly) closes the schools' invitations whose time has passed.
"""

from __future__ import annotations

import datetime
import logging

from celery import shared_task
from django.utils import timezone

from professionalisation.activities import notifications, services
from professionalisation.activities.models import Meeting, Registration, RegistrationStatus, SessionStatus
from professionalisation.activities.services import invitations

logger = logging.getLogger(__name__)

REMIND_DAYS_AHEAD = 2


@shared_task(name="professionalisation.activities.tasks.expire_offers_task")
def expire_offers_task() -> int:
    """Periodic (beat): close the offers whose time is up. Returns how many expired."""
    expired = services.waiting_offers_expire()
    offered = services.waiting_offers_sweep()
    if expired or offered:
        logger.info("Waiting-list offers expired: %s; places offered: %s", expired, offered)
    return expired


def meetings_to_remind(*, today: datetime.date | None = None):
    """The meetings `REMIND_DAYS_AHEAD` days from `today` of sessions that take place (not the
    meetings cancelled on their own)."""
    today = today or timezone.localdate()
    return Meeting.objects.filter(
        date=today + datetime.timedelta(days=REMIND_DAYS_AHEAD),
        cancelled_at__isnull=True,
        session__status__in=[SessionStatus.OPEN, SessionStatus.FULL, SessionStatus.CLOSED],
    )


@shared_task(name="professionalisation.activities.tasks.meeting_reminders_task")
def meeting_reminders_task() -> int:
    """Periodic (beat, daily): queue one reminder per confirmed participant of each meeting two
    days ahead. Returns how many were queued."""
    pairs = list(
        Registration.objects.filter(
            status=RegistrationStatus.CONFIRMED, session__meetings__in=meetings_to_remind()
        ).values_list("pk", "session__meetings__pk")
    )
    meetings = set(meetings_to_remind().values_list("pk", flat=True))
    queued = 0
    for registration_id, meeting_id in pairs:
        if meeting_id in meetings:
            meeting_reminder_task.delay(registration_id, meeting_id)
            queued += 1
    logger.info("Meeting reminders queued: %s", queued)
    return queued


@shared_task(name="professionalisation.activities.tasks.meeting_reminder_task")
def meeting_reminder_task(registration_id: int, meeting_id: int) -> bool:
    """Remind one participant of one meeting; False when the registration was cancelled or the
    meeting is gone or cancelled meanwhile."""
    registration = (
        Registration.objects.filter(pk=registration_id, status=RegistrationStatus.CONFIRMED)
        .select_related("participant", "session__activity")
        .first()
    )
    meeting = Meeting.objects.filter(pk=meeting_id, cancelled_at__isnull=True).first()
    if registration is None or meeting is None or meeting.session_id != registration.session_id:
        return False
    notifications.meeting_reminder(registration=registration, meeting=meeting)
    return True


@shared_task(name="professionalisation.activities.tasks.expire_invitations_task")
def expire_invitations_task() -> int:
    """Close the schools' invitations whose time has passed (hourly, by beat)."""
    return invitations.registration_invitations_expire()
