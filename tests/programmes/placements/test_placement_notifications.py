"""What placements tell people: the school's contacts and educators when a match awaits them, the
trainee and the coordinator when the school confirms, the coordinator (with the reason) when it
declines, the trainee when an evaluation is released; each event once, in the reader's language."""

import pytest
from django.core import mail

from iclon.celery import app as celery_app
from iclon.notifications.models import Channel, Notification, NotificationPreference
from partnerships.models import SchoolRole
from programmes.models import ApplicationStatus, Evaluation, PlacementStatus
from programmes.placements import notifications as placement_notifications
from programmes.placements import services
from tests.factories import (
    ApplicationFactory,
    EvaluationFactory,
    PlacementFactory,
    PlacementOfferFactory,
    PlacementPeriodFactory,
    SchoolMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def eager_tasks():
    before = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = before


def emails_to(user, category=None):
    rows = Notification.objects.filter(recipient=user, channel=Channel.EMAIL)
    if category:
        rows = rows.filter(category=category)
    return list(rows)


@pytest.fixture
def trainee(db):
    user = UserFactory(full_name="Tess Trainee", email="tess@example.org", language="en")
    return ApplicationFactory(applicant=user, status=ApplicationStatus.ADMITTED, first_name="Tess", last_name="Trainee")


@pytest.fixture
def offer(school_a, trainee):
    return PlacementOfferFactory(school=school_a, subject=trainee.subject, places=2)


def test_proposed_match_tells_school_contacts_and_school_educators_not_mentors(
    offer,
    trainee,
    placement_coordinator,
    school_a_contact,
    school_a_mentor,
    school_b_contact,
    django_capture_on_commit_callbacks,
):
    educator = SchoolMembershipFactory(school=offer.school, role=SchoolRole.SCHOOL_TEACHER_EDUCATOR).user
    with django_capture_on_commit_callbacks(execute=True):
        placement = services.placement_propose(offer=offer, trainee=trainee, actor=placement_coordinator)

    assert len(emails_to(school_a_contact, placement_notifications.PLACEMENT)) == 1
    assert len(emails_to(educator, placement_notifications.PLACEMENT)) == 1
    assert emails_to(school_a_mentor) == []
    assert emails_to(school_b_contact) == []
    row = emails_to(school_a_contact)[0]
    assert f"/placements/school/placements/{placement.pk}/" in row.body_text
    assert "Tess Trainee" in row.subject
    assert {message.to[0] for message in mail.outbox} >= {school_a_contact.email, educator.email}


def test_proposed_notification_is_sent_once_when_repeated(offer, trainee, placement_coordinator, school_a_contact):
    placement = services.placement_propose(offer=offer, trainee=trainee, actor=placement_coordinator)
    placement_notifications.placement_proposed(placement=placement)
    placement_notifications.placement_proposed(placement=placement)
    assert len(emails_to(school_a_contact)) == 1


def test_registered_employment_asks_the_school_to_confirm_the_job(school_a, trainee, school_a_contact):
    school_a_contact.language = "en"
    school_a_contact.save(update_fields=["language"])
    period = PlacementPeriodFactory()
    services.placement_register_employment(
        trainee=trainee, school=school_a, period=period, actor=trainee.applicant, hours=12
    )
    (row,) = emails_to(school_a_contact)
    assert "registered a teaching job at your school" in row.subject


def test_confirmation_tells_trainee_school_and_mentor_and_the_coordinator(
    offer, trainee, placement_coordinator, school_a_contact, school_a_mentor
):
    placement = services.placement_propose(offer=offer, trainee=trainee, actor=placement_coordinator)
    services.placement_confirm(placement=placement, actor=school_a_contact, workplace_mentor=school_a_mentor)

    (to_trainee,) = emails_to(trainee.applicant, placement_notifications.PLACEMENT)
    assert offer.school.name in to_trainee.subject
    assert "confirmed" in to_trainee.subject  # English: the trainee's language
    assert school_a_mentor.full_name in to_trainee.body_text
    assert school_a_mentor.email in to_trainee.body_text
    assert "/placements/mine/" in to_trainee.body_text
    (to_coordinator,) = emails_to(placement_coordinator, placement_notifications.PLACEMENT)
    assert "Tess Trainee" in to_coordinator.subject


def test_decline_tells_the_coordinator_the_reason_and_not_the_trainee(
    offer, trainee, placement_coordinator, school_a_contact
):
    placement = services.placement_propose(offer=offer, trainee=trainee, actor=placement_coordinator)
    services.placement_decline(placement=placement, actor=school_a_contact, reason="Geen mentor beschikbaar")

    (row,) = emails_to(placement_coordinator, placement_notifications.PLACEMENT)
    assert "Geen mentor beschikbaar" in row.body_text
    assert emails_to(trainee.applicant) == []


def test_declined_employment_tells_the_trainee_who_registered_it(school_a, trainee, school_a_contact):
    placement = services.placement_register_employment(
        trainee=trainee, school=school_a, period=PlacementPeriodFactory(), actor=trainee.applicant
    )
    services.placement_decline(placement=placement, actor=school_a_contact, reason="Not employed here")
    (row,) = emails_to(trainee.applicant, placement_notifications.PLACEMENT)
    assert "Not employed here" in row.body_text
    assert "/placements/mine/" in row.body_text


def test_released_evaluation_tells_the_trainee_once(trainee, school_a_mentor, school_a):
    placement = PlacementFactory(
        trainee=trainee,
        offer__school=school_a,
        offer__subject=trainee.subject,
        status=PlacementStatus.CONFIRMED,
        workplace_mentor=school_a_mentor,
    )
    evaluation = EvaluationFactory(placement=placement, submitted=True)
    services.evaluation_release(evaluation=evaluation, actor=school_a_mentor)
    services.evaluation_release(evaluation=evaluation, actor=school_a_mentor)
    (row,) = emails_to(trainee.applicant, placement_notifications.EVALUATION)
    assert "Mid-term evaluation" in row.subject


def test_trainee_who_switched_off_evaluation_messages_gets_none(trainee, school_a_mentor, school_a):
    NotificationPreference.objects.create(
        user=trainee.applicant, category=placement_notifications.EVALUATION, email=False, in_app=False
    )
    placement = PlacementFactory(
        trainee=trainee, offer__school=school_a, status=PlacementStatus.CONFIRMED, workplace_mentor=school_a_mentor
    )
    evaluation = EvaluationFactory(placement=placement, author_role=Evaluation.Author.WORKPLACE_MENTOR, submitted=True)
    services.evaluation_release(evaluation=evaluation, actor=school_a_mentor)
    assert emails_to(trainee.applicant) == []


def test_placement_messages_are_mandatory():
    from iclon.notifications.categories import get_category

    assert get_category(placement_notifications.PLACEMENT).mandatory
    assert not get_category(placement_notifications.SCHOOL_DIGEST).mandatory
    assert not get_category(placement_notifications.EVALUATION).mandatory


def test_school_message_is_written_in_the_contacts_language(offer, trainee, placement_coordinator):
    dutch = SchoolMembershipFactory(school=offer.school, user__language="nl").user
    services.placement_propose(offer=offer, trainee=trainee, actor=placement_coordinator)
    (row,) = emails_to(dutch)
    assert row.language == "nl"
