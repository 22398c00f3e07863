"""The reminder of a grant's submission deadline: the assignee of an open request whose deadline
is within 14 days is reminded once (a repeat or a redelivered task sends nothing; a moved deadline
reminds again), through beat's fan-out."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from iclon.notifications.models import Channel, Notification
from research.coordination import services, tasks
from research.coordination.models import SupportRequest, SupportStatus
from research.coordination.notifications import SUPPORT
from tests.factories.research_coordination import SupportRequestFactory

pytestmark = pytest.mark.django_db


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def reminders(**filters):
    return Notification.objects.filter(channel=Channel.EMAIL, category=SUPPORT, subject__contains="deadline", **filters)


def test_the_assignee_is_reminded_once_of_a_deadline_within_14_days(researcher):
    row = SupportRequestFactory(grant=True, submission_deadline=in_days(14), assignee=researcher, status="in_progress")
    assert tasks.support_deadline_reminders_task() == 1
    assert list(reminders().values_list("recipient", flat=True)) == [researcher.pk]
    assert row.title in reminders().get().subject
    # Beat runs again the next day, and a redelivered task comes back: nothing more is sent.
    assert tasks.support_deadline_reminders_task() == 0
    assert tasks.support_deadline_reminder_task(row.pk) is False
    assert reminders().count() == 1
    row.refresh_from_db()
    assert row.deadline_reminded_for == in_days(14)


def test_a_moved_deadline_reminds_again(researcher):
    row = SupportRequestFactory(grant=True, submission_deadline=in_days(10), assignee=researcher)
    assert services.support_deadline_reminder_send(request_id=row.pk) is True
    SupportRequest.objects.filter(pk=row.pk).update(submission_deadline=in_days(12))
    assert services.support_deadline_reminder_send(request_id=row.pk) is True
    assert reminders().count() == 2


@pytest.mark.parametrize(
    ("days", "status", "assigned"),
    [
        (15, SupportStatus.IN_PROGRESS, True),  # not yet within 14 days
        (-1, SupportStatus.IN_PROGRESS, True),  # passed
        (5, SupportStatus.COMPLETED, True),  # closed
        (5, SupportStatus.WITHDRAWN, True),
        (5, SupportStatus.SUBMITTED, False),  # nobody to remind
    ],
)
def test_no_reminder_outside_the_window_for_a_closed_or_unassigned_request(days, status, assigned, researcher):
    row = SupportRequestFactory(
        grant=True, submission_deadline=in_days(days), status=status, assignee=researcher if assigned else None
    )
    assert services.deadline_reminders_due() == []
    assert services.support_deadline_reminder_send(request_id=row.pk) is False
    assert not reminders().exists()


def test_beat_runs_the_fan_out_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["research-support-deadline-reminders"]
    assert entry["task"] == tasks.support_deadline_reminders_task.name
