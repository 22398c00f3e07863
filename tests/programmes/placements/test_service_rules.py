"""The rules of the placement services as their callers meet them: what an offer change may and may
not do, when a period is over, how many places an offer keeps, a trainee's registered job, the
school's decline, the status moves, the evaluations' planning, writing and release, and the
trainee's wishes. Refusals are compared whole (message and field) and change nothing."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone, translation

from iclon.core.errors import Conflict, NotAllowed, PortalError
from programmes.models import (
    ApplicationStatus,
    Evaluation,
    Placement,
    PlacementOffer,
    PlacementStatus,
    PlacementWish,
)
from programmes.placements import services
from tests.factories import ApplicationFactory, SchoolSubjectFactory, StaffUserFactory
from tests.factories.placements import (
    EvaluationFactory,
    PlacementFactory,
    PlacementOfferFactory,
    PlacementPeriodFactory,
)
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

PERIOD_OVER = "This period is over; choose a coming period."


@pytest.fixture(autouse=True)
def _english():
    # The refusals are compared in English, as written in the code; the default language is Dutch.
    with translation.override("en"):
        yield


def today():
    return timezone.localdate()


def period_ending(ends_on):
    return PlacementPeriodFactory(starts_on=ends_on - datetime.timedelta(days=150), ends_on=ends_on)


def refusal(error):
    """A refusal as its caller shows it: the exception's class, message and field."""
    return type(error.value), str(error.value), error.value.field


def fresh(row):
    return type(row)._base_manager.get(pk=row.pk)


# --- changing an offer ---------------------------------------------------------------------------


@pytest.fixture
def offer(school_a):
    return PlacementOfferFactory(school=school_a, places=2, days_available=["tue"], notes="")


def test_a_school_changes_every_field_of_an_offer_nobody_is_placed_on(offer, school_a_contact, school_a_mentor):
    subject, period = SchoolSubjectFactory(), PlacementPeriodFactory()

    returned = services.offer_update(
        offer=offer,
        actor=school_a_contact,
        subject=subject,
        period=period,
        places=1,
        days_available=["thu", "mon", "thu"],
        paid_job_possible=True,
        notes="Graag iemand met ervaring",
        is_open=False,
        mentors=[school_a_mentor],
    )

    offer = fresh(offer)
    assert returned.pk == offer.pk
    assert (offer.subject, offer.period, offer.places) == (subject, period, 1)
    # The days are kept once each, Monday to Friday.
    assert offer.days_available == ["mon", "thu"]
    assert (offer.paid_job_possible, offer.notes, offer.is_open) == (True, "Graag iemand met ervaring", False)
    assert list(offer.mentors.all()) == [school_a_mentor]


def test_mentors_left_out_of_an_offer_change_are_kept_and_an_empty_list_clears_them(
    offer, school_a_contact, school_a_mentor
):
    services.offer_update(offer=offer, actor=school_a_contact, mentors=[school_a_mentor])
    services.offer_update(offer=offer, actor=school_a_contact, notes="Nieuw")
    assert list(fresh(offer).mentors.all()) == [school_a_mentor]

    services.offer_update(offer=offer, actor=school_a_contact, mentors=[])
    assert list(fresh(offer).mentors.all()) == []


def test_a_mentor_from_another_school_is_refused_on_an_offer_change(offer, school_a_contact, school_b_contact):
    with nothing_written(PlacementOffer), pytest.raises(PortalError) as error:
        services.offer_update(offer=offer, actor=school_a_contact, mentors=[school_b_contact])
    assert refusal(error) == (PortalError, "A workplace mentor must work at this school.", "mentors")
    assert list(fresh(offer).mentors.all()) == []


def test_fields_an_offer_change_may_not_touch_are_named_and_nothing_changes(
    offer, school_a_contact, school_b, placement_coordinator
):
    with nothing_written(PlacementOffer), pytest.raises(PortalError) as error:
        services.offer_update(offer=offer, actor=school_a_contact, school=school_b, created_by=placement_coordinator)

    assert refusal(error) == (PortalError, "These fields cannot be changed here: created_by, school", None)
    assert fresh(offer).school_id == offer.school_id


