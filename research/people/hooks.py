"""What later slices show on a researcher's page, without this slice knowing them (the projects
slice adds the researcher's projects and supervision; publications will add theirs).

A slice registers a `ProfileExtension` in its receivers.py `connect()`; the page asks every
extension for its sections (`navigation.PageSection`: a template and its context), in the order
they were registered (the slices' order)."""

from __future__ import annotations

from typing import Protocol

from django.http import HttpRequest

from iclon.core.navigation import PageSection
from research.people.models import Researcher


class ProfileExtension(Protocol):
    def profile_sections(self, request: HttpRequest, researcher: Researcher) -> list[PageSection]: ...


_EXTENSIONS: list[ProfileExtension] = []


def register(extension: ProfileExtension) -> None:
    if extension not in _EXTENSIONS:
        _EXTENSIONS.append(extension)


def profile_sections(request: HttpRequest, researcher: Researcher) -> list[PageSection]:
    return [section for extension in _EXTENSIONS for section in extension.profile_sections(request, researcher)]
