"""Rules of the outbox that an operator relies on: what a send records (and logs), what the sweeper
and a worker touch and what they leave alone, how a broker outage pauses publishing, what resending
a failed notification does, and marking in-app notifications as read."""

import logging
from datetime import timedelta

import pytest
import time_machine
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone, translation
from kombu.exceptions import OperationalError

from iclon.core.errors import PortalError
from iclon.notifications import services
from iclon.notifications.models import Channel, Notification, NotificationPreference, Status
from iclon.notifications.services import (
    enqueue_delivery,
    notification_deliver,
    notification_mark_read,
    notification_resend,
    notification_sweep,
    render_message,
)
from iclon.notifications.tasks import deliver_batch_task
from tests.factories import UserFactory
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

LOGGER = "iclon.notifications.services"
REQUEUED_TEXT = "Interrupted while sending (the worker stopped); sent again with the same Message-ID."
STUCK_TEXT = (
    "Interrupted while sending on every attempt (the worker stopped each time). It may have been delivered; "
    "resend if needed."
)


class ScriptedBackend(BaseEmailBackend):
    """A mail backend that runs `ScriptedBackend.on_send()` (set by the test) for every send."""

    on_send = None

    def send_messages(self, email_messages):
        type(self).on_send()
        return len(email_messages)


