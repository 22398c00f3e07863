"""`question_submissions_purge_task` (daily, settings.CELERY_BEAT_SCHEDULE): deletes the old
submissions of the public form (public.py submissions_purge; safe to run twice)."""

from __future__ import annotations

import logging

from celery import shared_task

from research.questions import public

logger = logging.getLogger(__name__)


@shared_task(name="research.questions.tasks.question_submissions_purge_task")
def question_submissions_purge_task() -> int:
    count = public.submissions_purge()
    logger.info("Research questions public form: %s old submissions purged", count)
    return count
