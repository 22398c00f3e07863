"""The outbox service in eager mode: rendering, idempotency, preferences, delivery, retries, sweeping."""

import datetime
from datetime import timedelta

import pytest
import time_machine
from celery.exceptions import Retry
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext
from kombu.exceptions import OperationalError

from iclon.celery import app as celery_app
from iclon.core.errors import NotAllowed, PortalError
from iclon.core.usercache import RetireAfterCommit
from iclon.notifications import services, tasks
from iclon.notifications.models import Channel, Notification, NotificationPreference, Status
from iclon.notifications.services import (
    backoff_seconds,
    notification_deliver,
    notification_resend,
    notification_sweep,
    notify,
    preferences_save,
    render_message,
)
from iclon.notifications.tasks import deliver_batch_task, send_notification_task, sweep_notifications_task
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def by_channel(rows):
    return {row.channel: row for row in rows}


def queued_email(send_probe, key="event:1", **kwargs):
    """One e-mail row, queued (the test's transaction never commits, so nothing is enqueued)."""
    kwargs.setdefault("email", "someone@example.org")
    (row,) = send_probe(key=key, channels=(Channel.EMAIL,), **kwargs)
    return row


# Rendering in the recipient's language ------------------------------------------------------------


def test_message_is_rendered_in_dutch_for_a_dutch_recipient(send_probe):
    rows = by_channel(send_probe(key="lang:nl", recipient=UserFactory(language="nl", full_name="Els de Vries")))
    email = rows[Channel.EMAIL]
    assert email.language == "nl"
    # get_current_language inside the template: it ran under translation.override("nl"); the
    # language name and month come from Django's own Dutch catalogue.
    assert email.subject == "[nl] Nederlands probe"
    assert "language=nl" in email.body_text
    assert "name=Els de Vries" in email.body_text
    assert "month=januari" in email.body_text
    assert '<html lang="nl">' in email.body_html
    assert "nl Nederlands januari" in email.body_html
    assert rows[Channel.IN_APP].subject == email.subject


def test_message_is_rendered_in_english_for_an_english_recipient(send_probe):
    rows = by_channel(send_probe(key="lang:en", recipient=UserFactory(language="en")))
    email = rows[Channel.EMAIL]
    assert email.language == "en"
    assert email.subject == "[en] Dutch probe"
    assert "language=en" in email.body_text
    assert "month=January" in email.body_text
    assert '<html lang="en">' in email.body_html


def test_the_callers_language_is_left_as_it_was(send_probe):
    with translation.override("en"):
        send_probe(key="lang:restore", recipient=UserFactory(language="nl"))
        assert translation.get_language() == "en"


def test_without_an_account_the_given_language_is_used_and_dutch_is_the_default(send_probe):
    english = queued_email(send_probe, key="anon:en", email="guest@example.org", language="en")
    default = queued_email(send_probe, key="anon:default", email="guest@example.org")
    assert (english.language, english.subject) == ("en", "[en] Dutch probe")
    assert (default.language, default.subject) == ("nl", "[nl] Nederlands probe")


def test_render_message_works_without_an_html_template(probe_templates):
    subject, text, html = render_message("emails/tests/textonly", {}, "en")
    assert subject == "Text only"
    assert text.strip() == "A message without an HTML part."
    assert html == ""


def test_welcome_templates_render_in_each_language():
    user = UserFactory(full_name="Sam Jansen")
    english = render_message("emails/notifications/welcome", {"user": user, "dashboard_url": "/dashboard/"}, "en")
    dutch = render_message("emails/notifications/welcome", {"user": user, "dashboard_url": "/dashboard/"}, "nl")
    assert english[0] == "Welcome to the ICLON portal"
    assert "Sam Jansen" in english[1] and "/dashboard/" in english[1]
    assert '<html lang="en">' in english[2]
    assert '<html lang="nl">' in dutch[2]
    with translation.override("nl"):
        dutch_catalogue_has_it = gettext("Welcome to the ICLON portal") != "Welcome to the ICLON portal"
    if dutch_catalogue_has_it:  # once the Dutch .po file is compiled, the texts must differ
        assert dutch[0] != english[0]
        assert dutch[1] != english[1]


