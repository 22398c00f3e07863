"""Writing matching runs: create and compute a run, pin or forbid pairs (the run is computed again
at once, in the same transaction: a pin that cannot hold changes nothing), decide on proposals,
and apply the accepted ones.

Computing reads what today's matching page reads (programmes/placements/matching.py): the
trainees without a live placement in the period (`unplaced_trainees`), the open offers with free
places that suit them (`candidate_offers`, the subject rule of `suiting_subjects`), and scores each
pair with `rank` (wishes, where the trainee lives, a paid job; the same weights and reasons). A
pair the school declined before, or that the coordinator forbade, is not allowed. The solver
(solver.py) then picks the assignment with the highest total score, pins included.

Applying calls `placement_propose` for every accepted proposal, each in its own transaction, so
its checks (the lock on the offer, its places, the subject rule, the trainee not placed
meanwhile) hold as for a single match; a pair it refuses is recorded with the reason and the
others are still applied. The run is marked applied first (in its own transaction, on the locked
run), so it is never applied twice; the creator is told how it went.
"""

from __future__ import annotations

from typing import Any, cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iclon.accounts.models import User
from iclon.core.errors import Conflict, NotAllowed, PortalError
from programmes.catalogue.models import SchoolSubject
from programmes.intake.models import Application
from programmes.matchruns import notifications
from programmes.matchruns.models import (
    ConstraintKind,
    Decision,
    MatchingConstraint,
    MatchingProposal,
    MatchingRun,
    RunStatus,
)
from programmes.matchruns.permissions import CHANGE, RUN, is_matching_staff
from programmes.matchruns.solver import SolverError, solve
from programmes.placements import matching
from programmes.placements.models import PlacementOffer, PlacementPeriod, PlacementStatus
from programmes.placements.permissions import TRAINEE_STATUSES
from programmes.placements.selectors import placement_list_for_user
from programmes.placements.services import OfferFull, offer_suits, placement_propose, places_taken, suiting_subjects

#: Why a trainee was left without a match (MatchingRun.unassigned), worded by `unassigned_text`.
UNASSIGNED_REASONS = ("no_offer", "poor_fit", "taken")

WEIGHTS = {
    name: getattr(matching, name)
    for name in (
        "WISH_PARTNERSHIP",
        "WISH_MUNICIPALITY",
        "WISH_REGION",
        "WISH_ALL_DAYS",
        "WISH_SOME_DAYS",
        "WISH_NO_DAYS",
        "HOME_MUNICIPALITY",
        "HOME_REGION",
        "PAID_JOB",
    )
}


def unassigned_text(code: str) -> str:
    if code == "no_offer":
        return str(_("No open offer with a free place teaches this trainee's subject in this period."))
    if code == "poor_fit":
        return str(_("Every suiting offer fits worse than no match (e.g. none of the trainee's days)."))
    return str(_("The suiting offers went to trainees who fit them better, or were forbidden."))


def outcome_text(code: str) -> str:
    return {
        "offer_full": str(_("The offer was full by then.")),
        "conflict": str(_("The situation had changed.")),
        "not_allowed": str(_("You are not allowed to do this.")),
    }.get(code, str(_("The placement was refused.")))


def _check_staff(actor: User, perm: str = CHANGE) -> None:
    if not is_matching_staff(actor, perm):
        raise NotAllowed()


def _lock(run: MatchingRun) -> MatchingRun:
    return MatchingRun.objects.select_for_update(of=("self",)).select_related("period", "subject").get(pk=run.pk)


def _check_draft(run: MatchingRun) -> None:
    if run.status != RunStatus.DRAFT:
        raise Conflict(_("This matching run has been applied already; start a new run."))


