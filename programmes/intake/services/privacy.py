"""Privacy of applicants: the export of everything the portal holds about an applicant's
applications (the right of access), and the anonymisation of applications past the retention
period (settings.APPLICATION_RETENTION_DAYS after the decision, the withdrawal or the last change
of a draft).

Anonymisation keeps what the statistics need (route, subject, start, status, dates, degree levels
and fields, kinds of conditions and exemptions, the aptitude assessment's outcome) and removes the
rest, including the copies that would otherwise survive elsewhere: django-simple-history's rows
of the application and its related records, and the outbox's notifications about it.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import zipfile
from collections import Counter

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from iclon.accounts.models import User
from iclon.core.history import record_history_as
from iclon.core.personalpages import retire_personal_pages
from iclon.notifications.models import Notification
from programmes.intake import hooks
from programmes.intake import notifications as n
from programmes.intake.models import (
    AdmissionCondition,
    Application,
    ApplicationDocument,
    ApplicationStatus,
    ApplicationTransition,
    AptitudeAssessment,
    Exemption,
    InformationRequest,
    InternalNote,
    PriorDegree,
)

S = ApplicationStatus

# The format of data.json; raise it when a key changes meaning or disappears.
EXPORT_FORMAT_VERSION = 1

# The related models whose django-simple-history rows still hold the old values after their rows
# have been cleared (each has `application` and a HistoricalRecords manager).
_HISTORY_RELATED = (PriorDegree, InformationRequest, AptitudeAssessment, Exemption, AdmissionCondition)


# --- export -----------------------------------------------------------------------------------


def _iso(value: datetime.date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def _safe_name(name: str) -> str:
    """A file name that cannot leave its folder in the ZIP (no separators, no dot-dot)."""
    name = re.sub(r"[\\/\x00-\x1f]+", "_", name or "").strip(" .")
    return name[:150] or "document"


def _role(actor_id: int | None, application: Application, staff_ids: set[int]) -> str:
    # Staff appear only by their role in the export, never by name.
    if actor_id is None:
        return "system"
    if actor_id == application.applicant_id:
        return "applicant"
    return "intake staff" if actor_id in staff_ids else "portal"


def _export_queryset(user: User) -> QuerySet[Application]:
    return (
        Application.objects.filter(applicant=user)
        .select_related("pathway", "subject", "start_moment", "employing_school")
        .prefetch_related(
            "degrees__field",
            "documents",
            "transitions__actor",
            "information_requests",
            "conditions__deficiency_course",
            "exemptions__module",
            "aptitude_assessment",
        )
        .order_by("created_at", "pk")
    )


def _application_data(application: Application, documents: list[dict]) -> dict:
    transitions = list(application.transitions.all())
    staff_ids = {t.actor_id for t in transitions if t.actor_id and t.actor and t.actor.is_staff}
    try:
        assessment = application.aptitude_assessment
    except AptitudeAssessment.DoesNotExist:
        assessment = None
    # The `# type: ignore[union-attr]` below: `x.relation.name if x.relation_id else None` reads the
    # relation only when it is set, which mypy cannot tell from the `_id` test.
    return {
        "reference": application.reference,
        "status": application.status,
        "status_label": str(application.get_status_display()),
        "pathway": application.pathway.name,
        "subject": application.subject.name if application.subject_id else None,  # type: ignore[union-attr]
        "start_moment": {
            "starts_on": _iso(application.start_moment.starts_on),
            "application_deadline": _iso(application.start_moment.application_deadline),
        },
        "created_at": _iso(application.created_at),
        "submitted_at": _iso(application.submitted_at),
        "decided_at": _iso(application.decided_at),
        "enrolled_at": _iso(application.enrolled_at),
        "withdrawn_at": _iso(application.withdrawn_at),
        "personal_details": {
            "first_name": application.first_name,
            "last_name": application.last_name,
            "date_of_birth": _iso(application.date_of_birth),
            "phone": application.phone,
            "street": application.street,
            "postcode": application.postcode,
            "city": application.city,
            "country": application.country,
        },
        "employment": {
            "employed_as_teacher": application.employed_as_teacher,
            "employing_school": application.employing_school.name if application.employing_school_id else None,  # type: ignore[union-attr]
            "employer_name": application.employer_name,
            "hours_a_week": application.employment_hours,
        },
        "dutch_proficiency": application.dutch_proficiency,
        "english_proficiency": application.english_proficiency_notes,
        "motivation": application.motivation,
        "prior_education": [
            {
                "level": degree.level,
                "level_label": str(degree.get_level_display()),
                "field": degree.field.name if degree.field_id else degree.field_other,  # type: ignore[union-attr]
                "institution": degree.institution,
                "year": degree.year,
                "subject_content_ec": degree.subject_content_ec,
            }
            for degree in application.degrees.all()
        ],
        "timeline": [
            {
                "from": t.from_status,
                "to": t.to_status,
                "at": _iso(t.created_at),
                "by": _role(t.actor_id, application, staff_ids),
                "reason": t.reason,
            }
            for t in transitions
        ],
        "information_requests": [
            {
                "question": request.question,
                "asked_at": _iso(request.created_at),
                "answer": request.answer,
                "answered_at": _iso(request.answered_at),
            }
            for request in application.information_requests.all()
        ],
        "aptitude_assessment": (
            {
                "scheduled_at": _iso(assessment.scheduled_at),
                "outcome": assessment.outcome,
                "advice": assessment.advice,
            }
            if assessment
            else None
        ),
        "conditions": [
            {
                "kind": condition.kind,
                "deficiency_course": condition.deficiency_course.name if condition.deficiency_course_id else None,  # type: ignore[union-attr]
                "description": condition.description,
                "due_on": _iso(condition.due_on),
                "status": condition.status,
            }
            for condition in application.conditions.all()
        ],
        "exemptions": [
            {"module": exemption.module.name, "ec": exemption.ec, "reason": exemption.reason}
            for exemption in application.exemptions.all()
        ],
        "decision": (
            {
                "status": application.status,
                "decided_at": _iso(application.decided_at),
                "explanation": application.decision_explanation,
            }
            if application.decided_at or application.is_decided
            else None
        ),
        "documents": documents,
    }


def application_data_export(*, user: User) -> bytes:
    """Everything the portal holds about `user`'s applications, as one ZIP: `data.json` (the
    account's own fields and every application with its degrees, timeline, requests for
    information and answers, assessment, conditions, exemptions and decision) and every document
    under `documents/<reference>/<kind>-<original name>`, read through the storage API.

    Internal notes, the checklist and staff names are not the applicant's data and are left out
    (staff appear by role). Changes nothing."""
    buffer = io.BytesIO()
    applications = []
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for application in _export_queryset(user):
            used: Counter[str] = Counter()
            documents = []
            for document in application.documents.all():
                name = f"{document.kind}-{_safe_name(document.original_name)}"
                used[name] += 1
                if used[name] > 1:  # two files of the same kind and name: keep both
                    stem, dot, extension = name.rpartition(".")
                    name = f"{stem}-{used[name]}.{extension}" if dot else f"{name}-{used[name]}"
                path: str | None
                path = f"documents/{application.reference}/{name}"
                try:
                    with document.file.storage.open(document.file.name, "rb") as stored:
                        archive.writestr(path, stored.read())
                except FileNotFoundError:
                    path = None  # the row outlived its file; say so rather than fail the export
                documents.append(
                    {
                        "kind": document.kind,
                        "original_name": document.original_name,
                        "content_type": document.content_type,
                        "size": document.size,
                        "uploaded_at": _iso(document.created_at),
                        "file": path,
                    }
                )
            applications.append(_application_data(application, documents))
        data = {
            "format_version": EXPORT_FORMAT_VERSION,
            "exported_at": _iso(timezone.now()),
            "account": {"email": user.email, "full_name": user.full_name, "language": user.language},
            "applications": applications,
        }
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
    return buffer.getvalue()


# --- anonymisation ----------------------------------------------------------------------------

# Personal fields of the application and the values they get.
_CLEARED_FIELDS = {
    "first_name": "",
    "last_name": "",
    "date_of_birth": None,
    "phone": "",
    "street": "",
    "postcode": "",
    "city": "",
    "country": "",
    "employer_name": "",
    "english_proficiency_notes": "",
    "motivation": "",
    "decision_explanation": "",
}


def _retention_cutoff(now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(days=settings.APPLICATION_RETENTION_DAYS)


def applications_due_for_anonymisation(*, now: datetime.datetime) -> QuerySet[Application]:
    """The applications whose retention period has passed at `now`, not yet anonymised: decided
    (admitted, admitted with conditions, rejected, enrolled) more than APPLICATION_RETENTION_DAYS
    ago, withdrawn that long ago, or drafts nobody has touched for that long. Rows written without
    their date (imports) fall back to the last change."""
    cutoff = _retention_cutoff(now)
    decided = [S.ADMITTED, S.ADMITTED_WITH_CONDITIONS, S.REJECTED, S.ENROLLED]
    due = (
        Q(status__in=decided, decided_at__lt=cutoff)
        | Q(status__in=decided, decided_at__isnull=True, updated_at__lt=cutoff)
        | Q(status=S.WITHDRAWN, withdrawn_at__lt=cutoff)
        | Q(status=S.WITHDRAWN, withdrawn_at__isnull=True, updated_at__lt=cutoff)
        | Q(status=S.DRAFT, updated_at__lt=cutoff)
    )
    due_now = Application.objects.filter(due, anonymised_at__isnull=True)
    # What the slices built on intake still need keeps an application (a trainee whose placement is
    # live is in the middle of their programme: not yet).
    for listener in hooks.listeners():
        for blocker in listener.anonymisation_blockers():
            due_now = due_now.exclude(blocker)
    return due_now.order_by("pk")


def _notification_keys(application: Application) -> Q:
    """The outbox rows about `application`: their subjects and texts hold the applicant's name."""

    transitions = list(application.transitions.values_list("pk", flat=True))
    requests = list(InformationRequest.objects.filter(application=application).values_list("pk", flat=True))
    exact = [f"{n.APPLICATION}:{pk}" for pk in transitions]
    exact += [f"{n.INFORMATION_REQUEST}:{pk}" for pk in requests]
    exact += [f"{n.INFORMATION_ANSWERED}:{pk}" for pk in requests]
    keys = Q(idempotency_key__in=exact)
    for prefix in (
        *[f"{n.LATERAL_ENTRY}:{pk}:" for pk in transitions],
        f"{n.ASSIGNMENT}:{application.pk}:",
        f"{n.DEADLINE_REMINDER}:{application.pk}:",
    ):
        keys |= Q(idempotency_key__startswith=prefix)
    return keys


