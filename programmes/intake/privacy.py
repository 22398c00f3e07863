"""The personal data of intake (iclon.core.privacy): applications and all that hangs on them.

Erasure anonymises each application with intake's own anonymisation (services/privacy.py, the
same as after the retention period): the study record stays (route, subject, start, status,
dates) without anything that says who the person was; documents, internal notes and history go.
The entries of the records that hang on an application export the person's rows and leave their
erasure to the application's."""

from __future__ import annotations

from typing import Any

from django.db.models.fields.files import FieldFile

from iclon.core.privacy import personal_data
from programmes.intake.models import Application, ApplicationDocument
from programmes.intake.services.privacy import application_anonymise


def _applications_erase(user: Any, identifiers: frozenset[str]) -> None:
    for application in Application.objects.filter(applicant=user).order_by("pk"):
        application_anonymise(application=application)


def _identifiers(user: Any) -> list[str]:
    values = []
    for first, last, phone in Application.objects.filter(applicant=user).values_list(
        "first_name", "last_name", "phone"
    ):
        values += [f"{first} {last}".strip(), phone]
    return values


def _documents(user: Any) -> list[tuple[str, FieldFile]]:
    documents = ApplicationDocument.objects.filter(application__applicant=user).select_related("application")
    return [
        (f"programmes/documents/{d.application.reference}/{d.pk}-{d.original_name.replace('/', '_')}", d.file)
        for d in documents.order_by("pk")
        if d.file
    ]


WITH_APPLICATION = "Erased with the application (programmes.Application)."

PERSONAL_DATA = [
    personal_data(
        "programmes.Application",
        fields=(
            "applicant",
            "first_name",
            "last_name",
            "date_of_birth",
            "phone",
            "street",
            "postcode",
            "employer_name",
            "english_proficiency_notes",
            "motivation",
            "assigned_to",
            "decided_by",
        ),
        owner=("applicant",),
        erase=_applications_erase,
        identifiers=_identifiers,
        keep="The study record without personal data: route, subject, start, status and dates.",
        legal_basis="WHW art. 7.52 and the public task of a university: records and statistics of enrolment.",
    ),
    personal_data(
        "programmes.ApplicationDocument",
        fields=("original_name", "uploaded_by"),
        owner=("application__applicant",),
        export_fields=("kind", "original_name", "content_type", "size", "created_at"),
        files=_documents,
        keep=WITH_APPLICATION,
    ),
    personal_data(
        "programmes.ApplicationTransition",
        fields=("actor", "reason"),
        owner=("application__applicant",),
        keep=WITH_APPLICATION,
    ),
    personal_data(
        "programmes.InformationRequest",
        fields=("question", "answer", "requested_by"),
        owner=("application__applicant",),
        keep=WITH_APPLICATION,
    ),
    personal_data(
        "programmes.InternalNote",
        fields=("author", "text"),
        # Staff's working notes are not handed out (as before the registry); erasure deletes them.
        export=lambda user: [],
        keep=WITH_APPLICATION,
    ),
    personal_data(
        "programmes.ChecklistCheck", fields=("done_by",), owner=("application__applicant",), keep=WITH_APPLICATION
    ),
    personal_data(
        "programmes.AptitudeAssessment",
        fields=("advice", "assessors"),
        owner=("application__applicant",),
        keep=WITH_APPLICATION,
    ),
    personal_data(
        "programmes.Exemption",
        fields=("reason", "granted_by"),
        owner=("application__applicant",),
        keep=WITH_APPLICATION,
    ),
    personal_data("programmes.PriorDegree", fields=(), owner=("application__applicant",), keep=WITH_APPLICATION),
    personal_data("programmes.AdmissionCondition", fields=(), owner=("application__applicant",), keep=WITH_APPLICATION),
]
