"""A saved route: a pathway of the catalogue that a signed-in person keeps on their shortlist."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from programmes.catalogue.models import Pathway

NOTE_MAX_LENGTH = 500


class SavedRoute(models.Model):
    """One route on one person's shortlist (once per person and pathway)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_routes", verbose_name=_("user")
    )
    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="saved_by", verbose_name=_("route"))
    note = models.CharField(
        _("note"), max_length=NOTE_MAX_LENGTH, blank=True, help_text=_("A note for yourself about this route.")
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved route")
        verbose_name_plural = _("saved routes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "pathway"], name="shortlist_one_route_per_user"),
        ]
        indexes = [
            # The shortlist page and the API list one person's routes, newest first.
            models.Index(fields=["user", "-created_at"], name="shortlist_user_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.pathway}"
