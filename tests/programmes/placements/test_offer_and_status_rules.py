"""Rules of matching, the school's answer, the status moves and the evaluations that their callers
rely on: who is refused and with which message, what a refused match leaves alone, which earlier
placements keep a trainee from a new one, what a cancellation writes into the history, which
evaluations hold a placement's completion back, who may write an evaluation, and what
anonymisation clears. Refusals are compared whole (class, message, field) and change nothing."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.utils import timezone, translation

from iclon.core.errors import Conflict, NotAllowed, PortalError
from iclon.notifications.models import Notification
from partnerships.models import SchoolRole
from programmes.intake.services import privacy
from programmes.models import ApplicationStatus, Evaluation, Placement, PlacementStatus
from programmes.placements import notifications as placement_notifications
from programmes.placements import services
from tests.factories import ApplicationFactory, SchoolMembershipFactory, StaffUserFactory, UserFactory
from tests.factories.placements import (
    EvaluationFactory,
    PlacementFactory,
    PlacementOfferFactory,
    PlacementPeriodFactory,
)
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db
S = PlacementStatus

ALREADY_PLACED = "This trainee already has a placement in this period."


@pytest.fixture(autouse=True)
def _english():
    # The refusals are compared in English, as written in the code; the default language is Dutch.
    with translation.override("en"):
        yield


def today():
    return timezone.localdate()


def refusal(error):
    """A refusal as its caller shows it: the exception's class, message and field."""
    return type(error.value), str(error.value), error.value.field


def fresh(row):
    return type(row)._base_manager.get(pk=row.pk)


def latest_history(placement):
    return Placement.history.filter(id=placement.pk).order_by("-history_id").first()


@pytest.fixture
def matcher(db):
    """ICLON staff who may match trainees to offers (add a placement) but not manage placements."""
    user = StaffUserFactory()
    user.user_permissions.add(Permission.objects.get(codename="add_placement", content_type__app_label="programmes"))
    return user


@pytest.fixture
def trainee(db):
    return ApplicationFactory(status=ApplicationStatus.ADMITTED)


@pytest.fixture
def offer(trainee):
    return PlacementOfferFactory(subject=trainee.subject, places=2)


# --- matching ------------------------------------------------------------------------------------


def test_only_admitted_or_enrolled_trainees_are_matched(placement_coordinator):
    applicant = ApplicationFactory(status=ApplicationStatus.IN_REVIEW)
    offer = PlacementOfferFactory(subject=applicant.subject)

    with nothing_written(Placement), pytest.raises(PortalError) as error:
        services.placement_propose(offer=offer, trainee=applicant, actor=placement_coordinator)
    assert refusal(error) == (PortalError, "Only admitted or enrolled trainees can be placed.", None)


def test_a_closed_offer_takes_no_match(placement_coordinator, trainee, offer):
    offer.is_open = False
    offer.save()

    with nothing_written(Placement), pytest.raises(Conflict) as error:
        services.placement_propose(offer=offer, trainee=trainee, actor=placement_coordinator)
    assert refusal(error) == (Conflict, "This offer is closed.", None)


def test_a_match_is_made_for_a_period_ending_today_but_not_for_one_that_is_over(placement_coordinator, trainee):
    over = PlacementPeriodFactory(
        starts_on=today() - datetime.timedelta(days=100), ends_on=today() - datetime.timedelta(days=1)
    )
    offer = PlacementOfferFactory(subject=trainee.subject, period=over)
    with nothing_written(Placement), pytest.raises(Conflict) as error:
        services.placement_propose(offer=offer, trainee=trainee, actor=placement_coordinator)
    assert refusal(error) == (Conflict, "This period is over; choose a coming period.", None)

    last_day = PlacementPeriodFactory(starts_on=today() - datetime.timedelta(days=100), ends_on=today())
    offer = PlacementOfferFactory(subject=trainee.subject, period=last_day)
    placement = services.placement_propose(offer=offer, trainee=trainee, actor=placement_coordinator)
    assert (fresh(placement).period, fresh(placement).status) == (last_day, S.PROPOSED)


def test_a_match_is_a_proposed_placement_from_the_offer(placement_coordinator, trainee, offer):
    placement = services.placement_propose(
        offer=offer, trainee=trainee, actor=placement_coordinator, reasons=["Same subject", "Lives nearby"]
    )

    placement = fresh(placement)
    assert (placement.trainee, placement.offer, placement.school, placement.period) == (
        trainee,
        offer,
        offer.school,
        offer.period,
    )
    assert (placement.kind, placement.status, placement.proposed_by) == (
        Placement.Kind.OFFER,
        S.PROPOSED,
        placement_coordinator,
    )
    assert placement.match_reasons == ["Same subject", "Lives nearby"]


