"""Matching runs' services (programmes/matchruns/services.py): a run proposes the best whole
assignment under the subject rule and the offers' places, with the reasons; pins and forbids
change the result and survive re-runs; a pin that cannot hold is refused and changes nothing;
applying goes through placement_propose per accepted pair, reports a pair refused at apply time
and applies the others; an applied run is closed; the creator is told."""

import datetime

import pytest
from django.utils import translation

from iclon.core.errors import Conflict, NotAllowed, PortalError
from iclon.notifications.models import Channel, Notification
from programmes.matchruns import services
from programmes.matchruns.models import (
    ConstraintKind,
    Decision,
    MatchingConstraint,
    MatchingProposal,
    MatchingRun,
    RunStatus,
)
from programmes.models import ApplicationStatus, Placement, PlacementStatus
from programmes.placements.services import placement_propose
from tests.factories import (
    ApplicationFactory,
    PathwayFactory,
    PlacementWishFactory,
    SchoolFactory,
    SchoolSubjectFactory,
    TrainingSchoolPartnershipFactory,
)
from tests.factories.placements import PlacementFactory, PlacementOfferFactory, PlacementPeriodFactory
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db


@pytest.fixture
def period():
    return PlacementPeriodFactory(slug="2030-s1")


@pytest.fixture
def subject():
    return SchoolSubjectFactory(slug="wiskunde", name_nl="Wiskunde", name_en="Mathematics")


@pytest.fixture
def pathway(subject):
    return PathwayFactory(subjects=[subject])


def trainee_of(pathway, subject, **fields):
    fields.setdefault("status", ApplicationStatus.ADMITTED)
    return ApplicationFactory(pathway=pathway, subject=subject, complete=False, **fields)


def offer_at(period, subject, *, city="Leiden", places=1, **fields):
    school = fields.pop("school", None) or SchoolFactory(city=city, municipality=city)
    return PlacementOfferFactory(period=period, subject=subject, school=school, places=places, **fields)


def pairs(run):
    return {(p.trainee_id, p.offer_id) for p in MatchingProposal.objects.filter(run=run)}


@pytest.fixture
def world(period, subject, pathway):
    """Two trainees who live in Leiden and Delft, one place in each town: each fits their own."""
    leiden, delft = offer_at(period, subject, city="Leiden"), offer_at(period, subject, city="Delft")
    anna, bart = trainee_of(pathway, subject, city="Leiden"), trainee_of(pathway, subject, city="Delft")
    return {"leiden": leiden, "delft": delft, "anna": anna, "bart": bart}


def test_a_run_proposes_the_best_whole_assignment_with_reasons(placement_coordinator, period, world):
    other = SchoolSubjectFactory()
    offer_at(period, other, city="Leiden")  # another subject: never proposed
    run = services.matching_run_create(period=period, subject=None, actor=placement_coordinator)
    assert pairs(run) == {(world["anna"].pk, world["leiden"].pk), (world["bart"].pk, world["delft"].pk)}
    assert run.total_score == sum(MatchingProposal.objects.filter(run=run).values_list("score", flat=True)) > 0
    proposal = MatchingProposal.objects.get(run=run, trainee=world["anna"])
    assert [reason["code"] for reason in proposal.reasons] == ["subject", "home_town"]
    assert (run.status, run.created_by, run.unassigned) == (RunStatus.DRAFT, placement_coordinator, [])
    assert run.parameters["trainees"] == 2 and run.parameters["places"] == 2


def test_capacity_is_never_broken_and_who_is_left_says_why(placement_coordinator, period, subject, pathway):
    offer = offer_at(period, subject, places=1)
    first, second = trainee_of(pathway, subject), trainee_of(pathway, subject)
    lonely = trainee_of(pathway, SchoolSubjectFactory(), city="")
    run = services.matching_run_create(period=period, subject=None, actor=placement_coordinator)
    assert MatchingProposal.objects.filter(run=run, offer=offer).count() == 1
    reasons = {entry["trainee"]: entry["reason"] for entry in run.unassigned}
    assert reasons[lonely.pk] == "no_offer"
    assert {first.pk, second.pk} - set(reasons) and "taken" in reasons.values()


def test_a_subject_filter_takes_that_subject_only(placement_coordinator, period, world):
    other = SchoolSubjectFactory()
    trainee_of(PathwayFactory(subjects=[other]), other)
    run = services.matching_run_create(period=period, subject=world["leiden"].subject, actor=placement_coordinator)
    assert {t for t, _o in pairs(run)} == {world["anna"].pk, world["bart"].pk}


