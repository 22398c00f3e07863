"""Intake: every change of an application, as the applicant, intake staff and scripts make it.

The status changes only through `application_transition` (and the wrappers that name a
transition), which reads the table TRANSITIONS: which moves exist, who may make each (the
applicant themself, or staff holding a permission that the intake officers' group has), and what
else must hold. Each move locks the application row, writes an ApplicationTransition (who, when,
why) and queues the notifications after commit. The admin, the portal pages and the API all call
these functions; nothing else writes `status`.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from iclon.accounts.models import User
from iclon.accounts.roles import staff_may
from iclon.core.errors import Conflict, NotAllowed, PortalError, full_clean_or_raise
from programmes.catalogue.models import DeficiencyCourse, Module, Pathway, SchoolSubject, StartMoment, deadline_today
from programmes.intake import hooks, notifications
from programmes.intake.models import (
    AdmissionCondition,
    Application,
    ApplicationDocument,
    ApplicationStatus,
    ApplicationTransition,
    AptitudeAssessment,
    ChecklistCheck,
    ChecklistItem,
    DocumentKind,
    DutchProficiency,
    Exemption,
    InformationRequest,
    InternalNote,
    PriorDegree,
)
from programmes.intake.services.documents import check_upload

S = ApplicationStatus

REVIEW = "programmes.review_application"
DECIDE = "programmes.decide_application"


class DeadlinePassed(PortalError):
    default_message = _("The application deadline for this start has passed.")


class Incomplete(PortalError):
    default_message = _("The application is not complete yet.")


# --- who is who -------------------------------------------------------------------------------


def is_applicant(user: User | AnonymousUser | None, application: Application) -> bool:
    return bool(user and user.is_authenticated and application.applicant_id == user.pk)


def is_intake_staff(user: User | AnonymousUser | None, perm: str = REVIEW) -> bool:
    return staff_may(user, perm)


def _require_staff(actor: User | AnonymousUser | None, perm: str = REVIEW) -> None:
    if not is_intake_staff(actor, perm):
        raise NotAllowed()


def _require_applicant(actor: User | AnonymousUser | None, application: Application) -> None:
    if not is_applicant(actor, application):
        raise NotAllowed()


def _require_draft(application: Application) -> None:
    if application.status != S.DRAFT:
        raise Conflict(_("A submitted application can no longer be changed; answer a request for information instead."))


def _lock(application: Application) -> Application:
    """Reload `application` with a row lock, so two moves at once cannot both pass their checks."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("pathway", "start_moment")
        .get(pk=application.pk)
    )


# --- what an application still needs ----------------------------------------------------------


def required_document_kinds(application: Application) -> list[DocumentKind]:
    """The documents this application must hold before it can be submitted."""
    kinds = [DocumentKind.DIPLOMA, DocumentKind.TRANSCRIPT, DocumentKind.CV]
    pathway = application.pathway
    if pathway.dutch_proficiency_required and application.dutch_proficiency not in (
        "",
        DutchProficiency.SECONDARY_DIPLOMA,
        DutchProficiency.NOT_YET,
    ):
        kinds.append(DocumentKind.DUTCH_PROFICIENCY)
    if pathway.requires_teaching_job:
        kinds.append(DocumentKind.EMPLOYMENT_CONTRACT)
    return kinds