def test_a_trainee_placed_in_the_period_is_refused_before_the_offer_is_counted(placement_coordinator, trainee):
    # The target offer is full, and the trainee is placed elsewhere in the same period: the
    # coordinator learns about the trainee, the reason that holds whatever offer they choose.
    full = PlacementOfferFactory(subject=trainee.subject, places=1)
    PlacementFactory(offer=full)
    PlacementFactory(trainee=trainee, offer__period=full.period, status=S.CONFIRMED)

    with nothing_written(Placement), pytest.raises(Conflict) as error:
        services.placement_propose(offer=full, trainee=trainee, actor=placement_coordinator)
    assert refusal(error) == (Conflict, ALREADY_PLACED, None)


def test_a_trainee_placed_in_another_period_is_matched_in_this_one(placement_coordinator, trainee, offer):
    PlacementFactory(trainee=trainee, status=S.RUNNING)  # in a period of its own

    placement = services.placement_propose(offer=offer, trainee=trainee, actor=placement_coordinator)
    assert fresh(placement).status == S.PROPOSED


@pytest.mark.parametrize("status", [S.DECLINED, S.CANCELLED])
def test_a_trainee_whose_placement_in_the_period_ended_early_is_matched_again(
    placement_coordinator, trainee, offer, status
):
    PlacementFactory(trainee=trainee, offer__period=offer.period, status=status)

    placement = services.placement_propose(offer=offer, trainee=trainee, actor=placement_coordinator)
    assert fresh(placement).status == S.PROPOSED
    assert Placement.objects.unscoped().filter(trainee=trainee, period=offer.period).count() == 2


def test_a_match_made_elsewhere_meanwhile_is_a_conflict_not_a_second_placement(
    placement_coordinator, trainee, offer, monkeypatch
):
    # Another request places the trainee in the period after this one checked, before it saves.
    other_offer = PlacementOfferFactory(subject=trainee.subject, period=offer.period)
    count_places = services.places_taken

    def places_taken_while_another_request_commits(counted_offer):
        PlacementFactory(trainee=trainee, offer=other_offer)
        return count_places(counted_offer)

    monkeypatch.setattr(services, "places_taken", places_taken_while_another_request_commits)

    with pytest.raises(Conflict) as error:
        services.placement_propose(offer=offer, trainee=trainee, actor=placement_coordinator)
    assert refusal(error) == (Conflict, ALREADY_PLACED, None)
    assert not Placement.objects.unscoped().filter(trainee=trainee, offer=offer).exists()


# --- the school's answer ---------------------------------------------------------------------------


@pytest.fixture
def proposed(school_a):
    return PlacementFactory(offer__school=school_a, school=school_a)


def test_a_school_confirms_naming_its_school_based_teacher_educator(proposed, school_a, school_a_contact):
    educator = SchoolMembershipFactory(school=school_a, role=SchoolRole.SCHOOL_TEACHER_EDUCATOR).user

    services.placement_confirm(placement=proposed, actor=school_a_contact, school_teacher_educator=educator)

    placement = fresh(proposed)
    assert (placement.status, placement.school_teacher_educator, placement.workplace_mentor) == (
        S.CONFIRMED,
        educator,
        None,
    )
    assert (placement.responded_by, placement.responded_at is not None) == (school_a_contact, True)


@pytest.mark.parametrize("field", ["workplace_mentor", "school_teacher_educator"])
def test_a_school_names_no_one_from_elsewhere_when_it_confirms(proposed, school_a_contact, school_b_contact, field):
    with nothing_written(Placement, Evaluation), pytest.raises(PortalError) as error:
        services.placement_confirm(placement=proposed, actor=school_a_contact, **{field: school_b_contact})
    assert refusal(error) == (PortalError, "This person does not work at the school.", field)
    assert fresh(proposed).status == S.PROPOSED


# --- cancelling ----------------------------------------------------------------------------------


def test_staff_who_may_match_but_not_manage_placements_cannot_cancel_one(matcher):
    placement = PlacementFactory(status=S.CONFIRMED)

    with nothing_written(Placement), pytest.raises(NotAllowed):
        services.placement_cancel(placement=placement, actor=matcher, reason="Past de school niet")


