"""The pages of matching runs (placement staff: placement coordinators, administrators).

/placements/matching-runs/ lists the runs (paginated, a fixed number of queries) with the form
for a new run; /placements/matching-runs/<pk>/ shows a run: the total score, every proposed pair
with its score and reasons in the reader's language, the decisions, pins and forbids, the
trainees left without a match and why, and after applying the outcome per pair. Every action is a
POST (with CSRF) to a service; a refusal comes back as a message on the run's page."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from iclon.core.errors import PortalError
from iclon.core.forms import add_portal_error
from programmes.intake.models import Application
from programmes.matchruns import forms, services
from programmes.matchruns.models import ConstraintKind, Decision, MatchingConstraint, MatchingProposal, RunStatus
from programmes.matchruns.permissions import VIEW, is_matching_staff
from programmes.matchruns.selectors import (
    constraints_of,
    pin_options,
    proposals_of,
    run_get_for_user,
    run_list_for_user,
    unassigned_of,
)
from programmes.placements.reasons import reason_texts
from programmes.placements.selectors import offer_get_for_user, trainee_list_for_user
from programmes.placements.services import suiting_subjects

PAGE_SIZE = 25


def staff_only(view):
    """Log-in for anonymous visitors, 403 for everybody but placement staff."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_matching_staff(request.user, VIEW):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@staff_only
def run_list(request):
    form = forms.NewRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.matching_run_create(
                period=form.cleaned_data["period"], subject=form.cleaned_data["subject"], actor=request.user
            )
        except PortalError as error:
            add_portal_error(form, error)
        else:
            messages.success(request, _("The matching run has been computed."))
            return redirect("matchruns:detail", pk=run.pk)
    runs = run_list_for_user(user=request.user).order_by("-created_at", "-pk")
    if request.GET.get("status") in RunStatus.values:
        runs = runs.filter(status=request.GET["status"])
    page = Paginator(runs, PAGE_SIZE).get_page(request.GET.get("page") or 1)
    return render(
        request,
        "programmes/matchruns/list.html",
        {"form": form, "page": page, "runs": list(page.object_list)},
        status=400 if form.errors else 200,
    )


@staff_only
def run_detail(request, pk):
    run = run_get_for_user(user=request.user, pk=pk)
    proposals = list(proposals_of(run))
    unassigned = unassigned_of(run)
    constraints = list(constraints_of(run))
    trainees = [proposal.trainee for proposal in proposals] + [trainee for trainee, _entry in unassigned]
    options = pin_options(user=request.user, run=run, trainees=trainees) if run.is_draft else []
    pinned = {c.trainee_id: c for c in constraints if c.kind == ConstraintKind.PIN}
    forbidden = {(c.trainee_id, c.offer_id): c for c in constraints if c.kind == ConstraintKind.FORBID}

    def offers_for(trainee):
        subjects = suiting_subjects(trainee)
        return [offer for offer in options if offer.subject_id in subjects]

    rows = [
        {
            "proposal": proposal,
            "reasons": reason_texts(proposal.reasons),
            "pin": pinned.get(proposal.trainee_id),
            "forbid": forbidden.get((proposal.trainee_id, proposal.offer_id)),
            "options": offers_for(proposal.trainee),
        }
        for proposal in proposals
    ]
    waiting = [
        {
            "trainee": trainee,
            "why": services.unassigned_text(entry.get("reason", "")),
            "options": offers_for(trainee),
            "pin": pinned.get(trainee.pk),
        }
        for trainee, entry in unassigned
    ]
    return render(
        request,
        "programmes/matchruns/detail.html",
        {
            "run": run,
            "rows": rows,
            "waiting": waiting,
            "constraints": constraints,
            "accepted": sum(1 for p in proposals if p.decision == Decision.ACCEPTED),
            "undecided": sum(1 for p in proposals if p.decision == Decision.PROPOSED),
            "outcomes": {code: services.outcome_text(code) for code in ("offer_full", "conflict", "not_allowed", "")},
        },
    )


def _refused(request, error: PortalError) -> None:
    messages.error(request, str(error.message))


@require_POST
@staff_only
def run_rerun(request, pk):
    run = run_get_for_user(user=request.user, pk=pk)
    try:
        services.matching_run_recompute(run=run, actor=request.user)
    except PortalError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The matching run has been computed again."))
    return redirect("matchruns:detail", pk=run.pk)


@require_POST
@staff_only
def run_apply(request, pk):
    run = run_get_for_user(user=request.user, pk=pk)
    try:
        run = services.matching_run_apply(run=run, actor=request.user)
    except PortalError as error:
        _refused(request, error)
    else:
        made = MatchingProposal.objects.filter(run=run, placement__isnull=False).count()
        failed = MatchingProposal.objects.filter(run=run).exclude(error_code="").count()
        messages.success(
            request,
            ngettext(
                "%(count)d placement has been proposed to the schools.",
                "%(count)d placements have been proposed to the schools.",
                made,
            )
            % {"count": made},
        )
        if failed:
            messages.warning(
                request,
                ngettext(
                    "%(count)d pair could not be applied: see below.",
                    "%(count)d pairs could not be applied: see below.",
                    failed,
                )
                % {"count": failed},
            )
    return redirect("matchruns:detail", pk=run.pk)


@require_POST
@staff_only
def run_decide(request, pk):
    """Accept or reject one proposal (`proposal`), or every one still to decide (`all`)."""
    run = run_get_for_user(user=request.user, pk=pk)
    accepted = request.POST.get("decision") == "accept"
    try:
        if request.POST.get("all"):
            services.matching_run_decide_all(run=run, accepted=accepted, actor=request.user)
        else:
            try:
                proposal = MatchingProposal.objects.get(run=run, pk=int(request.POST.get("proposal", "")))
            except (ValueError, MatchingProposal.DoesNotExist):
                raise Http404 from None
            services.matching_proposal_decide(proposal=proposal, accepted=accepted, actor=request.user)
    except PortalError as error:
        _refused(request, error)
    return redirect("matchruns:detail", pk=run.pk)


@require_POST
@staff_only
def constraint_set(request, pk):
    run = run_get_for_user(user=request.user, pk=pk)
    form = forms.ConstraintForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("matchruns:detail", pk=run.pk)
    try:
        trainee = trainee_list_for_user(user=request.user).get(pk=form.cleaned_data["trainee"])
    except Application.DoesNotExist:
        raise Http404 from None
    offer = offer_get_for_user(user=request.user, pk=form.cleaned_data["offer"])
    try:
        services.matching_constraint_set(
            run=run, trainee=trainee, offer=offer, kind=form.cleaned_data["kind"], actor=request.user
        )
    except PortalError as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _("Pinned; the run has been computed again.")
            if form.cleaned_data["kind"] == ConstraintKind.PIN
            else _("Forbidden; the run has been computed again."),
        )
    return redirect("matchruns:detail", pk=run.pk)


@require_POST
@staff_only
def constraint_remove(request, pk, constraint_pk):
    run = run_get_for_user(user=request.user, pk=pk)
    constraint = get_object_or_404(MatchingConstraint, run=run, pk=constraint_pk)
    try:
        services.matching_constraint_remove(constraint=constraint, actor=request.user)
    except PortalError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Removed; the run has been computed again."))
    return redirect("matchruns:detail", pk=run.pk)