def test_a_day_that_is_no_weekday_is_refused_on_an_offer_change(offer, school_a_contact):
    with nothing_written(PlacementOffer), pytest.raises(PortalError) as error:
        services.offer_update(offer=offer, actor=school_a_contact, days_available=["mon", "sat"])
    assert refusal(error) == (PortalError, "Choose weekdays from Monday to Friday.", "days_available")


def test_an_offer_moves_to_a_period_ending_today_but_not_to_one_that_is_over(offer, school_a_contact):
    over = period_ending(today() - datetime.timedelta(days=1))
    with nothing_written(PlacementOffer), pytest.raises(PortalError) as error:
        services.offer_update(offer=offer, actor=school_a_contact, period=over)
    assert refusal(error) == (PortalError, PERIOD_OVER, "period")

    last_day = period_ending(today())
    services.offer_update(offer=offer, actor=school_a_contact, period=last_day)
    assert fresh(offer).period == last_day


@pytest.fixture
def taken_offer(offer):
    """The offer with one of its two places taken."""
    PlacementFactory(offer=offer, school=offer.school, period=offer.period)
    return offer


def test_an_offer_with_a_trainee_placed_keeps_its_period(taken_offer, school_a_contact):
    with nothing_written(PlacementOffer), pytest.raises(Conflict) as error:
        services.offer_update(offer=taken_offer, actor=school_a_contact, period=PlacementPeriodFactory())
    assert refusal(error) == (
        Conflict,
        "Trainees are placed on this offer; its period and subject can no longer change.",
        None,
    )


def test_an_offer_with_a_trainee_placed_keeps_its_subject(taken_offer, school_a_contact):
    with nothing_written(PlacementOffer), pytest.raises(Conflict) as error:
        services.offer_update(offer=taken_offer, actor=school_a_contact, subject=SchoolSubjectFactory())
    assert str(error.value) == "Trainees are placed on this offer; its period and subject can no longer change."


def test_an_offer_with_a_trainee_placed_may_be_sent_its_own_period_and_subject_again(taken_offer, school_a_contact):
    # A form that sends every field, the unchanged period and subject among them.
    services.offer_update(
        offer=taken_offer,
        actor=school_a_contact,
        period=taken_offer.period,
        subject=taken_offer.subject,
        places=1,
        notes="Eén plaats",
    )
    offer = fresh(taken_offer)
    assert (offer.places, offer.notes, offer.period, offer.subject) == (
        1,
        "Eén plaats",
        taken_offer.period,
        taken_offer.subject,
    )


def test_an_offer_keeps_as_many_places_as_are_taken(taken_offer, school_a_contact):
    PlacementFactory(offer=taken_offer, school=taken_offer.school, period=taken_offer.period)  # both taken
    with nothing_written(PlacementOffer), pytest.raises(PortalError) as error:
        services.offer_update(offer=taken_offer, actor=school_a_contact, places=1)
    assert refusal(error) == (PortalError, "2 places are taken; the offer needs at least that many.", "places")

    services.offer_update(offer=taken_offer, actor=school_a_contact, places=2, notes="Vol")
    assert (fresh(taken_offer).places, fresh(taken_offer).notes) == (2, "Vol")


@pytest.mark.parametrize("places", [0, None])
def test_an_offer_nobody_is_placed_on_keeps_at_least_one_place(offer, school_a_contact, places):
    with nothing_written(PlacementOffer), pytest.raises(PortalError) as error:
        services.offer_update(offer=offer, actor=school_a_contact, places=places)
    assert refusal(error) == (PortalError, "An offer has at least one place.", "places")

    services.offer_update(offer=offer, actor=school_a_contact, places=1)
    assert fresh(offer).places == 1


# --- publishing an offer -------------------------------------------------------------------------


def test_an_offer_published_with_only_the_required_fields_is_a_plain_one(school_a, school_a_contact):
    period = PlacementPeriodFactory()

    offer = services.offer_create(school=school_a, period=period, places=1, actor=school_a_contact)

    offer = fresh(offer)
    assert (offer.school, offer.period, offer.places, offer.created_by) == (school_a, period, 1, school_a_contact)
    assert (offer.subject, offer.paid_job_possible, offer.notes, offer.days_available) == (None, False, "", [])
    assert offer.is_open