def test_a_cancellation_keeps_the_reason_trimmed_and_names_it_in_the_history(placement_coordinator):
    placement = PlacementFactory(status=S.RUNNING)

    returned = services.placement_cancel(placement=placement, actor=placement_coordinator, reason="  Verhuisd  ")

    assert returned.pk == placement.pk
    assert (fresh(placement).status, fresh(placement).decline_reason) == (S.CANCELLED, "Verhuisd")
    history = latest_history(placement)
    assert (history.status, history.history_user, history.history_change_reason) == (
        S.CANCELLED,
        placement_coordinator,
        "Verhuisd",
    )


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_cancellation_by_staff_without_a_reason_records_none_and_says_cancelled_in_the_history(
    placement_coordinator, reason
):
    placement = PlacementFactory(status=S.PROPOSED)

    services.placement_cancel(placement=placement, actor=placement_coordinator, reason=reason)

    # Only a trainee's withdrawal gives a reason of its own.
    assert (fresh(placement).status, fresh(placement).decline_reason) == (S.CANCELLED, "")
    assert latest_history(placement).history_change_reason == "Cancelled"


def test_the_history_keeps_the_first_hundred_characters_of_a_long_reason(placement_coordinator):
    placement = PlacementFactory(status=S.CONFIRMED)
    reason = "De school heeft de stage beëindigd " + "x" * 120

    services.placement_cancel(placement=placement, actor=placement_coordinator, reason=reason)

    assert fresh(placement).decline_reason == reason
    assert latest_history(placement).history_change_reason == reason[:100]


# --- starting, completing, cancelling through the status ----------------------------------------


def test_cancelling_through_the_status_is_the_same_cancellation(placement_coordinator):
    placement = PlacementFactory(status=S.CONFIRMED)

    returned = services.placement_set_status(
        placement=placement, status=S.CANCELLED, actor=placement_coordinator, reason=" Geen mentor beschikbaar "
    )

    assert returned.pk == placement.pk
    assert (fresh(placement).status, fresh(placement).decline_reason) == (S.CANCELLED, "Geen mentor beschikbaar")
    history = latest_history(placement)
    assert (history.history_user, history.history_change_reason) == (placement_coordinator, "Geen mentor beschikbaar")


def test_staff_who_may_match_but_not_manage_placements_cannot_cancel_through_the_status(matcher):
    placement = PlacementFactory(status=S.CONFIRMED)

    with nothing_written(Placement), pytest.raises(NotAllowed):
        services.placement_set_status(placement=placement, status=S.CANCELLED, actor=matcher)


@pytest.mark.parametrize(
    ("source", "target"),
    [(S.CONFIRMED, S.RUNNING), (S.RUNNING, S.COMPLETED)],
)
def test_a_reason_given_with_a_start_or_completion_is_kept_trimmed(placement_coordinator, source, target):
    placement = PlacementFactory(status=source)

    services.placement_set_status(placement=placement, status=target, actor=placement_coordinator, reason=" Verlengd ")

    assert (fresh(placement).status, fresh(placement).decline_reason) == (target, "Verlengd")


def test_a_placement_completes_whatever_other_placements_still_wait_for(placement_coordinator):
    placement = PlacementFactory(status=S.RUNNING)
    EvaluationFactory(placement=placement, moment=Evaluation.Moment.FINAL, submitted=True)
    # An open final evaluation of someone else's placement.
    EvaluationFactory(placement__status=S.RUNNING, moment=Evaluation.Moment.FINAL)

    services.placement_set_status(placement=placement, status=S.COMPLETED, actor=placement_coordinator)

    assert fresh(placement).status == S.COMPLETED


def test_an_open_mid_term_evaluation_does_not_hold_completion_back(placement_coordinator):
    placement = PlacementFactory(status=S.RUNNING)
    EvaluationFactory(placement=placement, moment=Evaluation.Moment.MIDTERM)  # never written
    EvaluationFactory(
        placement=placement,
        moment=Evaluation.Moment.FINAL,
        author_role=Evaluation.Author.INSTITUTE_EDUCATOR,
        submitted=True,
    )

    services.placement_set_status(placement=placement, status=S.COMPLETED, actor=placement_coordinator)

    assert fresh(placement).status == S.COMPLETED


def test_an_open_final_evaluation_holds_completion_back(placement_coordinator):
    placement = PlacementFactory(status=S.RUNNING)
    EvaluationFactory(placement=placement, moment=Evaluation.Moment.FINAL, submitted=True)
    EvaluationFactory(
        placement=placement, moment=Evaluation.Moment.FINAL, author_role=Evaluation.Author.INSTITUTE_EDUCATOR
    )

    with nothing_written(Placement), pytest.raises(Conflict) as error:
        services.placement_set_status(placement=placement, status=S.COMPLETED, actor=placement_coordinator)
    assert refusal(error) == (Conflict, "The final evaluations must be submitted first.", None)