def application_anonymise(*, application: Application, actor: User | None = None) -> bool:
    """Remove the personal data of `application` and keep the row for the statistics.

    Clears the personal fields (names, birth date, phone, address, employer, motivation, English
    notes, decision explanation), unlinks the applicant, clears the degrees' institutions, the
    questions and answers of requests for information, the reasons of status changes, the
    assessment's advice and the descriptions and reasons of conditions and exemptions; deletes the
    documents (their files after commit), the internal notes, the outbox's notifications about
    the application and every django-simple-history row of the application and its related
    records; of the trainee's placements, clears the match reasons, decline reasons and
    evaluation texts, deletes the wishes and the placements' and evaluations' history and outbox
    rows (school, period and status stay), then writes one history row of the anonymised state.
    Returns False (and changes nothing) when the application was anonymised already. Raises nothing else: callers decide
    whether it is due (applications_due_for_anonymisation)."""
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.anonymised_at is not None:
            return False
        pk, applicant_id = application.pk, application.applicant_id

        # The files go after commit: a rollback must not leave rows that point at deleted files. A
        # storage that fails then (robust: logged) leaves an unlinked file under a random name.
        files = [(d.file.storage, d.file.name) for d in ApplicationDocument.objects.filter(application_id=pk) if d.file]
        ApplicationDocument.objects.filter(application_id=pk).delete()
        for storage, name in files:
            # The defaults bind this file to its lambda; mypy cannot infer a lambda with defaults where
            # on_commit expects a function of no arguments.
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name), robust=True)  # type: ignore[misc]

        keys = _notification_keys(application)
        # The slices built on intake clear what they wrote about the applicant (placements: reasons,
        # evaluations' texts, wishes, history) and name their outbox rows.
        for listener in hooks.listeners():
            keys |= listener.application_anonymised(application=application)
        Notification.objects.filter(keys).delete()
        InternalNote.objects.filter(application_id=pk).delete()
        retire_personal_pages()  # the update()s here send no signal (iclon/core/personalpages.py)
        PriorDegree.objects.filter(application_id=pk).update(institution="")
        InformationRequest.objects.filter(application_id=pk).update(question="", answer="")
        AptitudeAssessment.objects.filter(application_id=pk).update(advice="")
        AptitudeAssessment.assessors.through.objects.filter(aptitudeassessment__application_id=pk).delete()
        Exemption.objects.filter(application_id=pk).update(reason="")
        AdmissionCondition.objects.filter(application_id=pk).update(description="")
        transitions = ApplicationTransition.objects.filter(application_id=pk)
        transitions.update(reason="")
        if applicant_id:
            transitions.filter(actor_id=applicant_id).update(actor=None)

        # The history rows hold every earlier value: they go, with those of the rows deleted before.
        Application.history.filter(id=pk).delete()
        for model in _HISTORY_RELATED:
            model.history.filter(application_id=pk).delete()

        for name, value in _CLEARED_FIELDS.items():
            setattr(application, name, value)
        application.applicant = None
        application.anonymised_at = timezone.now()
        # simple_history reads this attribute; it is not declared on the model.
        application._change_reason = "Anonymised after the retention period"  # type: ignore[attr-defined]
        if actor is not None:
            record_history_as(application, actor)
        application.save()
        return True


def application_anonymise_if_due(*, application_id: int, now: datetime.datetime, actor: User | None = None) -> bool:
    """Anonymise the application `application_id` if it is due at `now`, deciding under its row
    lock, so a draft edited or a decision reopened in the meantime is left alone. Returns whether
    it was anonymised (False also for an id that no longer exists)."""
    with transaction.atomic():
        application = applications_due_for_anonymisation(now=now).filter(pk=application_id).select_for_update().first()
        if application is None:
            return False
        return application_anonymise(application=application, actor=actor)
