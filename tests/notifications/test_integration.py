"""The outbox against real services: PostgreSQL, Redis, a Celery worker (prefork) and an SMTP server.

Each test commits its rows (transactional_db), so that the worker, a separate process using the
same test database, sees them. Every e-mail carries X-ICLON-Notification with its row id; the SMTP
sink counts them, which is how "exactly once" is checked."""

import os
import time

import pytest
import redis
from django.core import mail
from django.db import connection, transaction
from django.urls import reverse
from django_scopes import scopes_disabled

from iclon.celery import app as celery_app
from iclon.notifications.models import Channel, Notification, Status
from iclon.notifications.services import enqueue_delivery, message_id, notification_sweep
from tests.conftest import skip_or_fail
from tests.notifications.live import (
    HEADER,
    Live,
    SmtpSink,
    database_url,
    drop_unused_knox_table,
    free_port,
    redis_url_with_db,
    use_broker,
)

# `make test` runs these after the parallel run, in one process: they share Redis database 15 and
# start Celery workers of their own.
pytestmark = [pytest.mark.services, pytest.mark.slow]

# A Redis database of their own, flushed before and after each test. Run in parallel
# (pytest -n 2 tests/notifications), each test worker takes its own, counting down from 15 (gw0:
# 15, gw1: 14 …), clear of the ones the settings give the workers counting up (gw0: 2, gw1: 4 …).
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
TEST_REDIS_DB = 15 - (int(_XDIST_WORKER[2:]) if _XDIST_WORKER.startswith("gw") else 0)


@pytest.fixture
def live(transactional_db, tmp_path):
    if connection.vendor != "postgresql":
        skip_or_fail(
            "the notification integration tests need PostgreSQL "
            "(DATABASE_URL=postgres://postgres@127.0.0.1:5432/iclon); a worker cannot share SQLite's test database"
        )
    drop_unused_knox_table(connection)
    redis_url = redis_url_with_db(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0", TEST_REDIS_DB)
    client = redis.Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=5)
    try:
        client.ping()
    except redis.RedisError as error:
        skip_or_fail(f"Redis is not reachable at {redis_url}: {error}")
    client.flushdb()
    sink = SmtpSink().start()
    saved = {key: celery_app.conf[key] for key in ("task_always_eager", "task_eager_propagates", "broker_url")}
    harness = Live(
        redis_url=redis_url,
        redis_client=client,
        sink=sink,
        database_url=database_url(connection.settings_dict),
        tmp_path=tmp_path,
    )
    try:
        celery_app.conf.task_always_eager = False
        celery_app.conf.task_eager_propagates = False
        use_broker(redis_url)
        yield harness
    finally:
        harness.stop_workers()
        sink.stop()
        # A killed worker's database sessions may linger for a moment; end them, so that the
        # test database can be dropped at the end of the run.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        celery_app.conf.task_always_eager = saved["task_always_eager"]
        celery_app.conf.task_eager_propagates = saved["task_eager_propagates"]
        use_broker(saved["broker_url"])
        client.flushdb()
        client.close()


def create(send_probe, count, prefix, *, duplicate=0):
    """`count` e-mail notifications in one transaction; enqueued when it commits. The first
    `duplicate` rows are enqueued twice in a row, so that both pool processes race for them."""
    with transaction.atomic():
        ids = []
        for i in range(count):
            (row,) = send_probe(
                key=f"{prefix}:{i}", email=f"person{i}@example.org", language="en", channels=(Channel.EMAIL,)
            )
            if i < duplicate:
                transaction.on_commit(lambda pk=row.pk: enqueue_delivery(pk), robust=True)
            ids.append(row.pk)
    return ids


def statuses(ids) -> dict[str, int]:
    found = {}
    for status in Notification.objects.filter(pk__in=ids).values_list("status", flat=True):
        found[status] = found.get(status, 0) + 1
    return found


def assert_each_received_at_most_once(live):
    duplicates = {pk: n for pk, n in live.sink.counts().items() if n > 1}
    assert not duplicates, f"sent more than once: {duplicates}"


