"""What the projects slice adds to the people slice's pages: on a researcher's page, their projects
and the PhD candidates they supervise (people/hooks.py)."""

from __future__ import annotations

from django.http import HttpRequest

from iclon.core.navigation import PageSection
from research.people import hooks
from research.people.models import Researcher
from research.projects import selectors


class ProjectsOnProfile:
    def profile_sections(self, request: HttpRequest, researcher: Researcher) -> list[PageSection]:
        projects = list(selectors.researcher_projects(user=request.user, researcher=researcher))
        supervision = list(selectors.researcher_supervision(user=request.user, researcher=researcher))
        return [
            PageSection(
                "research/projects/_researcher_projects.html",
                {"projects": projects, "supervision": supervision, "researcher": researcher},
            )
        ]


PROJECTS_ON_PROFILE = ProjectsOnProfile()


def connect() -> None:
    hooks.register(PROJECTS_ON_PROFILE)
