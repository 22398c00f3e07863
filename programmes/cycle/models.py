"""A record of each year rollover: what it created, who ran it, when (the admin's list of them).

An academic year is named by its first calendar year: 2026 is 2026-2027 (1 September 2026 to
31 August 2027)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def academic_year_label(first_year: int) -> str:
    return f"{first_year}-{first_year + 1}"


class YearRollover(models.Model):
    from_year = models.PositiveSmallIntegerField(
        _("from academic year"), help_text=_("The first calendar year of the academic year copied, e.g. 2026.")
    )
    start_moments_created = models.PositiveIntegerField(_("start moments created"), default=0)
    periods_created = models.PositiveIntegerField(_("placement periods created"), default=0)
    already_there = models.PositiveIntegerField(_("already there"), default=0)
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("performed by"),
    )
    performed_at = models.DateTimeField(_("performed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("year rollover")
        verbose_name_plural = _("year rollovers")
        ordering = ["-performed_at"]
        indexes = [models.Index(fields=["from_year"], name="programmes_rollover_year")]

    def __str__(self) -> str:
        return f"{academic_year_label(self.from_year)} → {academic_year_label(self.from_year + 1)}"

    @property
    def from_label(self) -> str:
        return academic_year_label(self.from_year)

    @property
    def to_label(self) -> str:
        return academic_year_label(self.from_year + 1)
