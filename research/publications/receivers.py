"""What the publications slice adds to the pages of earlier slices: on a researcher's page, their
publications with their APA 7 citation (people/hooks.py); on a research project's page, the
publications that came out of it, its dissertation first (projects/hooks.py)."""

from __future__ import annotations

from django.http import HttpRequest

from iclon.core.navigation import PageSection
from research.people import hooks
from research.people.models import Researcher
from research.projects import hooks as project_hooks
from research.projects.models import ResearchProject
from research.publications import selectors
from research.publications.exporting import apa_html

#: The most publications a researcher's page lists (the rest are behind the filtered list's link).
ON_PROFILE = 10


class PublicationsOnProfile:
    def profile_sections(self, request: HttpRequest, researcher: Researcher) -> list[PageSection]:
        rows = selectors.researcher_publications(user=request.user, researcher=researcher)
        publications = list(rows[: ON_PROFILE + 1])
        return [
            PageSection(
                "research/publications/_researcher_publications.html",
                {
                    "rows": [(publication, apa_html(publication)) for publication in publications[:ON_PROFILE]],
                    "more": len(publications) > ON_PROFILE,
                    "researcher": researcher,
                },
            )
        ]


PUBLICATIONS_ON_PROFILE = PublicationsOnProfile()


class PublicationsOnProject:
    def project_sections(self, request: HttpRequest, project: ResearchProject) -> list[PageSection]:
        rows = list(selectors.project_publications(user=request.user, project=project)[: ON_PROFILE + 1])
        if not rows:
            return []
        return [
            PageSection(
                "research/publications/_project_publications.html",
                {
                    "rows": [(publication, apa_html(publication)) for publication in rows[:ON_PROFILE]],
                    "more": len(rows) > ON_PROFILE,
                    "project": project,
                },
            )
        ]


PUBLICATIONS_ON_PROJECT = PublicationsOnProject()


def connect() -> None:
    hooks.register(PUBLICATIONS_ON_PROFILE)
    project_hooks.register(PUBLICATIONS_ON_PROJECT)