# What notify() writes -------------------------------------------------------------------------------


def test_notify_writes_a_queued_email_row_and_a_delivered_in_app_row(send_probe):
    user = UserFactory()
    rows = by_channel(send_probe(key="rows:1", recipient=user, url="/dashboard/"))
    assert set(rows) == {Channel.EMAIL, Channel.IN_APP}
    email, in_app = rows[Channel.EMAIL], rows[Channel.IN_APP]
    assert (email.status, email.attempts, email.sent_at, email.email) == (Status.QUEUED, 0, None, user.email)
    assert email.body_html
    assert in_app.status == Status.SENT and in_app.sent_at is not None and in_app.read_at is None
    assert in_app.body_html == ""
    assert email.url == in_app.url == "/dashboard/"
    assert email.category == in_app.category == "account.security"


def test_without_an_account_only_the_email_channel_is_written(send_probe):
    rows = send_probe(key="anon:1", email="guest@example.org")
    assert [row.channel for row in rows] == [Channel.EMAIL]
    assert rows[0].recipient is None


def test_an_unknown_category_is_a_programming_error(send_probe):
    with pytest.raises(LookupError, match="nope.unknown"):
        send_probe(key="x", category="nope.unknown", email="guest@example.org")
    assert not Notification.objects.exists()


def test_a_notification_needs_an_address(send_probe):
    with pytest.raises(PortalError):
        send_probe(key="x", email="")


def test_delivery_is_enqueued_after_commit_with_a_robust_callback(send_probe):
    """A broker that is down must never turn the committed request into an error."""
    before = len(connection.run_on_commit)
    send_probe(key="robust:1", recipient=UserFactory())
    # (Not counting the per-user cache's retirement after the commit: iclon/core/usercache.py.)
    registered = [entry for entry in connection.run_on_commit[before:] if not isinstance(entry[1], RetireAfterCommit)]
    assert len(registered) == 1  # one task, for the e-mail row only
    _savepoints, _callback, robust = registered[0]
    assert robust is True


