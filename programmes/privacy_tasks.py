"""Celery tasks of intake's privacy rules (beat runs the first daily; see CELERY_BEAT_SCHEDULE).

Kept apart from programmes/tasks.py and found by `autodiscover_tasks(related_name="privacy_tasks")`
in iclon/celery.py."""

from celery import shared_task
from django.utils import timezone

from programmes.services.privacy import application_anonymise_if_due, applications_due_for_anonymisation


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
