"""A trainee's certificate of conduct (VOG) and the rules that require one before a placement.

A rule per placement kind (an offer of a partner school, the trainee's own job as a teacher) says
how old a certificate may be: issued no more than `max_age_months` before the placement starts.
Without a rule for its kind, a placement needs no certificate. The document is stored like the
applications' documents: private, under a random name, served only through a checking view."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from iclon.core.models import TimeStampedModel
from programmes.intake.models import Application, application_storage
from programmes.placements.models import Placement


def vog_upload_to(instance, filename: str) -> str:
    return f"vog/{uuid.uuid4().hex}"


class VogRule(TimeStampedModel):
    placement_kind = models.CharField(_("placement kind"), max_length=12, choices=Placement.Kind.choices, unique=True)
    max_age_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        help_text=_("The certificate must be issued no more than this many months before the placement starts."),
    )

    class Meta:
        verbose_name = _("VOG rule")
        verbose_name_plural = _("VOG rules")
        ordering = ["placement_kind"]

    def __str__(self) -> str:
        return f"{self.get_placement_kind_display()}: {self.max_age_months}"


class VogStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for a check")
    VERIFIED = "verified", _("Checked")
    REJECTED = "rejected", _("Not accepted")


class VogCertificate(TimeStampedModel):
    trainee = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="vog_certificates", verbose_name=_("trainee")
    )
    issued_on = models.DateField(_("issued on"), help_text=_("The date on the certificate."))
    file = models.FileField(_("document"), upload_to=vog_upload_to, storage=application_storage, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=50)
    size = models.PositiveIntegerField(_("size in bytes"))
    status = models.CharField(_("status"), max_length=12, choices=VogStatus, default=VogStatus.SUBMITTED)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason not accepted"), blank=True)

    class Meta:
        verbose_name = _("certificate of conduct (VOG)")
        verbose_name_plural = _("certificates of conduct (VOG)")
        ordering = ["-issued_on", "-pk"]
        indexes = [
            models.Index(fields=["trainee", "status", "issued_on"], name="vog_trainee_status"),
            models.Index(fields=["status", "created_at"], name="vog_status_created"),
        ]

    def __str__(self) -> str:
        return f"VOG {self.trainee} ({self.issued_on:%Y-%m-%d})"

    def covers(self, starts_on: datetime.date, max_age_months: int) -> bool:
        """Whether this certificate, if checked, is recent enough for a placement from `starts_on`."""
        return (
            self.status == VogStatus.VERIFIED
            and self.issued_on <= starts_on
            and self.issued_on >= months_before(starts_on, max_age_months)
        )


def months_before(day: datetime.date, months: int) -> datetime.date:
    """`day` minus `months` calendar months (the last day of a shorter month)."""
    month_index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)