def test_an_offer_published_with_every_field_keeps_them(school_a, school_a_contact):
    subject = SchoolSubjectFactory()

    offer = services.offer_create(
        school=school_a,
        period=PlacementPeriodFactory(),
        places=3,
        actor=school_a_contact,
        subject=subject,
        days_available=["fri", "tue"],
        paid_job_possible=True,
        notes="  Vacature mogelijk  ",
    )

    offer = fresh(offer)
    assert (offer.subject, offer.places, offer.days_available) == (subject, 3, ["tue", "fri"])
    assert (offer.paid_job_possible, offer.notes) == (True, "Vacature mogelijk")


@pytest.mark.parametrize("places", [0, None])
def test_an_offer_without_places_is_not_published(school_a, school_a_contact, places):
    with nothing_written(PlacementOffer), pytest.raises(PortalError) as error:
        services.offer_create(school=school_a, period=PlacementPeriodFactory(), places=places, actor=school_a_contact)
    assert refusal(error) == (PortalError, "An offer has at least one place.", "places")


def test_an_offer_is_published_for_a_period_ending_today_but_not_for_one_that_is_over(school_a, school_a_contact):
    over = period_ending(today() - datetime.timedelta(days=1))
    with nothing_written(PlacementOffer), pytest.raises(PortalError) as error:
        services.offer_create(school=school_a, period=over, places=1, actor=school_a_contact)
    assert refusal(error) == (PortalError, PERIOD_OVER, "period")

    last_day = period_ending(today())
    offer = services.offer_create(school=school_a, period=last_day, places=1, actor=school_a_contact)
    assert fresh(offer).period == last_day


# --- a trainee's own teaching job ----------------------------------------------------------------


@pytest.fixture
def trainee(db):
    return ApplicationFactory(status=ApplicationStatus.ENROLLED)


def test_a_trainee_registers_a_job_in_a_period_ending_today_but_not_in_one_that_is_over(school_a, trainee):
    over = period_ending(today() - datetime.timedelta(days=1))
    with nothing_written(Placement), pytest.raises(PortalError) as error:
        services.placement_register_employment(
            trainee=trainee, school=school_a, period=over, actor=trainee.applicant, hours=20
        )
    assert refusal(error) == (PortalError, PERIOD_OVER, "period")

    last_day = period_ending(today())
    placement = services.placement_register_employment(
        trainee=trainee, school=school_a, period=last_day, actor=trainee.applicant, hours=20
    )
    placement = fresh(placement)
    assert (placement.period, placement.kind, placement.status) == (
        last_day,
        Placement.Kind.EMPLOYMENT,
        PlacementStatus.PROPOSED,
    )
    assert (placement.employment_hours, placement.proposed_by, placement.offer) == (20, trainee.applicant, None)


def test_a_trainee_registers_one_job_per_period(school_a, school_b, trainee):
    period = PlacementPeriodFactory()
    services.placement_register_employment(trainee=trainee, school=school_a, period=period, actor=trainee.applicant)

    with nothing_written(Placement), pytest.raises(Conflict) as error:
        services.placement_register_employment(trainee=trainee, school=school_b, period=period, actor=trainee.applicant)
    assert refusal(error) == (Conflict, "You already have a placement in this period.", None)


# --- the school's decline, and the status moves --------------------------------------------------


@pytest.fixture
def proposed(school_a):
    return PlacementFactory(offer__school=school_a, school=school_a)


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_school_declines_only_with_a_reason(proposed, school_a_contact, reason):
    with nothing_written(Placement), pytest.raises(PortalError) as error:
        services.placement_decline(placement=proposed, actor=school_a_contact, reason=reason)
    assert refusal(error) == (
        PortalError,
        "Give the reason, so the coordinator can find a better match.",
        "reason",
    )
    assert fresh(proposed).status == PlacementStatus.PROPOSED


