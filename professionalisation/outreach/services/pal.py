"""Every write of PAL student assistants; pages, admin, API and the demo call these.

Each service runs in one transaction, locks the rows it moves (`select_for_update`), checks who
acts (professionalisation/outreach/permissions/pal.py), validates on the server and names the actor
in the history rows; a refusal is a translated PortalError (NotAllowed, Conflict) and nothing is
written. What each party is told goes through the outbox (notifications/pal.py), in the
recipient's language.

Hours: the student logs the hours of one ISO week of a confirmed assignment, for a week that
overlaps the request's period and has begun (not in the future); logging the same week again
changes the row while the school has not confirmed it (a rejected row is logged again the same
way). A week holds at most 8 hours for each working day (Monday to Friday) of it inside the period,
and never more than 40. Confirmed hours are locked: any later change or delete is refused.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from iclon.accounts.models import User
from iclon.core.errors import Conflict, NotAllowed, PortalError, full_clean_or_raise
from iclon.core.history import history_author, record_history_as
from partnerships.models import EducationRegion, School
from professionalisation.activities.models import Activity
from professionalisation.completion.models import Completion
from professionalisation.outreach.models.pal import (
    ASSIGNMENT_LIVE,
    MAX_HOURS_PER_DAY,
    MAX_HOURS_PER_WEEK,
    REQUEST_OPEN,
    PalAssignment,
    PalAssignmentStatus,
    PalHours,
    PalHoursStatus,
    PalRequest,
    PalRequestStatus,
    PalStudent,
    PalTask,
    PalWeekday,
)
from professionalisation.outreach.notifications import pal as notifications
from professionalisation.outreach.permissions.pal import (
    is_pal_staff,
    is_pal_student,
    speaks_for_school,
)
from programmes.catalogue.models import SchoolSubject

STUDENT = "student"
SCHOOL = "school"


def _save(row: Model, actor: User | AnonymousUser | None) -> Any:
    full_clean_or_raise(row)
    record_history_as(row, history_author(actor))
    row.save()
    return row


def _text(value: str | None) -> str:
    return (value or "").strip()


def _reason(reason: str | None) -> str:
    reason = _text(reason)
    if not reason:
        raise PortalError(_("Give the reason."), field="reason")
    if len(reason) > 300:
        raise PortalError(_("Keep the reason under 300 characters."), field="reason")
    return reason


def _hours(value: Any, *, field: str) -> Decimal:
    """A number of hours: more than 0, at most 40, in at most two decimals."""
    try:
        hours = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise PortalError(_("Give the hours as a number, e.g. 4 or 2.5."), field=field) from None
    if not hours.is_finite() or hours <= 0 or hours > MAX_HOURS_PER_WEEK:
        raise PortalError(_("Give more than 0 and at most 40 hours."), field=field)
    exponent = hours.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise PortalError(_("Give the hours in at most two decimals."), field=field)
    return hours


def _choices(values: Iterable[str] | None, allowed: list[str], *, field: str, message: str | Promise) -> list[str]:
    chosen = list(dict.fromkeys(values or []))
    if not chosen or any(value not in allowed for value in chosen):
        raise PortalError(message, field=field)
    return [value for value in allowed if value in chosen]


def _locked_request(request: PalRequest) -> PalRequest:
    return PalRequest.objects.select_for_update(of=("self",)).select_related("school").get(pk=request.pk)


def _locked_assignment(assignment: PalAssignment) -> PalAssignment:
    return (
        PalAssignment.objects.select_for_update(of=("self",))
        .select_related("request__school", "student__user")
        .get(pk=assignment.pk)
    )


# --- requests -----------------------------------------------------------------------------------


def pal_request_create(
    *,
    actor: User | AnonymousUser | None,
    school: School,
    tasks: Iterable[str],
    hours_per_week: Any,
    starts_on: datetime.date,
    ends_on: datetime.date,
    weekdays: Iterable[str],
    subject: SchoolSubject | None = None,
    region: EducationRegion | None = None,
    tasks_other: str = "",
    notes: str = "",
) -> PalRequest:
    """A school asks for PAL support (a school contact, leader or school-based teacher educator of
    that school, or a coordinator). The region defaults to the school's. Raises NotAllowed, or a
    PortalError for missing tasks or days, "other" without saying what, hours out of range, or a
    period that ends before it starts or has ended."""
    with transaction.atomic():
        if not (is_pal_staff(actor) or speaks_for_school(actor, school.pk)):
            raise NotAllowed()
        if not school.is_active:
            raise PortalError(_("This school is no longer active."), field="school")
        tasks = _choices(tasks, PalTask.values, field="tasks", message=_("Choose the tasks the students will do."))
        tasks_other = _text(tasks_other)
        if PalTask.OTHER in tasks and not tasks_other:
            raise PortalError(_("Say which other tasks."), field="tasks_other")
        if PalTask.OTHER not in tasks:
            tasks_other = ""
        weekdays = _choices(
            weekdays, PalWeekday.values, field="weekdays", message=_("Choose weekdays from Monday to Friday.")
        )
        if starts_on is None or ends_on is None:
            raise PortalError(_("Give the period."), field="starts_on")
        if ends_on < starts_on:
            raise PortalError(_("The period cannot end before it starts."), field="ends_on")
        if ends_on < timezone.localdate():
            raise PortalError(_("This period is over."), field="ends_on")
        region = region or school.region
        if region is None:
            raise PortalError(_("Choose the education region through which the appointment runs."), field="region")
        request = PalRequest(
            school=school,
            requested_by=history_author(actor),
            tasks=tasks,
            tasks_other=tasks_other,
            subject=subject,
            hours_per_week=_hours(hours_per_week, field="hours_per_week"),
            starts_on=starts_on,
            ends_on=ends_on,
            weekdays=weekdays,
            region=region,
            notes=_text(notes),
        )
        request = _save(request, actor)
        notifications.request_received(request=request)
        return request


def pal_request_withdraw(*, actor: User | AnonymousUser | None, request: PalRequest, reason: str) -> PalRequest:
    """The school (or a coordinator) withdraws a request that still runs, with the reason; its
    proposed and confirmed assignments are cancelled. Refused once hours were logged for it (a
    coordinator closes it instead)."""
    with transaction.atomic():
        request = _locked_request(request)
        if not (is_pal_staff(actor) or speaks_for_school(actor, request.school_id)):
            raise NotAllowed()
        reason = _reason(reason)
        if request.status not in REQUEST_OPEN:
            raise Conflict(_("This request is closed or withdrawn already."))
        if PalHours.objects.filter(assignment__request=request).exists():
            raise Conflict(_("Hours were logged for this request: it is closed, not withdrawn."))
        live = list(
            PalAssignment.objects.select_for_update(of=("self",))
            .select_related("student__user")
            .filter(request=request, status__in=ASSIGNMENT_LIVE)
            .order_by("pk")
        )
        for assignment in live:
            assignment.status = PalAssignmentStatus.CANCELLED
            assignment.decline_reason = reason
            assignment.declined_by = history_author(actor)
            _save(assignment, actor)
        request.status = PalRequestStatus.WITHDRAWN
        request.reason = reason
        request.closed_at = timezone.now()
        request = _save(request, actor)
        notifications.request_withdrawn(request=request, assignments=live)
        return request


def pal_request_close(*, actor: User | AnonymousUser | None, request: PalRequest) -> PalRequest:
    """A coordinator closes a confirmed request once its work is done. Refused while hours of it
    wait for the school's confirmation."""
    with transaction.atomic():
        if not is_pal_staff(actor):
            raise NotAllowed()
        request = _locked_request(request)
        if request.status != PalRequestStatus.CONFIRMED:
            raise Conflict(_("Only a confirmed request can be closed."))
        if PalHours.objects.filter(assignment__request=request, status=PalHoursStatus.LOGGED).exists():
            raise Conflict(_("Hours of this request still wait for the school's confirmation."))
        request.status = PalRequestStatus.CLOSED
        request.closed_at = timezone.now()
        request = _save(request, actor)
        notifications.request_closed(request=request)
        return request


