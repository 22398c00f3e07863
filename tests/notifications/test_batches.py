"""Batched delivery: the rows of a transaction go out in batches, each over one SMTP connection,
every row claimed and recorded on its own (sent, queued again with a backoff, or failed)."""

import smtplib
from datetime import timedelta

import pytest
import time_machine
from celery.exceptions import Retry
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone

from iclon.celery import app as celery_app
from iclon.notifications import services
from iclon.notifications.models import Channel, Notification, Status
from iclon.notifications.services import message_id, notification_deliver_batch
from iclon.notifications.tasks import deliver_batch_task, send_notification_task
from tests.factories import UserFactory
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

HEADER = "X-ICLON-Notification"


class CountingBackend(LocmemBackend):
    """The locmem backend (mail.outbox) that counts the connections opened and closed, and runs
    `CountingBackend.on_send(message)` (set by a test) before each message it accepts; the hook
    may raise as an SMTP server would. `refuse_open` makes every later open() fail."""

    opens = 0
    closes = 0
    on_send = None
    refuse_open = False

    def open(self):
        if type(self).refuse_open:
            raise ConnectionRefusedError("[Errno 111] Connection refused")
        type(self).opens += 1
        return True

    def close(self):
        type(self).closes += 1

    def send_messages(self, messages):
        for message in messages:
            if type(self).on_send is not None:
                type(self).on_send(message)
        return super().send_messages(messages)


