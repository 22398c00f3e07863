"""Reading certificates of conduct: whose a user may see, and whether a placement is covered."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from iclon.accounts.models import User
from programmes.intake.models import Application
from programmes.placements.models import Placement
from programmes.placements.permissions import TRAINEE_STATUSES
from programmes.vog.models import VogCertificate, VogRule, VogStatus, months_before
from programmes.vog.permissions import VIEW, is_vog_staff


def vog_list_for_user(*, user: User | AnonymousUser | None) -> QuerySet[VogCertificate]:
    """Every certificate for staff who may see them; a trainee's own otherwise (one place)."""
    rows = VogCertificate.objects.select_related("trainee", "trainee__applicant", "checked_by")
    if is_vog_staff(user, VIEW):
        return rows
    if not (user and user.is_authenticated):
        return rows.none()
    return rows.filter(trainee__applicant=user, trainee__status__in=TRAINEE_STATUSES)


def trainee_record_of(user: User | AnonymousUser | None) -> Application | None:
    """The latest admitted or enrolled application of `user`: whose certificates they upload (the
    page and the API alike)."""
    if not (user and user.is_authenticated):
        return None
    return (
        Application.objects.filter(applicant_id=getattr(user, "pk", None), status__in=TRAINEE_STATUSES)
        .order_by("-created_at")
        .first()
    )


def rule_for(kind: str) -> VogRule | None:
    return VogRule.objects.filter(placement_kind=kind).first()


def covering_certificate(*, trainee: Application, starts_on: datetime.date, rule: VogRule) -> VogCertificate | None:
    """The trainee's checked certificate recent enough for a placement from `starts_on` (one query)."""
    return (
        VogCertificate.objects.filter(
            trainee=trainee,
            status=VogStatus.VERIFIED,
            issued_on__lte=starts_on,
            issued_on__gte=months_before(starts_on, rule.max_age_months),
        )
        .order_by("-issued_on")
        .first()
    )


def placement_needs_vog(placement: Placement) -> tuple[VogRule, datetime.date] | None:
    """(the rule, the start) when `placement` needs a certificate it does not have; else None."""
    rule = rule_for(placement.kind)
    if rule is None:
        return None
    starts_on = placement.period.starts_on
    if covering_certificate(trainee=placement.trainee, starts_on=starts_on, rule=rule):
        return None
    return rule, starts_on


def missing_for_trainee(trainee: Application) -> list[tuple[Placement, VogRule]]:
    """The trainee's live placements (proposed, confirmed) that a checked certificate does not
    cover yet: what the trainee's page says is missing."""
    rules = {rule.placement_kind: rule for rule in VogRule.objects.all()}
    if not rules:
        return []
    certificates = list(VogCertificate.objects.filter(trainee=trainee, status=VogStatus.VERIFIED))
    missing = []
    for placement in (
        # scope: the trainee's own placements, at whichever school; the caller passes their own record.
        Placement.objects.unscoped()
        .filter(trainee=trainee, status__in=("proposed", "confirmed"))
        .select_related("period", "school")
        .order_by("period__starts_on")
    ):
        rule = rules.get(placement.kind)
        if rule and not any(c.covers(placement.period.starts_on, rule.max_age_months) for c in certificates):
            missing.append((placement, rule))
    return missing