# --- assignments --------------------------------------------------------------------------------


def pal_assign(
    *,
    actor: User | AnonymousUser | None,
    request: PalRequest,
    students: Iterable[PalStudent],
    hours_per_week: Any = None,
    reasons: dict[int, list[str]] | None = None,
) -> list[PalAssignment]:
    """A coordinator assigns one or more PAL students to a request that still runs, each for
    `hours_per_week` (the request's by default); the student and the school are asked to confirm.
    Refused for a student who is not active and trained, or is assigned to the request already."""
    with transaction.atomic():
        if not is_pal_staff(actor):
            raise NotAllowed()
        request = _locked_request(request)
        if request.status not in REQUEST_OPEN:
            raise Conflict(_("This request is closed or withdrawn."))
        students = list(dict.fromkeys(students))
        if not students:
            raise PortalError(_("Choose one or more PAL students."), field="students")
        hours = _hours(hours_per_week if hours_per_week is not None else request.hours_per_week, field="hours_per_week")
        ids = [student.pk for student in students]
        rows = {
            row.pk: row
            for row in PalStudent.objects.select_for_update(of=("self",)).select_related("user").filter(pk__in=ids)
        }
        taken = set(
            PalAssignment.objects.filter(request=request, student_id__in=ids, status__in=ASSIGNMENT_LIVE).values_list(
                "student_id", flat=True
            )
        )
        assignments = []
        for student_id in ids:
            student = rows[student_id]
            if not (student.active and student.trained and student.user.is_active):
                raise PortalError(
                    _("%(name)s is not an active, trained PAL student.") % {"name": student.user.full_name},
                    field="students",
                )
            if student_id in taken:
                raise Conflict(_("%(name)s is already assigned to this request.") % {"name": student.user.full_name})
            assignment = PalAssignment(
                request=request,
                student=student,
                hours_per_week=hours,
                reasons=list((reasons or {}).get(student_id, [])),
                assigned_by=history_author(actor),
            )
            assignments.append(_save(assignment, actor))
        if request.status == PalRequestStatus.REQUESTED:
            request.status = PalRequestStatus.ASSIGNED
            _save(request, actor)
        for assignment in assignments:
            notifications.assignment_proposed(assignment=assignment)
        return assignments


