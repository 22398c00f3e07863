"""Benchmark: how many e-mail notifications per second the outbox delivers through a real worker.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/iclon REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python benchmarks/notifications.py --count 500

It creates a PostgreSQL database of its own (iclon_bench_notifications, dropped afterwards unless
--keep-db; DATABASE_URL only says which server and user), migrates it, starts an SMTP sink
(aiosmtpd) on a free local port and a Celery worker (prefork) on a Redis database of its own (14 by
default, flushed), then writes --count notifications with notify() in one transaction and waits
until the sink has every one of them. The commit enqueues the rows in batches
(NOTIFICATION_BATCH_SIZE, 100 by default; --batch-size sets it for the benchmark): one
deliver_batch_task per batch, sent over one SMTP connection. It reports numbers, not pass/fail:
notify() calls per second (rendering and writing the rows), enqueue time at commit, and
notifications delivered per second from the commit to the last e-mail received (and until every
row is marked sent), with the latency percentiles per e-mail and the SMTP connections the sink
saw. It also checks that every notification was received exactly once and every row is 'sent'
(exit status 1 if not).
"""

import argparse
import asyncio
import email
import logging
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
HEADER = "X-ICLON-Notification"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=500, help="notifications to deliver (default 500)")
    parser.add_argument("--concurrency", type=int, default=2, help="worker pool processes (default 2)")
    parser.add_argument("--database-name", default="iclon_bench_notifications", help="the database to create")
    parser.add_argument("--redis-db", type=int, default=14, help="the Redis database to use and flush (default 14)")
    parser.add_argument(
        "--conn-max-age", type=int, default=None, help="DJANGO_CONN_MAX_AGE of the worker (default: as configured)"
    )
    parser.add_argument(
        "--batch-size", type=int, default=None, help="NOTIFICATION_BATCH_SIZE (default: as configured, 100)"
    )
    parser.add_argument("--smtp-delay-ms", type=float, default=0, help="make the SMTP sink this slow per e-mail")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the benchmark database afterwards")
    parser.add_argument("--timeout", type=float, default=600, help="give up after this many seconds (default 600)")
    return parser.parse_args()


# Services ------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def with_path(url: str, path: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))


def _server_connection(server_url: str):
    """An autocommit connection to the server's maintenance database, to create or drop ours."""
    import psycopg2

    parts = urlsplit(server_url)
    connection = psycopg2.connect(
        dbname="postgres",
        user=parts.username or "postgres",
        password=parts.password or None,
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
    )
    connection.autocommit = True
    return connection


def drop_database(server_url: str, name: str) -> None:
    connection = _server_connection(server_url)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    connection.close()


def recreate_database(server_url: str, name: str) -> None:
    drop_database(server_url, name)
    connection = _server_connection(server_url)
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


class Sink:
    """An SMTP server in a thread that records when each notification id arrived."""

    def __init__(self, delay: float):
        from aiosmtpd.controller import Controller

        self.lock = threading.Lock()
        self.arrivals: list[tuple[str, float]] = []
        self.sessions: dict[int, object] = {}  # kept: an id is not reused
        self.delay = delay
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port, server_hostname="localhost")

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.original_content or envelope.content)
        with self.lock:
            self.arrivals.append((message.get(HEADER, ""), time.monotonic()))
            self.sessions[id(session)] = session
        return "250 Message accepted for delivery"

    def connections(self) -> int:
        """SMTP sessions (connections) that delivered at least one message."""
        with self.lock:
            return len(self.sessions)

    def count(self) -> int:
        """Messages received so far (cheap: polled while the worker sends)."""
        with self.lock:
            return len(self.arrivals)

    def received(self) -> list[tuple[str, float]]:
        with self.lock:
            return list(self.arrivals)


def start_worker(env: dict, concurrency: int, log_path: Path) -> subprocess.Popen:
    log = open(log_path, "wb")  # noqa: SIM115  (the worker writes to it until it stops)
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "iclon",
            "worker",
            "--pool=prefork",
            f"--concurrency={concurrency}",
            "-l",
            "warning",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"benchmark-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop_worker(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def wait_until(condition, timeout: float, what: str, worker: subprocess.Popen) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if worker.poll() is not None:
            raise SystemExit(f"the worker stopped while waiting for {what}")
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.01)


