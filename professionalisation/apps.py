from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfessionalisationConfig(AppConfig):
    """Samen professionaliseren and samen exploreren (filled by later issues)."""

    name = "professionalisation"
    verbose_name = _("Professional development")