def pal_assignment_confirm(
    *, actor: User | AnonymousUser | None, assignment: PalAssignment, side: str
) -> PalAssignment:
    """The student (`side="student"`) or the school (`side="school"`) confirms a proposed
    assignment; once both have, it is confirmed, and so is its request."""
    with transaction.atomic():
        assignment = _locked_assignment(assignment)
        request = assignment.request
        if side == STUDENT:
            if not is_pal_student(actor, assignment.student):
                raise NotAllowed()
        elif side == SCHOOL:
            if not speaks_for_school(actor, request.school_id):
                raise NotAllowed()
        else:
            raise PortalError(_("Confirm as the student or as the school."), field="side")
        if assignment.status != PalAssignmentStatus.PROPOSED:
            raise Conflict(_("Only a proposed assignment can be confirmed."))
        request = _locked_request(request)
        if request.status not in REQUEST_OPEN:
            raise Conflict(_("This request is closed or withdrawn."))
        now = timezone.now()
        if side == STUDENT:
            if assignment.student_confirmed_at is not None:
                raise Conflict(_("You have confirmed this assignment already."))
            assignment.student_confirmed_at = now
        else:
            if assignment.school_confirmed_at is not None:
                raise Conflict(_("The school has confirmed this assignment already."))
            assignment.school_confirmed_at = now
            assignment.school_confirmed_by = history_author(actor)
        both = assignment.student_confirmed_at is not None and assignment.school_confirmed_at is not None
        if both:
            assignment.status = PalAssignmentStatus.CONFIRMED
        assignment = _save(assignment, actor)
        if both and request.status != PalRequestStatus.CONFIRMED:
            request.status = PalRequestStatus.CONFIRMED
            _save(request, actor)
        if both:
            notifications.assignment_confirmed(assignment=assignment)
        return assignment


