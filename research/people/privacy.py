"""The personal data of research people (iclon.core.privacy): a researcher's profile linked to an
account. Erasure empties the profile (name, ORCID, photo, expertise) and hides it; the projects
keep the emptied member, so their teams stay as they were."""

from __future__ import annotations

from typing import Any

from iclon.core.privacy import anonymise_rows, personal_data
from research.people.models import Researcher


def _researcher_erase(user: Any, identifiers: frozenset[str]) -> None:
    for researcher in Researcher.objects.filter(user=user):
        anonymise_rows(
            Researcher.objects.filter(pk=researcher.pk),
            {
                "full_name": "",
                "slug": f"erased-{researcher.pk}",
                "orcid": "",
                "photo": "",
                "expertise_nl": "",
                "expertise_en": "",
                "active": False,
                "user": None,
            },
        )


PERSONAL_DATA = [
    personal_data(
        "research.Researcher",
        fields=("full_name", "orcid", "photo", "user"),
        owner=("user",),
        erase=_researcher_erase,
        files=lambda user: [
            (f"research/photo-{r.pk}-{r.photo.name.rsplit('/', 1)[-1]}", r.photo)
            for r in Researcher.objects.filter(user=user)
            if r.photo
        ],
        keep="The emptied profile stays as a member of its projects.",
    ),
]