def test_an_unexpected_error_while_enqueuing_is_logged_not_raised(
    send_probe, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise RuntimeError("Acquire on closed pool")

    monkeypatch.setattr(deliver_batch_task, "apply_async", broken)
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = send_probe(key="broken:1", email="guest@example.org")
    assert "Acquire on closed pool" in caplog.text
    row.refresh_from_db()
    assert row.status == Status.QUEUED  # the sweeper enqueues it later


def test_notify_inside_a_transaction_that_rolls_back_leaves_nothing(send_probe, django_capture_on_commit_callbacks):
    from django.db import transaction

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send_probe(key="rollback:1", email="guest@example.org")
        raise RuntimeError("the caller fails after notify()")
    assert callbacks == []
    assert not Notification.objects.exists()


# Idempotency -----------------------------------------------------------------------------------------


def test_the_same_event_never_notifies_twice(send_probe, django_capture_on_commit_callbacks, mailoutbox):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = by_channel(send_probe(key="event:42", recipient=user))
        again = by_channel(send_probe(key="event:42", recipient=user))
    assert {c: r.pk for c, r in first.items()} == {c: r.pk for c, r in again.items()}
    assert Notification.objects.count() == 2
    assert len(callbacks) == 1
    assert len(mailoutbox) == 1


def test_another_event_is_another_notification(send_probe, django_capture_on_commit_callbacks, mailoutbox):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        send_probe(key="event:1", recipient=user)
        send_probe(key="event:2", recipient=user)
    assert Notification.objects.count() == 4
    assert len(mailoutbox) == 2


def test_a_sent_notification_is_not_sent_again(send_probe, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        row = queued_email(send_probe)
    assert len(mailoutbox) == 1
    # A redelivered task, a second enqueue, a sweep: none sends it again.
    assert notification_deliver(notification_id=row.pk) is None
    send_notification_task.delay(row.pk)
    notification_sweep()
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 1)
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("status", [Status.SENDING, Status.FAILED])
def test_rows_being_sent_or_failed_are_left_alone(send_probe, mailoutbox, status):
    row = queued_email(send_probe)
    Notification.objects.filter(pk=row.pk).update(status=status, attempts=3)
    assert notification_deliver(notification_id=row.pk) is None
    row.refresh_from_db()
    assert (row.status, row.attempts) == (status, 3)
    assert mailoutbox == []


def test_in_app_rows_are_not_mailed(send_probe, mailoutbox):
    in_app = by_channel(send_probe(key="inapp:1", recipient=UserFactory()))[Channel.IN_APP]
    assert notification_deliver(notification_id=in_app.pk) is None
    assert mailoutbox == []


# Delivery -------------------------------------------------------------------------------------------


def test_delivery_sends_text_and_html_with_the_notification_header(send_probe, mailoutbox):
    user = UserFactory(language="en")
    email = by_channel(send_probe(key="deliver:1", recipient=user))[Channel.EMAIL]
    assert notification_deliver(notification_id=email.pk) is None
    (message,) = mailoutbox
    assert message.to == [user.email]
    assert message.subject == "[en] Dutch probe"
    assert "language=en" in message.body
    assert message.extra_headers["X-ICLON-Notification"] == str(email.pk)
    assert message.alternatives[0][1] == "text/html"
    assert '<html lang="en">' in message.alternatives[0][0]
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (Status.SENT, 1, "")
    assert email.sent_at is not None and email.claimed_at is not None


def test_a_text_only_message_has_no_html_part(probe_templates, mailoutbox):
    (row,) = notify(
        category="account.security",
        template="emails/tests/textonly",
        context={},
        idempotency_key="textonly:1",
        email="guest@example.org",
        message="Text only",
    )
    notification_deliver(notification_id=row.pk)
    assert mailoutbox[0].alternatives == []


def test_sensitive_body_is_redacted_once_sent(send_probe, secret_category, mailoutbox):
    row = queued_email(send_probe, category=secret_category)
    assert "language=" in row.body_text
    notification_deliver(notification_id=row.pk)
    assert "language=" in mailoutbox[0].body  # the recipient got the whole text
    row.refresh_from_db()
    assert row.status == Status.SENT
    assert row.body_text == services.REDACTED
    assert row.body_html == ""


def test_a_sensitive_body_is_kept_while_it_may_still_be_sent(send_probe, secret_category, failing_mail):
    row = queued_email(send_probe, category=secret_category)
    notification_deliver(notification_id=row.pk)
    row.refresh_from_db()
    assert row.status == Status.QUEUED
    assert "language=" in row.body_text  # needed for the retry


def test_non_sensitive_body_is_kept(send_probe, mailoutbox):
    row = queued_email(send_probe)
    notification_deliver(notification_id=row.pk)
    row.refresh_from_db()
    assert "language=" in row.body_text and row.body_html


# Retries on a failing mail backend ------------------------------------------------------------------


def test_failures_back_off_exponentially_then_fail_for_good(send_probe, failing_mail, settings, monkeypatch):
    settings.NOTIFICATION_MAX_ATTEMPTS = 4
    monkeypatch.setattr(services.random, "uniform", lambda low, high: 1.0)  # no jitter: exact waits
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        row = queued_email(send_probe)
        for attempt, wait in enumerate([30, 60, 120], start=1):
            assert notification_deliver(notification_id=row.pk) == wait
            row.refresh_from_db()
            assert (row.status, row.attempts) == (Status.QUEUED, attempt)
            assert row.next_attempt_at == timezone.now() + timedelta(seconds=wait)
            assert row.last_error.startswith("ConnectionRefusedError: ")
            # Not due yet: a second task (or a sweep) does not try before the backoff ends.
            traveller.shift(wait - 1)
            assert notification_deliver(notification_id=row.pk) is None
            row.refresh_from_db()
            assert row.attempts == attempt
            traveller.shift(1)
        assert notification_deliver(notification_id=row.pk) is None  # the last attempt
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.FAILED, 4)
    assert "Connection refused" in row.last_error
    assert failing_mail.failures == 4
    # A failed row is final: no further attempt.
    assert notification_deliver(notification_id=row.pk) is None
    assert failing_mail.failures == 4


