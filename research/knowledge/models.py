"""Samen onderzoeken: the knowledge base of teaching-learning principles (the people and projects
slices tag their work with them; publications and research questions follow).

Activities, modules and research projects are tagged with the twelve principles of ICLON's
strategic plan 2023-2028, so a visitor can go from a principle to everything ICLON does with it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from iclon.core.i18n import Localized
from iclon.core.models import TimeStampedModel


class TeachingLearningPrinciple(TimeStampedModel):
    """Onderwijsleerprincipe: "learning is promoted when …"."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    statement_nl = models.TextField(_("statement (Dutch)"), help_text=_("Learning is promoted when …"))
    statement_en = models.TextField(_("statement (English)"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name = Localized("name")
    statement = Localized("statement")

    class Meta:
        verbose_name = _("teaching-learning principle")
        verbose_name_plural = _("teaching-learning principles")
        ordering = ["order", "name_nl"]

    def __str__(self):
        return self.name
