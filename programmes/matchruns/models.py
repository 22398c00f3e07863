"""A matching run: for one period (and optionally one subject) the solver proposes a whole
assignment of trainees to offers; the coordinator pins or forbids pairs and runs it again,
accepts or rejects each proposal, and applies the accepted ones through `placement_propose`.

- `MatchingRun`: the run, its total score and the snapshot of what it was computed with
  (`parameters`: the weights, the counts), the trainees it left without a match (`unassigned`:
  [{"trainee": id, "reason": code, "options": n}], see services.UNASSIGNED_REASONS);
- `MatchingProposal`: one proposed pair with its score and reasons (codes and values, as
  `Placement.match_reasons` keeps them, worded when read), the coordinator's decision and, once
  applied, the outcome: the placement made, or the error (a code and the service's message);
- `MatchingConstraint`: a pin (the pair must be in the result) or a forbid (it must not); they
  survive re-runs, and a run is re-run with them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from iclon.core.models import TimeStampedModel
from programmes.catalogue.models import SchoolSubject
from programmes.intake.models import Application
from programmes.placements.models import Placement, PlacementOffer, PlacementPeriod


class RunStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPLIED = "applied", _("Applied")


class Decision(models.TextChoices):
    PROPOSED = "proposed", _("To decide")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class ConstraintKind(models.TextChoices):
    PIN = "pin", _("Pinned")
    FORBID = "forbid", _("Forbidden")


class MatchingRun(TimeStampedModel):
    period = models.ForeignKey(
        PlacementPeriod, on_delete=models.PROTECT, related_name="matching_runs", verbose_name=_("period")
    )
    subject = models.ForeignKey(
        SchoolSubject,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("school subject"),
        help_text=_("Empty: every subject."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    status = models.CharField(_("status"), max_length=10, choices=RunStatus, default=RunStatus.DRAFT)
    total_score = models.IntegerField(_("total score"), default=0)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    unassigned = models.JSONField(_("trainees without a match"), default=list, blank=True)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("applied by"),
    )

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="matchrun_status_created"),
            models.Index(fields=["period", "status"], name="matchrun_period_status"),
        ]

    def __str__(self) -> str:
        return f"{_('Matching run')} {self.pk} – {self.period}"

    @property
    def is_draft(self) -> bool:
        return self.status == RunStatus.DRAFT


class MatchingProposal(models.Model):
    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("run"))
    trainee = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+", verbose_name=_("trainee"))
    offer = models.ForeignKey(PlacementOffer, on_delete=models.CASCADE, related_name="+", verbose_name=_("offer"))
    score = models.IntegerField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    pinned = models.BooleanField(_("pinned"), default=False)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision, default=Decision.PROPOSED)
    placement = models.ForeignKey(
        Placement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("placement")
    )
    error_code = models.CharField(_("error"), max_length=20, blank=True)
    error_message = models.CharField(_("error message"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("matching proposal")
        verbose_name_plural = _("matching proposals")
        ordering = ["run", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "trainee"], name="matchproposal_one_per_trainee"),
        ]
        indexes = [models.Index(fields=["run", "decision"], name="matchproposal_run_decision")]

    def __str__(self) -> str:
        return f"{self.trainee} → {self.offer_id}"


class MatchingConstraint(models.Model):
    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="constraints", verbose_name=_("run"))
    trainee = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+", verbose_name=_("trainee"))
    offer = models.ForeignKey(PlacementOffer, on_delete=models.CASCADE, related_name="+", verbose_name=_("offer"))
    kind = models.CharField(_("kind"), max_length=10, choices=ConstraintKind)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("set by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("matching constraint")
        verbose_name_plural = _("matching constraints")
        ordering = ["run", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "trainee", "offer"], name="matchconstraint_unique_pair"),
            models.UniqueConstraint(
                fields=["run", "trainee"], condition=Q(kind="pin"), name="matchconstraint_one_pin_per_trainee"
            ),
        ]
        indexes = [models.Index(fields=["run", "kind"], name="matchconstraint_run_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.trainee} → {self.offer_id}"
