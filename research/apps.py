from django.utils.translation import gettext_lazy as _

from iclon.core.slices import DomainAppConfig


class ResearchConfig(DomainAppConfig):
    """Samen onderzoeken: research questions, projects, publications (filled by later issues)."""

    name = "research"
    verbose_name = _("Research")

    # The principles are reference data: research staff may reword them; adding or removing one is
    # a change of ICLON's strategic plan (a migration). Programme coordinators tag modules with
    # them (the admin's autocomplete needs the view permission); intake officers read them.
    group_permissions = {
        "research_staff": ["research.view_teachinglearningprinciple", "research.change_teachinglearningprinciple"],
        "programme_coordinator": ["research.view_teachinglearningprinciple"],
        "intake_officer": ["research.view_teachinglearningprinciple"],
    }
