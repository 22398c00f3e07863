"""Celery tasks of placements: the weekly digest to school contacts and the evaluation reminders.

Found by Celery as the placements slice's tasks (iclon/celery.py); the task names keep their
historical `programmes.placement_tasks.` prefix (beat's schedule and queued messages use them).
Beat runs the two fan-outs (iclon/settings.py, CELERY_BEAT_SCHEDULE).

* `school_digests_task` (weekly) queues one `school_digest_task` per active school contact. That
  task summarises what changed for the contact's school in the last seven days (new, confirmed and
  declined placements, offers that filled up, evaluations due in the coming week) and sends nothing
  when nothing changed. Its idempotency key holds the ISO week, so a repeat in the same week is a no-op.
* `evaluation_reminders_task` (daily) queues one `evaluation_reminder_task` per evaluation due
  within seven days and not submitted; the key holds the evaluation and its due date, so the author
  is reminded once per due date (a new due date reminds again).

A school's digest reads through the placements selectors as its contact (it never tells them more
than their portal shows); the reminders' fan-out reads every school's evaluations, on nobody's behalf.
"""

from __future__ import annotations

import datetime
import logging

from celery import shared_task
from django.db.models import Count, Q
from django.utils import timezone

from partnerships.models import SchoolRole
from partnerships.selectors import active_memberships
from programmes.placements import notifications as placement_notifications
from programmes.placements.models import TAKING_PLACE, Evaluation, Placement, PlacementStatus
from programmes.placements.selectors import evaluation_list_for_user, offer_list_for_user, placement_list_for_user

logger = logging.getLogger(__name__)

P = PlacementStatus
WINDOW = datetime.timedelta(days=7)
REMIND_AHEAD = datetime.timedelta(days=7)


def iso_week(day: datetime.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def _label(placement: Placement) -> str:
    return f"{placement_notifications.trainee_name(placement)} ({placement.period})"


def school_digest_summary(*, school_id: int, user, now: datetime.datetime | None = None) -> dict:
    """What changed for the school in the seven days before `now` (lists of short labels), as
    `user` (the contact the digest is for) may see it: read through the placements selectors."""
    now = now or timezone.now()
    since = now - WINDOW
    today = timezone.localdate(now)
    placements = placement_list_for_user(user=user).filter(school_id=school_id)
    proposed = placements.filter(status=P.PROPOSED, created_at__gte=since).order_by("created_at")
    responded = list(placements.filter(responded_at__gte=since).order_by("responded_at"))
    filled = (
        offer_list_for_user(user=user)
        .prefetch_related(None)
        .filter(school_id=school_id, period__ends_on__gte=today)
        .annotate(
            recent=Count(
                "placements",
                filter=Q(placements__status__in=TAKING_PLACE, placements__created_at__gte=since),
                distinct=True,
            ),
        )
        .filter(recent__gt=0)
    )
    due = (
        evaluation_list_for_user(user=user)
        .filter(
            placement__school_id=school_id,
            placement__status__in=(P.CONFIRMED, P.RUNNING),
            submitted_at__isnull=True,
            due_on__gte=today,
            due_on__lte=today + WINDOW,
        )
        .order_by("due_on", "pk")
    )
    return {
        "proposed": [_label(placement) for placement in proposed],
        "confirmed": [_label(p) for p in responded if p.status in (P.CONFIRMED, P.RUNNING)],
        "declined": [_label(p) for p in responded if p.status == P.DECLINED],
        "filled": [str(offer) for offer in filled if offer.taken >= offer.places],
        "evaluations_due": [
            f"{placement_notifications.trainee_name(e.placement)}: {e.get_moment_display()}, "
            f"{e.get_author_role_display()} ({e.due_on:%d-%m-%Y})"
            for e in due
        ],
    }


def _active_contacts():
    """The school contacts of active schools, today (who answers for a school, contacts only)."""
    return active_memberships(roles=[SchoolRole.SCHOOL_CONTACT]).filter(school__is_active=True).order_by("pk")


@shared_task(name="programmes.placement_tasks.school_digests_task")
def school_digests_task() -> int:
    """Periodic (beat, weekly): queue one digest per active school contact. Returns how many."""
    ids = list(_active_contacts().values_list("pk", flat=True))
    for membership_id in ids:
        school_digest_task.delay(membership_id)
    logger.info("School digests queued: %s", len(ids))
    return len(ids)


@shared_task(name="programmes.placement_tasks.school_digest_task")
def school_digest_task(membership_id: int) -> bool:
    """Send the weekly digest to one school contact; False when the membership is no longer an
    active contact or nothing changed. Idempotent per ISO week."""
    membership = _active_contacts().select_related("user", "school").filter(pk=membership_id).first()
    if membership is None:
        return False
    now = timezone.now()
    summary = school_digest_summary(school_id=membership.school_id, user=membership.user, now=now)
    if not any(summary.values()):
        return False
    placement_notifications.school_digest(
        membership=membership, week=iso_week(timezone.localdate(now)), summary=summary
    )
    return True


def evaluations_due_for_reminder(today: datetime.date | None = None):
    """Every school's evaluations due within REMIND_AHEAD and not submitted."""
    today = today or timezone.localdate()
    # scope: a periodic task over every school's evaluations, on nobody's behalf.
    return Evaluation.objects.unscoped().filter(
        submitted_at__isnull=True,
        due_on__gte=today,
        due_on__lte=today + REMIND_AHEAD,
        placement__status__in=(P.CONFIRMED, P.RUNNING),
    )


@shared_task(name="programmes.placement_tasks.evaluation_reminders_task")
def evaluation_reminders_task() -> int:
    """Periodic (beat, daily): queue one reminder per evaluation due within seven days, not submitted."""
    ids = list(evaluations_due_for_reminder().order_by("pk").values_list("pk", flat=True))
    for evaluation_id in ids:
        evaluation_reminder_task.delay(evaluation_id)
    return len(ids)


@shared_task(name="programmes.placement_tasks.evaluation_reminder_task")
def evaluation_reminder_task(evaluation_id: int) -> bool:
    """Remind the author of one evaluation (the workplace mentor, or the institute-based educator)
    if it is still due and unwritten; False when there is nobody to remind or nothing to do."""
    evaluation = (
        evaluations_due_for_reminder()
        .select_related(
            "placement__trainee__applicant",
            "placement__school",
            "placement__period",
            "placement__workplace_mentor",
            "placement__institute_educator",
        )
        .filter(pk=evaluation_id)
        .first()
    )
    if evaluation is None:
        return False
    placement = evaluation.placement
    author = (
        placement.workplace_mentor
        if evaluation.author_role == Evaluation.Author.WORKPLACE_MENTOR
        else placement.institute_educator
    )
    if author is None or not author.is_active:
        return False
    placement_notifications.evaluation_reminder(evaluation=evaluation, recipient=author)
    return True
