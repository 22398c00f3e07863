"""`idempotency_records_purge_task` (nightly, settings.CELERY_BEAT_SCHEDULE): deletes the kept
answers of API POSTs with an Idempotency-Key once they are older than IDEMPOTENCY_KEY_HOURS
(iclon/core/api/idempotency.py; safe to run twice)."""

from __future__ import annotations

import logging

from celery import shared_task

from iclon.core.api.idempotency import idempotency_records_purge

logger = logging.getLogger(__name__)


@shared_task(name="iclon.core.tasks.idempotency_records_purge_task")
def idempotency_records_purge_task() -> int:
    count = idempotency_records_purge()
    logger.info("API idempotency keys: %s old answers purged", count)
    return count