def test_a_later_success_clears_the_error(send_probe, failing_mail, settings, mailoutbox):
    row = queued_email(send_probe)
    notification_deliver(notification_id=row.pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        assert notification_deliver(notification_id=row.pk) is None
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (Status.SENT, 2, "")
    assert len(mailoutbox) == 1


def test_backoff_has_jitter_around_an_exponential_base_with_a_cap():
    for attempts, base in [(1, 30), (2, 60), (3, 120), (4, 240), (8, 3600), (20, 3600)]:
        waits = {backoff_seconds(attempts) for _ in range(50)}
        assert all(base * 0.5 <= wait <= base * 1.5 for wait in waits), (attempts, waits)
        assert len(waits) > 1, "no jitter"


def test_the_worker_task_retries_with_the_backoff(send_probe, monkeypatch):
    monkeypatch.setattr(tasks, "notification_deliver", lambda notification_id: 42)
    countdowns = []

    def retry(countdown):
        countdowns.append(countdown)
        return Retry("retry", when=countdown)

    monkeypatch.setattr(send_notification_task, "retry", retry)
    with pytest.raises(Retry):
        send_notification_task(7)  # as a worker runs it: not eager
    assert countdowns == [42]


def test_the_eager_task_does_not_retry_in_process(send_probe, failing_mail):
    row = queued_email(send_probe)
    send_notification_task.apply(args=[row.pk]).get()
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.QUEUED, 1)  # the sweeper tries again later


# Resending a failed notification ----------------------------------------------------------------------


def failed_row(send_probe):
    row = queued_email(send_probe)
    Notification.objects.filter(pk=row.pk).update(status=Status.FAILED, attempts=5, last_error="SMTP down")
    return row


def test_resend_queues_a_failed_row_again_and_it_is_delivered(
    send_probe, administrator, django_capture_on_commit_callbacks, mailoutbox
):
    row = failed_row(send_probe)
    with django_capture_on_commit_callbacks(execute=True):
        notification_resend(notification=row, actor=administrator)
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 1)
    assert len(mailoutbox) == 1


def test_resend_needs_the_change_permission(send_probe, programme_coordinator):
    row = failed_row(send_probe)
    with pytest.raises(NotAllowed):
        notification_resend(notification=row, actor=programme_coordinator)
    row.refresh_from_db()
    assert row.status == Status.FAILED


@pytest.mark.parametrize("status", [Status.QUEUED, Status.SENDING, Status.SENT])
def test_only_failed_rows_can_be_resent(send_probe, administrator, status):
    row = queued_email(send_probe)
    Notification.objects.filter(pk=row.pk).update(status=status)
    with pytest.raises(PortalError):
        notification_resend(notification=row, actor=administrator)
    row.refresh_from_db()
    assert row.status == status


# The sweeper ----------------------------------------------------------------------------------------


def test_sweeper_delivers_rows_left_queued_and_only_once(send_probe, settings, mailoutbox):
    settings.NOTIFICATION_SWEEP_AFTER_SECONDS = 120
    old = queued_email(send_probe, key="old")  # its commit-time enqueue was lost (broker down)
    with time_machine.travel(timezone.now() + timedelta(seconds=121)):
        fresh = queued_email(send_probe, key="fresh")
        assert notification_sweep() == {"enqueued": 1, "stuck": 0}
        assert notification_sweep() == {"enqueued": 0, "stuck": 0}
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == Status.SENT
    assert fresh.status == Status.QUEUED  # its own task may still be on its way
    assert len(mailoutbox) == 1


