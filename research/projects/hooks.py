"""What later slices show on a research project's page, without this slice knowing them (the
publications slice adds the project's publications and its dissertation).

A slice registers a `ProjectExtension` in its receivers.py `connect()`; the page asks every
extension for its sections (`navigation.PageSection`: a template and its context), in the order
they were registered (the slices' order). The same shape as people/hooks.py."""

from __future__ import annotations

from typing import Protocol

from django.http import HttpRequest

from iclon.core.navigation import PageSection
from research.projects.models import ResearchProject


class ProjectExtension(Protocol):
    def project_sections(self, request: HttpRequest, project: ResearchProject) -> list[PageSection]: ...


_EXTENSIONS: list[ProjectExtension] = []


def register(extension: ProjectExtension) -> None:
    if extension not in _EXTENSIONS:
        _EXTENSIONS.append(extension)


def project_sections(request: HttpRequest, project: ResearchProject) -> list[PageSection]:
    return [section for extension in _EXTENSIONS for section in extension.project_sections(request, project)]
