"""The personal data of completion (iclon.core.privacy): attendance, assignment results,
completions, certificates and evaluations of a participant's registrations. They stay with the
registration (anonymised, linked to the emptied account): a certificate must stay verifiable."""

from __future__ import annotations

from iclon.core.privacy import personal_data

OWNER = ("registration__participant",)
RECORD = "GDPR art. 17(3)(b): a certificate issued must stay verifiable by those the participant showed it to."

PERSONAL_DATA = [
    personal_data(
        "professionalisation.Attendance", fields=("recorded_by",), owner=OWNER, keep="Attendance, pseudonymous."
    ),
    personal_data(
        "professionalisation.AssignmentResult",
        fields=("note", "assessed_by"),
        owner=OWNER,
        erase={"note": ""},
        keep="Whether the assignment passed.",
        legal_basis=RECORD,
    ),
    personal_data(
        "professionalisation.Completion",
        fields=("withdraw_reason",),
        owner=OWNER,
        erase={"withdraw_reason": ""},
        keep="The completion, pseudonymous.",
        legal_basis=RECORD,
    ),
    personal_data(
        "professionalisation.Certificate",
        fields=("revoke_reason",),
        owner=("completion__registration__participant",),
        export_fields=("number", "language", "issued_at", "revoked_at", "revoke_reason"),
        erase={"revoke_reason": ""},
        keep="The certificate's number and dates, without a name.",
        legal_basis=RECORD,
    ),
    personal_data(
        "professionalisation.Evaluation",
        fields=("comment",),
        owner=OWNER,
        erase={"comment": ""},
        keep="The rating, for the activity's statistics.",
    ),
]