# The benchmark -------------------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main() -> int:
    args = parse_args()
    server_url = os.environ.get("DATABASE_URL", "")
    redis_base = os.environ.get("REDIS_URL", "")
    if not server_url.startswith(("postgres://", "postgresql://")) or not redis_base:
        print("Set DATABASE_URL (a PostgreSQL server) and REDIS_URL; see benchmarks/README.md.", file=sys.stderr)
        return 2
    database_url = with_path(server_url, "/" + quote(args.database_name))
    redis_url = with_path(redis_base, f"/{args.redis_db}")
    logging.getLogger("mail.log").setLevel(logging.WARNING)

    sink = Sink(args.smtp_delay_ms / 1000)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CELERY_BROKER")}
    env.update(
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        CELERY_TASK_ALWAYS_EAGER="0",
        EMAIL_URL=f"smtp://127.0.0.1:{sink.port}",
        DJANGO_DEBUG="0",
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="iclon.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),  # DEBUG is off: a key of its own
    )
    if args.conn_max_age is not None:
        env["DJANGO_CONN_MAX_AGE"] = str(args.conn_max_age)

    print(f"database {args.database_name}: create and migrate …", flush=True)
    recreate_database(server_url, args.database_name)
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if migrate.returncode:
        print(migrate.stdout + migrate.stderr, file=sys.stderr)
        return 1

    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import redis
    from django.conf import settings
    from django.db import connection, transaction

    from iclon.notifications.models import Channel, Notification, Status
    from iclon.notifications.services import batch_size, notify

    if args.batch_size is not None:
        settings.NOTIFICATION_BATCH_SIZE = args.batch_size  # this process publishes the batches

    broker = redis.Redis.from_url(redis_url)
    broker.flushdb()
    sink.controller.start()
    log_path = Path(tempfile.gettempdir()) / f"iclon-benchmark-worker-{os.getpid()}.log"
    worker = start_worker(env, args.concurrency, log_path)
    try:
        # Warm-up: one notification, to know the worker is up (and to time its start).
        started = time.monotonic()
        with transaction.atomic():
            (warm,) = notify(
                category="account.security",
                template="emails/notifications/welcome",
                context={"user": {"full_name": "Warm Up"}, "dashboard_url": "/dashboard/"},
                idempotency_key="benchmark:warm-up",
                message="Welcome to the ICLON portal",
                email="warm-up@example.org",
                language="en",
                channels=(Channel.EMAIL,),
            )
        wait_until(lambda: sink.count() >= 1, 120, "the worker to start", worker)
        startup = time.monotonic() - started
        warm_connections = sink.connections()

        # Write the batch in one transaction (rendering and INSERT per notify() call) ...
        written_at = time.monotonic()
        with transaction.atomic():
            ids = []
            for i in range(args.count):
                (row,) = notify(
                    category="account.security",
                    template="emails/notifications/welcome",
                    context={"user": {"full_name": f"Person {i}"}, "dashboard_url": "/dashboard/"},
                    idempotency_key=f"benchmark:{i}",
                    message="Welcome to the ICLON portal",
                    email=f"person{i}@example.org",
                    language="nl" if i % 2 else "en",
                    channels=(Channel.EMAIL,),
                )
                ids.append(row.pk)
            commit_at = time.monotonic()
        # ... whose commit enqueues one task per batch of rows (the first on_commit callback).
        enqueued_at = time.monotonic()
        wait_until(lambda: sink.count() >= args.count + 1, args.timeout, "every e-mail", worker)
        done_at = time.monotonic()
        wait_until(
            lambda: Notification.objects.filter(pk__in=ids, status=Status.SENT).count() == args.count,
            60,
            "every row to be marked sent",
            worker,
        )
        marked_at = time.monotonic()
        time.sleep(0.5)  # a duplicate would arrive now
        not_sent = Notification.objects.filter(pk__in=ids).exclude(status=Status.SENT).count()
        attempts = set(Notification.objects.filter(pk__in=ids).values_list("attempts", flat=True))
        connections = sink.connections() - warm_connections

        arrivals = [(pk, at) for pk, at in sink.received() if pk != str(warm.pk)]
        received_ids = [pk for pk, _at in arrivals]
        duplicates = len(received_ids) - len(set(received_ids))
        missing = {str(pk) for pk in ids} - set(received_ids)
        latencies = [at - commit_at for _pk, at in arrivals]
        delivery_seconds = done_at - commit_at
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()")
            pg_version = cursor.fetchone()[0].split(",")[0]

        print()
        print(f"notifications       {args.count}")
        print(f"worker              prefork, concurrency {args.concurrency}, started in {startup:.2f} s")
        print(f"db connections      CONN_MAX_AGE {env.get('DJANGO_CONN_MAX_AGE', '0 (default)')}")
        print(f"smtp sink delay     {args.smtp_delay_ms:g} ms per e-mail")
        print(f"postgresql          {pg_version}")
        print(
            f"notify() calls      {args.count / (commit_at - written_at):8.1f} /s  (render + insert, one transaction)"
        )
        size = batch_size()
        tasks = -(-args.count // size)
        print(f"batch size          {size} (NOTIFICATION_BATCH_SIZE)")
        print(f"enqueue at commit   {enqueued_at - commit_at:8.3f} s  ({tasks} batch tasks published)")
        print(f"delivered           {args.count / delivery_seconds:8.1f} notifications/s  (commit → last e-mail)")
        marked_rate = args.count / (marked_at - commit_at)
        print(f"marked sent         {marked_rate:8.1f} notifications/s  (commit → last row marked sent)")
        print(f"delivery time       {delivery_seconds:8.2f} s")
        print(f"smtp connections    {connections}  (one per batch; the sink counts the sessions)")
        print(
            f"latency per e-mail  p50 {percentile(latencies, 0.5):.2f} s, p95 {percentile(latencies, 0.95):.2f} s, "
            f"max {max(latencies):.2f} s, mean {statistics.mean(latencies):.2f} s"
        )
        print(f"exactly once        duplicates {duplicates}, missing {len(missing)}")
        print(f"rows                not sent {not_sent}, attempts {sorted(attempts)}")
        return 0 if not duplicates and not missing and not not_sent else 1
    finally:
        stop_worker(worker)
        sink.controller.stop()
        broker.flushdb()
        connection.close()
        if not args.keep_db:
            drop_database(server_url, args.database_name)


if __name__ == "__main__":
    sys.exit(main())
