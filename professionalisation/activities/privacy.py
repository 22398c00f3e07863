"""The personal data of activities (iclon.core.privacy): registrations, waiting-list entries,
calendar feeds and invitations of a participant, and the organisers of an activity.

Registrations stay, anonymised (their cancellation reason cleared), linked to the emptied account:
paid activities are invoiced."""

from __future__ import annotations

from typing import Any

from iclon.core.privacy import delete_rows, personal_data
from professionalisation.activities.models import Activity, RegistrationInvitation

INVOICES = "Registrations are the basis of invoices: Dutch tax law (AWR art. 52) keeps them for 7 years."


def _activities_erase(user: Any, identifiers: frozenset[str]) -> None:
    Activity.organisers.through.objects.filter(user=user).delete()
    emails = [value for value in identifiers if "@" in value]
    Activity.objects.filter(contact_email__in=emails).update(contact_email="")
    Activity.history.filter(contact_email__in=emails).update(contact_email="")


def _invitations_erase(user: Any, identifiers: frozenset[str]) -> None:
    emails = [value for value in identifiers if "@" in value]
    delete_rows(
        RegistrationInvitation.objects.filter(participant=user)
        | RegistrationInvitation.objects.filter(email__in=emails)
    )


PERSONAL_DATA = [
    personal_data(
        "professionalisation.Activity",
        fields=("contact_email", "organisers"),
        owner=("organisers",),
        export_fields=("title_nl", "title_en", "contact_email"),
        erase=_activities_erase,
    ),
    personal_data(
        "professionalisation.Session", fields=("name",), erase="keep", keep="A session's name; no personal data."
    ),
    personal_data(
        "professionalisation.Meeting",
        fields=("cancel_reason",),
        erase="keep",
        keep="Why a meeting was cancelled: about the meeting, not a person.",
    ),
    personal_data(
        "professionalisation.Registration",
        fields=("participant", "registered_by", "cancel_reason"),
        owner=("participant",),
        erase={"cancel_reason": ""},
        keep="The registration (session, status, dates), linked to the emptied account.",
        legal_basis=INVOICES,
    ),
    personal_data(
        "professionalisation.WaitingListEntry",
        fields=("participant", "registered_by", "offer_reason", "staff_reason"),
        owner=("participant",),
        erase="delete",
    ),
    personal_data("professionalisation.CalendarFeed", fields=("participant",), owner=("participant",), erase="delete"),
    personal_data(
        "professionalisation.RegistrationInvitation",
        fields=("name", "email", "invited_by", "participant"),
        owner=("participant",),
        export_fields=("session", "school", "name", "email", "status", "expires_at", "answered_at"),
        erase=_invitations_erase,
    ),
]