@pytest.fixture
def counting_mail(settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_batches.CountingBackend"
    CountingBackend.opens = CountingBackend.closes = 0
    CountingBackend.on_send = None
    CountingBackend.refuse_open = False
    yield CountingBackend
    CountingBackend.on_send = None
    CountingBackend.refuse_open = False


def queued_rows(send_probe, count, prefix="row", **kwargs):
    """`count` queued e-mail rows (the test's transaction never commits: nothing is enqueued)."""
    rows = []
    for i in range(count):
        address = {} if "recipient" in kwargs else {"email": f"person{i}@example.org"}
        (row,) = send_probe(key=f"{prefix}:{i}", channels=(Channel.EMAIL,), **address, **kwargs)
        rows.append(row)
    return rows


def sent_ids():
    return [message.extra_headers[HEADER] for message in mail.outbox]


def fail_for(pk, error):
    def on_send(message):
        if message.extra_headers[HEADER] == str(pk):
            raise error

    return on_send


# One connection per batch ---------------------------------------------------------------------------------


def test_a_batch_is_sent_over_one_connection_and_each_row_is_marked_sent_once(send_probe, counting_mail):
    rows = queued_rows(send_probe, 10)
    outcome = notification_deliver_batch(notification_ids=[row.pk for row in rows])
    assert (counting_mail.opens, counting_mail.closes) == (1, 1)
    assert sorted(sent_ids()) == sorted(str(row.pk) for row in rows)
    assert sorted(outcome.sent) == sorted(row.pk for row in rows)
    assert (outcome.retry, outcome.wait) == ([], None)
    stored = Notification.objects.filter(pk__in=[row.pk for row in rows])
    assert set(stored.values_list("status", "attempts", "last_error")) == {(Status.SENT, 1, "")}
    assert not stored.filter(sent_at__isnull=True).exists()
    # The same batch again (a redelivered task): nothing left to send, no connection opened.
    again = notification_deliver_batch(notification_ids=[row.pk for row in rows])
    assert (again.sent, again.retry, counting_mail.opens) == ([], [], 1)
    assert len(mail.outbox) == 10


def test_each_message_keeps_its_message_id_and_its_recipients_language(send_probe, counting_mail):
    dutch = queued_rows(send_probe, 1, "nl", recipient=UserFactory(language="nl"))[0]
    english = queued_rows(send_probe, 1, "en", recipient=UserFactory(language="en"))[0]
    notification_deliver_batch(notification_ids=[dutch.pk, english.pk])
    by_id = {message.extra_headers[HEADER]: message for message in mail.outbox}
    assert by_id[str(dutch.pk)].subject == "[nl] Nederlands probe"
    assert by_id[str(english.pk)].subject == "[en] Dutch probe"
    assert by_id[str(dutch.pk)].message()["Message-ID"] == message_id(dutch)
    assert by_id[str(english.pk)].message()["Message-ID"] == message_id(english)
    assert counting_mail.opens == 1


def test_in_app_rows_and_unknown_ids_in_a_batch_are_left_alone(send_probe, counting_mail):
    user = UserFactory()
    rows = send_probe(key="both", recipient=user)
    email = next(row for row in rows if row.channel == Channel.EMAIL)
    in_app = next(row for row in rows if row.channel == Channel.IN_APP)
    with nothing_written(in_app):
        outcome = notification_deliver_batch(notification_ids=[in_app.pk, email.pk, 999_999])
    assert outcome.sent == [email.pk]
    assert sent_ids() == [str(email.pk)]


def test_a_sensitive_row_in_a_batch_is_redacted_and_the_others_are_kept(send_probe, counting_mail, secret_category):
    plain = queued_rows(send_probe, 1, "plain")[0]
    secret = queued_rows(send_probe, 1, "secret", category=secret_category)[0]
    notification_deliver_batch(notification_ids=[plain.pk, secret.pk])
    plain.refresh_from_db()
    secret.refresh_from_db()
    assert (secret.status, secret.body_text, secret.body_html) == (Status.SENT, services.REDACTED, "")
    assert plain.status == Status.SENT and "language=" in plain.body_text and plain.body_html
    assert "language=" in next(m.body for m in mail.outbox if m.extra_headers[HEADER] == str(secret.pk))


# Failures stay with their own row --------------------------------------------------------------------------


def test_a_failing_message_in_the_middle_leaves_the_others_sent_and_itself_retried(
    send_probe, counting_mail, monkeypatch
):
    monkeypatch.setattr(services.random, "uniform", lambda low, high: 1.0)
    rows = queued_rows(send_probe, 5)
    middle = rows[2]
    counting_mail.on_send = fail_for(middle.pk, smtplib.SMTPRecipientsRefused({middle.email: (550, b"no")}))
    outcome = notification_deliver_batch(notification_ids=[row.pk for row in rows])
    assert (outcome.retry, outcome.wait) == ([middle.pk], 30)
    assert sorted(outcome.sent) == sorted(row.pk for row in rows if row is not middle)
    assert sorted(sent_ids()) == sorted(str(row.pk) for row in rows if row is not middle)
    assert counting_mail.opens == 2  # opened again after the failure, for the rest of the batch
    statuses = dict(Notification.objects.filter(pk__in=[r.pk for r in rows]).values_list("pk", "status"))
    assert statuses == {row.pk: (Status.QUEUED if row is middle else Status.SENT) for row in rows}
    middle.refresh_from_db()
    assert middle.attempts == 1 and middle.last_error.startswith("SMTPRecipientsRefused")
    assert middle.next_attempt_at is not None
    # Its retry (once the backoff is over) sends only that row, with the same Message-ID.
    counting_mail.on_send = None
    mail.outbox.clear()
    with time_machine.travel(timezone.now() + timedelta(seconds=31)):
        retried = notification_deliver_batch(notification_ids=outcome.retry)
    assert retried.sent == [middle.pk]
    assert [m.message()["Message-ID"] for m in mail.outbox] == [message_id(middle)]
    middle.refresh_from_db()
    assert (middle.status, middle.attempts, middle.last_error) == (Status.SENT, 2, "")


def test_a_row_failing_its_last_attempt_in_a_batch_is_failed_and_not_retried(send_probe, counting_mail, settings):
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    rows = queued_rows(send_probe, 3)
    Notification.objects.filter(pk=rows[0].pk).update(attempts=2)
    counting_mail.on_send = fail_for(rows[0].pk, OSError("mailbox unavailable"))
    outcome = notification_deliver_batch(notification_ids=[row.pk for row in rows])
    assert (outcome.retry, outcome.wait) == ([], None)
    assert sorted(outcome.sent) == [rows[1].pk, rows[2].pk]
    first = Notification.objects.get(pk=rows[0].pk)
    assert (first.status, first.attempts, first.last_error) == (Status.FAILED, 3, "OSError: mailbox unavailable")


def test_a_connection_lost_mid_batch_leaves_the_rows_not_tried_queued_without_an_attempt(
    send_probe, counting_mail, monkeypatch
):
    monkeypatch.setattr(services.random, "uniform", lambda low, high: 1.0)
    rows = queued_rows(send_probe, 5)

    def drops_at_the_third(message):
        if message.extra_headers[HEADER] == str(rows[2].pk):
            counting_mail.refuse_open = True  # the server went away: reconnecting fails
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    counting_mail.on_send = drops_at_the_third
    outcome = notification_deliver_batch(notification_ids=[row.pk for row in rows])
    assert sorted(outcome.sent) == [rows[0].pk, rows[1].pk]
    assert outcome.retry == [rows[2].pk, rows[3].pk, rows[4].pk]
    assert outcome.wait == 30
    stored = {r.pk: r for r in Notification.objects.filter(pk__in=[row.pk for row in rows])}
    assert [stored[row.pk].status for row in rows] == [Status.SENT] * 2 + [Status.QUEUED] * 3
    assert [stored[row.pk].attempts for row in rows] == [1, 1, 1, 0, 0]  # the last two were never tried
    assert stored[rows[3].pk].last_error.startswith("ConnectionRefusedError")
    # Retried with the failed row: due after the same backoff (recorded a moment later).
    gap = stored[rows[3].pk].next_attempt_at - stored[rows[2].pk].next_attempt_at
    assert timedelta(0) <= gap < timedelta(seconds=5)
    assert sorted(sent_ids()) == sorted([str(rows[0].pk), str(rows[1].pk)])


def test_an_unreachable_server_fails_this_attempt_of_every_claimed_row(send_probe, counting_mail, monkeypatch):
    monkeypatch.setattr(services.random, "uniform", lambda low, high: 1.0)
    counting_mail.refuse_open = True
    rows = queued_rows(send_probe, 3)
    outcome = notification_deliver_batch(notification_ids=[row.pk for row in rows])
    assert (sorted(outcome.retry), outcome.wait, outcome.sent) == (sorted(r.pk for r in rows), 30, [])
    stored = Notification.objects.filter(pk__in=[row.pk for row in rows])
    assert set(stored.values_list("status", "attempts")) == {(Status.QUEUED, 1)}
    assert mail.outbox == []


# Exactly once --------------------------------------------------------------------------------------------


def test_a_row_claimed_by_another_worker_is_not_sent_twice(send_probe, counting_mail):
    rows = queued_rows(send_probe, 4)
    taken = rows[1]
    Notification.objects.filter(pk=taken.pk).update(status=Status.SENDING, claimed_at=timezone.now(), attempts=1)
    taken.refresh_from_db()
    with nothing_written(taken):
        outcome = notification_deliver_batch(notification_ids=[row.pk for row in rows])
    assert taken.pk not in outcome.sent
    assert sorted(sent_ids()) == sorted(str(row.pk) for row in rows if row is not taken)


def test_two_overlapping_batches_send_each_row_once(send_probe, counting_mail):
    rows = queued_rows(send_probe, 6)
    first = notification_deliver_batch(notification_ids=[row.pk for row in rows[:4]])
    second = notification_deliver_batch(notification_ids=[row.pk for row in rows[2:]])
    assert len(first.sent) == 4 and sorted(second.sent) == [rows[4].pk, rows[5].pk]
    assert sorted(sent_ids()) == sorted(str(row.pk) for row in rows)
    assert set(Notification.objects.values_list("attempts", flat=True)) == {1}


def test_rows_already_sent_are_recorded_while_the_batch_goes_on(send_probe, counting_mail, monkeypatch):
    """A worker killed mid-batch leaves only its last moment's rows 'sending' (sent again later
    with the same Message-ID), not the whole batch."""
    monkeypatch.setattr(services, "MARK_SENT_EVERY_SECONDS", 0)
    rows = queued_rows(send_probe, 3)
    seen = []
    counting_mail.on_send = lambda message: seen.append(
        list(Notification.objects.filter(pk__in=[r.pk for r in rows]).order_by("pk").values_list("status", flat=True))
    )
    notification_deliver_batch(notification_ids=[row.pk for row in rows])
    assert seen == [
        [Status.SENDING, Status.SENDING, Status.SENDING],
        [Status.SENT, Status.SENDING, Status.SENDING],
        [Status.SENT, Status.SENT, Status.SENDING],
    ]


@pytest.mark.parametrize("count", [1, 50])
def test_a_batch_takes_a_bounded_number_of_queries(send_probe, counting_mail, django_assert_max_num_queries, count):
    """By default each sent message is recorded at once (one UPDATE each: a killed worker sends at
    most one message again); the claim and the rest are fixed."""
    ids = [row.pk for row in queued_rows(send_probe, count)]
    with django_assert_max_num_queries(5 + count):
        outcome = notification_deliver_batch(notification_ids=ids)
    assert len(outcome.sent) == count
    assert Notification.objects.filter(pk__in=ids, status=Status.SENT).count() == count


@pytest.mark.parametrize("count", [1, 50])
def test_with_a_marking_interval_a_batch_takes_a_fixed_number_of_queries(
    send_probe, counting_mail, django_assert_max_num_queries, monkeypatch, count
):
    monkeypatch.setattr(services, "MARK_SENT_EVERY_SECONDS", 3600)
    ids = [row.pk for row in queued_rows(send_probe, count)]
    with django_assert_max_num_queries(6):
        outcome = notification_deliver_batch(notification_ids=ids)
    assert len(outcome.sent) == count
    assert Notification.objects.filter(pk__in=ids, status=Status.SENT).count() == count


# Enqueuing after the commit ----------------------------------------------------------------------------------


@pytest.fixture
def publishes(monkeypatch):
    """The id lists published as deliver_batch_task, recorded instead of run."""
    published: list[list[int]] = []

    def publish(*, args):
        (ids,) = args
        published.append(list(ids))

    monkeypatch.setattr(deliver_batch_task, "apply_async", publish)
    return published


def test_the_rows_of_one_transaction_are_enqueued_as_one_batch(
    send_probe, publishes, django_capture_on_commit_callbacks
):
    users = [UserFactory() for _ in range(5)]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        rows = [send_probe(key=f"tx:{i}", recipient=user) for i, user in enumerate(users)]
    emails = [next(r.pk for r in pair if r.channel == Channel.EMAIL) for pair in rows]
    assert len(callbacks) == 5  # one robust callback per e-mail row; the first publishes them all
    assert publishes == [emails]


def test_a_large_transaction_is_enqueued_in_batches_of_the_batch_size(
    send_probe, publishes, django_capture_on_commit_callbacks, settings
):
    settings.NOTIFICATION_BATCH_SIZE = 2
    with django_capture_on_commit_callbacks(execute=True):
        ids = [row.pk for row in queued_rows(send_probe, 5)]
    assert publishes == [ids[0:2], ids[2:4], ids[4:5]]


def test_the_sweeper_enqueues_in_batches(send_probe, publishes, settings):
    settings.NOTIFICATION_SWEEP_AFTER_SECONDS = 0
    settings.NOTIFICATION_BATCH_SIZE = 3
    ids = [row.pk for row in queued_rows(send_probe, 7)]
    assert services.notification_sweep() == {"enqueued": 7, "stuck": 0}
    assert sorted(pk for batch in publishes for pk in batch) == sorted(ids)
    assert [len(batch) for batch in publishes] == [3, 3, 1]


def test_a_transaction_delivers_its_rows_over_one_connection_eagerly(
    send_probe, counting_mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rows = queued_rows(send_probe, 8)
    assert counting_mail.opens == 1
    assert sorted(sent_ids()) == sorted(str(row.pk) for row in rows)
    assert Notification.objects.filter(status=Status.SENT).count() == 8


# The tasks ---------------------------------------------------------------------------------------------------


def test_the_batch_task_retries_only_the_failed_rows_with_the_longest_backoff(send_probe, counting_mail, monkeypatch):
    rows = queued_rows(send_probe, 3)
    waits = iter([40, 70])
    monkeypatch.setattr(services, "backoff_seconds", lambda attempts: next(waits))
    counting_mail.on_send = lambda message: (
        (_ for _ in ()).throw(OSError("refused")) if message.extra_headers[HEADER] != str(rows[1].pk) else None
    )
    retries = []

    def retry(*, args, countdown):
        retries.append((args, countdown))
        return Retry("retry", when=countdown)

    monkeypatch.setattr(deliver_batch_task, "retry", retry)
    with pytest.raises(Retry):
        deliver_batch_task([row.pk for row in rows])  # as a worker runs it: not eager
    assert retries == [([[rows[0].pk, rows[2].pk]], 70)]
    assert sent_ids() == [str(rows[1].pk)]


def test_the_single_notification_task_still_delivers(send_probe, counting_mail):
    (row,) = queued_rows(send_probe, 1)
    assert "iclon.notifications.tasks.send_notification_task" in celery_app.tasks
    send_notification_task.apply(args=[row.pk]).get()
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 1)
    assert sent_ids() == [str(row.pk)]


def test_a_batch_out_of_time_hands_the_rows_it_did_not_try_to_a_new_batch(
    send_probe, counting_mail, publishes, monkeypatch
):
    """A slow SMTP relay must not make a batch outlive its task's time limit."""
    monkeypatch.setattr(services, "batch_time_budget", lambda: -1.0)  # out of time after the first message
    rows = queued_rows(send_probe, 4)
    result = deliver_batch_task.apply(args=[[row.pk for row in rows]]).get()
    assert result == {"sent": 1, "retry": 0, "rest": 3}
    assert sent_ids() == [str(rows[0].pk)]
    assert publishes == [[row.pk for row in rows[1:]]]
    stored = Notification.objects.filter(pk__in=[row.pk for row in rows[1:]])
    assert set(stored.values_list("status", "attempts")) == {(Status.QUEUED, 0)}
    assert not stored.filter(next_attempt_at__gt=timezone.now()).exists()  # due at once
