"""Deadline reminders: a week and a day before the deadline, counted in Amsterdam days, once each."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from iclon.celery import app as celery_app
from iclon.notifications.models import Channel, Notification, NotificationPreference
from programmes.intake import tasks
from programmes.models import ApplicationStatus
from tests.factories import ApplicationFactory, StartMomentFactory, UserFactory

pytestmark = pytest.mark.django_db

S = ApplicationStatus
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DEADLINE = datetime.date(2030, 3, 10)
CATEGORY = "programmes.deadline_reminder"


@pytest.fixture(autouse=True)
def eager_tasks():
    before = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = before


def at(year, month, day, hour, minute):
    """A moment on Amsterdam's clock."""
    return time_machine.travel(datetime.datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM), tick=False)


def draft(status=S.DRAFT, deadline=DEADLINE, **kwargs):
    start = StartMomentFactory(application_deadline=deadline, starts_on=deadline + datetime.timedelta(days=60))
    return ApplicationFactory(status=status, complete=False, pathway=start.pathway, start_moment=start, **kwargs)


def reminders(application=None):
    rows = Notification.objects.filter(category=CATEGORY, channel=Channel.EMAIL)
    return rows.filter(recipient=application.applicant) if application else rows


def test_a_week_before_starts_at_midnight_in_amsterdam_not_in_utc():
    application = draft()
    # 23:30 in Amsterdam on 2 March: 8 days to go.
    with at(2030, 3, 2, 23, 30):
        assert tasks.deadline_reminders_task() == {7: 0, 1: 0}
    # 00:10 in Amsterdam on 3 March is still 2 March in UTC (23:10); Amsterdam's day counts.
    with at(2030, 3, 3, 0, 10):
        assert datetime.datetime.now(tz=datetime.UTC).date() == datetime.date(2030, 3, 2)
        assert tasks.deadline_reminders_task() == {7: 1, 1: 0}
    (email,) = reminders(application)
    assert email.idempotency_key == f"programmes.deadline_reminder:{application.pk}:7"
    assert email.url == f"/applications/{application.pk}/"


def test_a_day_before_until_the_last_minute_of_that_day():
    application = draft()
    with at(2030, 3, 9, 23, 59):
        assert tasks.deadline_reminders_task() == {7: 0, 1: 1}
    with at(2030, 3, 10, 0, 1):  # the deadline day itself: no third reminder
        assert tasks.deadline_reminders_task() == {7: 0, 1: 0}
    assert [row.idempotency_key for row in reminders(application)] == [
        f"programmes.deadline_reminder:{application.pk}:1"
    ]


def test_the_reminder_is_in_the_applicants_language():
    application = draft(applicant=UserFactory(language="en"))
    with at(2030, 3, 9, 9, 0):
        tasks.deadline_reminders_task()
    (email,) = reminders(application)
    assert email.language == "en"
    assert "Tomorrow is the deadline" in email.subject
    assert "10 March 2030" in email.body_text
    assert application.pathway.name_en in email.body_text


def test_a_repeated_run_reminds_once():
    application = draft()
    with at(2030, 3, 3, 8, 0):
        tasks.deadline_reminders_task()
        tasks.deadline_reminders_task()
        tasks.deadline_reminder_task(application.pk, 7)
    assert reminders(application).count() == 1
    assert Notification.objects.filter(category=CATEGORY, channel=Channel.IN_APP).count() == 1


@pytest.mark.parametrize("status", [S.SUBMITTED, S.WITHDRAWN, S.IN_REVIEW])
def test_only_drafts_are_reminded(status):
    draft(status=status)
    with at(2030, 3, 3, 8, 0):
        assert tasks.deadline_reminders_task() == {7: 0, 1: 0}
    assert not reminders().exists()


def test_the_fan_out_queues_one_task_per_application(monkeypatch):
    week = [draft(), draft()]
    day = draft(deadline=datetime.date(2030, 3, 4))
    draft(deadline=datetime.date(2030, 3, 5))  # 2 days ahead: nothing
    queued = []
    monkeypatch.setattr(tasks.deadline_reminder_task, "delay", lambda *args: queued.append(args))
    with at(2030, 3, 3, 8, 0):
        tasks.deadline_reminders_task()
    assert sorted(queued) == sorted([(week[0].pk, 7), (week[1].pk, 7), (day.pk, 1)])
    assert not reminders().exists()  # the fan-out itself sends nothing


def test_the_task_checks_again_that_it_is_still_a_draft():
    application = draft()
    application.status = S.SUBMITTED
    application.save(update_fields=["status"])
    with at(2030, 3, 3, 8, 0):
        assert tasks.deadline_reminder_task(application.pk, 7) is False
    assert not reminders().exists()


def test_the_task_checks_again_that_the_deadline_is_still_that_far():
    application = draft()
    with at(2030, 3, 4, 0, 30):  # queued on the 3rd, run after midnight: 6 days to go
        assert tasks.deadline_reminder_task(application.pk, 7) is False
    assert not reminders().exists()


def test_an_applicant_who_switched_reminders_off_gets_none():
    application = draft()
    NotificationPreference.objects.create(user=application.applicant, category=CATEGORY, email=False, in_app=False)
    with at(2030, 3, 3, 8, 0):
        tasks.deadline_reminders_task()
    assert not Notification.objects.filter(category=CATEGORY).exists()


def test_an_anonymised_or_inactive_applicant_is_not_reminded():
    draft(applicant=None)
    draft(applicant=UserFactory(is_active=False))
    with at(2030, 3, 3, 8, 0):
        assert tasks.deadline_reminders_task() == {7: 0, 1: 0}


def test_beat_runs_the_reminders_daily():
    entries = [
        entry for entry in settings.CELERY_BEAT_SCHEDULE.values() if entry["task"] == tasks.deadline_reminders_task.name
    ]
    assert len(entries) == 1
    assert entries[0]["schedule"].hour == {8}
