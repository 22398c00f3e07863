"""Benchmark: registration throughput under contention on PostgreSQL.

    .venv/bin/python benchmarks/registration.py [--people 200] [--threads 16] [--capacity 10]

N people register at once for sessions of one activity through the service every edge calls,
`registration_create(session=…, participant=…, actor=participant)`, which locks the session row
(SELECT … FOR UPDATE) and counts its places inside the transaction. --threads worker threads (each
with its own database connection, opened before and closed after the run) are released together
by a barrier and take the calls from one queue. Scenarios, one row each:

1. one session with --capacity places (a hot row: every call waits for the same lock);
2. one session with a place for everyone (every call confirms);
3. the people spread over ten sessions of the activity, a place for everyone (less contention).

Two baseline rows go first: the bare `SELECT 1` round trip and a plain INSERT of a trivial row in
a transaction of its own, through the same threads, so the ratio to the bare stack is visible. Per
row: calls per second, latency per call (p50, p95, max), and, timed around the service's
`_lock_session`, the wait for the session's lock and how long it was held (to the end of COMMIT).

It creates a PostgreSQL database of its own (iclon_bench_registration, dropped afterwards unless
--keep-db; a postgres:// DATABASE_URL only says which server and user, 127.0.0.1:5432 as postgres
otherwise) and migrates it. Notifications go through the outbox with CELERY_TASK_ALWAYS_EAGER=1 and
EMAIL_URL=memorymail://: the figures include writing the outbox rows and their delivery (into
memory) at commit. It reports numbers, not pass/fail, and checks the outcome of every scenario
(confirmed = the places, the rest waiting with the positions 1 … in order, one row per person, no
errors): exit status 1 when it is not consistent.
"""

import argparse
import logging
import os
import queue
import secrets
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
SPREAD = 10  # sessions of scenario 3


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=200, help="registrations per scenario (default 200)")
    parser.add_argument("--threads", type=int, default=16, help="worker threads, one connection each (default 16)")
    parser.add_argument("--capacity", type=int, default=10, help="places of the hot session (default 10)")
    parser.add_argument("--database-name", default="iclon_bench_registration", help="the database to create")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the benchmark database afterwards")
    args = parser.parse_args()
    if args.people < 1 or args.threads < 1 or not 0 <= args.capacity <= args.people:
        parser.error("need --people ≥ 1, --threads ≥ 1 and 0 ≤ --capacity ≤ --people")
    return args


# The database --------------------------------------------------------------------------------------------


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


# Running calls together ----------------------------------------------------------------------------------

_lock_times = threading.local()


def timing_the_lock(lock_session):
    """Wrap the service's `_lock_session` to record, per thread, how long the SELECT … FOR UPDATE
    of the session took (the wait for the lock and the query) and how long the lock was held (from
    then to the end of the COMMIT: the first on-commit callback runs right after it). Instrumentation
    only: the service does the same work."""
    from django.db import transaction

    def timed(session):
        start = time.perf_counter()
        locked = lock_session(session)
        acquired = time.perf_counter()
        _lock_times.wait = acquired - start

        def committed():
            _lock_times.held = time.perf_counter() - acquired

        transaction.on_commit(committed)
        return locked

    return timed


class Run:
    """What one scenario's calls returned or raised, and when each started and ended."""

    def __init__(self, count: int):
        self.results: list = [None] * count
        self.starts = [0.0] * count
        self.ends = [0.0] * count
        self.lock_waits: list[float | None] = [None] * count
        self.lock_helds: list[float | None] = [None] * count

    @property
    def seconds(self) -> float:
        return max(self.ends) - min(self.starts)

    @property
    def latencies(self) -> list[float]:
        return [end - start for start, end in zip(self.starts, self.ends, strict=True)]

    @property
    def errors(self) -> list[BaseException]:
        return [result for result in self.results if isinstance(result, BaseException)]


