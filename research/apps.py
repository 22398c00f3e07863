from django.utils.translation import gettext_lazy as _

from iclon.core.slices import DomainAppConfig


class ResearchConfig(DomainAppConfig):
    """Samen onderzoeken: the knowledge base of teaching-learning principles, ICLON's researchers
    and their research projects (publications and research questions follow in later slices).

    One app (one app label, one migrations folder) in slices, each depending only on the ones
    before it (see iclon/core/slices.py and docs/architecture.md): `knowledge` (the twelve
    principles), `people` (researchers) and `projects` (research projects, their members and
    outputs)."""

    name = "research"
    verbose_name = _("Research")
    slices = ("knowledge", "people", "projects")
