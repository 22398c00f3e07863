"""`visit_reminders_task` (daily): reminds both sides of each confirmed Meet the Professor visit two
days ahead (services.visit_reminders_send; safe to run twice: each reminder has its key).
`visit_submissions_purge_task` (daily): deletes the old requests of the public form
(services/visit_public.py visit_submissions_purge)."""

from __future__ import annotations

import logging

from celery import shared_task

from professionalisation.outreach.services import visit_public as public_services
from professionalisation.outreach.services import visits as services

logger = logging.getLogger(__name__)


@shared_task(name="professionalisation.outreach.tasks.visit_reminders_task")
def visit_reminders_task() -> int:
    count = services.visit_reminders_send()
    logger.info("Meet the Professor reminders: %s visits", count)
    return count


@shared_task(name="professionalisation.outreach.tasks.visit_submissions_purge_task")
def visit_submissions_purge_task() -> int:
    count = public_services.visit_submissions_purge()
    logger.info("Meet the Professor public form: %s old requests purged", count)
    return count
