"""The personal data of partnerships (iclon.core.privacy): school memberships, invitations to a
school and the coordinators of training-school partnerships. Schools, boards and institutions
are organisations: their public names and addresses are no one's personal data."""

from __future__ import annotations

from typing import Any

from iclon.core.privacy import NoPersonalData, delete_rows, personal_data
from partnerships.models import SchoolInvitation, TrainingSchoolPartnership


def _invitations_erase(user: Any, identifiers: frozenset[str]) -> None:
    emails = [value for value in identifiers if "@" in value]
    delete_rows(SchoolInvitation.objects.filter(email__in=emails) | SchoolInvitation.objects.filter(accepted_by=user))


def _coordinators_erase(user: Any, identifiers: frozenset[str]) -> None:
    TrainingSchoolPartnership.coordinators.through.objects.filter(user=user).delete()


ORGANISATION = "An organisation's public name and address, from a public register (DUO, RIO)."

PERSONAL_DATA = [
    NoPersonalData("partnerships.EducationRegion", reason=ORGANISATION),
    NoPersonalData("partnerships.MunicipalityRegion", reason="The names of municipalities (CBS)."),
    NoPersonalData("partnerships.Institution", reason=ORGANISATION),
    NoPersonalData("partnerships.Alliance", reason=ORGANISATION),
    NoPersonalData("partnerships.Faculty", reason=ORGANISATION),
    NoPersonalData("partnerships.SchoolBoard", reason=ORGANISATION),
    NoPersonalData("partnerships.School", reason=ORGANISATION),
    NoPersonalData("partnerships.Agreement", reason="Notes on an agreement between organisations."),
    personal_data(
        "partnerships.TrainingSchoolPartnership",
        fields=("name", "coordinators"),
        owner=("coordinators",),
        export_fields=("name", "lead_school", "accredited_until"),
        erase=_coordinators_erase,
    ),
    personal_data("partnerships.SchoolMembership", fields=("user",), owner=("user",), erase="delete"),
    personal_data(
        "partnerships.SchoolInvitation",
        fields=("email", "full_name", "invited_by", "accepted_by"),
        owner=("accepted_by",),
        export_fields=("email", "full_name", "school", "role", "created_at", "accepted_at"),
        erase=_invitations_erase,
        keep="Invitations the person sent stay, linked to the emptied account.",
    ),
]
