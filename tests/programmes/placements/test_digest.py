"""The weekly digest to school contacts and the evaluation reminders: what is summarised, who gets
it, nothing when nothing changed, once per ISO week / per due date, and a contact can switch the
digest off."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from iclon.celery import app as celery_app
from iclon.notifications.models import Channel, Notification, NotificationPreference
from partnerships.models import SchoolRole
from programmes.models import Evaluation, PlacementStatus
from programmes.placements import notifications as pn
from programmes.placements import tasks as placement_tasks
from tests.factories import (
    EvaluationFactory,
    PlacementFactory,
    PlacementOfferFactory,
    SchoolMembershipFactory,
    StaffUserFactory,
)

pytestmark = pytest.mark.django_db

MONDAY = datetime.datetime(2031, 3, 10, 7, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def eager_tasks():
    before = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = before


def digests(user):
    return list(Notification.objects.filter(recipient=user, category=pn.SCHOOL_DIGEST, channel=Channel.EMAIL))


def test_beat_schedules_the_digest_weekly_and_the_reminders_daily():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "programmes.placement_tasks.school_digests_task" in tasks
    assert "programmes.placement_tasks.evaluation_reminders_task" in tasks


def test_digest_summarises_the_weeks_changes_for_the_contacts_school_only(school_a, school_a_contact, school_b_contact):
    with time_machine.travel(MONDAY - datetime.timedelta(days=2), tick=False):
        offer = PlacementOfferFactory(school=school_a, places=1)
        PlacementFactory(offer=offer, trainee__first_name="Fenna", trainee__last_name="Full")
        PlacementFactory(offer__school=school_a, trainee__first_name="Nina", trainee__last_name="New")
    with time_machine.travel(MONDAY, tick=False):
        sent = placement_tasks.school_digests_task()
    assert sent == 2  # one task per contact; school B's finds nothing to tell
    (row,) = digests(school_a_contact)
    assert "Nina New" in row.body_text and "Fenna Full" in row.body_text
    assert str(offer) in row.body_text
    assert digests(school_b_contact) == []


def test_digest_skips_when_nothing_changed_in_the_last_week(school_a, school_a_contact):
    with time_machine.travel(MONDAY - datetime.timedelta(days=10), tick=False):
        PlacementFactory(offer__school=school_a)
    with time_machine.travel(MONDAY, tick=False):
        placement_tasks.school_digests_task()
    assert digests(school_a_contact) == []


def test_digest_reports_confirmed_and_declined_and_due_evaluations(school_a, school_a_contact):
    with time_machine.travel(MONDAY - datetime.timedelta(days=20), tick=False):
        confirmed = PlacementFactory(offer__school=school_a, trainee__first_name="Cas", trainee__last_name="Confirmed")
        declined = PlacementFactory(offer__school=school_a, trainee__first_name="Dirk", trainee__last_name="Declined")
    confirmed.status, confirmed.responded_at = PlacementStatus.CONFIRMED, MONDAY - datetime.timedelta(days=1)
    confirmed.save()
    declined.status, declined.responded_at = PlacementStatus.DECLINED, MONDAY - datetime.timedelta(days=3)
    declined.save()
    EvaluationFactory(placement=confirmed, due_on=(MONDAY + datetime.timedelta(days=3)).date())
    with time_machine.travel(MONDAY, tick=False):
        summary = placement_tasks.school_digest_summary(school_id=school_a.pk, user=school_a_contact)
    assert summary["confirmed"] and "Cas Confirmed" in summary["confirmed"][0]
    assert summary["declined"] and "Dirk Declined" in summary["declined"][0]
    assert len(summary["evaluations_due"]) == 1
    assert summary["proposed"] == []


def test_digest_is_sent_once_per_iso_week(school_a, school_a_contact, no_scope):
    membership = school_a_contact.school_memberships.get()
    with time_machine.travel(MONDAY - datetime.timedelta(days=1), tick=False):
        PlacementFactory(offer__school=school_a)
    with time_machine.travel(MONDAY, tick=False):
        assert placement_tasks.school_digest_task(membership.pk)
    with time_machine.travel(MONDAY + datetime.timedelta(days=2), tick=False):
        placement_tasks.school_digest_task(membership.pk)
    assert len(digests(school_a_contact)) == 1
    with time_machine.travel(MONDAY + datetime.timedelta(days=7), tick=False):
        PlacementFactory(offer__school=school_a)
        placement_tasks.school_digest_task(membership.pk)
    assert len(digests(school_a_contact)) == 2


def test_contact_who_switched_the_digest_off_gets_none(school_a, school_a_contact):
    NotificationPreference.objects.create(user=school_a_contact, category=pn.SCHOOL_DIGEST, email=False, in_app=False)
    with time_machine.travel(MONDAY - datetime.timedelta(days=1), tick=False):
        PlacementFactory(offer__school=school_a)
    with time_machine.travel(MONDAY, tick=False):
        placement_tasks.school_digests_task()
    assert digests(school_a_contact) == []


def test_digest_goes_to_contacts_only_not_mentors_or_former_contacts(school_a, school_a_mentor):
    former = SchoolMembershipFactory(school=school_a, active_until=timezone.localdate() - datetime.timedelta(days=1))
    with time_machine.travel(MONDAY - datetime.timedelta(days=1), tick=False):
        PlacementFactory(offer__school=school_a)
    with time_machine.travel(MONDAY, tick=False):
        placement_tasks.school_digests_task()
    assert digests(school_a_mentor) == []
    assert digests(former.user) == []


def test_reminder_goes_to_the_mentor_once_per_due_date(school_a, school_a_mentor):
    today = timezone.localdate()
    placement = PlacementFactory(
        offer__school=school_a, status=PlacementStatus.CONFIRMED, workplace_mentor=school_a_mentor
    )
    evaluation = EvaluationFactory(placement=placement, due_on=today + datetime.timedelta(days=5))
    EvaluationFactory(placement=placement, moment=Evaluation.Moment.FINAL, due_on=today + datetime.timedelta(days=60))
    assert placement_tasks.evaluation_reminders_task() == 1
    placement_tasks.evaluation_reminders_task()
    rows = Notification.objects.filter(
        recipient=school_a_mentor, category=pn.EVALUATION_REMINDER, channel=Channel.EMAIL
    )
    assert rows.count() == 1
    assert f"/placements/school/evaluations/{evaluation.pk}/" in rows.get().body_text
    evaluation.due_on = today + datetime.timedelta(days=6)
    evaluation.save()
    placement_tasks.evaluation_reminders_task()
    assert rows.count() == 2


def test_reminder_goes_to_the_institute_educator_for_their_evaluation(school_a):
    educator = StaffUserFactory()
    placement = PlacementFactory(offer__school=school_a, status=PlacementStatus.CONFIRMED, institute_educator=educator)
    EvaluationFactory(
        placement=placement,
        author_role=Evaluation.Author.INSTITUTE_EDUCATOR,
        due_on=timezone.localdate() + datetime.timedelta(days=2),
    )
    placement_tasks.evaluation_reminders_task()
    assert Notification.objects.filter(recipient=educator, category=pn.EVALUATION_REMINDER).exists()


def test_no_reminder_for_submitted_or_authorless_evaluations(school_a, school_a_mentor):
    due = timezone.localdate() + datetime.timedelta(days=2)
    placement = PlacementFactory(
        offer__school=school_a, status=PlacementStatus.CONFIRMED, workplace_mentor=school_a_mentor
    )
    EvaluationFactory(placement=placement, due_on=due, submitted=True)
    orphan = PlacementFactory(offer__school=school_a, status=PlacementStatus.CONFIRMED)
    evaluation = EvaluationFactory(placement=orphan, due_on=due)
    placement_tasks.evaluation_reminders_task()
    assert not Notification.objects.filter(category=pn.EVALUATION_REMINDER).exists()
    assert placement_tasks.evaluation_reminder_task(evaluation.pk) is False


def test_school_teacher_educators_get_no_digest(school_a):
    educator = SchoolMembershipFactory(school=school_a, role=SchoolRole.SCHOOL_TEACHER_EDUCATOR).user
    with time_machine.travel(MONDAY - datetime.timedelta(days=1), tick=False):
        PlacementFactory(offer__school=school_a)
    with time_machine.travel(MONDAY, tick=False):
        placement_tasks.school_digests_task()
    assert digests(educator) == []