def test_pins_and_forbids_change_the_result_and_survive_a_rerun(placement_coordinator, period, world):
    run = services.matching_run_create(period=period, subject=None, actor=placement_coordinator)
    anna, bart, leiden, delft = world["anna"], world["bart"], world["leiden"], world["delft"]
    services.matching_constraint_set(run=run, trainee=anna, offer=delft, kind="pin", actor=placement_coordinator)
    assert pairs(run) == {(anna.pk, delft.pk), (bart.pk, leiden.pk)}
    assert MatchingProposal.objects.get(run=run, trainee=anna).pinned
    services.matching_constraint_set(run=run, trainee=bart, offer=leiden, kind="forbid", actor=placement_coordinator)
    assert pairs(run) == {(anna.pk, delft.pk)}
    assert [entry["trainee"] for entry in MatchingRun.objects.get(pk=run.pk).unassigned] == [bart.pk]
    services.matching_run_recompute(run=run, actor=placement_coordinator)
    assert pairs(run) == {(anna.pk, delft.pk)}
    assert MatchingConstraint.objects.filter(run=run).count() == 2
    pin = MatchingConstraint.objects.get(run=run, kind=ConstraintKind.PIN)
    services.matching_constraint_remove(constraint=pin, actor=placement_coordinator)
    assert pairs(run) == {(anna.pk, leiden.pk), (bart.pk, delft.pk)}


def test_a_decision_on_the_same_pair_stays_after_a_rerun(placement_coordinator, period, world):
    run = services.matching_run_create(period=period, subject=None, actor=placement_coordinator)
    proposal = MatchingProposal.objects.get(run=run, trainee=world["anna"])
    services.matching_proposal_decide(proposal=proposal, accepted=True, actor=placement_coordinator)
    services.matching_run_recompute(run=run, actor=placement_coordinator)
    assert MatchingProposal.objects.get(run=run, trainee=world["anna"]).decision == Decision.ACCEPTED
    assert MatchingProposal.objects.get(run=run, trainee=world["bart"]).decision == Decision.PROPOSED


def test_a_pin_that_cannot_hold_is_refused_and_changes_nothing(placement_coordinator, period, subject, world):
    run = services.matching_run_create(period=period, subject=None, actor=placement_coordinator)
    anna, bart, leiden = world["anna"], world["bart"], world["leiden"]
    other = offer_at(period, SchoolSubjectFactory())
    with translation.override("en"):
        with (
            nothing_written(MatchingProposal),
            nothing_written(MatchingConstraint),
            pytest.raises(PortalError) as wrong,
        ):
            services.matching_constraint_set(
                run=run, trainee=anna, offer=other, kind="pin", actor=placement_coordinator
            )
        assert str(wrong.value.message) == "This offer is for another subject."
        services.matching_constraint_set(run=run, trainee=anna, offer=leiden, kind="pin", actor=placement_coordinator)
        with nothing_written(MatchingProposal), nothing_written(MatchingConstraint), pytest.raises(Conflict) as full:
            services.matching_constraint_set(
                run=run, trainee=bart, offer=leiden, kind="pin", actor=placement_coordinator
            )
        assert str(full.value.message) == "This offer has no free place left for this pin."
        later = offer_at(PlacementPeriodFactory(), subject)
        with pytest.raises(PortalError, match="another period"):
            services.matching_constraint_set(
                run=run, trainee=bart, offer=later, kind="pin", actor=placement_coordinator
            )
        with pytest.raises(PortalError, match="pin or forbid"):
            services.matching_constraint_set(run=run, trainee=bart, offer=leiden, kind="x", actor=placement_coordinator)


def test_a_pin_whose_offer_filled_up_meanwhile_stops_a_rerun_clearly(placement_coordinator, period, subject, world):
    run = services.matching_run_create(period=period, subject=None, actor=placement_coordinator)
    services.matching_constraint_set(
        run=run, trainee=world["anna"], offer=world["leiden"], kind="pin", actor=placement_coordinator
    )
    PlacementFactory(trainee=trainee_of(PathwayFactory(subjects=[subject]), subject), offer=world["leiden"])
    with translation.override("en"), nothing_written(MatchingProposal), pytest.raises(Conflict) as refused:
        services.matching_run_recompute(run=run, actor=placement_coordinator)
    with translation.override("en"):
        assert "is closed or full now: remove the pin" in str(refused.value.message)


def test_declined_pairs_are_not_proposed(placement_coordinator, period, world):
    PlacementFactory(trainee=world["anna"], offer=world["leiden"], status=PlacementStatus.DECLINED)
    run = services.matching_run_create(period=period, subject=None, actor=placement_coordinator)
    assert (world["anna"].pk, world["leiden"].pk) not in pairs(run)