def pal_assignment_decline(
    *, actor: User | AnonymousUser | None, assignment: PalAssignment, reason: str
) -> PalAssignment:
    """The student, the school or a coordinator declines a proposed assignment, with the reason.
    A request left without students goes back to "requested"."""
    with transaction.atomic():
        assignment = _locked_assignment(assignment)
        request = assignment.request
        if not (
            is_pal_staff(actor)
            or is_pal_student(actor, assignment.student)
            or speaks_for_school(actor, request.school_id)
        ):
            raise NotAllowed()
        reason = _reason(reason)
        if assignment.status != PalAssignmentStatus.PROPOSED:
            raise Conflict(_("Only a proposed assignment can be declined."))
        request = _locked_request(request)
        assignment.status = PalAssignmentStatus.DECLINED
        assignment.decline_reason = reason
        assignment.declined_by = history_author(actor)
        assignment = _save(assignment, actor)
        others = PalAssignment.objects.filter(request=request, status__in=ASSIGNMENT_LIVE).exclude(pk=assignment.pk)
        if request.status == PalRequestStatus.ASSIGNED and not others.exists():
            request.status = PalRequestStatus.REQUESTED
            _save(request, actor)
        notifications.assignment_declined(assignment=assignment, actor=history_author(actor))
        return assignment


# --- hours --------------------------------------------------------------------------------------


def week_monday(year: int, week: int) -> datetime.date:
    """The Monday of ISO week `week` of `year`; a PortalError for a week that does not exist."""
    try:
        return datetime.date.fromisocalendar(int(year), int(week), 1)
    except (TypeError, ValueError):
        raise PortalError(_("This week does not exist."), field="week") from None


def week_max_hours(request: PalRequest, monday: datetime.date) -> Decimal:
    """The most hours that the week of `monday` can plausibly hold for `request`: 8 for each
    working day (Monday to Friday) of it inside the request's period, and never more than 40."""
    days = sum(1 for n in range(5) if request.starts_on <= monday + datetime.timedelta(days=n) <= request.ends_on)
    return min(MAX_HOURS_PER_WEEK, MAX_HOURS_PER_DAY * days)


def pal_hours_log(
    *, actor: User | AnonymousUser | None, assignment: PalAssignment, year: int, week: int, hours: Any, note: str = ""
) -> PalHours:
    """The student logs the hours of one week of a confirmed assignment (see the module's
    docstring). Logging a week again changes its row while it is not confirmed; a confirmed week
    is locked and refused."""
    with transaction.atomic():
        # The assignment's lock serialises two logs of the same week (no second row, no lost update).
        assignment = _locked_assignment(assignment)
        if not is_pal_student(actor, assignment.student):
            raise NotAllowed()
        request = assignment.request
        if assignment.status != PalAssignmentStatus.CONFIRMED or request.status != PalRequestStatus.CONFIRMED:
            raise Conflict(_("Hours are logged for a confirmed assignment of a running request only."))
        monday = week_monday(year, week)
        if monday > timezone.localdate():
            raise PortalError(_("This week has not begun: log its hours once you have worked them."), field="week")
        if monday + datetime.timedelta(days=6) < request.starts_on or monday > request.ends_on:
            raise PortalError(_("This week is outside the period of the request."), field="week")
        value = _hours(hours, field="hours")
        most = week_max_hours(request, monday)
        if value > most:
            raise PortalError(
                _("At most %(hours)s hours can be logged for this week.") % {"hours": most.normalize()},
                field="hours",
            )
        row = (
            PalHours.objects.select_for_update(of=("self",)).filter(assignment=assignment, year=year, week=week).first()
        )
        if row is None:
            row = PalHours(assignment=assignment, year=int(year), week=int(week))
        elif row.locked:
            raise Conflict(_("The school has confirmed the hours of this week: they can no longer be changed."))
        row.hours = value
        row.note = _text(note)[:300]
        row.status = PalHoursStatus.LOGGED
        row.logged_by = history_author(actor)
        row.logged_at = timezone.now()
        row.confirmed_by = None
        row.confirmed_at = None
        row.reject_reason = ""
        row = _save(row, actor)
        notifications.hours_logged(hours=row)
        return row


