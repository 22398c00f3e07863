"""Celery tasks of outreach, part by part (tasks/visits.py, …), found by Celery as the slice's
tasks (iclon/celery.py); beat runs the periodic ones (iclon/settings.py, CELERY_BEAT_SCHEDULE)."""

from professionalisation.outreach.tasks.visits import visit_reminders_task, visit_submissions_purge_task

__all__ = ["visit_reminders_task", "visit_submissions_purge_task"]
