"""The personal data of publications (iclon.core.privacy): the authors of publications, as the
publication names them, and who resolved a suspected duplicate."""

from __future__ import annotations

from iclon.core.privacy import personal_data

PERSONAL_DATA = [
    personal_data(
        "research.PublicationAuthor",
        fields=("name", "orcid"),
        owner=("researcher__user",),
        export_fields=("publication", "position", "name", "orcid"),
        erase="keep",
        keep="The author's name as the published work prints it; the link to the profile is emptied with the profile.",
        legal_basis="GDPR art. 17(3)(d) and 89: the bibliographic record of published research (archiving, research).",
    ),
    personal_data(
        "research.DuplicateSuspicion",
        fields=("resolved_by",),
        erase="keep",
        keep="Who resolved a duplicate stays as a link to the emptied account.",
    ),
]