def _compute(run: MatchingRun, actor: User) -> None:
    """Replace the run's proposals with the best assignment under its current constraints (inside
    the caller's transaction, on the locked run)."""
    period = run.period
    trainees = list(
        matching.unplaced_trainees(period, user=actor, subject=run.subject).select_related(
            "pathway",
            "subject",
            "start_moment",
            "placement_wish",
            "placement_wish__region",
            "placement_wish__partnership",
        )
    )
    by_id = {trainee.pk: trainee for trainee in trainees}
    offers = matching.candidate_offers(user=actor, period=period, trainees=trainees) if trainees else []
    offers_by_id = {offer.pk: offer for offer in offers}
    declined = set(
        placement_list_for_user(user=actor, plain=True)
        .filter(period=period, status=PlacementStatus.DECLINED, trainee__in=list(by_id), offer__isnull=False)
        .values_list("trainee_id", "offer_id")
    )
    constraints = list(MatchingConstraint.objects.filter(run=run).select_related("offer", "offer__school"))
    forbidden = {(c.trainee_id, c.offer_id) for c in constraints if c.kind == ConstraintKind.FORBID}
    pins = {c.trainee_id: c.offer for c in constraints if c.kind == ConstraintKind.PIN and c.trainee_id in by_id}
    for offer in pins.values():
        if offer.pk not in offers_by_id:
            raise Conflict(
                _("The offer of %(school)s that a trainee is pinned to is closed or full now: remove the pin.")
                % {"school": offer.school.name}
            )

    regions = matching.region_table()
    by_subject: dict[object, list[PlacementOffer]] = {}
    for offer in offers:
        by_subject.setdefault(offer.subject_id, []).append(offer)
    suggestions = {}
    for trainee in trainees:
        home = matching.region_of_town(regions, trainee.city)
        for key in suiting_subjects(trainee):
            for offer in by_subject.get(key, []):
                pair = (trainee.pk, offer.pk)
                if pair in declined or pair in forbidden:
                    continue
                suggestion = matching.rank(trainee, offer, home_region=home)
                if suggestion is not None:
                    suggestions[pair] = suggestion
    scores = {pair: suggestion.score for pair, suggestion in suggestions.items()}
    # `taken`: the places taken, counted by candidate_offers' query.
    capacity = {offer.pk: offer.places - cast(Any, offer).taken for offer in offers}
    try:
        solution = solve(
            trainees=list(by_id), capacity=capacity, scores=scores, pins={t: o.pk for t, o in pins.items()}
        )
    except SolverError as error:
        raise Conflict(_("The pins cannot all hold: an offer has more pins than free places.")) from error

    previous = {
        trainee_id: (offer_id, decision)
        for trainee_id, offer_id, decision in MatchingProposal.objects.filter(run=run).values_list(
            "trainee_id", "offer_id", "decision"
        )
    }
    MatchingProposal.objects.filter(run=run).delete()
    rows = []
    for trainee_id, offer_id, score in solution.pairs:
        pinned = pins.get(trainee_id) is not None and pins[trainee_id].pk == offer_id
        decision: str = Decision.ACCEPTED if pinned else Decision.PROPOSED
        if not pinned and previous.get(trainee_id, (None, None))[0] == offer_id:
            decision = previous[trainee_id][1]  # the same pair again: the coordinator's decision stays
        rows.append(
            MatchingProposal(
                run=run,
                trainee_id=trainee_id,
                offer_id=offer_id,
                score=score,
                reasons=suggestions[(trainee_id, offer_id)].stored_reasons,
                pinned=pinned,
                decision=decision,
            )
        )
    MatchingProposal.objects.bulk_create(rows)
    options: dict[int, list[int]] = {}
    for (trainee_id, _offer_id), score in scores.items():
        options.setdefault(trainee_id, []).append(score)
    unassigned = []
    for trainee_id in solution.unassigned:
        found = options.get(trainee_id, [])
        reason = "no_offer" if not found else "poor_fit" if max(found) < 0 else "taken"
        unassigned.append({"trainee": trainee_id, "reason": reason, "options": len(found)})
    run.unassigned = unassigned
    run.total_score = solution.total
    run.computed_at = timezone.now()
    run.parameters = {
        "weights": WEIGHTS,
        "subject": run.subject.slug if run.subject is not None else None,
        "trainees": len(trainees),
        "offers": len(offers),
        "places": sum(max(0, free) for free in capacity.values()),
        "pins": len(pins),
        "forbids": len(forbidden),
    }
    run.save()


def matching_run_create(*, period: PlacementPeriod | None, subject: SchoolSubject | None, actor: User) -> MatchingRun:
    """A new run for `period` (and `subject`, or every subject), computed at once."""
    _check_staff(actor, RUN)
    if period is None:
        raise PortalError(_("Choose a placement period."), field="period")
    if period.ends_on < timezone.localdate():
        raise PortalError(_("This period is over; choose a coming period."), field="period")
    with transaction.atomic():
        run = MatchingRun.objects.create(period=period, subject=subject, created_by=actor)
        _compute(_lock(run), actor)
    run.refresh_from_db()
    return run


def matching_run_recompute(*, run: MatchingRun, actor: User) -> MatchingRun:
    """Run the matching again with the run's pins and forbids (the world may have changed: offers,
    placements, wishes). Proposals are replaced; a decision on a pair that comes back stays."""
    _check_staff(actor)
    with transaction.atomic():
        run = _lock(run)
        _check_draft(run)
        _compute(run, actor)
    run.refresh_from_db()
    return run


