"""Rules of the placement services that pages and the API share, and what intake and privacy do to
placements."""

import datetime

import pytest
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from iclon.core.errors import Conflict, PortalError
from iclon.notifications.models import Notification
from programmes.intake.services import applications as intake
from programmes.intake.services import privacy
from programmes.models import (
    AdmissionCondition,
    ApplicationStatus,
    Evaluation,
    Placement,
    PlacementStatus,
    PlacementWish,
    Sector,
)
from programmes.placements import services as placements
from tests.factories import ApplicationFactory, PathwayFactory, SchoolMembershipFactory
from tests.factories.placements import (
    EvaluationFactory,
    PlacementFactory,
    PlacementOfferFactory,
    PlacementPeriodFactory,
    PlacementWishFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # The refusals are asserted in English; the portal's default language is Dutch.
    with translation.override("en"):
        yield


def test_a_primary_schools_offer_is_not_for_a_secondary_trainee(placement_coordinator):
    trainee = ApplicationFactory(status=ApplicationStatus.ADMITTED)  # a secondary (vo) route
    primary_offer = PlacementOfferFactory(subject=None)

    with pytest.raises(PortalError, match="another subject"):
        placements.placement_propose(offer=primary_offer, trainee=trainee, actor=placement_coordinator)

    primary_trainee = ApplicationFactory(
        status=ApplicationStatus.ADMITTED, pathway=PathwayFactory(sector=Sector.PO, subjects=[])
    )
    placement = placements.placement_propose(offer=primary_offer, trainee=primary_trainee, actor=placement_coordinator)
    assert placement.status == PlacementStatus.PROPOSED


def test_no_match_is_made_for_a_period_that_is_over(placement_coordinator):
    trainee = ApplicationFactory(status=ApplicationStatus.ADMITTED)
    past = PlacementPeriodFactory(
        starts_on=timezone.localdate() - datetime.timedelta(days=200),
        ends_on=timezone.localdate() - datetime.timedelta(days=10),
    )
    offer = PlacementOfferFactory(subject=trainee.subject, period=past)

    with pytest.raises(Conflict, match="period is over"):
        placements.placement_propose(offer=offer, trainee=trainee, actor=placement_coordinator)


def test_an_offer_cannot_move_to_a_period_that_is_over(school_a, school_a_contact):
    offer = PlacementOfferFactory(school=school_a)
    past = PlacementPeriodFactory(
        starts_on=timezone.localdate() - datetime.timedelta(days=200),
        ends_on=timezone.localdate() - datetime.timedelta(days=10),
    )

    with pytest.raises(PortalError, match="period is over"):
        placements.offer_update(offer=offer, actor=school_a_contact, period=past)


def test_a_withdrawing_trainee_frees_the_place_and_the_school_is_told(school_a, school_a_contact):
    placement = PlacementFactory(status=PlacementStatus.CONFIRMED, offer__school=school_a, school=school_a)
    trainee = placement.trainee

    intake.application_withdraw(application=trainee, actor=trainee.applicant, reason="Andere baan")

    with scopes_disabled():
        placement.refresh_from_db()
    assert placement.status == PlacementStatus.CANCELLED
    assert placements.places_taken(placement.offer) == 0
    assert Notification.objects.filter(
        recipient=school_a_contact, idempotency_key__startswith=f"programmes.placement:cancelled:{placement.pk}:"
    ).exists()


def test_a_condition_cannot_be_due_in_the_past(intake_officer):
    application = ApplicationFactory(status=ApplicationStatus.IN_REVIEW)

    with pytest.raises(PortalError, match="past"):
        intake.condition_add(
            application=application,
            kind=AdmissionCondition.Kind.DUTCH_PROFICIENCY,
            due_on=timezone.localdate() - datetime.timedelta(days=1),
            actor=intake_officer,
        )


def test_anonymisation_clears_what_was_written_about_the_trainees_placements(settings):
    placement = PlacementFactory(status=PlacementStatus.COMPLETED, match_reasons=["Woont in Leiden"])
    trainee = placement.trainee
    trainee.decided_at = timezone.now() - datetime.timedelta(days=settings.APPLICATION_RETENTION_DAYS + 5)
    trainee.save()
    evaluation = EvaluationFactory(placement=placement, strengths="Sterk in klassenmanagement", submitted=True)
    PlacementWishFactory(trainee=trainee, notes="Liefst dicht bij huis")

    assert privacy.application_anonymise_if_due(application_id=trainee.pk, now=timezone.now())

    with scopes_disabled():
        placement.refresh_from_db()
        evaluation.refresh_from_db()
        assert placement.match_reasons == [] and placement.status == PlacementStatus.COMPLETED
        assert evaluation.strengths == "" and evaluation.development_points == ""
        assert not Placement.history.filter(id=placement.pk).exists()
        assert not Evaluation.history.filter(placement_id=placement.pk).exists()
    assert not PlacementWish.objects.filter(trainee=trainee).exists()


def test_a_trainee_with_a_live_placement_is_not_anonymised_yet(settings):
    placement = PlacementFactory(status=PlacementStatus.RUNNING)
    trainee = placement.trainee
    trainee.status = ApplicationStatus.ENROLLED
    trainee.decided_at = timezone.now() - datetime.timedelta(days=settings.APPLICATION_RETENTION_DAYS + 5)
    trainee.save()

    assert not privacy.applications_due_for_anonymisation(now=timezone.now()).filter(pk=trainee.pk).exists()

    with scopes_disabled():
        Placement.objects.filter(pk=placement.pk).update(status=PlacementStatus.COMPLETED)
    assert privacy.applications_due_for_anonymisation(now=timezone.now()).filter(pk=trainee.pk).exists()


def test_the_api_shows_the_applicant_conditions_only_with_the_decision(client, intake_officer):
    application = ApplicationFactory(status=ApplicationStatus.IN_REVIEW)
    intake.condition_add(application=application, kind=AdmissionCondition.Kind.DUTCH_PROFICIENCY, actor=intake_officer)
    url = f"/api/v1/applications/{application.pk}/"

    client.force_login(application.applicant)
    assert client.get(url).json()["conditions"] == []

    client.force_login(intake_officer)
    assert len(client.get(url).json()["conditions"]) == 1

    intake.application_transition(
        application=application, to_status=ApplicationStatus.ADMITTED_WITH_CONDITIONS, actor=intake_officer
    )
    client.force_login(application.applicant)
    assert len(client.get(url).json()["conditions"]) == 1


def test_a_school_member_confirms_with_a_mentor_of_the_school(school_a, school_a_contact, school_a_mentor):
    placement = PlacementFactory(offer__school=school_a, school=school_a)

    placements.placement_confirm(placement=placement, actor=school_a_contact, workplace_mentor=school_a_mentor)

    with scopes_disabled():
        placement.refresh_from_db()
    assert (placement.status, placement.workplace_mentor) == (PlacementStatus.CONFIRMED, school_a_mentor)
    assert Evaluation.objects.unscoped().filter(placement=placement).count() == 4

    stranger = SchoolMembershipFactory().user
    other = PlacementFactory(offer__school=school_a, school=school_a)
    with pytest.raises(PortalError, match="does not work at the school"):
        placements.placement_confirm(placement=other, actor=school_a_contact, workplace_mentor=stranger)
