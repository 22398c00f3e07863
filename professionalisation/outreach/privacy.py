"""The personal data of outreach (iclon.core.privacy): PAL students, their assignments and hours,
researchers' profiles for Meet the Professor, visit requests and evaluations, and the public
form's submissions.

A PAL student's hours stay (pseudonymous): they are paid. A visit request stays (the school's),
without the contact's name and address when the contact is the person."""

from __future__ import annotations

from typing import Any

from iclon.core.privacy import anonymise_rows, delete_rows, personal_data
from professionalisation.outreach.models import PalStudent, VisitRequest, VisitSubmission

PAYROLL = "Hours worked are paid: Dutch tax law (AWR art. 52) keeps payroll records for 7 years."


def _emails(identifiers: frozenset[str]) -> list[str]:
    return [value for value in identifiers if "@" in value]


def _visit_requests_erase(user: Any, identifiers: frozenset[str]) -> None:
    requests = VisitRequest.objects.filter(requested_by=user) | VisitRequest.objects.filter(
        contact_email__in=_emails(identifiers)
    )
    anonymise_rows(requests, {"contact_name": "", "contact_email": "", "accessibility_notes": ""})


def _submissions_erase(user: Any, identifiers: frozenset[str]) -> None:
    delete_rows(VisitSubmission.objects.filter(contact_email__in=_emails(identifiers)))


def _pal_student_erase(user: Any, identifiers: frozenset[str]) -> None:
    # Assignments and hours point at the student (PROTECT): the row stays, inactive.
    PalStudent.objects.filter(user=user).update(active=False)


PERSONAL_DATA = [
    personal_data(
        "professionalisation.PalStudent",
        fields=("user",),
        owner=("user",),
        erase=_pal_student_erase,
        keep="The student row, inactive, for the assignments and hours paid.",
        legal_basis=PAYROLL,
    ),
    personal_data(
        "professionalisation.PalRequest",
        fields=("requested_by", "notes", "reason"),
        erase="keep",
        keep="A school's request: the school's, linked to the emptied account of who asked.",
    ),
    personal_data(
        "professionalisation.PalAssignment",
        fields=("assigned_by", "school_confirmed_by", "declined_by", "decline_reason"),
        owner=("student__user",),
        erase={"decline_reason": ""},
        keep="The assignment (request, hours a week, status), pseudonymous.",
        legal_basis=PAYROLL,
    ),
    personal_data(
        "professionalisation.PalHours",
        fields=("note", "logged_by", "confirmed_by", "reject_reason"),
        owner=("assignment__student__user",),
        erase={"note": "", "reject_reason": ""},
        keep="The hours and weeks, pseudonymous.",
        legal_basis=PAYROLL,
    ),
    personal_data(
        "professionalisation.ResearcherProfile",
        fields=("user", "topics"),
        owner=("user",),
        erase={"topics": "", "discipline": "", "active": False},
        keep="The emptied profile, for the visits held.",
    ),
    personal_data(
        "professionalisation.ResearcherUnavailability",
        fields=("note",),
        owner=("researcher__user",),
        erase="delete",
    ),
    personal_data(
        "professionalisation.VisitRequest",
        fields=("requested_by", "contact_name", "contact_email", "wishes", "accessibility_notes", "status_reason"),
        owner=("requested_by",),
        export_fields=(
            "school",
            "contact_name",
            "contact_email",
            "group_label",
            "pupils",
            "wishes",
            "status",
            "starts_at",
        ),
        erase=_visit_requests_erase,
        keep="The school's visit (group, wishes, dates), without the contact.",
    ),
    personal_data(
        "professionalisation.VisitEvaluation",
        fields=("text", "author"),
        owner=("author",),
        erase={"text": ""},
        keep="The rating, for the statistics.",
    ),
    personal_data(
        "professionalisation.VisitSubmission",
        fields=("contact_name", "contact_email", "wishes", "accessibility_notes"),
        export=lambda user: [],  # the public form's requests carry no account
        erase=_submissions_erase,
    ),
]