# --- who writes an evaluation --------------------------------------------------------------------


@pytest.fixture
def educator(db):
    return StaffUserFactory()  # ICLON staff without the placement permissions


@pytest.fixture
def institute_evaluation(educator, school_a_mentor):
    return EvaluationFactory(
        placement__workplace_mentor=school_a_mentor,
        placement__institute_educator=educator,
        author_role=Evaluation.Author.INSTITUTE_EDUCATOR,
    )


@pytest.mark.parametrize(
    ("who", "may_write"),
    [
        ("educator", True),
        ("placement_coordinator", True),
        ("matcher", False),
        ("school_a_mentor", False),
        ("outsider", False),
        ("trainee", False),
        ("nobody", False),
    ],
)
def test_the_institute_based_evaluation_is_written_by_its_educator_or_placement_staff(
    request, institute_evaluation, who, may_write
):
    if who == "nobody":
        user = None
    elif who == "trainee":
        user = institute_evaluation.placement.trainee.applicant
    else:
        user = request.getfixturevalue(who)

    assert services.can_write_evaluation(user, institute_evaluation) is may_write


def test_another_educator_of_iclon_does_not_write_the_institute_based_evaluation(institute_evaluation):
    other_educator = StaffUserFactory()
    assert services.can_write_evaluation(other_educator, institute_evaluation) is False
    assert services.can_write_evaluation(AnonymousUser(), institute_evaluation) is False


# --- anonymisation -------------------------------------------------------------------------------


def test_anonymisation_clears_the_decline_reason_and_the_evaluation_mails_about_the_trainee(settings):
    placement = PlacementFactory(status=S.DECLINED, decline_reason="Geen klik met de sectie")
    trainee = placement.trainee
    trainee.decided_at = timezone.now() - datetime.timedelta(days=settings.APPLICATION_RETENTION_DAYS + 5)
    trainee.save()
    mentor = UserFactory()
    evaluation = EvaluationFactory(placement=placement)
    placement_notifications.evaluation_reminder(evaluation=evaluation, recipient=mentor)
    reminders = Notification.objects.filter(recipient=mentor)
    assert reminders.exists()
    unrelated = EvaluationFactory()
    placement_notifications.evaluation_reminder(evaluation=unrelated, recipient=mentor)
    kept = set(Notification.objects.filter(idempotency_key__contains=f":{unrelated.pk}:").values_list("pk", flat=True))
    assert kept

    assert privacy.application_anonymise_if_due(application_id=trainee.pk, now=timezone.now())

    assert fresh(placement).decline_reason == ""
    assert fresh(placement).status == S.DECLINED
    assert set(Notification.objects.filter(recipient=mentor).values_list("pk", flat=True)) == kept


def test_the_rows_anonymisation_names_include_each_evaluations_release_notice(db):
    placement = PlacementFactory(status=S.COMPLETED)
    evaluations = [
        EvaluationFactory(placement=placement, moment=moment, released=True)
        for moment in (Evaluation.Moment.MIDTERM, Evaluation.Moment.FINAL)
    ]
    for evaluation in evaluations:
        placement_notifications.evaluation_released(evaluation=evaluation)
    released = Notification.objects.filter(idempotency_key__startswith="programmes.evaluation:released:")
    assert released.count() >= 2

    keys = services.placements_anonymise(application=placement.trainee)

    assert set(Notification.objects.filter(keys).values_list("pk", flat=True)) == set(
        released.values_list("pk", flat=True)
    )


@pytest.mark.parametrize("author", [Evaluation.Author.WORKPLACE_MENTOR, Evaluation.Author.INSTITUTE_EDUCATOR])
def test_nobody_writes_the_evaluation_of_a_person_not_yet_named(author, school_a_mentor):
    """An unnamed mentor or educator has no id, and neither has an anonymous visitor: None == None
    must not let the visitor in. An inactive account is refused as well."""
    evaluation = EvaluationFactory(
        placement__workplace_mentor=None, placement__institute_educator=None, author_role=author
    )
    assert services.can_write_evaluation(AnonymousUser(), evaluation) is False
    school_a_mentor.is_active = False
    evaluation.placement.workplace_mentor = school_a_mentor
    evaluation.placement.institute_educator = school_a_mentor
    assert services.can_write_evaluation(school_a_mentor, evaluation) is False
