"""The personal data of higher-education research coordination (iclon.core.privacy): the support
requests a person asked for, with their thread. Erasure deletes the person's requests with their
messages and history; a team member's part (assignee, replies, internal notes on someone else's
request) is the team's record of that request and stays, linked to the emptied account."""

from __future__ import annotations

from iclon.core.privacy import personal_data

PERSONAL_DATA = [
    personal_data(
        "research.SupportRequest",
        fields=("requester", "assignee", "status_reason", "internal_notes"),
        owner=("requester",),
        export_fields=(
            "kind",
            "title",
            "description",
            "faculty",
            "department",
            "course",
            "funder",
            "grant_call",
            "submission_deadline",
            "desired_start",
            "status",
            "status_reason",
            "created_at",
        ),
        erase="delete",
        keep="Requests the person handled as the research team's assignee stay, linked to the emptied account.",
    ),
    personal_data(
        "research.SupportRequestMessage",
        fields=("author", "text"),
        owner=("author",),
        erase="keep",
        keep=(
            "The requester's own messages go with their request. A team member's replies are the team's "
            "record of someone else's request; they stay, linked to the emptied account."
        ),
    ),
]
