"""The application list of the API, read as plain rows: the columns the list shows and nothing else.

`ApplicationSerializer` stays the resource's description (the schema, one application and the
transition's answer); a page of the list is built here. The page is cut on the applications'
ids alone (so the paginator counts the base table, without joins or the open-requests subquery),
then one query reads those rows with the columns of their pathway, subject, start moment,
applicant and officer, and one query per collection reads what the page's rows hold. The JSON is
the serializer's, key for key, for staff and for applicants
(tests/api/test_api_lists.py compares the two)."""

import datetime
from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Count
from django.urls import reverse
from django.utils import translation
from rest_framework import serializers
from rest_framework.request import Request

from programmes.intake.api.serializers import REASON_SHOWN_TO_APPLICANT
from programmes.intake.models import (
    DECIDED_OR_ENROLLED,
    AdmissionCondition,
    Application,
    ApplicationTransition,
    Exemption,
    InformationRequest,
    application_reference,
)
from programmes.intake.selectors import Viewer, document_list_for_user

#: What a row of `/api/v1/applications/` reads from the application and its foreign keys.
APPLICATION_COLUMNS = (
    "id",
    "status",
    "pathway__slug",
    "pathway__name_nl",
    "pathway__name_en",
    "subject__slug",
    "start_moment_id",
    "start_moment__starts_on",
    "start_moment__application_deadline",
    "submitted_at",
    "decided_at",
    "decision_explanation",
    "assigned_to_id",
    "assigned_to__full_name",
    "assigned_to__email",
    "applicant__email",
    "first_name",
    "last_name",
)

# DRF's own field for date-times (ISO 8601 in the current time zone, as the serializer writes).
_DATETIME = serializers.DateTimeField()


def _datetime(value: datetime.datetime | None) -> str | None:
    return _DATETIME.to_representation(value) if value else None


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def application_list_data(ids: Sequence[int], *, user: Viewer, sees_all: bool, request: Request | None) -> list[dict]:
    """The list's JSON for the applications `ids` (a page, in its order), as ApplicationSerializer
    writes them for `user` (`sees_all`: staff who see every application) in a list."""
    ids = list(ids)
    if not ids:
        return []
    rows = {row["id"]: row for row in Application.objects.filter(pk__in=ids).values(*APPLICATION_COLUMNS)}
    open_requests = dict(
        InformationRequest.objects.filter(application_id__in=ids, answered_at__isnull=True)
        .order_by()
        .values("application_id")
        .annotate(n=Count("pk"))
        .values_list("application_id", "n")
    )

    documents: dict[int, list[dict]] = defaultdict(list)
    document_rows = (
        document_list_for_user(user=user)
        .filter(application_id__in=ids)
        .order_by("kind", "created_at")
        .values_list("id", "application_id", "kind", "original_name", "content_type", "size", "created_at")
    )
    for pk, application_id, kind, original_name, content_type, size, created_at in document_rows:
        path = reverse("api:application-document", kwargs={"pk": application_id, "document_id": pk})
        documents[application_id].append(
            {
                "id": pk,
                "kind": kind,
                "original_name": original_name,
                "content_type": content_type,
                "size": size,
                "created_at": _datetime(created_at),
                "download": request.build_absolute_uri(path) if request else path,
            }
        )

    timeline: dict[int, list[dict]] = defaultdict(list)
    transitions = (
        ApplicationTransition.objects.filter(application_id__in=ids)
        .order_by("created_at", "pk")
        .values_list(
            "application_id",
            "from_status",
            "to_status",
            "created_at",
            "reason",
            "actor_id",
            "actor__full_name",
            "actor__email",
        )
    )
    for application_id, from_status, to_status, created_at, reason, actor_id, actor_name, actor_email in transitions:
        timeline[application_id].append(
            {
                "from_status": from_status,
                "to_status": to_status,
                "at": _datetime(created_at),
                "reason": reason if sees_all or to_status in REASON_SHOWN_TO_APPLICANT else "",
                "actor": {"id": actor_id, "full_name": actor_name, "email": actor_email}
                if sees_all and actor_id is not None
                else None,
            }
        )

    # Conditions and exemptions are few; their texts come from the models (str(), Localized).
    conditions: dict[int, list[dict]] = defaultdict(list)
    for condition in AdmissionCondition.objects.filter(application_id__in=ids).select_related("deficiency_course"):
        course = condition.deficiency_course
        conditions[condition.application_id].append(
            {
                "id": condition.pk,
                "kind": condition.kind,
                "description": str(condition),
                "deficiency_course": course.slug if course is not None else None,
                "due_on": _date(condition.due_on),
                "status": condition.status,
            }
        )
    exemptions: dict[int, list[dict]] = defaultdict(list)
    for exemption in Exemption.objects.filter(application_id__in=ids).select_related("module").order_by("pk"):
        exemptions[exemption.application_id].append(
            {"id": exemption.pk, "module": exemption.module.name, "ec": exemption.ec, "reason": exemption.reason}
        )

    language = (translation.get_language() or "nl")[:2]
    data = []
    for pk in ids:
        row = rows[pk]
        shows_decision = sees_all or row["status"] in DECIDED_OR_ENROLLED
        data.append(
            {
                "id": pk,
                "reference": application_reference(pk),
                "status": row["status"],
                "pathway": {
                    "slug": row["pathway__slug"],
                    "name": row.get(f"pathway__name_{language}", "") or row["pathway__name_nl"] or "",
                },
                "subject": row["subject__slug"],
                "start_moment": {
                    "id": row["start_moment_id"],
                    "starts_on": _date(row["start_moment__starts_on"]),
                    "application_deadline": _date(row["start_moment__application_deadline"]),
                },
                "submitted_at": _datetime(row["submitted_at"]),
                "decided_at": _datetime(row["decided_at"]),
                "decision_explanation": row["decision_explanation"],
                "open_information_requests": open_requests.get(pk, 0),
                "conditions": conditions.get(pk, []) if shows_decision else [],
                "exemptions": exemptions.get(pk, []) if shows_decision else [],
                "documents": documents.get(pk, []),
                "timeline": timeline.get(pk, []),
                "allowed_transitions": None,
                "assigned_to": {
                    "id": row["assigned_to_id"],
                    "full_name": row["assigned_to__full_name"],
                    "email": row["assigned_to__email"],
                }
                if sees_all and row["assigned_to_id"] is not None
                else None,
                "applicant": {
                    "email": row["applicant__email"],
                    "first_name": row["first_name"],
                    "last_name": row["last_name"],
                }
                if sees_all
                else None,
            }
        )
    return data