def test_sweeper_waits_for_the_backoff_of_a_retry(send_probe, settings, failing_mail):
    settings.NOTIFICATION_SWEEP_AFTER_SECONDS = 120
    row = queued_email(send_probe)
    wait = notification_deliver(notification_id=row.pk)
    with time_machine.travel(timezone.now() + timedelta(seconds=wait + 60)):
        assert notification_sweep()["enqueued"] == 0  # due, but not overdue: the retry task comes
    with time_machine.travel(timezone.now() + timedelta(seconds=wait + 121)):
        assert notification_sweep()["enqueued"] == 1  # the retry message was lost
    row.refresh_from_db()
    assert row.attempts == 2


def test_a_swept_row_is_not_swept_again_at_every_run(send_probe, settings, monkeypatch):
    settings.NOTIFICATION_SWEEP_AFTER_SECONDS = 120
    enqueued = []
    monkeypatch.setattr(services, "enqueue_batch", lambda ids, probe=False: enqueued.extend(ids) or True)
    row = queued_email(send_probe)
    start = timezone.now() + timedelta(seconds=121)
    with time_machine.travel(start, tick=False) as traveller:
        notification_sweep()
        row.refresh_from_db()
        assert row.next_attempt_at == start
        traveller.shift(60)
        notification_sweep()  # the worker is busy with a backlog: no second message yet
        traveller.shift(61)
        notification_sweep()
    assert enqueued == [row.pk, row.pk]


def test_a_sweep_does_not_shorten_a_backoff_set_meanwhile(send_probe, settings, monkeypatch):
    settings.NOTIFICATION_SWEEP_AFTER_SECONDS = 0
    row = queued_email(send_probe)
    later = timezone.now() + timedelta(minutes=5)

    def worker_takes_it_and_fails(ids, probe=False):
        Notification.objects.filter(pk__in=ids).update(attempts=1, next_attempt_at=later)
        return True

    monkeypatch.setattr(services, "enqueue_batch", worker_takes_it_and_fails)
    assert notification_sweep()["enqueued"] == 1
    row.refresh_from_db()
    assert row.next_attempt_at == later


def test_sweeper_sends_rows_stuck_in_sending_again_with_the_same_message_id(send_probe, mailoutbox, settings):
    settings.NOTIFICATION_STUCK_AFTER_SECONDS = 180
    stuck, busy, sent = (queued_email(send_probe, key=f"k{i}") for i in range(3))
    now = timezone.now()
    Notification.objects.filter(pk=stuck.pk).update(
        status=Status.SENDING, claimed_at=now - timedelta(minutes=4), attempts=1
    )
    Notification.objects.filter(pk=busy.pk).update(status=Status.SENDING, claimed_at=now - timedelta(minutes=1))
    Notification.objects.filter(pk=sent.pk).update(status=Status.SENT, claimed_at=now - timedelta(hours=1))
    assert notification_sweep() == {"enqueued": 1, "stuck": 1}  # tasks run eagerly here: sent at once
    stuck.refresh_from_db()
    busy.refresh_from_db()
    assert (stuck.status, stuck.attempts) == (Status.SENT, 2)
    assert busy.status == Status.SENDING
    assert Notification.objects.get(pk=sent.pk).status == Status.SENT
    (message,) = mailoutbox
    assert message.to == [stuck.email]
    assert message.message()["Message-ID"] == services.message_id(stuck)
    assert message.message()["X-ICLON-Notification"] == str(stuck.pk)


# The Message-ID ---------------------------------------------------------------------------------------


def test_every_email_carries_a_message_id_derived_from_its_notification(send_probe, mailoutbox, settings):
    settings.DEFAULT_FROM_EMAIL = "ICLON portal <noreply@iclon.leidenuniv.nl>"
    first = queued_email(send_probe, key="one")
    second = queued_email(send_probe, key="two")
    for row in (first, second):
        notification_deliver(notification_id=row.pk)
    ids = [message.message()["Message-ID"] for message in mailoutbox]
    stamp = first.created_at.astimezone(datetime.UTC).strftime("%Y%m%d%H%M%S%f")
    assert ids[0] == f"<notification-{first.pk}.{stamp}@iclon.leidenuniv.nl>"
    assert ids == [services.message_id(first), services.message_id(second)]
    assert len(set(ids)) == 2


