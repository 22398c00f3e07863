"""Reading matching runs: which runs a user may see (one place), a run with its proposals, and the
offers a trainee may be pinned to."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from iclon.accounts.models import User
from programmes.intake.models import Application
from programmes.matchruns.models import Decision, MatchingConstraint, MatchingProposal, MatchingRun, RunStatus
from programmes.matchruns.permissions import VIEW, is_matching_staff
from programmes.placements.models import PlacementOffer
from programmes.placements.selectors import offer_list_for_user
from programmes.placements.services import suiting_offers

Viewer = User | AnonymousUser | None


def run_list_for_user(*, user: Viewer) -> QuerySet[MatchingRun]:
    """Every run for placement staff with the view permission; nothing for anybody else. With the
    counts a list shows, in the same query."""
    if not is_matching_staff(user, VIEW):
        return MatchingRun.objects.none()
    return MatchingRun.objects.select_related("period", "subject", "created_by", "applied_by").annotate(
        proposal_count=Count("proposals", distinct=True),
        accepted_count=Count("proposals", filter=Q(proposals__decision=Decision.ACCEPTED), distinct=True),
    )


def run_get_for_user(*, user: Viewer, pk: int | str) -> MatchingRun:
    try:
        return run_list_for_user(user=user).get(pk=pk)
    except (MatchingRun.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def proposals_of(run: MatchingRun) -> QuerySet[MatchingProposal]:
    """The run's proposals with what the page and the API show (one query)."""
    return (
        MatchingProposal.objects.filter(run=run)
        .select_related(
            "trainee", "trainee__subject", "trainee__pathway", "offer", "offer__school", "offer__subject", "placement"
        )
        .order_by("trainee__last_name", "trainee__first_name", "trainee_id")
    )


def constraints_of(run: MatchingRun) -> QuerySet[MatchingConstraint]:
    return (
        MatchingConstraint.objects.filter(run=run)
        .select_related("trainee", "offer", "offer__school")
        .order_by("kind", "trainee__last_name", "trainee_id", "offer_id")
    )


def unassigned_of(run: MatchingRun) -> list[tuple[Application, dict]]:
    """The trainees the run left without a match, with why (one query)."""
    entries = [entry for entry in run.unassigned or [] if isinstance(entry, dict) and "trainee" in entry]
    trainees = Application.objects.select_related("subject", "pathway").in_bulk([entry["trainee"] for entry in entries])
    return [(trainees[entry["trainee"]], entry) for entry in entries if entry["trainee"] in trainees]


def pin_options(*, user: Viewer, run: MatchingRun, trainees: list[Application]) -> list[PlacementOffer]:
    """The open offers of the run's period that suit at least one of `trainees`, with the places
    taken counted: what a trainee may be pinned to (one query)."""
    condition = suiting_offers(trainees)
    if condition is None:
        return []
    return list(
        offer_list_for_user(user=user)
        .prefetch_related(None)
        .filter(condition, period_id=run.period_id, is_open=True)
        .order_by("school__name", "pk")
    )


def open_run_count(*, user: Viewer) -> int:
    """Draft runs not applied yet, for the dashboard (one query; 0 for whoever may not see runs)."""
    if not is_matching_staff(user, VIEW):
        return 0
    return MatchingRun.objects.filter(status=RunStatus.DRAFT).count()