def matching_constraint_set(
    *, run: MatchingRun, trainee: Application, offer: PlacementOffer, kind: str, actor: User
) -> MatchingConstraint:
    """Pin `trainee` to `offer` (the pair must be in the result; the trainee's earlier pin goes) or
    forbid the pair; the run is computed again. A pin that cannot hold changes nothing."""
    _check_staff(actor)
    if kind not in ConstraintKind.values:
        raise PortalError(_("Choose pin or forbid."), field="kind")
    with transaction.atomic():
        run = _lock(run)
        _check_draft(run)
        if trainee.status not in TRAINEE_STATUSES:
            raise PortalError(_("Only admitted or enrolled trainees can be placed."), field="trainee")
        if offer.period_id != run.period_id:
            raise PortalError(_("This offer is for another period."), field="offer")
        if kind == ConstraintKind.PIN:
            trainee = Application.objects.select_related("pathway", "subject").get(pk=trainee.pk)
            if not offer_suits(offer=offer, trainee=trainee):
                raise PortalError(_("This offer is for another subject."), field="offer")
            if not offer.is_open:
                raise Conflict(_("This offer is closed."))
            other_pins = (
                MatchingConstraint.objects.filter(run=run, offer=offer, kind=ConstraintKind.PIN)
                .exclude(trainee=trainee)
                .count()
            )
            if places_taken(offer) + other_pins >= offer.places:
                raise OfferFull(_("This offer has no free place left for this pin."))
            MatchingConstraint.objects.filter(run=run, trainee=trainee, kind=ConstraintKind.PIN).delete()
        MatchingConstraint.objects.filter(run=run, trainee=trainee, offer=offer).delete()
        constraint = MatchingConstraint.objects.create(
            run=run, trainee=trainee, offer=offer, kind=kind, created_by=actor
        )
        _compute(run, actor)
        return constraint


def matching_constraint_remove(*, constraint: MatchingConstraint, actor: User) -> MatchingRun:
    """Take a pin or a forbid away; the run is computed again."""
    _check_staff(actor)
    with transaction.atomic():
        run = _lock(constraint.run)
        _check_draft(run)
        MatchingConstraint.objects.filter(pk=constraint.pk).delete()
        _compute(run, actor)
    run.refresh_from_db()
    return run


def matching_proposal_decide(*, proposal: MatchingProposal, accepted: bool, actor: User) -> MatchingProposal:
    _check_staff(actor)
    with transaction.atomic():
        _check_draft(_lock(proposal.run))
        proposal = MatchingProposal.objects.select_for_update(of=("self",)).get(pk=proposal.pk)
        proposal.decision = Decision.ACCEPTED if accepted else Decision.REJECTED
        proposal.save(update_fields=["decision"])
        return proposal


def matching_run_decide_all(*, run: MatchingRun, accepted: bool, actor: User) -> int:
    """Accept (or reject) every proposal still to decide; returns how many."""
    _check_staff(actor)
    with transaction.atomic():
        run = _lock(run)
        _check_draft(run)
        return MatchingProposal.objects.filter(run=run, decision=Decision.PROPOSED).update(
            decision=Decision.ACCEPTED if accepted else Decision.REJECTED
        )


def _error_code(error: PortalError) -> str:
    if isinstance(error, OfferFull):
        return "offer_full"
    if isinstance(error, NotAllowed):
        return "not_allowed"
    if isinstance(error, Conflict):
        return "conflict"
    return "refused"


def matching_run_apply(*, run: MatchingRun, actor: User) -> MatchingRun:
    """Propose every accepted pair through `placement_propose`, each in its own transaction; a
    refused pair keeps the reason, the others are applied. Returns the run with its outcome."""
    _check_staff(actor)
    with transaction.atomic():
        run = _lock(run)
        _check_draft(run)
        if not MatchingProposal.objects.filter(run=run, decision=Decision.ACCEPTED).exists():
            raise PortalError(_("Accept at least one proposal before applying the run."))
        run.status, run.applied_at, run.applied_by = RunStatus.APPLIED, timezone.now(), actor
        run.save(update_fields=["status", "applied_at", "applied_by", "updated_at"])
    accepted = (
        MatchingProposal.objects.filter(run=run, decision=Decision.ACCEPTED)
        .select_related("trainee", "offer")
        .order_by("pk")
    )
    created = failed = 0
    for proposal in accepted:
        try:
            with transaction.atomic():
                placement = placement_propose(
                    offer=proposal.offer, trainee=proposal.trainee, actor=actor, reasons=proposal.reasons
                )
                proposal.placement, proposal.error_code, proposal.error_message = placement, "", ""
                proposal.save(update_fields=["placement", "error_code", "error_message"])
            created += 1
        except PortalError as error:
            proposal.placement = None
            proposal.error_code, proposal.error_message = _error_code(error), str(error.message)[:300]
            proposal.save(update_fields=["placement", "error_code", "error_message"])
            failed += 1
    notifications.run_applied(run=run, created=created, failed=failed)
    return run