def test_a_retried_and_a_resent_email_keep_their_message_id(
    send_probe, settings, administrator, django_capture_on_commit_callbacks
):
    sent = []

    class Flaky:
        fail = True

    def record(messages):
        if Flaky.fail:
            Flaky.fail = False
            raise ConnectionRefusedError("refused")
        sent.extend(message.message()["Message-ID"] for message in messages)
        return len(messages)

    settings.EMAIL_BACKEND = "tests.notifications.test_services.RecordingBackend"
    RecordingBackend.on_send = record
    try:
        row = queued_email(send_probe)
        assert notification_deliver(notification_id=row.pk) is not None  # the first attempt fails
        Notification.objects.filter(pk=row.pk).update(next_attempt_at=None)
        notification_deliver(notification_id=row.pk)
        Notification.objects.filter(pk=row.pk).update(status=Status.FAILED)
        with django_capture_on_commit_callbacks(execute=True):
            notification_resend(notification=row, actor=administrator)  # eager: sent at once
    finally:
        RecordingBackend.on_send = None
    assert sent == [services.message_id(row)] * 2


class RecordingBackend(BaseEmailBackend):
    """A mail backend that hands the messages to `RecordingBackend.on_send` (set by the test)."""

    on_send = None

    def send_messages(self, email_messages):
        return type(self).on_send(email_messages)


def test_the_periodic_task_runs_the_sweeper(send_probe, settings, mailoutbox):
    settings.NOTIFICATION_SWEEP_AFTER_SECONDS = 0
    queued_email(send_probe)
    assert sweep_notifications_task.apply().get() == {"enqueued": 1, "stuck": 0}
    assert len(mailoutbox) == 1


def test_the_sweeper_is_scheduled_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["sweep-notifications"]
    assert entry["task"] == sweep_notifications_task.name
    assert entry["schedule"] <= 60
    assert "django_celery_beat" in settings.INSTALLED_APPS


# A broker that is down ------------------------------------------------------------------------------


@pytest.fixture
def broker_down(monkeypatch):
    """Publishing fails as it does when Redis is unreachable; `.up()` brings it back."""

    class Broker:
        calls = 0
        is_down = True

        def publish(self, *args, **kwargs):
            Broker.calls += 1
            if Broker.is_down:
                raise OperationalError("Error 111 connecting to 127.0.0.1:6390. Connection refused.")
            return original(*args, **kwargs)

        def up(self):
            Broker.is_down = False

    original = deliver_batch_task.apply_async
    broker = Broker()
    monkeypatch.setattr(deliver_batch_task, "apply_async", broker.publish)
    return broker