@pytest.mark.parametrize("status", [PlacementStatus.CONFIRMED, PlacementStatus.DECLINED, PlacementStatus.CANCELLED])
def test_only_a_proposed_placement_is_declined(school_a, school_a_contact, status):
    placement = PlacementFactory(offer__school=school_a, school=school_a, status=status)
    with nothing_written(Placement), pytest.raises(Conflict) as error:
        services.placement_decline(placement=placement, actor=school_a_contact, reason="Geen mentor")
    assert refusal(error) == (Conflict, "Only a proposed placement can be declined.", None)


def test_starting_a_placement_without_a_reason_writes_no_reason(placement_coordinator):
    placement = PlacementFactory(status=PlacementStatus.CONFIRMED)

    services.placement_set_status(placement=placement, status=PlacementStatus.RUNNING, actor=placement_coordinator)

    placement = fresh(placement)
    assert (placement.status, placement.decline_reason) == (PlacementStatus.RUNNING, "")


@pytest.mark.parametrize("status", ["paused", PlacementStatus.PROPOSED, PlacementStatus.DECLINED])
def test_a_status_other_than_start_complete_or_cancel_is_refused(placement_coordinator, status):
    placement = PlacementFactory(status=PlacementStatus.CONFIRMED)
    with nothing_written(Placement), pytest.raises(PortalError) as error:
        services.placement_set_status(placement=placement, status=status, actor=placement_coordinator)
    assert refusal(error) == (PortalError, "Choose start, complete or cancel.", "status")


def test_staff_who_may_match_but_not_manage_placements_cannot_start_one(db):
    matcher = StaffUserFactory()
    matcher.user_permissions.add(Permission.objects.get(codename="add_placement", content_type__app_label="programmes"))
    placement = PlacementFactory(status=PlacementStatus.CONFIRMED)
    assert services.is_placement_staff(matcher, services.MATCH)

    with nothing_written(Placement), pytest.raises(NotAllowed):
        services.placement_set_status(placement=placement, status=PlacementStatus.RUNNING, actor=matcher)


# --- evaluations ---------------------------------------------------------------------------------


def test_confirming_plans_the_mid_term_halfway_and_the_final_a_week_before_the_end(school_a, school_a_contact):
    period = PlacementPeriodFactory(starts_on=today() + datetime.timedelta(days=10))
    period.ends_on = period.starts_on + datetime.timedelta(days=100)
    period.save()
    placement = PlacementFactory(offer__school=school_a, offer__period=period, school=school_a, period=period)

    services.placement_confirm(placement=placement, actor=school_a_contact)

    planned = {
        (evaluation.moment, evaluation.author_role): evaluation.due_on
        for evaluation in Evaluation.objects.unscoped().filter(placement=placement)
    }
    halfway, final = period.starts_on + datetime.timedelta(days=50), period.ends_on - datetime.timedelta(days=7)
    assert planned == {
        (Evaluation.Moment.MIDTERM, Evaluation.Author.WORKPLACE_MENTOR): halfway,
        (Evaluation.Moment.MIDTERM, Evaluation.Author.INSTITUTE_EDUCATOR): halfway,
        (Evaluation.Moment.FINAL, Evaluation.Author.WORKPLACE_MENTOR): final,
        (Evaluation.Moment.FINAL, Evaluation.Author.INSTITUTE_EDUCATOR): final,
    }


def mentors_evaluation(mentor, placement_status=PlacementStatus.CONFIRMED, **traits):
    return EvaluationFactory(placement__status=placement_status, placement__workplace_mentor=mentor, **traits)


def test_the_mentor_submits_an_evaluation_with_the_texts_trimmed(school_a_mentor):
    evaluation = mentors_evaluation(school_a_mentor)

    services.evaluation_submit(
        evaluation=evaluation,
        actor=school_a_mentor,
        strengths="  Duidelijke uitleg.  ",
        development_points="  Meer differentiëren.\n",
        judgement=Evaluation.Judgement.SUFFICIENT,
    )

    evaluation = fresh(evaluation)
    assert (evaluation.strengths, evaluation.development_points) == ("Duidelijke uitleg.", "Meer differentiëren.")
    assert (evaluation.judgement, evaluation.author) == (Evaluation.Judgement.SUFFICIENT, school_a_mentor)
    assert evaluation.submitted_at is not None
    assert evaluation.released_at is None


