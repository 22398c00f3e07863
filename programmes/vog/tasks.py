"""`vog_reminders_task` (daily, settings.CELERY_BEAT_SCHEDULE): reminds each trainee whose coming
placement needs a certificate of conduct they have not had checked, VOG_REMINDER_DAYS before the
placement starts (once per placement and start: the notification's idempotency key)."""

from __future__ import annotations

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from programmes.placements.models import Placement
from programmes.vog import notifications
from programmes.vog.models import VogRule
from programmes.vog.selectors import placement_needs_vog

logger = logging.getLogger(__name__)


def vog_reminders(today: datetime.date | None = None) -> int:
    """Remind the trainees of proposed and confirmed placements starting within
    VOG_REMINDER_DAYS whose certificate is missing; returns how many were reminded."""
    today = today or timezone.localdate()
    kinds = list(VogRule.objects.values_list("placement_kind", flat=True))
    if not kinds:
        return 0
    horizon = today + datetime.timedelta(days=settings.VOG_REMINDER_DAYS)
    placements = (
        # scope: the daily task reminds every trainee, whichever school their placement is at.
        Placement.objects.unscoped()
        .filter(
            kind__in=kinds,
            status__in=("proposed", "confirmed"),
            period__starts_on__gte=today,
            period__starts_on__lte=horizon,
        )
        .select_related("trainee", "trainee__applicant", "period", "school")
    )
    reminded = 0
    for placement in placements:
        if placement_needs_vog(placement) is not None:
            notifications.vog_reminder(trainee=placement.trainee, placement=placement)
            reminded += 1
    return reminded


@shared_task(name="programmes.vog.tasks.vog_reminders_task")
def vog_reminders_task() -> int:
    count = vog_reminders()
    logger.info("VOG: %s trainees reminded", count)
    return count
