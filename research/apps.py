from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    """Samen onderzoeken: research questions, projects, publications (filled by later issues)."""

    name = "research"
    verbose_name = _("Research")
