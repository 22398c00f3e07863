"""Attendance, completion, certificates and evaluations of professional development.

Staff record an `Attendance` per registration and meeting (and an `AssignmentResult` where the
activity asks for an assignment); the completion service evaluates the activity's rule (attend at
least `meetings_required` meetings, plus the assignment where set) whenever either changes and
keeps one `Completion` per registration. A completion earns a `Certificate` (a PDF in the
participant's language with a public verification address) where the activity gives one or a
microcredential (professionalisation/credentials/). A participant who completed an activity can
leave one `Evaluation` of it.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from iclon.core.models import TimeStampedModel
from professionalisation.activities.models import Meeting, Registration


def verification_code() -> str:
    """The secret part of a certificate's public verification address (hard to guess, easy to type)."""
    return secrets.token_hex(10).upper()


class Attendance(TimeStampedModel):
    """Whether a registered participant was at one meeting of their session."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("registration")
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("meeting"))
    present = models.BooleanField(_("present"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting__date", "meeting__starts_at", "pk"]
        indexes = [models.Index(fields=["meeting", "present"], name="attendance_meeting_present")]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "meeting"],
                name="attendance_once_per_meeting",
                violation_error_message=_("Attendance for this meeting has already been recorded."),
            ),
        ]

    def __str__(self):
        return f"{self.registration} – {self.meeting}"


class AssignmentResult(TimeStampedModel):
    """The assessment of a participant's assignment, where the activity's completion rule asks for one."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="assignment_result", verbose_name=_("registration")
    )
    passed = models.BooleanField(_("passed"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("assessed by"),
        null=True,
        blank=True,
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("assignment result")
        verbose_name_plural = _("assignment results")

    def __str__(self):
        return str(self.registration)


class Completion(TimeStampedModel):
    """A registration that met its activity's completion rule. Withdrawn (not deleted) when
    corrected attendance no longer meets it; its certificate and credential are revoked with it."""

    registration = models.OneToOneField(
        Registration, on_delete=models.PROTECT, related_name="completion", verbose_name=_("registration")
    )
    completed_at = models.DateTimeField(_("completed at"), db_index=True)
    meetings_attended = models.PositiveSmallIntegerField(_("meetings attended"))
    meetings_total = models.PositiveSmallIntegerField(_("meetings in the session"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdraw_reason = models.CharField(_("reason for withdrawing"), max_length=200, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("completion")
        verbose_name_plural = _("completions")
        ordering = ["-completed_at", "pk"]

    def __str__(self):
        return str(self.registration)

    @property
    def valid(self) -> bool:
        return self.withdrawn_at is None


class Certificate(TimeStampedModel):
    """A participation certificate: its `number` is printed on it, its `code` makes the public
    verification address. The PDF is drawn on request, in `language`, from what is stored here."""

    completion = models.OneToOneField(
        Completion, on_delete=models.PROTECT, related_name="certificate", verbose_name=_("completion")
    )
    number = models.CharField(_("number"), max_length=30, unique=True)
    code = models.CharField(_("verification code"), max_length=20, unique=True, default=verification_code)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    issued_at = models.DateTimeField(_("issued at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.CharField(_("reason for revoking"), max_length=200, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "pk"]

    def __str__(self):
        return self.number

    @property
    def valid(self) -> bool:
        return self.revoked_at is None


class Evaluation(TimeStampedModel):
    """A participant's evaluation of an activity they completed: a rating from 1 to 5 and a comment.
    Staff see them per session."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="evaluation", verbose_name=_("registration")
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("From 1 (poor) to 5 (excellent)."),
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="evaluation_rating_1_to_5"),
        ]

    def __str__(self):
        return str(self.registration)
