"""Orientation on the teaching profession: what outreach adds to professional development's activities.

Orientation activities (taster days, "a day as a teacher", information evenings) are activities of
professional development (professionalisation/activities/models.py) of one of ORIENTATION_KINDS,
with their sessions, places and registration: there is no second registration system. They are tied
to school subjects (`Activity.subjects`) and a sector (`Activity.sector`, empty: both). What is not
an activity, the "Klaar voor de stap" materials, are links: an `OrientationMaterial`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from iclon.core.i18n import Localized
from iclon.core.models import TimeStampedModel
from professionalisation.activities.models import ActivityKind
from programmes.catalogue.models import SchoolSubject, Sector

#: The kinds of activity that are orientation on the teaching profession.
ORIENTATION_KINDS = (ActivityKind.TASTER_DAY, ActivityKind.DAY_AS_TEACHER, ActivityKind.INFORMATION_EVENING)


class OrientationMaterialQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class OrientationMaterial(TimeStampedModel):
    """A link to orientation material (e.g. ICLON's "Klaar voor de stap"), for some school subjects
    (none: every subject) and a sector (empty: both)."""

    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    url = models.URLField(_("address (URL)"), max_length=500)
    subjects = models.ManyToManyField(
        SchoolSubject,
        verbose_name=_("school subjects"),
        related_name="orientation_materials",
        blank=True,
        help_text=_("Leave empty for material about every subject."),
    )
    sector = models.CharField(
        _("sector"), max_length=2, choices=Sector, blank=True, help_text=_("Leave empty for both sectors.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    published = models.BooleanField(_("published"), default=False)

    title = Localized("title")

    objects = OrientationMaterialQuerySet.as_manager()

    class Meta:
        verbose_name = _("orientation material")
        verbose_name_plural = _("orientation materials")
        ordering = ["order", "title_nl"]
        permissions = [("view_orientation_funnel", _("Can see the funnel from orientation to application"))]
        indexes = [models.Index(fields=["published", "sector"], name="orientation_pub_sector")]

    def __str__(self):
        return self.title
