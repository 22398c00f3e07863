"""Celery tasks of higher-education research coordination, found by Celery as the slice's tasks
(iclon/celery.py); beat runs the fan-out daily (iclon/settings.py, CELERY_BEAT_SCHEDULE).

* `support_deadline_reminders_task` (daily) queues one `support_deadline_reminder_task` per open,
  assigned request whose grant's submission deadline is within 14 days and whose assignee has not
  been reminded of that deadline.
* `support_deadline_reminder_task` reminds that assignee (services.support_deadline_reminder_send):
  it claims the request with a conditional update, so a repeated or redelivered task never sends
  twice; a moved deadline reminds again.
"""

from __future__ import annotations

import logging

from celery import shared_task

from research.coordination import services

logger = logging.getLogger(__name__)


@shared_task(name="research.coordination.tasks.support_deadline_reminders_task")
def support_deadline_reminders_task() -> int:
    ids = services.deadline_reminders_due()
    for request_id in ids:
        support_deadline_reminder_task.delay(request_id)
    logger.info("Research coordination: %s deadline reminders queued", len(ids))
    return len(ids)


@shared_task(name="research.coordination.tasks.support_deadline_reminder_task")
def support_deadline_reminder_task(request_id: int) -> bool:
    return services.support_deadline_reminder_send(request_id=request_id)