def test_a_worker_delivers_200_notifications_exactly_once(live, send_probe, settings):
    # The commit enqueues the 200 rows as batches (NOTIFICATION_BATCH_SIZE 50 here: 4 tasks); 50
    # rows are enqueued once more, each alone (as a redelivered or repeated task would be), before
    # the worker starts; the claim lets exactly one of the tasks send each.
    settings.NOTIFICATION_BATCH_SIZE = 50
    ids = create(send_probe, 200, "batch", duplicate=50)
    assert live.redis.llen("celery") == 4 + 50
    live.start_worker()

    live.wait_for(lambda: statuses(ids).get(Status.SENT) == 200, "200 notifications sent")
    live.wait_for(live.queue_is_drained, "the duplicate tasks to be consumed")

    assert_each_received_at_most_once(live)
    assert sorted(live.sink.received()) == sorted(str(pk) for pk in ids)
    assert set(Notification.objects.filter(pk__in=ids).values_list("attempts", flat=True)) == {1}
    settings.NOTIFICATION_SWEEP_AFTER_SECONDS = 0
    assert notification_sweep() == {"enqueued": 0, "stuck": 0}


def test_while_redis_is_down_requests_succeed_and_the_sweeper_delivers_later(
    live, send_probe, settings, client, fresh_cache
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    use_broker(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there: Redis is down

    started = time.monotonic()
    ids = create(send_probe, 30, "down")
    # A request whose transaction notifies: confirming an address sends the welcome e-mail.
    signup = client.post(
        reverse("account_signup"),
        {
            "email": "while.redis.is.down@example.org",
            "full_name": "Nieuwe Persoon",
            "language": "en",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        },
    )
    assert signup.status_code == 302, signup.content.decode()[-3000:]
    assert mail.outbox, "no confirmation e-mail"
    key = mail.outbox[-1].body.split("/accounts/confirm-email/")[1].split("/")[0]
    response = client.post(reverse("account_confirm_email", kwargs={"key": key}))
    elapsed = time.monotonic() - started

    assert response.status_code == 302  # not an error page
    assert elapsed < 10, f"notifying with the broker down took {elapsed:.1f} s"
    welcome = Notification.objects.get(category="account.welcome", channel=Channel.EMAIL)
    ids.append(welcome.pk)
    assert statuses(ids) == {Status.QUEUED: 31}
    assert set(Notification.objects.filter(pk__in=ids).values_list("attempts", flat=True)) == {0}

    # Redis is back; the periodic sweep enqueues what was left queued (twice here: harmless).
    use_broker(live.redis_url)
    live.start_worker()
    settings.NOTIFICATION_SWEEP_AFTER_SECONDS = 0
    assert notification_sweep() == {"enqueued": 31, "stuck": 0}
    notification_sweep()

    live.wait_for(lambda: statuses(ids).get(Status.SENT) == 31, "the sweeper's notifications to be sent")
    live.wait_for(live.queue_is_drained, "the queue to be drained")
    assert_each_received_at_most_once(live)
    assert sorted(live.sink.received()) == sorted(str(pk) for pk in ids)


def test_a_worker_killed_mid_batch_loses_no_email_and_a_resent_one_keeps_its_message_id(live, send_probe, settings):
    """SIGKILL of a worker while it sends a batch of 20 through a slow SMTP server. The rows it was
    sending (and had sent since it last recorded them) stay 'sending'; the sweeper queues them
    again (here at once: NOTIFICATION_STUCK_AFTER_SECONDS is 0, in production longer than any task
    may run) and a new worker sends them. Every notification arrives; one the SMTP server had
    accepted before the kill arrives twice, but with the same Message-ID, so the recipient sees
    one message."""
    count = 20
    live.sink.delay = 0.2  # each e-mail takes a while: the kill lands mid-send
    first = live.start_worker()
    ids = create(send_probe, count, "kill")
    rows = {row.pk: row for row in Notification.objects.filter(pk__in=ids)}
    live.wait_for(lambda: len(live.sink.received()) >= 4, "the first e-mails")

    first.kill()  # SIGKILL of the worker's process group
    time.sleep(0.5)  # a statement the dead worker had sent may still complete in PostgreSQL
    held_by_the_dead = live.unacked()
    assert statuses(ids).get(Status.SENT, 0) < count, "the batch finished before the kill"
    interrupted = set(Notification.objects.filter(pk__in=ids, status=Status.SENDING).values_list("pk", flat=True))
    # The 20 rows are one batch, claimed together by one pool process: the one it was sending and
    # those it had not tried yet are still 'sending' (each sent one is recorded at once).
    assert 1 <= len(interrupted) <= count

    settings.NOTIFICATION_STUCK_AFTER_SECONDS = 0
    settings.NOTIFICATION_SWEEP_AFTER_SECONDS = 0
    swept = notification_sweep()
    assert swept["stuck"] == len(interrupted)
    assert statuses(interrupted) == {Status.QUEUED: len(interrupted)}

    live.sink.delay = 0
    live.start_worker()
    live.wait_for(lambda: statuses(ids) == {Status.SENT: count}, "every notification to be sent")
    live.wait_for(lambda: live.queue_is_drained(ignore=held_by_the_dead), "the queue to be drained")

    # 0 lost: every notification reached the SMTP server, each under its own stable Message-ID.
    seen: dict[str, set[str]] = {}
    for message in live.sink.messages():
        seen.setdefault(message[HEADER], set()).add(message["Message-ID"])
    assert set(seen) == {str(pk) for pk in ids}
    assert {pk: seen[str(pk)] for pk in ids} == {pk: {message_id(row)} for pk, row in rows.items()}
    assert len(set().union(*seen.values())) == count  # 0 doubled: no notification under two ids
    # The interrupted rows were attempted again; only they can have arrived twice.
    assert set(Notification.objects.filter(pk__in=interrupted).values_list("attempts", flat=True)) == {2}
    twice = {pk for pk, n in live.sink.counts().items() if n > 1}
    assert twice <= {str(pk) for pk in interrupted}
    print(
        f"\n{count} notifications, {len(interrupted)} interrupted by SIGKILL, {sum(live.sink.counts().values())} "
        f"e-mails received, {len(twice)} of them twice (same Message-ID), 0 lost, "
        f"{len(set().union(*seen.values()))} distinct Message-IDs"
    )


def test_an_invitation_sent_from_the_admin_arrives_through_a_real_worker(live, client, settings):
    from partnerships.models import SchoolInvitation, SchoolRole
    from tests.factories import SchoolFactory, StaffUserFactory

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    coordinator = StaffUserFactory(group="Placement coordinators")
    school = SchoolFactory(name="Stedelijk Gymnasium Leiden")
    client.force_login(coordinator)
    live.start_worker()

    response = client.post(
        reverse("admin:partnerships_schoolinvitation_add"),
        {
            "email": "nieuwe.mentor@school.example.org",
            "full_name": "Nieuwe Mentor",
            "language": "nl",
            "school": school.pk,
            "role": SchoolRole.WORKPLACE_MENTOR,
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    with scopes_disabled():
        invitation = SchoolInvitation.objects.get(email="nieuwe.mentor@school.example.org")
    notification = Notification.objects.get(category="partnerships.invitation", email=invitation.email)

    live.wait_for(lambda: live.sink.received() == [str(notification.pk)], "the invitation e-mail to arrive")
    # The worker marks the row sent just after the SMTP server accepted the message.
    live.wait_for(
        lambda: Notification.objects.filter(pk=notification.pk, status=Status.SENT).exists(), "the row to be sent"
    )
    (message,) = live.sink.messages()
    assert message["To"] == "nieuwe.mentor@school.example.org"
    text = next(part for part in message.walk() if part.get_content_type() == "text/plain").get_payload(decode=True)
    assert b"/invitations/" in text and b"Stedelijk Gymnasium Leiden" in text
    notification.refresh_from_db()
    assert notification.status == Status.SENT
    assert "/invitations/" not in notification.body_text  # the single-use link is not kept