def application_missing(application: Application) -> list[str]:
    """What keeps `application` from being submitted, as translated sentences (empty: complete).

    Uses the prefetched degrees and documents when the caller loaded them."""
    missing = []
    if not (application.first_name and application.last_name and application.date_of_birth):
        missing.append(gettext("Fill in your name and date of birth."))
    if not (application.postcode and application.city):
        missing.append(gettext("Fill in your address."))
    if not application.degrees.all():
        missing.append(gettext("Add at least one degree to your prior education."))
    if application.pathway.dutch_proficiency_required and not application.dutch_proficiency:
        missing.append(gettext("Tell us how you prove your command of Dutch."))
    if application.pathway.requires_teaching_job and not (
        application.employed_as_teacher and (application.employing_school_id or application.employer_name)
    ):
        missing.append(gettext("This route is for teachers in employment: fill in the school that employs you."))
    if len(application.motivation.strip()) < 50:
        missing.append(gettext("Write your motivation (at least 50 characters)."))
    present = {document.kind for document in application.documents.all()}
    labels = dict(DocumentKind.choices)
    for kind in required_document_kinds(application):
        if kind not in present:
            missing.append(gettext("Upload this document: %(kind)s.") % {"kind": labels[kind]})
    return missing


# --- the applicant's draft --------------------------------------------------------------------


def application_start(
    *, applicant: User, pathway: Pathway, start_moment: StartMoment, subject: SchoolSubject | None = None
) -> Application:
    """Start a draft application for `pathway` at `start_moment`.

    Raises DeadlinePassed after the deadline, PortalError for a route that is not open or a subject
    the route does not offer, Conflict when the applicant already has a live application for it."""
    with transaction.atomic():
        if not (applicant and applicant.is_authenticated and applicant.is_active):
            raise NotAllowed()
        if not pathway.is_published:
            raise PortalError(_("This route is not open for applications."))
        if start_moment.pathway_id != pathway.pk:
            raise PortalError(_("Choose a start moment of this route."), field="start_moment")
        if not start_moment.is_open_on(deadline_today()):
            raise DeadlinePassed()
        offered = list(pathway.subjects.all())
        if subject is None and len(offered) == 1:
            subject = offered[0]
        if offered and subject not in offered:
            raise PortalError(_("Choose one of the subjects this route is offered for."), field="subject")
        if not offered:
            subject = None
        first, _space, last = (applicant.full_name or "").partition(" ")
        application = Application(
            applicant=applicant,
            pathway=pathway,
            start_moment=start_moment,
            subject=subject,
            first_name=first,
            last_name=last,
            dutch_proficiency="",
        )
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError as error:
            raise Conflict(_("You already have an application for this route and start.")) from error
        return application


DRAFT_FIELDS = frozenset(
    {
        "first_name",
        "last_name",
        "date_of_birth",
        "phone",
        "street",
        "postcode",
        "city",
        "country",
        "employed_as_teacher",
        "employing_school",
        "employer_name",
        "employment_hours",
        "dutch_proficiency",
        "english_proficiency_notes",
        "motivation",
        "subject",
        "start_moment",
    }
)


