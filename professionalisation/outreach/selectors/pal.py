"""Reads of PAL student assistants, scoped to the viewer in one place per resource, with what their
callers show loaded, so that a list runs a fixed number of queries whatever its length.

Who sees what (partnerships.tenancy.visible_rows, the portal's one tenancy rule):

* coordinators (staff holding the view permission) see every request, assignment and hours row;
* a school user sees their school's requests, assignments and hours (a lead school's contact or
  leader, the partnership's schools);
* a PAL student sees their own assignments and hours (not the requests as such: an assignment
  carries what they need of its request);
* everybody else sees nothing.

`pal_suggestions` ranks the pool for a request by subject, days and region, with the reasons in
words; the totals count confirmed hours per school, region and period; the payroll export (CSV,
XLSX) of a region's confirmed hours is for staff only.
"""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from iclon.accounts.models import User
from iclon.core.errors import NotAllowed
from partnerships.models import EducationRegion
from partnerships.selectors import active_memberships
from partnerships.tenancy import visible_rows
from professionalisation.outreach.exports.pal import PalHoursPayrollResource
from professionalisation.outreach.models.pal import (
    ASSIGNMENT_LIVE,
    REQUEST_OPEN,
    PalAssignment,
    PalHours,
    PalHoursStatus,
    PalRequest,
    PalRequestStatus,
    PalStudent,
    PalWeekday,
)
from professionalisation.outreach.permissions.pal import (
    EXPORT_PAL_HOURS,
    PAL_SCHOOL_ROLES,
    VIEW_PAL,
    Viewer,
    may_export_hours,
)

VIEW_ASSIGNMENTS = "professionalisation.view_palassignment"

# --- scoping ------------------------------------------------------------------------------------


def pal_request_list_for_user(user: Viewer) -> QuerySet[PalRequest]:
    rows = PalRequest.objects.select_related("school", "subject", "region", "requested_by")
    return visible_rows(rows, user=user, perm=VIEW_PAL, school="school")


def pal_request_get_for_user(*, user: Viewer, pk: int | str) -> PalRequest:
    request = pal_request_list_for_user(user).filter(pk=pk).first()
    if request is None:
        raise Http404
    return request


def pal_requests_to_assign(user: Viewer) -> QuerySet[PalRequest]:
    """The requests `user` may see that wait for a coordinator to assign students: new ones, and
    those whose every assignment was declined (services.pal_assignment_decline puts them back)."""
    return pal_request_list_for_user(user).filter(status=PalRequestStatus.REQUESTED)


def pal_assignment_list_for_user(user: Viewer) -> QuerySet[PalAssignment]:
    rows = PalAssignment.objects.select_related(
        "request__school", "request__subject", "request__region", "student__user"
    )
    own = Q(student__user=user) if user is not None and user.is_authenticated else None
    return visible_rows(rows, user=user, perm=VIEW_ASSIGNMENTS, school="request__school", own=own)


def pal_assignment_get_for_user(*, user: Viewer, pk: int | str) -> PalAssignment:
    assignment = pal_assignment_list_for_user(user).filter(pk=pk).first()
    if assignment is None:
        raise Http404
    return assignment


def pal_hours_list_for_user(user: Viewer) -> QuerySet[PalHours]:
    rows = PalHours.objects.select_related(
        "assignment__request__school", "assignment__request__region", "assignment__student__user", "confirmed_by"
    )
    own = Q(assignment__student__user=user) if user is not None and user.is_authenticated else None
    return visible_rows(rows, user=user, perm=EXPORT_PAL_HOURS, school="assignment__request__school", own=own)


def pal_hours_get_for_user(*, user: Viewer, pk: int | str) -> PalHours:
    hours = pal_hours_list_for_user(user).filter(pk=pk).first()
    if hours is None:
        raise Http404
    return hours


def trained_pal_student_count() -> int:
    """How many PAL student assistants have been trained (the home page's figure; one query)."""
    return PalStudent.objects.filter(trained=True).count()


def pal_student_for_user(user: Viewer) -> PalStudent | None:
    """The viewer's own row of the pool, if they are in it."""
    if user is None or not user.is_authenticated:
        return None
    return PalStudent.objects.filter(user=user).first()


# --- suggestions --------------------------------------------------------------------------------

SUBJECT = 30
REGION = 20
ALL_DAYS = 15
SOME_DAYS = 5
NO_DAYS = -15
BUSY = -10  # per live assignment elsewhere in an overlapping period


