from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    """Samen opleiden: programmes, pathways, the route finder and intake (filled by later issues)."""

    name = "programmes"
    verbose_name = _("Teacher education")
