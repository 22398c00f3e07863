"""Research in the header: the research portal (projects; the people are a tab of it)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iclon.core.navigation import NavItem


def navigation(request) -> list[NavItem]:
    return [NavItem(_("Research"), reverse("research_projects:list"), "/research/")]
