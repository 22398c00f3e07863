"""What the publications slice adds to the people slice's pages: on a researcher's page, their
publications with their APA 7 citation (people/hooks.py)."""

from __future__ import annotations

from django.http import HttpRequest

from iclon.core.navigation import PageSection
from research.people import hooks
from research.people.models import Researcher
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


def connect() -> None:
    hooks.register(PUBLICATIONS_ON_PROFILE)
