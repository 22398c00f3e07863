"""Staff's pages: the meetings to record attendance for, the day list of one meeting (a checkbox
per participant, "all present", save; usable on a phone and without JavaScript) and the
evaluations and completion figures of a session.

Attendance needs `professionalisation.change_attendance`, the evaluations
`professionalisation.view_evaluation` (professionalisation coordinators hold both). Anonymous
visitors are sent to log in, everybody else gets 403. Saving calls the attendance services,
whose refusals come back as messages on the same page.
"""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from iclon.core.errors import PortalError
from professionalisation.completion import selectors, services
from professionalisation.completion.permissions import can_read_evaluations, is_attendance_staff

SAVE = "save"
ALL_PRESENT = "all_present"


def staff_only(predicate):
    """Log-in for anonymous visitors, 403 for users the predicate refuses."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _ids(values: list[str]) -> list[int]:
    return [int(value) for value in values if value.isdigit()]


@staff_only(is_attendance_staff)
def meeting_list(request):
    meetings = list(selectors.meetings_for_attendance(user=request.user))
    today = selectors.local_today()
    return render(
        request,
        "professionalisation/completion/meetings.html",
        {
            "today_meetings": [m for m in meetings if m.date == today],
            "coming": [m for m in meetings if m.date > today],
            "recent": sorted(
                (m for m in meetings if m.date < today), key=lambda m: (m.date, m.starts_at), reverse=True
            ),
            "today": today,
        },
    )


@staff_only(is_attendance_staff)
@require_http_methods(["GET", "POST"])
def attendance(request, pk):
    meeting = selectors.meeting_get_for_staff(user=request.user, pk=pk)
    here = reverse("completion:attendance", kwargs={"pk": meeting.pk})
    if request.method == "POST":
        action = request.POST.get("action", SAVE)
        try:
            if action == ALL_PRESENT:
                marks = services.attendance_all_present(meeting=meeting, actor=request.user)
            else:
                shown = set(_ids(request.POST.getlist("shown")))
                present = set(_ids(request.POST.getlist("present"))) & shown
                marks = services.attendance_record_many(
                    meeting=meeting, present_ids=present, absent_ids=shown - present, actor=request.user
                )
        except PortalError as error:
            messages.error(request, str(error.message))
        else:
            present_count = sum(1 for mark in marks if mark.present)
            messages.success(
                request,
                ngettext(
                    "Attendance saved: %(present)d of %(count)d participant present.",
                    "Attendance saved: %(present)d of %(count)d participants present.",
                    len(marks),
                )
                % {"present": present_count, "count": len(marks)},
            )
        return HttpResponseRedirect(here)
    day = selectors.meeting_day_list(meeting)
    return render(
        request,
        "professionalisation/completion/attendance.html",
        {"day": day, "meeting": meeting, "session": meeting.session, "activity": meeting.session.activity},
    )


@staff_only(can_read_evaluations)
def session_evaluations(request, pk):
    session = selectors.session_get_for_evaluations(user=request.user, pk=pk)
    return render(
        request,
        "professionalisation/completion/session_evaluations.html",
        {
            "session": session,
            "activity": session.activity,
            "result": selectors.session_evaluations(session),
            "stats": selectors.session_completion_stats(session),
        },
    )