def test_points_to_develop_may_be_left_out(school_a_mentor):
    evaluation = mentors_evaluation(school_a_mentor)

    services.evaluation_submit(
        evaluation=evaluation,
        actor=school_a_mentor,
        strengths="Sterk",
        development_points=None,
        judgement=Evaluation.Judgement.GOOD,
    )

    assert fresh(evaluation).development_points == ""


@pytest.mark.parametrize("status", [PlacementStatus.PROPOSED, PlacementStatus.DECLINED, PlacementStatus.CANCELLED])
def test_evaluations_are_written_only_for_confirmed_placements(school_a_mentor, status):
    evaluation = mentors_evaluation(school_a_mentor, placement_status=status)
    with nothing_written(Evaluation), pytest.raises(Conflict) as error:
        services.evaluation_submit(
            evaluation=evaluation, actor=school_a_mentor, strengths="Sterk", development_points="", judgement="good"
        )
    assert refusal(error) == (Conflict, "Evaluations are written for confirmed placements.", None)


def test_a_released_evaluation_no_longer_changes(school_a_mentor):
    evaluation = mentors_evaluation(school_a_mentor, released=True)
    with nothing_written(Evaluation), pytest.raises(Conflict) as error:
        services.evaluation_submit(
            evaluation=evaluation, actor=school_a_mentor, strengths="Anders", development_points="", judgement="good"
        )
    assert refusal(error) == (
        Conflict,
        "This evaluation has been released to the trainee and can no longer change.",
        None,
    )


@pytest.mark.parametrize("judgement", ["", "excellent", None])
def test_an_evaluation_needs_one_of_the_judgements(school_a_mentor, judgement):
    evaluation = mentors_evaluation(school_a_mentor)
    with nothing_written(Evaluation), pytest.raises(PortalError) as error:
        services.evaluation_submit(
            evaluation=evaluation, actor=school_a_mentor, strengths="Sterk", development_points="", judgement=judgement
        )
    assert refusal(error) == (PortalError, "Choose a judgement.", "judgement")


@pytest.mark.parametrize("strengths", ["", "  \n", None])
def test_an_evaluation_names_the_trainees_strengths(school_a_mentor, strengths):
    evaluation = mentors_evaluation(school_a_mentor)
    with nothing_written(Evaluation), pytest.raises(PortalError) as error:
        services.evaluation_submit(
            evaluation=evaluation, actor=school_a_mentor, strengths=strengths, development_points="", judgement="good"
        )
    assert refusal(error) == (PortalError, "Describe the trainee's strengths.", "strengths")


def test_an_evaluation_is_released_only_once_submitted(school_a_mentor):
    evaluation = mentors_evaluation(school_a_mentor)
    with nothing_written(Evaluation), pytest.raises(Conflict) as error:
        services.evaluation_release(evaluation=evaluation, actor=school_a_mentor)
    assert refusal(error) == (Conflict, "Submit the evaluation before releasing it.", None)


# --- the trainee's wishes ------------------------------------------------------------------------


def test_a_wish_saved_with_nothing_but_days_has_no_municipality_and_no_notes(trainee):
    services.wish_save(trainee=trainee, actor=trainee.applicant, days_available=["wed"])

    wish = PlacementWish.objects.get(trainee=trainee)
    assert (wish.municipality, wish.notes, wish.days_available) == ("", "", ["wed"])


def test_a_wish_keeps_its_texts_trimmed_and_empty_ones_empty(trainee):
    services.wish_save(trainee=trainee, actor=trainee.applicant, municipality=" Leiden ", notes="  Liefst dichtbij\n")
    wish = PlacementWish.objects.get(trainee=trainee)
    assert (wish.municipality, wish.notes) == ("Leiden", "Liefst dichtbij")

    services.wish_save(trainee=trainee, actor=trainee.applicant, municipality=None, notes=None)
    wish = PlacementWish.objects.get(trainee=trainee)
    assert (wish.municipality, wish.notes) == ("", "")
