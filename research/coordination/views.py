"""The pages of higher-education research coordination.

The requester: the request form, their own requests, a request's page with its thread (write a
message, withdraw). The research team: the queue (filters by state, kind, assignee including
"mine" and "unassigned", and a deadline soon; nearest submission deadline first, overdue ones
marked) and, on the request's page, the forms to assign, move the state and keep internal notes.

A view loads through the scoped selectors (404 outside the viewer's scope), and a post calls one
service and redirects with a message; a refused post shows the page again with the service's
message on its form. Who may do what is the services' rule."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iclon.core.errors import PortalError
from iclon.core.forms import add_portal_error
from research.coordination import forms, selectors, services
from research.coordination.permissions import (
    can_withdraw,
    can_write_message,
    is_research_team,
    may_request_support,
)
from research.people.views import page_query

PAGE_SIZE = 25


@login_required
def request_list(request):
    """The signed-in person's own requests (the team's queue is its own page)."""
    rows = selectors.support_request_list_for_user(request.user).filter(requester=request.user)
    page = Paginator(rows.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "research/coordination/mine.html",
        {
            "page": page,
            "support_requests": page.object_list,
            "page_query": page_query(request),
            "may_request": may_request_support(request.user),
            "team": is_research_team(request.user),
        },
    )


@login_required
def request_create(request):
    if not may_request_support(request.user):
        raise PermissionDenied
    form = forms.SupportRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            support_request = services.support_request_create(actor=request.user, **form.cleaned_data)
        except PortalError as error:
            add_portal_error(form, error)
        else:
            messages.success(request, _("Your request has been sent to the research team."))
            return redirect("research_coordination:detail", pk=support_request.pk)
    return render(request, "research/coordination/request_form.html", {"form": form})


def _detail(request, support_request, **bound):
    user = request.user
    team = is_research_team(user)
    options = services.transition_options(support_request, user)
    team_options = [option for option in options if option != "withdrawn"]
    context = {
        "support_request": support_request,
        "thread": support_request.messages.all(),
        "team": team,
        # A refused post shows its own form again with the message, whoever posted it.
        "message_form": bound.get("message_form")
        or (forms.MessageForm() if can_write_message(user, support_request) else None),
        "withdraw_form": bound.get("withdraw_form")
        or (forms.WithdrawForm() if can_withdraw(user, support_request) else None),
    }
    if team:
        context["transition_form"] = bound.get("transition_form") or (
            forms.TransitionForm(options=team_options) if team_options else None
        )
        context["assign_form"] = bound.get("assign_form") or (
            forms.AssignForm(initial={"assignee": support_request.assignee_id}) if support_request.is_open else None
        )
        context["notes_form"] = bound.get("notes_form") or forms.NotesForm(
            initial={"internal_notes": support_request.internal_notes}
        )
    status = 400 if bound else 200
    return render(request, "research/coordination/detail.html", context, status=status)


@login_required
def request_detail(request, pk):
    return _detail(request, selectors.support_request_get_for_user(user=request.user, pk=pk))


def _post(request, pk, form_class, name, call, done, **form_kwargs):
    """Read `form_class`, call the service, redirect with `done`; the page again on a refusal."""
    support_request = selectors.support_request_get_for_user(user=request.user, pk=pk)
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        try:
            call(support_request, form.cleaned_data)
        except PortalError as error:
            add_portal_error(form, error)
        else:
            messages.success(request, done)
            return redirect("research_coordination:detail", pk=support_request.pk)
    return _detail(request, support_request, **{name: form})


@login_required
@require_POST
def request_message(request, pk):
    return _post(
        request,
        pk,
        forms.MessageForm,
        "message_form",
        lambda row, data: services.support_message_post(support_request=row, actor=request.user, text=data["text"]),
        _("Your message has been sent."),
    )


@login_required
@require_POST
def request_withdraw(request, pk):
    return _post(
        request,
        pk,
        forms.WithdrawForm,
        "withdraw_form",
        lambda row, data: services.support_request_withdraw(
            support_request=row, actor=request.user, reason=data["reason"]
        ),
        _("Your request has been withdrawn."),
    )


def _team_only(request):
    if not is_research_team(request.user):
        raise PermissionDenied


@login_required
@require_POST
def request_transition(request, pk):
    _team_only(request)
    return _post(
        request,
        pk,
        forms.TransitionForm,
        "transition_form",
        lambda row, data: services.support_request_transition(
            support_request=row, actor=request.user, to=data["status"], reason=data["reason"]
        ),
        _("The status has been changed."),
        # Every state is a choice here: the service refuses a move that is not allowed, with its reason.
        options=list(request.POST.getlist("status")[:1]),
    )


@login_required
@require_POST
def request_assign(request, pk):
    _team_only(request)
    return _post(
        request,
        pk,
        forms.AssignForm,
        "assign_form",
        lambda row, data: services.support_request_assign(
            support_request=row, actor=request.user, assignee=data["assignee"]
        ),
        _("The assignee has been changed."),
    )


@login_required
@require_POST
def request_notes(request, pk):
    _team_only(request)
    return _post(
        request,
        pk,
        forms.NotesForm,
        "notes_form",
        lambda row, data: services.support_request_notes_update(
            support_request=row, actor=request.user, internal_notes=data["internal_notes"]
        ),
        _("The internal notes have been saved."),
    )


@login_required
def queue(request):
    """The research team's queue."""
    _team_only(request)
    members = list(selectors.team_members())
    form = forms.QueueFilterForm(request.GET if request.GET else {"status": selectors.OPEN}, members=members)
    rows = selectors.support_request_list_for_user(request.user)
    if form.is_valid():
        rows = selectors.support_request_filter(rows, user=request.user, **form.cleaned_data)
    else:
        rows = rows.none()
    page = Paginator(selectors.by_deadline(rows), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "research/coordination/queue.html",
        {
            "form": form,
            "page": page,
            "support_requests": page.object_list,
            "page_query": page_query(request),
            "counts": selectors.support_request_counts(request.user),
        },
    )
