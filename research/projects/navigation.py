"""Research in the header: the research portal (projects; the people are a tab of it); on the home
page the PhD projects running and the dissertations completed, counted from the data; and the
published projects on a teaching-learning principle's page of the knowledge base."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from iclon.core.navigation import HomeFigure, NavItem
from research.knowledge.sections import (
    PrincipleCounts,
    PrincipleSection,
    TaggedItem,
    counts_by_principle,
    tagged_section,
)
from research.projects.models import ResearchProject
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


def _project_item(project: ResearchProject) -> TaggedItem:
    period = f"{project.start_date:%Y}–{project.end_date:%Y}" if project.end_date else f"{project.start_date:%Y}–"
    return TaggedItem(
        title=project.title,
        url=reverse("research_projects:detail", args=[project.slug]),
        meta=f"{project.get_kind_display()} · {project.get_status_display()} · {period}",
    )


def principle_sections(request, principle) -> list[PrincipleSection]:
    """The published research projects tagged with `principle` (knowledge base), newest first."""
    rows = ResearchProject.objects.filter(published=True, principles=principle).order_by("-start_date", "pk")
    return [
        tagged_section(
            rows,
            key="projects",
            title=gettext("Research projects"),
            item=_project_item,
            empty_text=gettext("No research project is tagged with this principle yet."),
            see_all_url=f"{reverse('research_projects:list')}?{urlencode({'principle': principle.slug})}",
            see_all_label=gettext("All research projects with this principle"),
        )
    ]


def principle_counts(request) -> list[PrincipleCounts]:
    published = ResearchProject.principles.through.objects.filter(researchproject__published=True)
    return [
        PrincipleCounts(
            "projects",
            counts_by_principle(published, "researchproject_id"),
            lambda n: ngettext("%(count)d research project", "%(count)d research projects", n) % {"count": n},
        )
    ]