@pytest.fixture
def scripted_mail(settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_service_rules.ScriptedBackend"
    yield ScriptedBackend
    ScriptedBackend.on_send = None


@pytest.fixture
def published(monkeypatch):
    """The ids the sweeper enqueues, recorded instead of delivered at once (tasks run eagerly in
    the tests, which would send from inside the sweep)."""
    ids: list[int] = []
    monkeypatch.setattr(services, "enqueue_batch", lambda batch, probe=False: ids.extend(batch) or True)
    return ids


@pytest.fixture
def clock():
    """Frozen time that a test moves on by hand (a slow SMTP server, a later sweep)."""
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def queued_email(send_probe, key="event:1", **kwargs):
    kwargs.setdefault("email", "someone@example.org")
    (row,) = send_probe(key=key, channels=(Channel.EMAIL,), **kwargs)
    return row


def fail_with(error, *, clock=None, seconds=0, meanwhile=None):
    """An on_send hook: the SMTP conversation takes `seconds`, `meanwhile` runs, then `error`."""

    def on_send():
        if clock is not None:
            clock.shift(seconds)
        if meanwhile is not None:
            meanwhile()
        raise error

    return on_send


def messages(caplog, level):
    return [r.getMessage() for r in caplog.records if r.name == LOGGER and r.levelno == level]


# What a failed send records --------------------------------------------------------------------------


def test_a_retried_failure_records_the_error_the_time_of_failure_and_the_next_attempt(
    send_probe, scripted_mail, clock, monkeypatch, caplog
):
    monkeypatch.setattr(services.random, "uniform", lambda low, high: 1.0)
    row = queued_email(send_probe)
    claimed_at = timezone.now()
    # The SMTP server takes 20 seconds to refuse: the row records when the failure happened.
    scripted_mail.on_send = fail_with(TimeoutError("SMTP timed out"), clock=clock, seconds=20)
    with caplog.at_level(logging.INFO, logger=LOGGER):
        assert notification_deliver(notification_id=row.pk) == 30
    failed_at = claimed_at + timedelta(seconds=20)
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (Status.QUEUED, 1, "TimeoutError: SMTP timed out")
    assert row.claimed_at == claimed_at
    assert row.updated_at == failed_at
    assert row.next_attempt_at == failed_at + timedelta(seconds=30)
    assert messages(caplog, logging.WARNING) == [
        f"Notification {row.pk} attempt 1 failed (TimeoutError: SMTP timed out); retry in 30 s"
    ]


def test_the_last_failure_records_its_own_error_and_time_and_is_logged_as_an_error(
    send_probe, scripted_mail, clock, settings, caplog
):
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    row = queued_email(send_probe)
    Notification.objects.filter(pk=row.pk).update(attempts=2, last_error="ConnectionRefusedError: earlier")
    claimed_at = timezone.now()
    scripted_mail.on_send = fail_with(OSError("mailbox unavailable"), clock=clock, seconds=5)
    with caplog.at_level(logging.INFO, logger=LOGGER):
        assert notification_deliver(notification_id=row.pk) is None
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (Status.FAILED, 3, "OSError: mailbox unavailable")
    assert row.updated_at == claimed_at + timedelta(seconds=5)
    assert messages(caplog, logging.ERROR) == [
        f"Notification {row.pk} failed for good after 3 attempts: OSError: mailbox unavailable"
    ]
    assert messages(caplog, logging.WARNING) == []


def test_a_long_error_is_kept_to_its_first_2000_characters(send_probe, scripted_mail):
    row = queued_email(send_probe)
    detail = "".join(f"{i:05d}" for i in range(1000))  # 5000 characters, each position distinct
    scripted_mail.on_send = fail_with(RuntimeError(detail))
    notification_deliver(notification_id=row.pk)
    row.refresh_from_db()
    assert row.last_error == f"RuntimeError: {detail}"[:2000]
    assert len(row.last_error) == 2000


def test_a_failure_touches_only_the_row_that_was_being_sent(send_probe, scripted_mail):
    row = queued_email(send_probe, key="mine")
    other = queued_email(send_probe, key="other worker's")
    Notification.objects.filter(pk=other.pk).update(status=Status.SENDING, claimed_at=timezone.now())
    scripted_mail.on_send = fail_with(ConnectionRefusedError("refused"))
    with nothing_written(other):
        notification_deliver(notification_id=row.pk)
    row.refresh_from_db()
    assert row.status == Status.QUEUED


@pytest.mark.parametrize(
    ("attempts_before", "swept_to"),
    [(0, (Status.QUEUED, REQUEUED_TEXT)), (4, (Status.FAILED, STUCK_TEXT))],
    ids=["queued again", "failed after the last attempt"],
)
def test_a_failure_does_not_undo_what_the_sweeper_did_with_the_stuck_row(
    send_probe, scripted_mail, clock, settings, published, attempts_before, swept_to
):
    """The send hung so long that the sweeper declared the row stuck: it stays as the sweeper left
    it (queued again for another attempt, or failed after the last one)."""
    settings.NOTIFICATION_MAX_ATTEMPTS = 5
    row = queued_email(send_probe)
    Notification.objects.filter(pk=row.pk).update(attempts=attempts_before)

    def sweeper_runs():
        assert notification_sweep()["stuck"] == 1

    scripted_mail.on_send = fail_with(TimeoutError("hung"), clock=clock, seconds=11 * 60, meanwhile=sweeper_runs)
    swept_at = timezone.now() + timedelta(minutes=11)
    notification_deliver(notification_id=row.pk)
    row.refresh_from_db()
    assert (row.status, row.last_error) == swept_to
    assert row.updated_at == swept_at
    assert row.attempts == attempts_before + 1
    assert published == ([row.pk] if swept_to[0] == Status.QUEUED else [])


# What notify() writes ------------------------------------------------------------------------------------


def test_links_in_a_message_point_at_the_portal_address(settings):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    _subject, text, _html = render_message(
        "emails/notifications/welcome", {"user": UserFactory(), "dashboard_url": "/dashboard/"}, "en"
    )
    assert "https://portal.example.org/dashboard/" in text


def test_a_notification_without_a_link_has_an_empty_link(send_probe):
    rows = send_probe(key="nolink", recipient=UserFactory())
    assert [row.url for row in rows] == ["", ""]


def test_a_notification_without_an_address_says_so(send_probe):
    with nothing_written(Notification), translation.override("en"), pytest.raises(PortalError) as error:
        send_probe(key="noaddress", email="")
    assert str(error.value) == "A notification needs a recipient."


def test_a_long_subject_is_cut_to_300_characters(send_probe):
    row = queued_email(send_probe, context={"when": None, "subject_text": "x" * 400})
    assert len(row.subject) == 300
    row.refresh_from_db()
    assert len(row.subject) == 300


def test_a_preference_for_another_category_does_not_apply(send_probe, digest_category):
    user = UserFactory()
    # A choice stored for a category that later became mandatory: it switches nothing else off.
    NotificationPreference.objects.create(user=user, category="account.security", email=False, in_app=False)
    rows = send_probe(key="digest:1", recipient=user, category=digest_category)
    assert {row.channel for row in rows} == {Channel.EMAIL, Channel.IN_APP}


# Delivery ----------------------------------------------------------------------------------------------


def test_while_it_is_being_sent_the_row_shows_since_when(send_probe, scripted_mail, clock, mailoutbox):
    row = queued_email(send_probe)
    clock.shift(60)
    claimed_at = timezone.now()
    seen = []
    scripted_mail.on_send = lambda: seen.append(
        Notification.objects.values_list("status", "attempts", "claimed_at", "updated_at").get(pk=row.pk)
    )
    notification_deliver(notification_id=row.pk)
    assert seen == [(Status.SENDING, 1, claimed_at, claimed_at)]


def test_a_successful_send_touches_only_its_own_row(send_probe, mailoutbox):
    row = queued_email(send_probe, key="mine")
    other = queued_email(send_probe, key="other worker's")
    Notification.objects.filter(pk=other.pk).update(status=Status.SENDING, claimed_at=timezone.now())
    with nothing_written(other):
        notification_deliver(notification_id=row.pk)
    row.refresh_from_db()
    assert row.status == Status.SENT
    assert len(mailoutbox) == 1


def test_a_send_that_ends_after_the_sweeper_queued_the_row_again_marks_it_sent(
    send_probe, scripted_mail, clock, published, mailoutbox
):
    """It went out after all: the task the sweeper enqueued finds nothing left to send."""
    row = queued_email(send_probe)

    def hangs_then_succeeds():
        clock.shift(timedelta(minutes=11))
        assert notification_sweep()["stuck"] == 1

    scripted_mail.on_send = hangs_then_succeeds
    notification_deliver(notification_id=row.pk)
    row.refresh_from_db()
    assert (row.status, row.last_error, row.sent_at) == (Status.SENT, "", timezone.now())
    assert published == [row.pk]
    scripted_mail.on_send = lambda: pytest.fail("sent a second time")
    assert notification_deliver(notification_id=row.pk) is None


def test_a_send_that_ends_after_another_worker_claimed_the_row_again_leaves_that_claim_alone(
    send_probe, scripted_mail, clock, published
):
    row = queued_email(send_probe)
    second_claim = []

    def hangs_while_another_worker_claims():
        clock.shift(timedelta(minutes=11))
        assert notification_sweep()["stuck"] == 1
        Notification.objects.filter(pk=row.pk).update(status=Status.SENDING, claimed_at=timezone.now())
        second_claim.append(timezone.now())

    scripted_mail.on_send = hangs_while_another_worker_claims
    notification_deliver(notification_id=row.pk)
    row.refresh_from_db()
    assert (row.status, row.claimed_at, row.sent_at) == (Status.SENDING, second_claim[0], None)


def test_a_row_whose_category_is_no_longer_registered_is_still_delivered_in_full(send_probe, mailoutbox):
    row = queued_email(send_probe)
    Notification.objects.filter(pk=row.pk).update(category="retired.category")
    assert notification_deliver(notification_id=row.pk) is None
    assert len(mailoutbox) == 1
    row.refresh_from_db()
    assert row.status == Status.SENT
    assert "language=" in row.body_text and row.body_html  # not redacted: not known to be sensitive


def test_an_in_app_row_is_never_mailed_whatever_its_status(send_probe, mailoutbox):
    in_app = send_probe(key="in-app", channels=(Channel.IN_APP,), recipient=UserFactory())[0]
    Notification.objects.filter(pk=in_app.pk).update(status=Status.QUEUED, sent_at=None)
    in_app.refresh_from_db()
    with nothing_written(in_app):
        assert notification_deliver(notification_id=in_app.pk) is None
    assert mailoutbox == []


# Publishing to the broker ---------------------------------------------------------------------------------


@pytest.fixture
def broker(monkeypatch):
    """Publishing that fails while `broker.down`; `broker.published` lists what got through."""

    class Broker:
        down = True
        published: list[int] = []
        now = 1000.0

    def publish(*, args):
        if Broker.down:
            raise OperationalError("Error 111 connecting to 127.0.0.1:6390. Connection refused.")
        (ids,) = args
        Broker.published.extend(ids)

    monkeypatch.setattr(deliver_batch_task, "apply_async", publish)
    monkeypatch.setattr(services.time, "monotonic", lambda: Broker.now)
    return Broker


def test_a_failed_publish_is_logged_and_pauses_publishing_for_exactly_the_pause(broker, caplog):
    with caplog.at_level(logging.INFO, logger=LOGGER):
        assert enqueue_delivery(7) is False
    assert messages(caplog, logging.WARNING) == [
        "Could not enqueue notification 7 (Error 111 connecting to 127.0.0.1:6390. Connection refused.); "
        "the sweeper will"
    ]
    broker.down = False
    broker.now += services.BROKER_PAUSE_SECONDS - 0.5
    caplog.clear()
    with caplog.at_level(logging.INFO, logger=LOGGER):
        assert enqueue_delivery(8) is False  # paused: not even tried
    assert messages(caplog, logging.INFO) == ["Broker unavailable; notification 8 waits for the sweeper"]
    assert broker.published == []
    broker.now += 0.5  # the pause is over
    assert enqueue_delivery(9) is True
    assert broker.published == [9]


# The sweeper -------------------------------------------------------------------------------------------


def test_a_stuck_row_is_queued_again_and_enqueued_recording_why(send_probe, clock, settings, published):
    settings.NOTIFICATION_STUCK_AFTER_SECONDS = 180
    row = queued_email(send_probe)
    Notification.objects.filter(pk=row.pk).update(status=Status.SENDING, claimed_at=timezone.now(), attempts=1)
    clock.shift(179)
    assert notification_sweep() == {"enqueued": 0, "stuck": 0}  # it may still be sending
    clock.shift(1)
    swept_at = timezone.now()
    assert notification_sweep() == {"enqueued": 1, "stuck": 1}
    row.refresh_from_db()
    assert (row.status, row.last_error, row.updated_at) == (Status.QUEUED, REQUEUED_TEXT, swept_at)
    assert (row.attempts, row.next_attempt_at) == (1, swept_at)
    assert published == [row.pk]


def test_a_row_interrupted_on_every_attempt_is_failed_and_not_sent_again(
    send_probe, clock, settings, published, caplog
):
    """A message that kills its worker every time ends as failed after NOTIFICATION_MAX_ATTEMPTS."""
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    row = queued_email(send_probe)
    for attempt in (1, 2, 3):
        # A worker claims the row (as notification_deliver does) and is killed mid-send.
        claimed = Notification.objects.filter(pk=row.pk, status=Status.QUEUED).update(
            status=Status.SENDING, claimed_at=timezone.now(), attempts=attempt
        )
        assert claimed == 1
        clock.shift(timedelta(minutes=4))
        with caplog.at_level(logging.WARNING, logger=LOGGER):
            assert notification_sweep()["stuck"] == 1
    row.refresh_from_db()
    assert (row.status, row.last_error, row.attempts) == (Status.FAILED, STUCK_TEXT, 3)
    assert published == [row.pk, row.pk]
    assert messages(caplog, logging.ERROR) == ["1 notification(s) interrupted on every attempt were failed"]


def test_one_sweep_enqueues_at_most_a_thousand_rows_oldest_first(send_probe, clock, settings, monkeypatch):
    settings.NOTIFICATION_SWEEP_AFTER_SECONDS = 120
    template = queued_email(send_probe, key="template")
    clock.shift(1)
    fields = ["email", "language", "category", "channel", "subject", "body_text", "body_html"]
    Notification.objects.bulk_create(
        Notification(idempotency_key=f"backlog:{i}", **{name: getattr(template, name) for name in fields})
        for i in range(1000)
    )
    enqueued = []
    monkeypatch.setattr(services, "enqueue_batch", lambda ids, probe=False: enqueued.extend(ids) or True)
    clock.shift(121)
    assert notification_sweep() == {"enqueued": 1000, "stuck": 0}
    assert enqueued[0] == template.pk
    assert len(set(enqueued)) == 1000
    (left,) = Notification.objects.exclude(pk__in=enqueued)
    assert left.next_attempt_at is None  # not touched: the next sweep takes it
    clock.shift(60)
    assert notification_sweep() == {"enqueued": 1, "stuck": 0}
    assert enqueued[-1] == left.pk


def test_rows_beyond_the_limit_are_enqueued_by_the_next_sweep(send_probe, clock, settings, monkeypatch):
    settings.NOTIFICATION_SWEEP_AFTER_SECONDS = 120
    first = queued_email(send_probe, key="first")
    clock.shift(1)
    second = queued_email(send_probe, key="second")
    enqueued = []
    monkeypatch.setattr(services, "enqueue_batch", lambda ids, probe=False: enqueued.extend(ids) or True)
    clock.shift(121)
    assert notification_sweep(limit=1) == {"enqueued": 1, "stuck": 0}
    clock.shift(60)  # the next sweep, a minute later
    assert notification_sweep(limit=1) == {"enqueued": 1, "stuck": 0}
    assert enqueued == [first.pk, second.pk]


def test_a_row_the_broker_could_not_take_is_tried_at_the_next_sweep(send_probe, clock, settings, monkeypatch):
    settings.NOTIFICATION_SWEEP_AFTER_SECONDS = 120
    first = queued_email(send_probe, key="first")
    clock.shift(1)
    second = queued_email(send_probe, key="second")
    published = []

    def broker_takes_one(ids, probe=False):
        if published:
            return False  # the broker went down after the first message
        published.extend(ids)
        return True

    settings.NOTIFICATION_BATCH_SIZE = 1  # one message per row, to lose the second
    monkeypatch.setattr(services, "enqueue_batch", broker_takes_one)
    clock.shift(121)
    assert notification_sweep()["enqueued"] == 1
    assert published == [first.pk]  # the oldest first
    second.refresh_from_db()
    assert second.next_attempt_at is None
    published.clear()
    clock.shift(60)  # the next sweep: the first row was enqueued a minute ago, the second is still due
    assert notification_sweep()["enqueued"] == 1
    assert published == [second.pk]


def test_the_sweeper_never_publishes_an_in_app_row(send_probe, settings, monkeypatch):
    settings.NOTIFICATION_SWEEP_AFTER_SECONDS = 0
    in_app = send_probe(key="in-app", channels=(Channel.IN_APP,), recipient=UserFactory())[0]
    Notification.objects.filter(pk=in_app.pk).update(status=Status.QUEUED, sent_at=None)
    enqueued = []
    monkeypatch.setattr(services, "enqueue_batch", lambda ids, probe=False: enqueued.extend(ids) or True)
    with nothing_written(Notification.objects.get(pk=in_app.pk)):
        assert notification_sweep() == {"enqueued": 0, "stuck": 0}
    assert enqueued == []


def test_a_row_the_sweep_delivered_has_no_next_attempt(send_probe, settings, mailoutbox):
    settings.NOTIFICATION_SWEEP_AFTER_SECONDS = 0
    row = queued_email(send_probe)
    assert notification_sweep() == {"enqueued": 1, "stuck": 0}  # eager: delivered at once
    row.refresh_from_db()
    assert (row.status, row.next_attempt_at) == (Status.SENT, None)
    assert len(mailoutbox) == 1


# Resending a failed notification ---------------------------------------------------------------------


def failed_row(send_probe, key="event:1", **changes):
    row = queued_email(send_probe, key=key)
    changes = {"status": Status.FAILED, "attempts": 5, "last_error": "SMTP down", **changes}
    Notification.objects.filter(pk=row.pk).update(**changes)
    row.refresh_from_db()
    return row


def test_a_resent_row_is_due_at_once_whatever_its_last_backoff(
    send_probe, administrator, django_capture_on_commit_callbacks, mailoutbox, clock
):
    row = failed_row(send_probe, next_attempt_at=timezone.now() + timedelta(hours=1))
    clock.shift(30)
    resent_at = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        notification_resend(notification=row, actor=administrator)
    row.refresh_from_db()
    assert (row.status, row.attempts, row.next_attempt_at) == (Status.SENT, 1, None)
    assert row.updated_at == resent_at
    assert len(mailoutbox) == 1


def test_a_resend_is_recorded_with_its_time(send_probe, administrator, clock):
    row = failed_row(send_probe)
    clock.shift(300)
    notification_resend(notification=row, actor=administrator)  # not committed: not sent yet
    row.refresh_from_db()
    assert (row.status, row.attempts, row.next_attempt_at) == (Status.QUEUED, 0, None)
    assert row.updated_at == timezone.now()


def test_resend_queues_only_the_chosen_row(send_probe, administrator):
    chosen = failed_row(send_probe, key="chosen")
    other = failed_row(send_probe, key="other")
    with nothing_written(other):
        notification_resend(notification=chosen, actor=administrator)
    chosen.refresh_from_db()
    assert chosen.status == Status.QUEUED


def test_a_failed_in_app_row_cannot_be_resent(send_probe, administrator):
    in_app = send_probe(key="in-app", channels=(Channel.IN_APP,), recipient=UserFactory())[0]
    Notification.objects.filter(pk=in_app.pk).update(status=Status.FAILED)
    in_app.refresh_from_db()
    with nothing_written(in_app), translation.override("en"), pytest.raises(PortalError) as error:
        notification_resend(notification=in_app, actor=administrator)
    assert str(error.value) == "Only failed e-mail notifications can be sent again."


def test_resending_a_row_that_is_not_failed_says_why(send_probe, administrator):
    row = queued_email(send_probe)
    with nothing_written(row), translation.override("en"), pytest.raises(PortalError) as error:
        notification_resend(notification=row, actor=administrator)
    assert str(error.value) == "Only failed e-mail notifications can be sent again."


def test_a_broken_broker_after_a_resend_is_logged_not_raised(
    send_probe, administrator, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    row = failed_row(send_probe)

    def broken(*args, **kwargs):
        raise RuntimeError("Acquire on closed pool")

    monkeypatch.setattr(deliver_batch_task, "apply_async", broken)
    with django_capture_on_commit_callbacks(execute=True):
        notification_resend(notification=row, actor=administrator)
    assert "Acquire on closed pool" in caplog.text
    row.refresh_from_db()
    assert row.status == Status.QUEUED  # the sweeper enqueues it later


# Reading in-app notifications ----------------------------------------------------------------------------


def test_marking_all_as_read_keeps_when_the_earlier_ones_were_read(send_probe, clock):
    user = UserFactory()
    first = send_probe(key="first", channels=(Channel.IN_APP,), recipient=user)[0]
    second = send_probe(key="second", channels=(Channel.IN_APP,), recipient=user)[0]
    first_read_at = timezone.now()
    assert notification_mark_read(user=user, notification_id=first.pk) == 1
    clock.shift(3600)
    assert notification_mark_read(user=user) == 1  # only the one still unread
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at == first_read_at
    assert second.read_at == timezone.now()
    assert notification_mark_read(user=user, notification_id=first.pk) == 0
    first.refresh_from_db()
    assert first.read_at == first_read_at