def _locked_hours(hours: PalHours) -> PalHours:
    return (
        PalHours.objects.select_for_update(of=("self",))
        .select_related("assignment__request__school", "assignment__student__user")
        .get(pk=hours.pk)
    )


def pal_hours_delete(*, actor: User | AnonymousUser | None, hours: PalHours) -> None:
    """The student removes a week's hours that the school has not confirmed; a confirmed week is
    locked and refused."""
    with transaction.atomic():
        row = _locked_hours(hours)
        if not is_pal_student(actor, row.assignment.student):
            raise NotAllowed()
        if row.locked:
            raise Conflict(_("The school has confirmed the hours of this week: they can no longer be changed."))
        record_history_as(row, history_author(actor))
        row.delete()


def pal_hours_confirm(*, actor: User | AnonymousUser | None, hours: PalHours) -> PalHours:
    """The school confirms a week's logged hours; from then on they are locked."""
    with transaction.atomic():
        row = _locked_hours(hours)
        if not speaks_for_school(actor, row.assignment.request.school_id):
            raise NotAllowed()
        if row.status == PalHoursStatus.CONFIRMED:
            raise Conflict(_("These hours are confirmed already."))
        if row.status != PalHoursStatus.LOGGED:
            raise Conflict(_("These hours were rejected: the student logs them again first."))
        row.status = PalHoursStatus.CONFIRMED
        row.confirmed_by = history_author(actor)
        row.confirmed_at = timezone.now()
        row = _save(row, actor)
        notifications.hours_confirmed(hours=row)
        return row


def pal_hours_reject(*, actor: User | AnonymousUser | None, hours: PalHours, reason: str) -> PalHours:
    """The school rejects a week's logged hours, with the reason; the student may log them again."""
    with transaction.atomic():
        row = _locked_hours(hours)
        if not speaks_for_school(actor, row.assignment.request.school_id):
            raise NotAllowed()
        reason = _reason(reason)
        if row.status == PalHoursStatus.CONFIRMED:
            raise Conflict(_("The school has confirmed the hours of this week: they can no longer be changed."))
        if row.status != PalHoursStatus.LOGGED:
            raise Conflict(_("These hours are rejected already."))
        row.status = PalHoursStatus.REJECTED
        row.reject_reason = reason
        row.confirmed_by = history_author(actor)
        row.confirmed_at = None
        row = _save(row, actor)
        notifications.hours_rejected(hours=row)
        return row


# --- the pool -----------------------------------------------------------------------------------

STUDENT_FIELDS = ("trained", "trained_on", "training_completion", "training_activity", "weekdays", "region", "active")


def pal_student_save(
    *,
    actor: User | AnonymousUser | None,
    user: User,
    region: EducationRegion,
    weekdays: Iterable[str] = (),
    subjects: Iterable[SchoolSubject] = (),
    trained: bool = False,
    trained_on: datetime.date | None = None,
    training_completion: Completion | None = None,
    training_activity: Activity | None = None,
    active: bool = True,
    student: PalStudent | None = None,
) -> PalStudent:
    """Add a student to the pool, or change their row (`student`); coordinators only."""
    with transaction.atomic():
        if not is_pal_staff(actor):
            raise NotAllowed()
        if set(weekdays or []) - set(PalWeekday.values):
            raise PortalError(_("Choose weekdays from Monday to Friday."), field="weekdays")
        weekdays = [day for day in PalWeekday.values if day in set(weekdays or [])]
        if student is None:
            if PalStudent.objects.filter(user=user).exists():
                raise Conflict(_("This person is in the PAL pool already."))
            student = PalStudent(user=user)
        else:
            student = PalStudent.objects.select_for_update(of=("self",)).get(pk=student.pk)
        if trained and trained_on is None:
            trained_on = training_completion.completed_at.date() if training_completion else timezone.localdate()
        student.region = region
        student.weekdays = weekdays
        student.trained = trained
        student.trained_on = trained_on if trained else None
        student.training_completion = training_completion
        student.training_activity = training_activity or (
            training_completion.registration.session.activity if training_completion else None
        )
        student.active = active
        student = _save(student, actor)
        student.subjects.set(list(subjects))
        return student