@dataclasses.dataclass
class PalSuggestion:
    student: PalStudent
    score: int
    reasons: list[str]


def pal_suggestions(request: PalRequest, *, limit: int = 10) -> list[PalSuggestion]:
    """The active, trained students not yet assigned to `request` who share its subject or its
    region, best first, each with the reasons in words. Two queries whatever the pool's size
    (the students with their load counted; their subjects)."""
    overlapping = (
        PalAssignment.objects.filter(
            student=OuterRef("pk"),
            status__in=ASSIGNMENT_LIVE,
            request__starts_on__lte=request.ends_on,
            request__ends_on__gte=request.starts_on,
        )
        .exclude(request=request)
        .order_by()
        .values("student")
        .annotate(count=Count("pk"))
        .values("count")[:1]
    )
    match = Q(region=request.region_id)
    if request.subject_id is not None:
        match |= Q(subjects=request.subject_id)
    candidates = (
        PalStudent.objects.filter(match, active=True, trained=True, user__is_active=True)
        .exclude(
            Exists(PalAssignment.objects.filter(student=OuterRef("pk"), request=request, status__in=ASSIGNMENT_LIVE))
        )
        .annotate(load=Coalesce(Subquery(overlapping, output_field=IntegerField()), Value(0)))
        .select_related("user", "region")
        .prefetch_related("subjects")
        .distinct()
        .order_by("user__full_name", "pk")
    )
    labels = dict(PalWeekday.choices)
    wanted = [day for day in request.weekdays if day in labels]
    suggestions = []
    for student in candidates:
        score, reasons = 0, []
        if request.subject_id is not None and any(s.pk == request.subject_id for s in student.subjects.all()):
            score += SUBJECT
            reasons.append(_("Subject: %(subject)s") % {"subject": request.subject.name if request.subject else ""})
        if student.region_id == request.region_id:
            score += REGION
            reasons.append(_("Region: %(region)s") % {"region": student.region.name})
        shared = [day for day in wanted if day in (student.weekdays or [])]
        if wanted and len(shared) == len(wanted):
            score += ALL_DAYS
            reasons.append(_("Available on every requested day"))
        elif shared:
            score += SOME_DAYS
            reasons.append(_("Available on %(days)s") % {"days": ", ".join(str(labels[day]) for day in shared)})
        elif wanted:
            score += NO_DAYS
            reasons.append(_("Not available on the requested days"))
        if student.load:
            score += BUSY * student.load
            reasons.append(_("Already assigned elsewhere in this period: %(count)d") % {"count": student.load})
        suggestions.append(PalSuggestion(student=student, score=score, reasons=reasons))
    suggestions.sort(key=lambda s: -s.score)
    return suggestions[:limit]


# --- totals and the payroll export ---------------------------------------------------------------


def _week_range(starts_on: datetime.date | None, ends_on: datetime.date | None) -> Q:
    """The weeks that overlap the period from `starts_on` to `ends_on` (either may be open)."""
    condition = Q()
    if starts_on is not None:
        year, week, _day = starts_on.isocalendar()
        condition &= Q(year__gt=year) | Q(year=year, week__gte=week)
    if ends_on is not None:
        year, week, _day = ends_on.isocalendar()
        condition &= Q(year__lt=year) | Q(year=year, week__lte=week)
    return condition


def confirmed_hours(
    user: Viewer,
    *,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    region: EducationRegion | None = None,
) -> QuerySet[PalHours]:
    """The confirmed hours `user` may see, of the weeks overlapping the period, of one region."""
    rows = pal_hours_list_for_user(user).filter(_week_range(starts_on, ends_on), status=PalHoursStatus.CONFIRMED)
    if region is not None:
        rows = rows.filter(assignment__request__region=region)
    return rows


TOTAL_GROUPS = {
    "school": ("assignment__request__school_id", "assignment__request__school__name"),
    "region": ("assignment__request__region_id", "assignment__request__region__name"),
}


def hours_totals(
    user: Viewer,
    *,
    by: str = "school",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    region: EducationRegion | None = None,
) -> list[dict]:
    """Confirmed hours per school or per region (`by`) in the period: [{id, name, hours, weeks,
    students}], the most hours first. One query."""
    key, name = TOTAL_GROUPS[by]
    rows = (
        confirmed_hours(user, starts_on=starts_on, ends_on=ends_on, region=region)
        .order_by()
        .values(key, name)
        .annotate(
            total=Coalesce(
                Sum("hours"), Value(Decimal("0")), output_field=DecimalField(max_digits=10, decimal_places=2)
            ),
            weeks=Count("pk"),
            students=Count("assignment__student", distinct=True),
        )
        .order_by("-total", name)
    )
    return [
        {"id": row[key], "name": row[name], "hours": row["total"], "weeks": row["weeks"], "students": row["students"]}
        for row in rows
    ]


EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def payroll_export(
    user: Viewer,
    *,
    region: EducationRegion,
    fmt: str,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> bytes:
    """The confirmed hours of `region`'s requests in the period as a CSV or XLSX file, for staff
    who may export hours only (NotAllowed for anybody else: the file names the students)."""
    if not may_export_hours(user):
        raise NotAllowed()
    rows = confirmed_hours(user, starts_on=starts_on, ends_on=ends_on, region=region).order_by(
        "assignment__request__school__name", "assignment__student__user__full_name", "year", "week", "pk"
    )
    return payroll_file(rows, fmt)


def payroll_file(rows: QuerySet[PalHours], fmt: str) -> bytes:
    """`rows` (confirmed hours, loaded as `pal_hours_list_for_user` loads them) as a CSV or XLSX
    file; the caller has checked that the viewer may export hours."""
    if fmt not in EXPORT_TYPES:
        raise ValueError(fmt)
    dataset = PalHoursPayrollResource().export(queryset=rows.filter(status=PalHoursStatus.CONFIRMED))
    content = dataset.csv if fmt == "csv" else dataset.xlsx
    return content.encode("utf-8") if isinstance(content, str) else content


# --- the pages ----------------------------------------------------------------------------------


def pal_speaking_school_ids(user: Viewer) -> list[int]:
    """The schools `user` speaks for in PAL matters today (PAL_SCHOOL_ROLES)."""
    if not isinstance(user, User) or not user.is_active:
        return []
    rows = active_memberships(user=user, roles=PAL_SCHOOL_ROLES).values_list("school_id", flat=True)
    return sorted(set(rows))


def school_requests(user: Viewer) -> list[PalRequest]:
    """The requests of the schools `user` speaks for, newest first, each with its assignments and
    their weeks of hours loaded (three queries)."""
    school_ids = pal_speaking_school_ids(user)
    if not school_ids:
        return []
    assignments = PalAssignment.objects.select_related("student__user").order_by("pk")
    hours = PalHours.objects.order_by("-year", "-week")
    return list(
        pal_request_list_for_user(user)
        .filter(school_id__in=school_ids)
        .prefetch_related(
            Prefetch("assignments", queryset=assignments, to_attr="all_assignments"),
            Prefetch("all_assignments__hours", queryset=hours, to_attr="all_hours"),
        )
        .order_by("-created_at", "pk")
    )


def student_assignments(user: Viewer) -> list[PalAssignment]:
    """The viewer's own assignments (as a PAL student), newest first, with their weeks of hours
    (two queries)."""
    if not isinstance(user, User) or not user.is_active:
        return []
    hours = PalHours.objects.order_by("-year", "-week")
    return list(
        pal_assignment_list_for_user(user)
        .filter(student__user=user)
        .prefetch_related(Prefetch("hours", queryset=hours, to_attr="all_hours"))
        .order_by("-created_at", "pk")
    )


def loggable_weeks(
    assignment: PalAssignment, today: datetime.date | None = None
) -> list[tuple[int, int, datetime.date]]:
    """The weeks (ISO year, week, Monday) of the assignment's request period that have begun,
    the latest first: the choices of the student's form."""
    today = today or timezone.localdate()
    request = assignment.request
    monday = request.starts_on - datetime.timedelta(days=request.starts_on.weekday())
    last = min(today, request.ends_on)
    weeks = []
    while monday <= last:
        year, week, _day = monday.isocalendar()
        weeks.append((year, week, monday))
        monday += datetime.timedelta(weeks=1)
    return list(reversed(weeks))


def open_requests(user: Viewer) -> QuerySet[PalRequest]:
    """The requests that still run, oldest first, with their live assignments counted (for the
    coordinators' page)."""
    return (
        pal_request_list_for_user(user)
        .filter(status__in=REQUEST_OPEN)
        .annotate(live=Count("assignments", filter=Q(assignments__status__in=ASSIGNMENT_LIVE)))
        .order_by("starts_on", "pk")
    )
