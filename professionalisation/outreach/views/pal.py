"""The PAL pages, one for each party, each usable on a phone:

* the school's page (`pal-school`): request support, confirm or decline proposed students,
  confirm or reject the students' weeks of hours, withdraw a request;
* the student's page (`pal-mine`): my assignments (confirm or decline), log a week's hours, see
  which weeks the school confirmed (locked);
* the coordinators' page (`pal-staff`): the open requests, the suggestions for one of them with a
  form to assign, the totals of confirmed hours per school and region for a period, and the
  payroll export per region.

Forms post to their own addresses; a valid post calls the service and redirects back with a
message, a refusal shows the service's message (nothing was written)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iclon.core.errors import PortalError
from iclon.core.forms import add_portal_error
from partnerships.models import EducationRegion, School
from professionalisation.outreach.forms.pal import AssignForm, HoursForm, PalRequestForm, ReasonForm
from professionalisation.outreach.models.pal import PalAssignmentStatus, PalHoursStatus, PalStudent
from professionalisation.outreach.permissions.pal import is_pal_staff, may_export_hours, sees_all_pal
from professionalisation.outreach.selectors import pal as selectors
from professionalisation.outreach.services import pal as services

SCHOOL_PAGE = "outreach:pal-school"
STUDENT_PAGE = "outreach:pal-mine"
STAFF_PAGE = "outreach:pal-staff"


def _back(name: str, **query: Any) -> HttpResponseRedirect:
    url = reverse(name)
    return HttpResponseRedirect(f"{url}?{urlencode(query)}" if query else url)


def _run(request, call: Callable[[], Any], done: str) -> bool:
    """Call the service; tell the visitor what happened (its refusal as it is)."""
    try:
        call()
    except PortalError as error:
        messages.error(request, str(error.message))
        return False
    messages.success(request, done)
    return True


def staff_only(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not sees_all_pal(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


# --- the school ---------------------------------------------------------------------------------


def _school_page(request, *, form=None, status=200):
    school_ids = selectors.pal_speaking_school_ids(request.user)
    if not school_ids:
        raise PermissionDenied
    schools = School.objects.filter(pk__in=school_ids).order_by("name")
    context = {
        "requests": selectors.school_requests(request.user),
        "form": form or PalRequestForm(schools=schools, initial={"school": school_ids[0]}),
        "proposed": PalAssignmentStatus.PROPOSED,
        "logged": PalHoursStatus.LOGGED,
    }
    return render(request, "professionalisation/outreach/pal/school.html", context, status=status)


@login_required
def school_page(request):
    return _school_page(request)


@require_POST
@login_required
def request_create(request):
    school_ids = selectors.pal_speaking_school_ids(request.user)
    if not school_ids:
        raise PermissionDenied
    form = PalRequestForm(request.POST, schools=School.objects.filter(pk__in=school_ids))
    if form.is_valid():
        try:
            services.pal_request_create(actor=request.user, **form.cleaned_data)
        except PortalError as error:
            add_portal_error(form, error)
        else:
            messages.success(request, _("Your request has been sent. ICLON's coordinators will assign students."))
            return _back(SCHOOL_PAGE)
    return _school_page(request, form=form, status=400)


@require_POST
@login_required
def request_withdraw(request, pk):
    row = selectors.pal_request_get_for_user(user=request.user, pk=pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    _run(
        request,
        lambda: services.pal_request_withdraw(actor=request.user, request=row, reason=reason),
        _("The request has been withdrawn."),
    )
    return _back(STAFF_PAGE if is_pal_staff(request.user) else SCHOOL_PAGE)


@require_POST
@login_required
def assignment_confirm(request, pk):
    row = selectors.pal_assignment_get_for_user(user=request.user, pk=pk)
    side = request.POST.get("side", "")
    _run(
        request,
        lambda: services.pal_assignment_confirm(actor=request.user, assignment=row, side=side),
        _("The assignment has been confirmed."),
    )
    return _back(STUDENT_PAGE if side == services.STUDENT else SCHOOL_PAGE)


@require_POST
@login_required
def assignment_decline(request, pk):
    row = selectors.pal_assignment_get_for_user(user=request.user, pk=pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    _run(
        request,
        lambda: services.pal_assignment_decline(actor=request.user, assignment=row, reason=reason),
        _("The assignment has been declined."),
    )
    return _back(STUDENT_PAGE if row.student.user_id == request.user.pk else SCHOOL_PAGE)


@require_POST
@login_required
def hours_confirm(request, pk):
    row = selectors.pal_hours_get_for_user(user=request.user, pk=pk)
    _run(
        request,
        lambda: services.pal_hours_confirm(actor=request.user, hours=row),
        _("The hours have been confirmed."),
    )
    return _back(SCHOOL_PAGE)


@require_POST
@login_required
def hours_reject(request, pk):
    row = selectors.pal_hours_get_for_user(user=request.user, pk=pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    _run(
        request,
        lambda: services.pal_hours_reject(actor=request.user, hours=row, reason=reason),
        _("The hours have been rejected; the student can log them again."),
    )
    return _back(SCHOOL_PAGE)


# --- the student --------------------------------------------------------------------------------


def _weeks(assignment) -> list[tuple[int, int, str]]:
    return [
        (year, week, _("Week %(week)s (from %(day)s)") % {"week": week, "day": date_format(monday, "j M Y")})
        for year, week, monday in selectors.loggable_weeks(assignment)
    ]


@login_required
def student_page(request):
    if not PalStudent.objects.filter(user=request.user).exists():
        raise PermissionDenied
    assignments = selectors.student_assignments(request.user)
    rows = [
        {
            "assignment": assignment,
            "form": HoursForm(weeks=_weeks(assignment), auto_id=f"id_%s_{assignment.pk}")
            if assignment.status == PalAssignmentStatus.CONFIRMED
            else None,
        }
        for assignment in assignments
    ]
    context = {"rows": rows, "proposed": PalAssignmentStatus.PROPOSED}
    return render(request, "professionalisation/outreach/pal/mine.html", context)


@require_POST
@login_required
def hours_log(request, pk):
    assignment = selectors.pal_assignment_get_for_user(user=request.user, pk=pk)
    form = HoursForm(request.POST, weeks=_weeks(assignment))
    if not form.is_valid():
        messages.error(request, _("Choose a week and give the hours (more than 0, at most 40)."))
        return _back(STUDENT_PAGE)
    year, week = form.year_week()
    _run(
        request,
        lambda: services.pal_hours_log(
            actor=request.user,
            assignment=assignment,
            year=year,
            week=week,
            hours=form.cleaned_data["hours"],
            note=form.cleaned_data["note"],
        ),
        _("Your hours have been logged; the school is asked to confirm them."),
    )
    return _back(STUDENT_PAGE)


@require_POST
@login_required
def hours_delete(request, pk):
    row = selectors.pal_hours_get_for_user(user=request.user, pk=pk)
    _run(request, lambda: services.pal_hours_delete(actor=request.user, hours=row), _("The week has been removed."))
    return _back(STUDENT_PAGE)


# --- the coordinators ---------------------------------------------------------------------------


def _period(request) -> dict:
    values = {}
    for name, key in (("from", "starts_on"), ("until", "ends_on")):
        raw = request.GET.get(name, "")
        try:
            day = parse_date(raw) if raw else None
        except ValueError:
            day = None
        if day is not None:
            values[key] = day
    return values


@staff_only
def staff_page(request):
    user = request.user
    requests = list(selectors.open_requests(user))
    chosen = None
    raw = request.GET.get("request", "")
    if raw.isdigit():
        chosen = next((row for row in requests if row.pk == int(raw)), None)
    suggestions = selectors.pal_suggestions(chosen) if chosen else []
    period = _period(request)
    context = {
        "requests": requests,
        "chosen": chosen,
        "suggestions": suggestions,
        "assign_form": AssignForm(suggestions=suggestions) if chosen and is_pal_staff(user) else None,
        "by_school": selectors.hours_totals(user, by="school", **period),
        "by_region": selectors.hours_totals(user, by="region", **period),
        "regions": EducationRegion.objects.order_by("name"),
        "may_export": may_export_hours(user),
        "period": {
            "from": period.get("starts_on").isoformat() if period.get("starts_on") else "",
            "until": period.get("ends_on").isoformat() if period.get("ends_on") else "",
        },
    }
    return render(request, "professionalisation/outreach/pal/staff.html", context)


@require_POST
@staff_only
def request_assign(request, pk):
    row = selectors.pal_request_get_for_user(user=request.user, pk=pk)
    suggestions = selectors.pal_suggestions(row, limit=1000)
    form = AssignForm(request.POST, suggestions=suggestions)
    if not form.is_valid():
        messages.error(request, _("Choose one or more PAL students."))
        return _back(STAFF_PAGE, request=row.pk)
    chosen = {s.student.pk: s for s in suggestions}
    students = [chosen[pk].student for pk in form.cleaned_data["students"]]
    _run(
        request,
        lambda: services.pal_assign(
            actor=request.user,
            request=row,
            students=students,
            hours_per_week=form.cleaned_data.get("hours_per_week"),
            reasons={pk: s.reasons for pk, s in chosen.items()},
        ),
        _("The students have been assigned; they and the school are asked to confirm."),
    )
    return _back(STAFF_PAGE, request=row.pk)


@staff_only
def payroll_export(request, fmt):
    if fmt not in selectors.EXPORT_TYPES:
        raise Http404
    region = EducationRegion.objects.filter(slug=request.GET.get("region", "")).first()
    if region is None:
        raise Http404
    try:
        content = selectors.payroll_export(request.user, region=region, fmt=fmt, **_period(request))
    except PortalError as error:
        raise PermissionDenied from error
    response = HttpResponse(content, content_type=selectors.EXPORT_TYPES[fmt])
    name = f"pal-hours-{region.slug}-{timezone.localdate().isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