def application_update(*, application: Application, actor: User, **fields: Any) -> Application:
    """Save a step of the applicant's draft. Only fields of DRAFT_FIELDS; only while a draft."""
    with transaction.atomic():
        application = _lock(application)
        _require_applicant(actor, application)
        _require_draft(application)
        unknown = set(fields) - DRAFT_FIELDS
        if unknown:
            raise PortalError(
                _("These fields cannot be changed here: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
            )
        if "start_moment" in fields and fields["start_moment"].pathway_id != application.pathway_id:
            raise PortalError(_("Choose a start moment of this route."), field="start_moment")
        if "subject" in fields:
            offered = set(application.pathway.subjects.values_list("pk", flat=True))
            subject = fields["subject"]
            if offered and (subject is None or subject.pk not in offered):
                raise PortalError(_("Choose one of the subjects this route is offered for."), field="subject")
        if fields.get("employed_as_teacher") is False:
            fields.update(employing_school=None, employer_name="", employment_hours=None)
        for name, value in fields.items():
            setattr(application, name, value)
        full_clean_or_raise(application, exclude=["applicant", "assigned_to", "decided_by"])
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError as error:
            raise Conflict(_("You already have an application for this route and start.")) from error
        return application


def degree_add(*, application: Application, actor: User, **fields: Any) -> PriorDegree:
    with transaction.atomic():
        application = _lock(application)
        _require_applicant(actor, application)
        _require_draft(application)
        degree = PriorDegree(application=application, **fields)
        if not (degree.field_id or degree.field_other):
            raise PortalError(_("Choose the field of the degree, or describe it."), field="field")
        this_year = timezone.localdate().year
        if degree.year is not None and not (1950 <= degree.year <= this_year + 6):
            raise PortalError(_("Enter a year between 1950 and %(max)s.") % {"max": this_year + 6}, field="year")
        full_clean_or_raise(degree, exclude=["application"])
        degree.save()
        return degree


def degree_remove(*, degree: PriorDegree, actor: User) -> None:
    with transaction.atomic():
        application = _lock(degree.application)
        _require_applicant(actor, application)
        _require_draft(application)
        degree.delete()


def document_add(*, application: Application, kind: str, upload: UploadedFile, actor: User) -> ApplicationDocument:
    """Store `upload` (checked by its content: PDF, JPEG or PNG, at most the configured size).

    Applicants add documents to their draft, and to a submitted application while a request for
    information is open; intake staff may add documents at any time."""
    with transaction.atomic():
        application = _lock(application)
        if is_applicant(actor, application):
            if (
                application.status != S.DRAFT
                and not application.information_requests.filter(answered_at__isnull=True).exists()
            ):
                raise Conflict(_("Documents can be added to a draft, or to answer a request for information."))
        else:
            _require_staff(actor)
        if kind not in DocumentKind.values:
            raise PortalError(_("Choose the kind of document."), field="kind")
        content_type = check_upload(upload)
        document = ApplicationDocument(
            application=application,
            kind=kind,
            original_name=(upload.name or "document")[-200:],
            content_type=content_type,
            size=upload.size,  # type: ignore[misc]  # an int: check_upload refused an upload without a size
            uploaded_by=actor,
        )
        document.file.save(upload.name or "document", upload, save=False)
        try:
            document.save()
        except Exception:
            # The row was refused: do not leave the file behind. (A rollback of an outer transaction
            # after this point leaves an orphan file, which the anonymisation sweep never sees; the
            # callers here run this service as their whole transaction.)
            document.file.storage.delete(document.file.name)
            raise
        return document


def document_remove(*, document: ApplicationDocument, actor: User) -> None:
    with transaction.atomic():
        application = _lock(document.application)
        if is_applicant(actor, application):
            _require_draft(application)
        else:
            _require_staff(actor)
        name, storage = document.file.name, document.file.storage
        document.delete()
        transaction.on_commit(lambda: storage.delete(name))


# --- the transitions --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Move:
    """One allowed transition: who may make it (`by` is "applicant", "staff" or "either"), the
    permission staff need, and a check that returns a refusal message or None. `applies` says
    whether the move is a step of the application's route at all: one that is not is never
    offered, not even as held back (its check still refuses it)."""

    by: str
    perm: str = REVIEW
    check: Callable[[Application], str | None] | None = None
    reason_required: bool = False
    applies: Callable[[Application], bool] | None = None


def _route_assesses(application: Application) -> bool:
    return application.pathway.requires_aptitude_assessment


def _needs_assessment(application: Application) -> str | None:
    if not _route_assesses(application):
        return gettext("This route has no aptitude assessment.")
    return None


def _assessment_done(application: Application) -> str | None:
    if application.pathway.requires_aptitude_assessment:
        assessment = AptitudeAssessment.objects.filter(application=application).first()
        if assessment is None or assessment.outcome == AptitudeAssessment.Outcome.PENDING:
            return gettext("Record the outcome of the aptitude assessment first.")
    return None


def _admit(application: Application) -> str | None:
    refusal = _assessment_done(application)
    if refusal:
        return refusal
    assessment = AptitudeAssessment.objects.filter(application=application).first()
    if assessment and assessment.outcome == AptitudeAssessment.Outcome.NOT_SUITABLE:
        return gettext("The aptitude assessment found the applicant not suitable.")
    return None


def _admit_with_conditions(application: Application) -> str | None:
    refusal = _admit(application)
    if refusal:
        return refusal
    if not application.conditions.exists():
        return gettext("Add the conditions before admitting with conditions.")
    return None


def _enrol(application: Application) -> str | None:
    if application.conditions.filter(status=AdmissionCondition.Status.OPEN).exists():
        return gettext("Every condition must be met or waived before enrolment.")
    return None


def _decide_from(from_status: str) -> dict[tuple[str, str], Move]:
    return {
        (from_status, S.ADMITTED): Move("staff", DECIDE, _admit),
        (from_status, S.ADMITTED_WITH_CONDITIONS): Move("staff", DECIDE, _admit_with_conditions),
        (from_status, S.REJECTED): Move("staff", DECIDE, _assessment_done, reason_required=True),
    }


TRANSITIONS: dict[tuple[str, str], Move] = {
    (S.SUBMITTED, S.IN_REVIEW): Move("staff", REVIEW),
    (S.IN_REVIEW, S.APTITUDE_ASSESSMENT): Move("staff", REVIEW, _needs_assessment, applies=_route_assesses),
    **_decide_from(S.IN_REVIEW),
    **_decide_from(S.APTITUDE_ASSESSMENT),
    (S.ADMITTED, S.ENROLLED): Move("staff", DECIDE, _enrol),
    (S.ADMITTED_WITH_CONDITIONS, S.ENROLLED): Move("staff", DECIDE, _enrol),
    **{
        (status, S.WITHDRAWN): Move("either", REVIEW)
        for status in (
            S.DRAFT,
            S.SUBMITTED,
            S.IN_REVIEW,
            S.APTITUDE_ASSESSMENT,
            S.ADMITTED,
            S.ADMITTED_WITH_CONDITIONS,
        )
    },
}
# Submitting has rules of its own (deadline, completeness) and only the applicant does it.
SUBMIT = (S.DRAFT, S.SUBMITTED)


def _may_make(move: Move, application: Application, actor: User | AnonymousUser | None) -> bool:
    if move.by in ("applicant", "either") and is_applicant(actor, application):
        return True
    return move.by in ("staff", "either") and is_intake_staff(actor, move.perm)


@dataclasses.dataclass(frozen=True)
class TransitionOption:
    """A move of TRANSITIONS from the application's current status that the actor may make:
    possible now when `refusal` is None, else held back by the move's rule (its message)."""

    to_status: str
    reason_required: bool
    refusal: str | None


def transition_options(application: Application, actor: User | AnonymousUser | None) -> list[TransitionOption]:
    """The moves `actor` may make from `application`'s status, in TRANSITIONS' order, each with
    what still holds it back (for the admin's buttons; the move checks again)."""
    options = []
    for (source, target), move in TRANSITIONS.items():
        if source != application.status or not _may_make(move, application, actor):
            continue
        if move.applies is not None and not move.applies(application):
            continue
        refusal = move.check(application) if move.check else None
        options.append(TransitionOption(to_status=target, reason_required=move.reason_required, refusal=refusal))
    return options


def allowed_transitions(application: Application, actor: User | AnonymousUser | None) -> list[str]:
    """The statuses `actor` may move `application` to now (for buttons; the move checks again)."""
    targets: list[str] = []
    if application.status == S.DRAFT and is_applicant(actor, application):
        targets.append(S.SUBMITTED)
    targets += [option.to_status for option in transition_options(application, actor) if option.refusal is None]
    return targets


def application_transition(*, application: Application, to_status: str, actor: User, reason: str = "") -> Application:
    """Move `application` to `to_status`, as TRANSITIONS allows, recording who, when and why.

    Queues the applicant's notification (and, for lateral entrants, the employing school's) after
    commit. Raises NotAllowed when the actor may not make this move, Conflict when the move does
    not exist from the current status (also when somebody else moved it first), PortalError when
    a rule of the move refuses it."""
    with transaction.atomic():
        if (application.status, to_status) == SUBMIT:
            return application_submit(application=application, actor=actor)
        application = _lock(application)
        move = TRANSITIONS.get((application.status, to_status))
        if move is None:
            raise Conflict(
                _("An application that is “%(current)s” cannot become “%(target)s”.")
                % {
                    "current": application.get_status_display(),
                    "target": S(to_status).label if to_status in S.values else to_status,
                }
            )
        if not _may_make(move, application, actor):
            raise NotAllowed()
        reason = (reason or "").strip()
        if move.reason_required and not reason:
            raise PortalError(_("Give the reason; the applicant reads it in the decision."), field="reason")
        if move.check:
            refusal = move.check(application)
            if refusal:
                raise PortalError(refusal)
        return _record(application, to_status, actor, reason)


def _record(application: Application, to_status: str, actor: User, reason: str) -> Application:

    now = timezone.now()
    from_status = application.status
    application.status = to_status
    update = ["status", "updated_at"]
    if to_status == S.SUBMITTED:
        application.submitted_at = now
        update.append("submitted_at")
    if to_status in (S.ADMITTED, S.ADMITTED_WITH_CONDITIONS, S.REJECTED):
        application.decided_at, application.decided_by = now, actor
        update += ["decided_at", "decided_by"]
        if reason:
            application.decision_explanation = reason
            update.append("decision_explanation")
    if to_status == S.ENROLLED:
        application.enrolled_at = now
        update.append("enrolled_at")
    if to_status == S.WITHDRAWN:
        application.withdrawn_at = now
        update.append("withdrawn_at")
    application.save(update_fields=update)
    transition = ApplicationTransition.objects.create(
        application=application, from_status=from_status, to_status=to_status, actor=actor, reason=reason
    )
    notifications.application_status_changed(application=application, transition=transition)
    if to_status == S.WITHDRAWN:
        # The slices built on intake react (placements cancels the trainee's live placements).
        for listener in hooks.listeners():
            listener.application_withdrawn(application=application, actor=actor)
    return application


def application_submit(*, application: Application, actor: User) -> Application:
    """Submit the applicant's draft: before the start moment's deadline (end of that day in
    Amsterdam) and complete, with the required documents. Raises DeadlinePassed or Incomplete."""
    with transaction.atomic():
        application = _lock(application)
        _require_applicant(actor, application)
        if application.status != S.DRAFT:
            raise Conflict(_("This application has been submitted already."))
        if not application.start_moment.is_open_on(deadline_today()):
            raise DeadlinePassed()
        missing = application_missing(application)
        if missing:
            raise Incomplete(" ".join(missing))
        return _record(application, S.SUBMITTED, actor, "")


def application_withdraw(*, application: Application, actor: User, reason: str = "") -> Application:
    return application_transition(application=application, to_status=S.WITHDRAWN, actor=actor, reason=reason)


# --- what intake staff may do with an application now ------------------------------------------
# One rule per piece of work: the service doing the work raises its refusal, and the admin offers
# the rows to fill in exactly where the rule lets the signed-in user do it.

# While the application is assessed: requests for information.
ASSESSING = (S.SUBMITTED, S.IN_REVIEW, S.APTITUDE_ASSESSMENT)
# The aptitude assessment is planned and recorded in review and in its own step.
ASSESSMENT_STATUSES = (S.IN_REVIEW, S.APTITUDE_ASSESSMENT)
# Conditions of admission and exemptions are decided before or with the admission.
CONDITION_STATUSES = (S.SUBMITTED, S.IN_REVIEW, S.APTITUDE_ASSESSMENT, S.ADMITTED, S.ADMITTED_WITH_CONDITIONS)


def information_request_refusal(application: Application, actor: User | AnonymousUser | None) -> PortalError | None:
    """Why `actor` may not ask the applicant for information now (None: they may)."""
    if not is_intake_staff(actor):
        return NotAllowed()
    if application.status not in ASSESSING:
        return Conflict(_("Information can be requested while the application is being assessed."))
    return None


def assessment_refusal(application: Application, actor: User | AnonymousUser | None) -> PortalError | None:
    """Why `actor` may not plan or record the aptitude assessment now (None: they may)."""
    if not is_intake_staff(actor):
        return NotAllowed()
    if not _route_assesses(application):
        return PortalError(_("This route has no aptitude assessment."))
    if application.status not in ASSESSMENT_STATUSES:
        return Conflict(_("The aptitude assessment is recorded while the application is being assessed."))
    return None


def condition_refusal(application: Application, actor: User | AnonymousUser | None) -> PortalError | None:
    """Why `actor` may not add a condition of admission now (None: they may)."""
    if not is_intake_staff(actor, DECIDE):
        return NotAllowed()
    if application.status not in CONDITION_STATUSES:
        return Conflict(_("Conditions are set while the application is assessed or admitted."))
    return None


def exemption_refusal(application: Application, actor: User | AnonymousUser | None) -> PortalError | None:
    """Why `actor` may not grant or revoke an exemption now (None: they may)."""
    if not is_intake_staff(actor, DECIDE):
        return NotAllowed()
    if application.status not in CONDITION_STATUSES:
        return Conflict(_("Exemptions are granted while the application is assessed or admitted."))
    return None


def _refuse(refusal: PortalError | None) -> None:
    if refusal is not None:
        raise refusal


# --- intake staff's work on an application ----------------------------------------------------


def application_assign(*, application: Application, assignee: User | None, actor: User) -> Application:
    """Assign `application` to an intake officer (None: unassign); the officer is told in-app and by e-mail."""
    with transaction.atomic():
        _require_staff(actor)
        application = _lock(application)
        if assignee is not None and not is_intake_staff(assignee):
            raise PortalError(_("Applications can only be assigned to intake staff."), field="assigned_to")
        if application.assigned_to_id == (assignee.pk if assignee else None):
            return application
        application.assigned_to = assignee
        application.save(update_fields=["assigned_to", "updated_at"])
        if assignee is not None and assignee != actor:
            notifications.application_assigned(application=application, assignee=assignee, actor=actor)
        return application


def information_request_create(*, application: Application, question: str, actor: User) -> InformationRequest:
    """Ask the applicant for more information; they are notified and answer in the portal."""
    with transaction.atomic():
        application = _lock(application)
        _refuse(information_request_refusal(application, actor))
        question = (question or "").strip()
        if not question:
            raise PortalError(_("Write the question."), field="question")
        request = InformationRequest.objects.create(application=application, question=question, requested_by=actor)
        notifications.information_requested(request=request)
        return request


def information_request_answer(*, request: InformationRequest, answer: str, actor: User) -> InformationRequest:
    """The applicant answers a request; the assigned officer is told."""
    with transaction.atomic():
        request = (
            InformationRequest.objects.select_for_update(of=("self",)).select_related("application").get(pk=request.pk)
        )
        _require_applicant(actor, request.application)
        if not request.is_open:
            raise Conflict(_("This request has been answered already."))
        answer = (answer or "").strip()
        if not answer:
            raise PortalError(_("Write your answer."), field="answer")
        request.answer, request.answered_at = answer, timezone.now()
        request.save(update_fields=["answer", "answered_at", "updated_at"])
        notifications.information_answered(request=request)
        return request


def note_add(*, application: Application, text: str, actor: User) -> InternalNote:
    _require_staff(actor)
    text = (text or "").strip()
    if not text:
        raise PortalError(_("Write the note."), field="text")
    return InternalNote.objects.create(application=application, author=actor, text=text)


def checklist_set(*, application: Application, item: ChecklistItem, done: bool, actor: User) -> None:
    with transaction.atomic():
        _require_staff(actor)
        if item.pathway_id != application.pathway_id:
            raise PortalError(_("This item is not on this route's checklist."))
        if done:
            ChecklistCheck.objects.get_or_create(application=application, item=item, defaults={"done_by": actor})
        else:
            ChecklistCheck.objects.filter(application=application, item=item).delete()


def aptitude_assessment_save(
    *,
    application: Application,
    actor: User,
    scheduled_at: datetime.datetime | None = None,
    assessors: Iterable[User] | None = None,
    outcome: str = AptitudeAssessment.Outcome.PENDING,
    advice: str = "",
) -> AptitudeAssessment:
    """Plan or record the aptitude assessment of a route that asks for one."""
    with transaction.atomic():
        application = _lock(application)
        _refuse(assessment_refusal(application, actor))
        if outcome not in AptitudeAssessment.Outcome.values:
            raise PortalError(_("Choose the outcome."), field="outcome")
        if outcome != AptitudeAssessment.Outcome.PENDING and not scheduled_at:
            raise PortalError(_("Enter the date of the assessment."), field="scheduled_at")
        assessment, _created = AptitudeAssessment.objects.update_or_create(
            application=application, defaults={"scheduled_at": scheduled_at, "outcome": outcome, "advice": advice}
        )
        if assessors is not None:
            assessment.assessors.set(assessors)
        return assessment


def exemption_grant(*, application: Application, module: Module, ec: int, reason: str, actor: User) -> Exemption:
    """Exempt the applicant from a module of their route (EVC), for at most the module's EC."""
    with transaction.atomic():
        _refuse(exemption_refusal(application, actor))
        if module.pathway_id != application.pathway_id:
            raise PortalError(_("Choose a module of this route."), field="module")
        if not ec or ec <= 0 or ec > module.ec:
            raise PortalError(_("The exemption is between 1 and %(ec)s EC.") % {"ec": module.ec}, field="ec")
        if not (reason or "").strip():
            raise PortalError(_("Give the reason for the exemption."), field="reason")
        try:
            with transaction.atomic():
                return Exemption.objects.create(
                    application=application, module=module, ec=ec, reason=reason.strip(), granted_by=actor
                )
        except IntegrityError as error:
            raise Conflict(_("This module has been exempted already.")) from error


def exemption_revoke(*, exemption: Exemption, actor: User) -> None:
    _refuse(exemption_refusal(exemption.application, actor))
    exemption.delete()


def condition_add(
    *,
    application: Application,
    kind: str,
    actor: User,
    deficiency_course: DeficiencyCourse | None = None,
    description: str = "",
    due_on: datetime.date | None = None,
) -> AdmissionCondition:
    """Add a condition of admission (before or with a conditional admission)."""
    with transaction.atomic():
        _refuse(condition_refusal(application, actor))
        condition = AdmissionCondition(
            application=application,
            kind=kind,
            deficiency_course=deficiency_course,
            description=description.strip(),
            due_on=due_on,
        )
        if due_on is not None and due_on < timezone.localdate():
            raise PortalError(_("The date to meet the condition by cannot be in the past."), field="due_on")
        if kind == AdmissionCondition.Kind.DEFICIENCY_COURSE and deficiency_course is None:
            raise PortalError(_("Choose the deficiency course."), field="deficiency_course")
        if kind == AdmissionCondition.Kind.OTHER and not condition.description:
            raise PortalError(_("Describe the condition."), field="description")
        full_clean_or_raise(condition, exclude=["application"])
        condition.save()
        return condition


def condition_set_status(*, condition: AdmissionCondition, status: str, actor: User) -> AdmissionCondition:
    with transaction.atomic():
        _require_staff(actor, DECIDE)
        if status not in AdmissionCondition.Status.values:
            raise PortalError(_("Choose the status."), field="status")
        condition.status, condition.status_changed_at = status, timezone.now()
        condition.save(update_fields=["status", "status_changed_at", "updated_at"])
        return condition
