"""Research in the header: the research portal (projects; the people are a tab of it); on the home
page the PhD projects running and the dissertations completed, counted from the data."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from iclon.core.navigation import HomeFigure, NavItem
from research.projects.selectors import research_counts


def navigation(request) -> list[NavItem]:
    return [NavItem(_("Research"), reverse("research_projects:list"), "/research/")]


def home_figures(request) -> list[HomeFigure]:
    counts = research_counts()
    if not counts.running_phd_projects and not counts.completed_dissertations:
        return []  # no projects kept in the portal yet: the page keeps the strategic plan's figure
    completed = counts.completed_dissertations
    label = ngettext(
        "PhD projects running, and %(completed)d dissertation completed",
        "PhD projects running, and %(completed)d dissertations completed",
        completed,
    ) % {"completed": completed}
    return [HomeFigure("phd", counts.running_phd_projects, label)]
