"""The personal data of placements (iclon.core.privacy): a trainee's placements, wishes and the
evaluations about them, and the offers a mentor is named on. A trainee's are erased with their
application (intake's anonymisation clears what placements wrote, through intake's hooks)."""

from __future__ import annotations

from typing import Any

from django_scopes import scopes_disabled

from iclon.core.privacy import Rows, personal_data, rows_as_dicts
from programmes.placements.models import Evaluation, PlacementOffer

WITH_APPLICATION = "Anonymised with the trainee's application (programmes.Application): school, period, status stay."


def _evaluations_export(user: Any) -> Rows:
    # The evaluations released to the trainee: a draft is the author's until it is released.
    with scopes_disabled():  # scope: the person's own evaluations, at whichever school
        evaluations = Evaluation.objects.filter(placement__trainee__applicant=user, released_at__isnull=False)
        return rows_as_dicts(evaluations.order_by("pk"), user)


def _mentor_erase(user: Any, identifiers: frozenset[str]) -> None:
    PlacementOffer.mentors.through.objects.filter(user=user).delete()


PERSONAL_DATA = [
    personal_data(
        "programmes.PlacementOffer",
        fields=("notes", "created_by", "mentors"),
        owner=("mentors",),
        export_fields=("school", "subject", "period", "places"),
        erase=_mentor_erase,
        keep="Offers the person created stay, linked to the emptied account.",
    ),
    personal_data(
        "programmes.Placement",
        fields=(
            "workplace_mentor",
            "school_teacher_educator",
            "institute_educator",
            "decline_reason",
            "proposed_by",
            "responded_by",
        ),
        owner=("trainee__applicant",),
        keep=WITH_APPLICATION,
        legal_basis="WHW art. 7.52: the study record of a trainee.",
    ),
    personal_data(
        "programmes.PlacementWish",
        fields=("notes", "introduction"),
        owner=("trainee__applicant",),
        keep=WITH_APPLICATION,
    ),
    personal_data(
        "programmes.Evaluation",
        fields=("author", "strengths", "development_points"),
        owner=("placement__trainee__applicant",),
        export=_evaluations_export,
        keep=WITH_APPLICATION,
    ),
]