def run_together(calls, threads: int) -> Run:
    """Run `calls` on `threads` worker threads, released together by a barrier; each thread opens
    its own connection before the barrier, takes the next call from one queue until none is left,
    and closes its connection at the end."""
    from django.db import connection

    run = Run(len(calls))
    pending: queue.SimpleQueue = queue.SimpleQueue()
    for item in enumerate(calls):
        pending.put(item)
    barrier = threading.Barrier(threads + 1)

    def worker():
        try:
            connection.ensure_connection()
            barrier.wait(timeout=120)
            while True:
                try:
                    index, call = pending.get_nowait()
                except queue.Empty:
                    return
                _lock_times.wait = _lock_times.held = None
                run.starts[index] = time.perf_counter()
                try:
                    run.results[index] = call()
                except Exception as error:  # counted and reported, never retried
                    run.results[index] = error
                run.ends[index] = time.perf_counter()
                run.lock_waits[index], run.lock_helds[index] = _lock_times.wait, _lock_times.held
        except threading.BrokenBarrierError:
            return
        except BaseException:
            barrier.abort()
            raise
        finally:
            connection.close()

    workers = [threading.Thread(target=worker, name=f"bench-{n}") for n in range(threads)]
    for thread in workers:
        thread.start()
    barrier.wait(timeout=120)
    for thread in workers:
        thread.join(timeout=600)
    if any(thread.is_alive() for thread in workers):
        raise SystemExit("a worker thread hung")
    if not pending.empty():
        raise SystemExit("a worker thread stopped early")
    return run


# The benchmark -------------------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def main() -> int:
    args = parse_args()
    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith(("postgres://", "postgresql://")):
        server_url = DEFAULT_SERVER
    database_url = with_path(server_url, "/" + quote(args.database_name))

    print(f"database {args.database_name}: create and migrate …", flush=True)
    recreate_database(server_url, args.database_name)
    try:
        return benchmark(args, database_url)
    finally:
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        if not args.keep_db:
            drop_database(server_url, args.database_name)


