"""Intake's periodic work: reminding applicants with a draft that the deadline is near, and
anonymising applications past the retention period (the privacy rules).

Beat runs `deadline_reminders_task` once a day (iclon/settings.py, CELERY_BEAT_SCHEDULE). It only
finds the drafts whose start moment's deadline is exactly 7 or 1 days ahead (Amsterdam days, as
deadlines are kept) and fans out one `deadline_reminder_task` per application. That task checks
again (still a draft, the deadline still that far) and notifies; the notification's idempotency
key `programmes.deadline_reminder:<id>:<days>` makes a repeated or redelivered task a no-op.
"""

import datetime
import logging

from celery import shared_task
from django.db.models import QuerySet
from django.utils import timezone

from programmes.catalogue.models import deadline_today
from programmes.intake import notifications
from programmes.intake.models import Application, ApplicationStatus
from programmes.intake.services.privacy import application_anonymise_if_due, applications_due_for_anonymisation

logger = logging.getLogger(__name__)

REMINDER_DAYS = (7, 1)


def drafts_due_for_reminder(*, days: int, today: datetime.date | None = None) -> QuerySet[Application]:
    """Drafts of living applicants whose deadline is exactly `days` days after `today` (Amsterdam)."""
    deadline = (today or deadline_today()) + datetime.timedelta(days=days)
    return Application.objects.filter(
        status=ApplicationStatus.DRAFT,
        applicant__isnull=False,
        applicant__is_active=True,
        start_moment__application_deadline=deadline,
    ).order_by("pk")


@shared_task(name="programmes.tasks.deadline_reminders_task")
def deadline_reminders_task() -> dict:
    """Periodic (beat, daily): enqueue one reminder task per draft whose deadline is 7 or 1 days away."""
    today = deadline_today()
    queued = {}
    for days in REMINDER_DAYS:
        ids = list(drafts_due_for_reminder(days=days, today=today).values_list("pk", flat=True))
        for application_id in ids:
            deadline_reminder_task.delay(application_id, days)
        queued[days] = len(ids)
    logger.info("Deadline reminders queued: %s", queued)
    return queued


@shared_task(name="programmes.tasks.deadline_reminder_task")
def deadline_reminder_task(application_id: int, days: int) -> bool:
    """Remind the applicant of draft `application_id` that the deadline is `days` days away.

    Checks again, since the task may run later than it was queued: the application must still be
    a draft and its deadline still `days` Amsterdam days ahead. Returns whether it notified (a
    repeat of the same reminder returns True but writes nothing: the outbox's idempotency key)."""
    application = (
        drafts_due_for_reminder(days=days)
        .select_related("applicant", "pathway", "start_moment")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        return False
    notifications.deadline_reminder(application=application, days=days)
    return True


# --- privacy (beat runs the first daily; see CELERY_BEAT_SCHEDULE) ---------------------------------


@shared_task(name="programmes.privacy_tasks.anonymise_applications_task")
def anonymise_applications_task() -> int:
    """Periodic (beat, daily): enqueue one anonymisation task per application past the retention
    period. Returns how many were enqueued."""
    ids = list(applications_due_for_anonymisation(now=timezone.now()).values_list("pk", flat=True))
    for pk in ids:
        anonymise_application_task.delay(pk)
    return len(ids)


@shared_task(name="programmes.privacy_tasks.anonymise_application_task")
def anonymise_application_task(application_id: int) -> bool:
    """Anonymise one application if it is (still) due. Idempotent: an application that was
    anonymised already, reopened or deleted since the fan-out is left alone."""
    return application_anonymise_if_due(application_id=application_id, now=timezone.now())
