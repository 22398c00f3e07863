"""Learning circles: the visitor's circles, a circle's page (members, meetings with their products,
practice questions, and the forms of those allowed to use them), and a school's circles for its
contacts and leaders.

The forms post to their own addresses; a valid post calls the service and redirects to the
circle's page with a message, an invalid or refused one shows the page again with the errors and
the input kept. Who may do what is the service's rule (and the permission predicates, which the
page asks to show a form at all and the views ask before calling)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iclon.core.errors import PortalError
from iclon.core.forms import add_portal_error
from professionalisation.circles import selectors, services
from professionalisation.circles.forms import MeetingForm, ProductForm, QuestionForm, QuestionStatusForm
from professionalisation.circles.models import QUESTION_OPEN_STATUSES
from professionalisation.circles.permissions import can_add_product, can_facilitate
from research.knowledge.selectors import principle_get


@login_required
def circle_list(request):
    # ?principle=<slug>: the circles of a principle, as its page in the knowledge base links here.
    principle = principle_get(request.GET.get("principle", ""))
    circles = selectors.circle_filter(
        selectors.with_counts(selectors.circle_list_for_user(request.user)),
        principle=principle.slug if principle else "",
    )
    return render(
        request,
        "professionalisation/circles/circle_list.html",
        {
            "circles": circles,
            "principle": principle,
            "speaks_for_school": bool(selectors.speaking_school_ids(request.user)),
        },
    )


def _page(request, circle, *, status=200, **forms):
    user = request.user
    schools = selectors.submit_schools(user=user, circle=circle)
    meetings = circle.all_meetings
    facilitates = can_facilitate(user, circle)
    adds_products = can_add_product(user, circle)
    context = {
        "circle": circle,
        "members": circle.current_memberships,
        "meetings": meetings,
        "questions": circle.all_questions,
        "can_facilitate": facilitates,
        "question_form": forms.get("question_form") or (QuestionForm(schools=schools) if schools else None),
        "product_form": forms.get("product_form")
        or (ProductForm(meetings=meetings) if adds_products and meetings else None),
        "meeting_form": forms.get("meeting_form") or (MeetingForm() if facilitates else None),
        "status_form": QuestionStatusForm() if facilitates else None,
        "open_statuses": QUESTION_OPEN_STATUSES,
    }
    return render(request, "professionalisation/circles/circle_detail.html", context, status=status)


def _back(circle) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("circles:detail", kwargs={"pk": circle.pk}))


@login_required
def circle_detail(request, pk):
    return _page(request, selectors.circle_get_for_user(user=request.user, pk=pk))


@require_POST
@login_required
def question_submit(request, pk):
    circle = selectors.circle_get_for_user(user=request.user, pk=pk)
    schools = selectors.submit_schools(user=request.user, circle=circle)
    if not schools:
        raise PermissionDenied
    form = QuestionForm(request.POST, schools=schools)
    if form.is_valid():
        try:
            services.practice_question_submit(circle=circle, actor=request.user, **form.cleaned_data)
        except PortalError as error:
            add_portal_error(form, error)
        else:
            messages.success(request, _("Your practice question has been brought into the circle."))
            return _back(circle)
    return _page(request, circle, status=400, question_form=form)


@require_POST
@login_required
def product_add(request, pk):
    circle = selectors.circle_get_for_user(user=request.user, pk=pk)
    if not can_add_product(request.user, circle):
        raise PermissionDenied
    meetings = {meeting.pk: meeting for meeting in circle.all_meetings}
    form = ProductForm(request.POST, meetings=list(meetings.values()))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.product_add(
                meeting=meetings[data["meeting"]],
                title=data["title"],
                text=data["text"],
                link=data["link"],
                actor=request.user,
            )
        except PortalError as error:
            add_portal_error(form, error)
        else:
            messages.success(request, _("Your product has been shared with the circle."))
            return _back(circle)
    return _page(request, circle, status=400, product_form=form)


@require_POST
@login_required
def meeting_add(request, pk):
    circle = selectors.circle_get_for_user(user=request.user, pk=pk)
    if not can_facilitate(request.user, circle):
        raise PermissionDenied
    form = MeetingForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_add(circle=circle, actor=request.user, **form.cleaned_data)
        except PortalError as error:
            add_portal_error(form, error)
        else:
            messages.success(request, _("The meeting has been planned."))
            return _back(circle)
    return _page(request, circle, status=400, meeting_form=form)


@require_POST
@login_required
def question_status(request, pk):
    question = selectors.question_get_for_user(user=request.user, pk=pk)
    if not can_facilitate(request.user, question.circle):
        raise PermissionDenied
    form = QuestionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return _back(question.circle)
    try:
        services.practice_question_set_status(question=question, status=form.cleaned_data["status"], actor=request.user)
    except PortalError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The status of the question has been changed."))
    return _back(question.circle)


@login_required
def school_circles(request):
    schools = selectors.school_circles(request.user)
    if not schools:
        raise PermissionDenied
    return render(request, "professionalisation/circles/school_circles.html", {"schools": schools})