def benchmark(args, database_url: str) -> int:
    os.environ.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="iclon.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),  # DEBUG is off: a key of its own
        DJANGO_DEBUG="0",  # DEBUG would keep every query of every connection in memory
        DJANGO_CONN_MAX_AGE="0",
        CELERY_TASK_ALWAYS_EAGER="1",
        # The notifications' e-mails are delivered at commit into memory: nothing leaves the machine.
        EMAIL_URL="memorymail://",
    )
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    logging.getLogger("celery").setLevel(logging.WARNING)
    from django.core.management import call_command
    from django.db import connection, transaction

    from iclon.notifications.models import Channel, Notification, Status
    from professionalisation.activities import services
    from professionalisation.models import Registration, RegistrationStatus, WaitingListEntry, WaitingStatus
    from tests.factories import ActivityFactory, SessionFactory, UserFactory

    try:
        call_command("migrate", verbosity=0)
        services._lock_session = timing_the_lock(services._lock_session)
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()")
            pg_version = cursor.fetchone()[0].split(",")[0]
            cursor.execute("SHOW synchronous_commit")
            synchronous_commit = cursor.fetchone()[0]
            cursor.execute("CREATE TABLE bench_bare (id bigserial PRIMARY KEY, n integer NOT NULL)")

        def people(count: int) -> list:
            # No password (hashing one takes longer than the registration), a verified address.
            return [UserFactory(password=None) for _ in range(count)]

        def register(session, person):
            return lambda: services.registration_create(session=session, participant=person, actor=person)

        def select_one():
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                return cursor.fetchone()[0]

        def insert(n: int):
            def call():
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute("INSERT INTO bench_bare (n) VALUES (%s)", [n])

            return call

        def check(sessions, assigned: dict, run: Run) -> list[str]:
            """What is wrong with the outcome: for each session min(capacity, people) confirmed, the
            rest waiting with the positions 1 … in the order they came, one row per person."""
            problems = [f"{len(run.errors)} calls raised an error"] if run.errors else []
            for session in sessions:
                everyone = assigned[session.pk]
                confirmed = set(
                    Registration.objects.filter(session=session, status=RegistrationStatus.CONFIRMED).values_list(
                        "participant_id", flat=True
                    )
                )
                entries = list(WaitingListEntry.objects.filter(session=session).order_by("created_at", "pk"))
                places = min(session.capacity, len(everyone))
                if len(confirmed) != places:
                    problems.append(f"{session.name}: {len(confirmed)} confirmed, not {places}")
                waiting = [entry for entry in entries if entry.status == WaitingStatus.WAITING]
                if len(waiting) != len(entries) or len(waiting) != len(everyone) - places:
                    problems.append(
                        f"{session.name}: {len(waiting)} waiting of {len(entries)} entries, "
                        f"not {len(everyone) - places}"
                    )
                positions = [services.waiting_position(entry) for entry in waiting]
                if positions != list(range(1, len(waiting) + 1)):
                    problems.append(f"{session.name}: waiting positions are not 1 … {len(waiting)} in order")
                holders = sorted([*confirmed, *(entry.participant_id for entry in entries)])
                if holders != sorted(person.pk for person in everyone):
                    problems.append(f"{session.name}: not exactly one place or waiting entry per person")
            return problems

        def outcome(run: Run) -> str:
            kinds = Counter(type(result).__name__ for result in run.results)
            parts = [f"{kinds.pop('Registration', 0)} confirmed", f"{kinds.pop('WaitingListEntry', 0)} waiting"]
            parts += [f"{count} {name}" for name, count in sorted(kinds.items())]
            return ", ".join(parts)

        rows: list[tuple] = []
        problems: list[str] = []
        outbox = []

        def record(label: str, run: Run, result: str) -> None:
            rows.append((label, run, result))

        def scenario(label: str, capacity: int, sessions_count: int) -> None:
            activity = ActivityFactory()
            sessions = [
                SessionFactory(activity=activity, capacity=capacity, name=f"{label[:1]}-{n + 1}")
                for n in range(sessions_count)
            ]
            crowd = people(args.people)
            assigned = {session.pk: crowd[n::sessions_count] for n, session in enumerate(sessions)}
            calls = [register(sessions[n % sessions_count], person) for n, person in enumerate(crowd)]
            run = run_together(calls, args.threads)
            record(label, run, outcome(run))
            problems.extend(f"{label[:2]} {problem}" for problem in check(sessions, assigned, run))
            rows_written = Notification.objects.filter(recipient__in=crowd)
            outbox.append(
                f"{label[:2]} {rows_written.count()} outbox rows, "
                f"{rows_written.filter(channel=Channel.EMAIL, status=Status.SENT).count()} e-mails delivered"
            )
            for error in run.errors[:3]:
                problems.append(f"{label[:2]} {type(error).__name__}: {str(error).strip().splitlines()[0]}")

        # Warm-up, not reported: templates, translations and query plans of both outcomes.
        warm = SessionFactory(capacity=max(args.threads // 2, 1))
        run_together([register(warm, person) for person in people(args.threads)], args.threads)

        load_before = load_average()
        record("bare: SELECT 1", run_together([select_one] * args.people, args.threads), "")
        record(
            "bare: INSERT (a transaction each)", run_together([insert(n) for n in range(args.people)], args.threads), ""
        )
        scenario(f"1. one session, {args.capacity} places (hot)", args.capacity, 1)
        scenario(f"2. one session, {args.people} places", args.people, 1)
        scenario(f"3. {SPREAD} sessions, {args.people} places in all", -(-args.people // SPREAD), SPREAD)
        load_after = load_average()

        print()
        print(f"people              {args.people} per scenario, {args.threads} threads (one connection each)")
        print(f"postgresql          {pg_version}, synchronous_commit {synchronous_commit}")
        print(f"machine             {os.cpu_count()} CPUs, load average {load_before} before, {load_after} after")
        print()
        bare = args.people / rows[1][1].seconds  # the INSERT row
        header = (
            f"{'scenario':<38} {'calls/s':>8} {'cost':>5} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} "
            f"{'lock wait p50/p95':>17} {'held p50':>8}  outcome"
        )
        print(header)
        print("-" * len(header))
        for label, run, result in rows:
            rate = len(run.results) / run.seconds
            latencies = [seconds * 1000 for seconds in run.latencies]
            waits = [seconds * 1000 for seconds in run.lock_waits if seconds is not None]
            helds = [seconds * 1000 for seconds in run.lock_helds if seconds is not None]
            wait = f"{percentile(waits, 0.5):.1f} / {percentile(waits, 0.95):.1f}" if waits else "–"
            held = f"{percentile(helds, 0.5):.1f}" if helds else "–"
            print(
                f"{label:<38} {rate:8.1f} {bare / rate:5.1f} {percentile(latencies, 0.5):7.1f} "
                f"{percentile(latencies, 0.95):7.1f} {max(latencies):7.1f} {wait:>17} {held:>8}  {result}"
            )
        print()
        print("cost: one call in bare INSERTs (the INSERT row's calls/s divided by this row's); times in ms;")
        print("lock wait: the SELECT … FOR UPDATE of the session; held: from the lock to the end of the COMMIT")
        for line in outbox:
            print(f"outbox {line}")
        print(f"consistent: {'no' if problems else 'yes'}")
        for problem in problems:
            print(f"  {problem}")
        return 1 if problems else 0
    finally:
        connection.close()


if __name__ == "__main__":
    sys.exit(main())