def test_a_broker_that_is_down_does_not_break_the_request(
    send_probe, broker_down, django_capture_on_commit_callbacks, settings, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        rows = [queued_email(send_probe, key=f"down:{i}") for i in range(5)]
    assert Notification.objects.filter(status=Status.QUEUED).count() == 5
    # One publish attempt, then the process stops trying for a while: the request stays fast.
    assert broker_down.calls == 1
    # The sweeper probes the broker even so, and stops at the first failure.
    settings.NOTIFICATION_SWEEP_AFTER_SECONDS = 0
    assert notification_sweep() == {"enqueued": 0, "stuck": 0}
    assert broker_down.calls == 2
    broker_down.up()
    assert notification_sweep() == {"enqueued": 5, "stuck": 0}
    assert sorted(m.extra_headers["X-ICLON-Notification"] for m in mailoutbox) == sorted(str(r.pk) for r in rows)
    assert notification_sweep() == {"enqueued": 0, "stuck": 0}
    assert len(mailoutbox) == 5


def test_after_the_pause_the_next_notification_tries_the_broker_again(
    send_probe, broker_down, django_capture_on_commit_callbacks, mailoutbox, monkeypatch
):
    clock = {"now": 1000.0}
    monkeypatch.setattr(services.time, "monotonic", lambda: clock["now"])
    with django_capture_on_commit_callbacks(execute=True):
        queued_email(send_probe, key="a")  # fails: pause
    broker_down.up()
    clock["now"] += services.BROKER_PAUSE_SECONDS - 1
    with django_capture_on_commit_callbacks(execute=True):
        queued_email(send_probe, key="b")  # still paused: not even tried
    assert broker_down.calls == 1
    clock["now"] += 2
    with django_capture_on_commit_callbacks(execute=True):
        queued_email(send_probe, key="c")
    assert broker_down.calls == 2
    assert [m.to for m in mailoutbox] == [["someone@example.org"]]


# Preferences -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("email_on", "in_app_on", "expected"),
    [
        (True, True, {Channel.EMAIL, Channel.IN_APP}),
        (False, True, {Channel.IN_APP}),
        (True, False, {Channel.EMAIL}),
        (False, False, set()),
    ],
)
def test_notify_respects_the_preferences_of_an_optional_category(
    send_probe, digest_category, email_on, in_app_on, expected
):
    user = UserFactory()
    preferences_save(user=user, choices={digest_category: {"email": email_on, "in_app": in_app_on}})
    rows = send_probe(key="digest:1", recipient=user, category=digest_category)
    assert {row.channel for row in rows} == expected
    assert Notification.objects.filter(recipient=user).count() == len(expected)


def test_without_a_preference_an_optional_category_uses_every_channel(send_probe, digest_category):
    rows = send_probe(key="digest:1", recipient=UserFactory(), category=digest_category)
    assert {row.channel for row in rows} == {Channel.EMAIL, Channel.IN_APP}


def test_mandatory_categories_ignore_a_preference_to_switch_them_off(send_probe):
    user = UserFactory()
    NotificationPreference.objects.create(user=user, category="account.security", email=False, in_app=False)
    rows = send_probe(key="security:1", recipient=user)
    assert {row.channel for row in rows} == {Channel.EMAIL, Channel.IN_APP}


def test_preferences_save_stores_choices_and_skips_mandatory_categories(digest_category):
    user = UserFactory()
    preferences_save(
        user=user,
        choices={
            digest_category: {"email": False, "in_app": True},
            "account.security": {"email": False, "in_app": False},
        },
    )
    preferences_save(user=user, choices={digest_category: {"email": False}})  # updated, not duplicated
    (stored,) = NotificationPreference.objects.filter(user=user)
    assert (stored.category, stored.email, stored.in_app) == (digest_category, False, False)


def test_preferences_are_per_user(send_probe, digest_category):
    quiet, other = UserFactory(), UserFactory()
    preferences_save(user=quiet, choices={digest_category: {"email": False, "in_app": False}})
    assert send_probe(key="d:quiet", recipient=quiet, category=digest_category) == []
    assert len(send_probe(key="d:other", recipient=other, category=digest_category)) == 2


# Celery settings ---------------------------------------------------------------------------------------


def test_celery_is_configured_for_at_least_once_delivery_and_bounded_publishing(settings):
    conf = celery_app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_serializer == "json" and list(conf.accept_content) == ["json"]
    assert 0 < conf.task_soft_time_limit < conf.task_time_limit
    assert conf.task_publish_retry is True
    policy = conf.task_publish_retry_policy
    worst_case = policy["max_retries"] * policy["interval_max"] + conf.broker_connection_timeout
    assert policy["max_retries"] <= 3 and worst_case <= 5
    # A running task is never handed to a second worker while it still runs.
    assert conf.broker_transport_options["visibility_timeout"] > conf.task_time_limit
    # A row is taken for stuck (and sent again) only when no task can still be sending it.
    assert conf.task_time_limit < settings.NOTIFICATION_STUCK_AFTER_SECONDS
    # The longest retry wait stays within the visibility timeout (else Redis redelivers it early).
    longest = max(backoff_seconds(n) for n in range(1, settings.NOTIFICATION_MAX_ATTEMPTS) for _ in range(20))
    assert longest < conf.broker_transport_options["visibility_timeout"]