def test_applying_proposes_each_accepted_pair_and_reports_a_refusal(placement_coordinator, period, subject, world):
    run = services.matching_run_create(period=period, subject=None, actor=placement_coordinator)
    services.matching_run_decide_all(run=run, accepted=True, actor=placement_coordinator)
    # Meanwhile a colleague fills the Delft offer on the matching page.
    newcomer = trainee_of(PathwayFactory(subjects=[subject]), subject)
    placement_propose(offer=world["delft"], trainee=newcomer, actor=placement_coordinator)
    with translation.override("en"):
        services.matching_run_apply(run=run, actor=placement_coordinator)
    anna = MatchingProposal.objects.get(run=run, trainee=world["anna"])
    bart = MatchingProposal.objects.get(run=run, trainee=world["bart"])
    assert anna.placement.status == PlacementStatus.PROPOSED
    assert anna.placement.offer == world["leiden"] and anna.placement.proposed_by == placement_coordinator
    assert [reason["code"] for reason in anna.placement.match_reasons] == ["subject", "home_town"]
    assert (bart.placement, bart.error_code) == (None, "offer_full")
    assert bart.error_message == "This offer is full: all its places are taken."
    assert not Placement.objects.unscoped().filter(trainee=world["bart"]).exists()
    run.refresh_from_db()
    assert (run.status, run.applied_by) == (RunStatus.APPLIED, placement_coordinator)
    note = Notification.objects.get(recipient=placement_coordinator, channel=Channel.IN_APP)
    assert note.params == {"run": run.pk, "created": 1, "failed": 1}
    assert note.url == f"/placements/matching-runs/{run.pk}/"
    with translation.override("en"):
        assert note.text == f"Matching run {run.pk} applied: 1 placements proposed, 1 refused"


def test_a_trainee_placed_meanwhile_is_reported_and_rejected_pairs_are_not_applied(
    placement_coordinator, period, world
):
    run = services.matching_run_create(period=period, subject=None, actor=placement_coordinator)
    anna = MatchingProposal.objects.get(run=run, trainee=world["anna"])
    bart = MatchingProposal.objects.get(run=run, trainee=world["bart"])
    services.matching_proposal_decide(proposal=anna, accepted=True, actor=placement_coordinator)
    services.matching_proposal_decide(proposal=bart, accepted=False, actor=placement_coordinator)
    placement_propose(offer=world["delft"], trainee=world["anna"], actor=placement_coordinator)
    services.matching_run_apply(run=run, actor=placement_coordinator)
    anna.refresh_from_db()
    bart.refresh_from_db()
    assert (anna.placement, anna.error_code) == (None, "conflict")
    assert (bart.placement, bart.error_code) == (None, "")
    assert not Placement.objects.unscoped().filter(trainee=world["bart"]).exists()


def test_an_applied_run_cannot_be_changed_rerun_or_applied_again(placement_coordinator, period, world):
    run = services.matching_run_create(period=period, subject=None, actor=placement_coordinator)
    with translation.override("en"), pytest.raises(PortalError, match="Accept at least one proposal"):
        services.matching_run_apply(run=run, actor=placement_coordinator)
    services.matching_run_decide_all(run=run, accepted=True, actor=placement_coordinator)
    services.matching_run_apply(run=run, actor=placement_coordinator)
    proposal = MatchingProposal.objects.filter(run=run).first()
    attempts = [
        lambda: services.matching_run_recompute(run=run, actor=placement_coordinator),
        lambda: services.matching_run_apply(run=run, actor=placement_coordinator),
        lambda: services.matching_proposal_decide(proposal=proposal, accepted=False, actor=placement_coordinator),
        lambda: services.matching_constraint_set(
            run=run, trainee=world["anna"], offer=world["leiden"], kind="forbid", actor=placement_coordinator
        ),
    ]
    for attempt in attempts:
        with translation.override("en"), nothing_written(MatchingProposal), pytest.raises(Conflict) as refused:
            attempt()
        with translation.override("en"):
            assert str(refused.value.message) == "This matching run has been applied already; start a new run."
    assert Placement.objects.unscoped().count() == 2


def test_only_placement_staff_run_matchings(persona, period, world):
    for name in ("outsider", "school_a_contact", "intake_officer", "programme_coordinator"):
        with nothing_written(MatchingRun), pytest.raises(NotAllowed):
            services.matching_run_create(period=period, subject=None, actor=persona(name))


def test_a_period_that_is_over_or_missing_is_refused(placement_coordinator):
    over = PlacementPeriodFactory(starts_on=datetime.date(2020, 1, 1))
    with translation.override("en"):
        with nothing_written(MatchingRun), pytest.raises(PortalError, match="This period is over") as refused:
            services.matching_run_create(period=over, subject=None, actor=placement_coordinator)
        assert refused.value.field == "period"
        with pytest.raises(PortalError, match="Choose a placement period"):
            services.matching_run_create(period=None, subject=None, actor=placement_coordinator)


def test_wishes_weigh_in_the_whole_assignment(placement_coordinator, period, subject, pathway):
    partnership = TrainingSchoolPartnershipFactory()
    wished = offer_at(period, subject, city="Katwijk", school=SchoolFactory(partnership=partnership, city="Katwijk"))
    plain = offer_at(period, subject, city="Katwijk")
    wishing, indifferent = trainee_of(pathway, subject, city=""), trainee_of(pathway, subject, city="")
    PlacementWishFactory(trainee=wishing, partnership=partnership)
    run = services.matching_run_create(period=period, subject=None, actor=placement_coordinator)
    assert pairs(run) == {(wishing.pk, wished.pk), (indifferent.pk, plain.pk)}
    wish = MatchingProposal.objects.get(run=run, trainee=wishing)
    assert "wish_partnership" in [reason["code"] for reason in wish.reasons]
    assert wish.score > MatchingProposal.objects.get(run=run, trainee=indifferent).score
