"""The periodic tasks of registration: offers whose time is up are closed and passed on, and every
confirmed participant is reminded of each meeting two days ahead, once, in their language."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from iclon.celery import app as celery_app
from iclon.notifications.models import Channel, Notification
from professionalisation.activities import notifications as pn
from professionalisation.activities import services
from professionalisation.activities import tasks as activity_tasks
from professionalisation.models import OfferReason, RegistrationStatus, WaitingStatus
from tests.factories import MeetingFactory, RegistrationFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2031, 3, 10, 11, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def eager_tasks():
    before = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = before


def emails(user, category):
    return list(Notification.objects.filter(recipient=user, category=category, channel=Channel.EMAIL).order_by("pk"))


def test_beat_runs_the_expiry_every_five_minutes_and_the_reminders_daily():
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["professionalisation.activities.tasks.expire_offers_task"] == 300.0
    reminders = schedule["professionalisation.activities.tasks.meeting_reminders_task"]
    assert reminders.hour == {9} and reminders.minute == {0}


def _full_session_with_an_offer(now):
    """A session of one place: the first person registered, the second waiting; the first cancels,
    so the second holds an offer that expires 48 hours from `now`."""
    with time_machine.travel(now, tick=False):
        session = SessionFactory(capacity=1, registration_deadline=now + datetime.timedelta(days=10))
        first, second, third = UserFactory(), UserFactory(), UserFactory()
        registration = services.registration_create(session=session, participant=first, actor=first)
        offered = services.registration_create(session=session, participant=second, actor=second)
        waiting = services.registration_create(session=session, participant=third, actor=third)
        services.registration_cancel(registration=registration, actor=first)
    offered.refresh_from_db()
    assert offered.status == WaitingStatus.OFFERED
    return session, offered, waiting


def test_an_expired_offer_passes_the_place_to_the_next_in_line(django_capture_on_commit_callbacks):
    session, offered, waiting = _full_session_with_an_offer(NOON)
    with time_machine.travel(NOON + datetime.timedelta(hours=47, minutes=59), tick=False):
        assert activity_tasks.expire_offers_task() == 0
    with time_machine.travel(NOON + datetime.timedelta(hours=48), tick=False):
        assert activity_tasks.expire_offers_task() == 1
        assert activity_tasks.expire_offers_task() == 0  # a second run finds nothing more
    offered.refresh_from_db()
    waiting.refresh_from_db()
    assert offered.status == WaitingStatus.EXPIRED
    assert waiting.status == WaitingStatus.OFFERED
    assert waiting.offered_session == session
    assert waiting.offer_reason == OfferReason.OFFER_PASSED_ON
    assert waiting.offer_expires_at == NOON + datetime.timedelta(hours=96)
    offer, expired = emails(offered.participant, pn.OFFER)
    assert offer.subject == f"Er is een plaats vrij voor je: {session.activity.title_nl}"
    assert expired.subject == f"Je aangeboden plaats is verlopen: {session.activity.title_nl}"


def _session_meeting_in(days, **session_fields):
    session = SessionFactory(meetings=0, **session_fields)
    meeting = MeetingFactory(session=session, date=timezone.localdate() + datetime.timedelta(days=days))
    return session, meeting


def test_participants_are_reminded_two_days_before_each_meeting_once():
    session, meeting = _session_meeting_in(2)
    english = UserFactory(language="en")
    confirmed = RegistrationFactory(session=session, participant=english)
    RegistrationFactory(session=session, status=RegistrationStatus.CANCELLED)
    later, _ = _session_meeting_in(3)
    RegistrationFactory(session=later)

    assert activity_tasks.meeting_reminders_task() == 1
    (reminder,) = emails(english, pn.REMINDER)
    assert (
        reminder.subject
        == f"Reminder: {session.activity.title_en} on {meeting.date:%A} {meeting.date.day} {meeting.date:%B}"
    )
    assert "15:30–17:30" in reminder.body_text and meeting.place in reminder.body_text
    assert Notification.objects.filter(category=pn.REMINDER, channel=Channel.EMAIL).count() == 1

    assert activity_tasks.meeting_reminders_task() == 1  # queued again, but told only once
    assert len(emails(english, pn.REMINDER)) == 1
    assert confirmed.participant == english


def test_no_reminder_for_a_cancelled_session_or_a_registration_cancelled_meanwhile():
    cancelled, _ = _session_meeting_in(2, status="cancelled")
    RegistrationFactory(session=cancelled)
    assert activity_tasks.meeting_reminders_task() == 0

    session, meeting = _session_meeting_in(2)
    registration = RegistrationFactory(session=session, status=RegistrationStatus.CANCELLED)
    assert activity_tasks.meeting_reminder_task(registration.pk, meeting.pk) is False
    other_session, other_meeting = _session_meeting_in(2)
    live = RegistrationFactory(session=session)
    assert activity_tasks.meeting_reminder_task(live.pk, other_meeting.pk) is False
    assert not Notification.objects.filter(category=pn.REMINDER).exists()
    assert activity_tasks.meeting_reminder_task(live.pk, meeting.pk) is True
