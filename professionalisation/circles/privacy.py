"""The personal data of learning circles and development paths (iclon.core.privacy): a person's
memberships and prior modules, and what they added to a circle."""

from __future__ import annotations

from iclon.core.privacy import personal_data

CIRCLE_WORK = (
    "What the person wrote for the circle is the circle's shared work; it stays, linked to the emptied account."
)

PERSONAL_DATA = [
    personal_data("professionalisation.CircleMembership", fields=("person",), owner=("person",), erase="delete"),
    personal_data(
        "professionalisation.CircleMeeting",
        fields=("agenda",),
        erase="keep",
        keep="A meeting's agenda: about the circle's work, not a person.",
    ),
    personal_data(
        "professionalisation.PracticeQuestion",
        fields=("context", "submitted_by"),
        owner=("submitted_by",),
        erase="keep",
        keep=CIRCLE_WORK,
    ),
    personal_data(
        "professionalisation.CircleProduct",
        fields=("text", "added_by"),
        owner=("added_by",),
        erase="keep",
        keep=CIRCLE_WORK,
    ),
    personal_data(
        "professionalisation.PriorModule", fields=("person", "recorded_by"), owner=("person",), erase="delete"
    ),
]
