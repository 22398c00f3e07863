"""The shortage status of a school subject in an education region (tekortvak), as staff set it
from a source they name (e.g. a regional labour-market study), with the date it holds for."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from iclon.core.models import TimeStampedModel


class ShortageLevel(models.TextChoices):
    SHORTAGE = "shortage", _("Shortage subject")
    TIGHT = "tight", _("Tight")
    SUFFICIENT = "sufficient", _("Sufficient")


class ShortageStatus(TimeStampedModel):
    subject = models.ForeignKey(
        "programmes.SchoolSubject",
        on_delete=models.CASCADE,
        related_name="shortage_statuses",
        verbose_name=_("school subject"),
    )
    region = models.ForeignKey(
        "partnerships.EducationRegion",
        on_delete=models.CASCADE,
        related_name="shortage_statuses",
        verbose_name=_("education region"),
    )
    level = models.CharField(_("status"), max_length=12, choices=ShortageLevel)
    source = models.CharField(
        _("source"), max_length=300, help_text=_("Where the status comes from, e.g. a labour-market study.")
    )
    source_url = models.URLField(_("link to the source"), blank=True)
    measured_on = models.DateField(_("date"), help_text=_("The date the source's figures hold for."))

    class Meta:
        verbose_name = _("shortage status")
        verbose_name_plural = _("shortage statuses")
        ordering = ["subject__order", "subject__name_nl", "region__name"]
        constraints = [
            models.UniqueConstraint(fields=["subject", "region"], name="programmes_shortage_subject_region"),
        ]
        indexes = [models.Index(fields=["region", "subject"], name="programmes_shortage_region")]

    def __str__(self) -> str:
        return f"{self.subject} – {self.region}: {self.get_level_display()}"
