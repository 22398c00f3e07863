"""Soak test: mixed traffic against gunicorn on PostgreSQL and Redis, with Redis restarted midway.

    .venv/bin/python benchmarks/soak.py [--minutes 10] [--clients 8]

It creates a PostgreSQL database of its own (iclon_bench_soak, dropped afterwards unless --keep-db;
a postgres:// DATABASE_URL only says which server and user, 127.0.0.1:5432 as postgres otherwise),
migrates it and loads the demo data (`seed_demo`, with DJANGO_DEBUG=1 for that command only). It
starts its own redis-server on a free port (never the shared one), gunicorn (`iclon.wsgi`, gthread
workers, DJANGO_DEBUG=0 with a random secret key, as in production) and a Celery worker, both on
that Redis, with e-mail written to files in a temporary folder.

Then --clients threads send a weighted mix of requests for --minutes (after a warm-up that is not
reported): anonymous pages, full logins and logouts through allauth's form, the demo applicant
saving a step of her draft application, the demo school contact reading the school portal and
saving one of the school's placement offers, and API reads with a personal token. Halfway, Redis
is stopped, left down for --outage-seconds and started again on the same port.

It reports numbers, not pass/fail: requests, errors (HTTP ≥ 500 or no answer) and unexpected
answers per kind, the p50/p95/p99 latency per kind and overall, throughput, the errors before,
during and after the outage, the distinct errors (and the ERROR records of the server logs), the
resident memory (VmRSS) of the gunicorn and Celery processes at boot, after the warm-up and at the
end, sampled every --sample-seconds, and, before and after the traffic, how long a notification
takes from its commit through Redis and the worker to its e-mail. See benchmarks/README.md.
"""

import argparse
import collections
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
PASSWORD = "iclon-demo-2026"  # noqa: S105  (the demo accounts' published password, README)
APPLICANT = "student@example.org"
SCHOOL_CONTACT = "schoolcontact@example.org"
# Non-staff demo accounts (staff must pass TOTP) for the login-and-logout cycles.
PERSONAS = [
    APPLICANT,
    SCHOOL_CONTACT,
    "mentor@example.org",
    "schoolopleider@example.org",
    "schoolleider@example.org",
    "rotterdam@example.org",
    "docent@example.org",
    "mtp.dam@example.org",
]
ANONYMOUS_PAGES = [
    "/",
    "/routes/",
    "/routes/?subject=biologie&mode=full_time",
    "/routes/finder/",
    "/routes/subjects/",
    "/routes/master-leraar-vho-voltijd/",
    "/research/projects/",
    "/research/publications/",
    "/research/people/",
    "/professionalisation/",
    "/privacy/",
]
API_READS = [
    "/api/v1/me/",
    "/api/v1/schools/?page_size=25",
    "/api/v1/placement-offers/",
    "/api/v1/placements/",
    "/api/v1/pathways/",
    "/api/v1/subjects/",
    "/api/v1/activities/",
    "/api/v1/publications/?page_size=25",
    "/api/v1/research-projects/",
]
DEFAULT_MIX = "anonymous=40,api=20,applicant=15,school=15,login=10"
KINDS = [
    # (label, what it is) in the order of the report
    ("anonymous page", "a public page, no session"),
    ("login form", "GET /accounts/login/"),
    ("login", "POST /accounts/login/ (302 expected)"),
    ("dashboard", "GET /dashboard/ right after a login"),
    ("logout", "POST /accounts/logout/ (302 expected)"),
    ("applicant page", "the applicant's application pages"),
    ("applicant draft save", "POST a step of the draft (302 expected)"),
    ("school page", "the school portal's pages"),
    ("school offer save", "POST the offer form (302 expected)"),
    ("API read", "GET /api/v1/… with a token"),
]
# Run inside the portal (manage.py shell) after seeding: what the traffic needs to know.
SETUP_SNIPPET = """
import json
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_scopes import scopes_disabled
from programmes.intake.models import Application, ApplicationStatus
from programmes.placements.models import PlacementOffer
from programmes.placements.permissions import can_manage_offers

with scopes_disabled():
    User = get_user_model()
    student = User.objects.get(email=%(applicant)r)
    draft = Application.objects.filter(applicant=student, status=ApplicationStatus.DRAFT).order_by("pk").first()
    contact = User.objects.get(email=%(contact)r)
    offers = []
    for offer in PlacementOffer.objects.select_related("school", "period").order_by("pk"):
        if offer.period.ends_on >= timezone.localdate() and can_manage_offers(contact, offer.school):
            offers.append({
                "pk": offer.pk,
                "subject": offer.subject_id or "",
                "period": offer.period_id,
                "places": offer.places,
                "mentors": [mentor.pk for mentor in offer.mentors.all()],
                "days_available": list(offer.days_available or []),
                "paid_job_possible": offer.paid_job_possible,
                "is_open": offer.is_open,
            })
    print(json.dumps({"draft": draft.pk if draft else None, "offers": offers[:3]}))
"""

# A notification written outside the traffic, to time a real task through the broker and worker.
PROBE_SNIPPET = """
import time
from django.db import transaction
from iclon.notifications.models import Channel
from iclon.notifications.services import notify

with transaction.atomic():
    notify(
        category="account.security",
        template="emails/notifications/welcome",
        context={"user": {"full_name": "Soak Probe"}, "dashboard_url": "/dashboard/"},
        idempotency_key=%(key)r,
        email="soak-probe@example.org",
        language="en",
        channels=(Channel.EMAIL,),
    )
print(time.time())
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10, help="measured traffic (default 10)")
    parser.add_argument("--clients", type=int, default=8, help="client threads (default 8)")
    parser.add_argument("--warmup", type=float, default=20, help="seconds of traffic before measuring (default 20)")
    parser.add_argument("--mix", default=DEFAULT_MIX, help=f"weights of the actions (default {DEFAULT_MIX})")
    parser.add_argument("--think-ms", type=float, default=0, help="pause of each client between actions (default 0)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=2, help="threads per gunicorn worker (default 2)")
    parser.add_argument("--celery-concurrency", type=int, default=1, help="Celery pool processes (default 1)")
    parser.add_argument("--outage-seconds", type=float, default=3, help="how long Redis stays down (default 3)")
    parser.add_argument("--sample-seconds", type=float, default=30, help="memory sample interval (default 30)")
    parser.add_argument(
        "--logins-per-minute", type=int, default=25, help="cap on logins (allauth allows 30 a minute per IP)"
    )
    parser.add_argument("--conn-max-age", type=int, default=None, help="DJANGO_CONN_MAX_AGE (default: as configured)")
    parser.add_argument("--database-name", default="iclon_bench_soak", help="the database to create")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the benchmark database afterwards")
    parser.add_argument("--keep-logs", action="store_true", help="keep the server logs (kept anyway after errors)")
    args = parser.parse_args()
    try:
        args.weights = {name: float(weight) for name, weight in (part.split("=") for part in args.mix.split(","))}
    except ValueError:
        parser.error("--mix: name=weight,… e.g. " + DEFAULT_MIX)
    unknown = set(args.weights) - {"anonymous", "api", "applicant", "school", "login"}
    if unknown or not any(args.weights.values()):
        parser.error(f"--mix: unknown actions {sorted(unknown)}" if unknown else "--mix: all weights are 0")
    if args.minutes <= 0 or args.clients < 1:
        parser.error("need --minutes > 0 and --clients ≥ 1")
    return args


# The database --------------------------------------------------------------------------------------------


def with_path(url: str, path: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))


def _server_connection(server_url: str, dbname: str = "postgres"):
    import psycopg2

    parts = urlsplit(server_url)
    connection = psycopg2.connect(
        dbname=dbname,
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
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    connection.close()


def recreate_database(server_url: str, name: str) -> None:
    drop_database(server_url, name)
    connection = _server_connection(server_url)
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def query(server_url: str, name: str, sql: str, params: tuple = ()) -> list[tuple]:
    connection = _server_connection(server_url, name)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    finally:
        connection.close()


# Processes -----------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise SystemExit(f"manage.py {args[0]} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    with open(log, "ab") as out:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop(process: subprocess.Popen | None, timeout: float = 20) -> None:
    """SIGTERM to the process group, SIGKILL if it lingers."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass


def redis_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def start_redis(port: int, log: Path) -> subprocess.Popen:
    process = start(
        [shutil.which("redis-server") or "redis-server", "--port", str(port), "--bind", "127.0.0.1"]
        + ["--save", "", "--appendonly", "no"],
        dict(os.environ),
        log,
    )
    deadline = time.monotonic() + 15
    while not redis_ping(port):
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"redis-server did not start on port {port} (see {log})")
        time.sleep(0.05)
    return process


def wait_for_http(port: int, path: str, process: subprocess.Popen, what: str, log: Path) -> None:
    import requests

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{what} stopped at start (see {log})")
        try:
            if requests.get(f"http://127.0.0.1:{port}{path}", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{what} did not answer {path} (see {log})")


def celery_ping(env: dict) -> str:
    result = subprocess.run(
        [str(BIN / "celery"), "-A", "iclon", "inspect", "ping", "--timeout", "5"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return "pong" if "pong" in result.stdout else "no answer"


def probe(env: dict, mail: Path, key: str) -> str:
    """Write one e-mail notification (its commit enqueues the task) and wait for the worker to write
    the e-mail into `mail`: how long from the commit to the file."""
    before = set(mail.iterdir())
    committed = float(manage(env, "shell", "-c", PROBE_SNIPPET % {"key": key}).split()[-1])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        new = set(mail.iterdir()) - before
        if new:
            return f"delivered {(max(path.stat().st_mtime for path in new) - committed) * 1000:.0f} ms after its commit"
        time.sleep(0.1)
    return "not delivered within 60 s"


# Memory --------------------------------------------------------------------------------------------------


def rss_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return sorted(found)


ROLES = {"gunicorn": ("gunicorn master", "gunicorn worker"), "celery": ("celery main", "celery pool")}


def memory(processes: dict[str, subprocess.Popen]) -> dict[tuple[str, int], int]:
    """VmRSS in kB of each process and its children, keyed by (role, pid)."""
    sample = {}
    for name, process in processes.items():
        main, child = ROLES[name]
        for role, pid in [(main, process.pid)] + [(child, pid) for pid in children(process.pid)]:
            kb = rss_kb(pid)
            if kb is not None:
                sample[(role, pid)] = kb
    return sample


# The traffic ---------------------------------------------------------------------------------------------


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        # (label, started at (monotonic), seconds, status or None, error or None, expected)
        self.rows: list[tuple[str, float, float, int | None, str | None, bool]] = []

    def add(self, row) -> None:
        with self.lock:
            self.rows.append(row)


class LoginLimiter:
    """At most `per_minute` logins in any 60 s (allauth's limit is per IP, and every client is 127.0.0.1)."""

    def __init__(self, per_minute: int):
        self.per_minute = per_minute
        self.lock = threading.Lock()
        self.times: collections.deque[float] = collections.deque()

    def take(self, wait: bool, stop: threading.Event) -> bool:
        while not stop.is_set():
            with self.lock:
                now = time.monotonic()
                while self.times and now - self.times[0] > 60:
                    self.times.popleft()
                if len(self.times) < self.per_minute:
                    self.times.append(now)
                    return True
            if not wait:
                return False
            stop.wait(0.5)
        return False


class Client(threading.Thread):
    def __init__(self, number: int, ctx: dict):
        super().__init__(name=f"soak-{number}", daemon=True)
        import requests

        self.requests = requests
        self.number = number
        self.ctx = ctx
        self.rng = random.Random(number)
        self.base = ctx["base"]
        self.anonymous = self.session()
        self.api = self.session()
        self.api.headers["Authorization"] = f"Token {ctx['token']}"
        self.applicant = self.session()
        self.school = self.session()
        self.signed_in = {"applicant": False, "school": False}
        self.saves = 0

    def session(self):
        session = self.requests.Session()
        session.headers["Accept-Language"] = self.rng.choice(["nl", "nl", "en"])
        return session

    def call(self, session, label: str, method: str, path: str, expect: int, **kwargs):
        started = time.monotonic()
        try:
            response = session.request(method, self.base + path, timeout=30, allow_redirects=False, **kwargs)
            _ = response.content
            status, error = response.status_code, None
        except self.requests.RequestException as exc:
            response, status, error = None, None, type(exc).__name__
        elapsed = time.monotonic() - started
        self.ctx["recorder"].add((label, started, elapsed, status, error, status == expect))
        return response

    def post(self, session, label: str, path: str, data: dict, expect: int = 302):
        data = {**data, "csrfmiddlewaretoken": session.cookies.get("csrftoken", "")}
        return self.call(session, label, "POST", path, expect, data=data, headers={"Referer": self.base + path})

    def login(self, session, email: str, wait: bool) -> bool:
        if not self.ctx["limiter"].take(wait, self.ctx["stop"]):
            return False
        self.call(session, "login form", "GET", "/accounts/login/", 200)
        response = self.post(session, "login", "/accounts/login/", {"login": email, "password": PASSWORD})
        return response is not None and response.status_code == 302

    def ensure(self, who: str, session, email: str) -> bool:
        if not self.signed_in[who]:
            session.cookies.clear()
            self.signed_in[who] = self.login(session, email, wait=True)
        return self.signed_in[who]

    def page(self, who: str, session, label: str, path: str):
        response = self.call(session, label, "GET", path, 200)
        if (
            response is not None
            and response.status_code == 302
            and "/accounts/login/" in response.headers.get("Location", "")
        ):
            self.signed_in[who] = False  # signed out (should not happen): sign in again next time
        return response

    # The actions ---------------------------------------------------------------------------------

    def anonymous_action(self) -> None:
        if self.rng.random() < 0.05:
            self.anonymous.cookies.clear()  # a new visitor now and then
        self.call(self.anonymous, "anonymous page", "GET", self.rng.choice(ANONYMOUS_PAGES), 200)

    def api_action(self) -> None:
        self.call(self.api, "API read", "GET", self.rng.choice(API_READS), 200)

    def login_action(self) -> None:
        if not self.ctx["limiter"].take(False, self.ctx["stop"]):
            self.anonymous_action()  # over the login budget: a page instead
            return
        session = self.session()
        self.call(session, "login form", "GET", "/accounts/login/", 200)
        response = self.post(
            session, "login", "/accounts/login/", {"login": self.rng.choice(PERSONAS), "password": PASSWORD}
        )
        if response is not None and response.status_code == 302:
            self.call(session, "dashboard", "GET", "/dashboard/", 200)
            self.post(session, "logout", "/accounts/logout/", {})
        session.close()

    def applicant_action(self) -> None:
        if not self.ensure("applicant", self.applicant, APPLICANT):
            return
        pk = self.ctx["draft"]
        path = self.rng.choice(
            ["/applications/", f"/applications/{pk}/", f"/applications/{pk}/edit/motivation/"]
            + [f"/applications/{pk}/edit/personal/"]
        )
        self.page("applicant", self.applicant, "applicant page", path)
        if self.rng.random() < 0.5:
            self.saves += 1
            text = (
                "Ik wil leraar biologie worden omdat ik graag met jongeren werk en mijn vak wil delen. "
                f"(soak test, client {self.number}, save {self.saves})"
            )
            self.post(
                self.applicant, "applicant draft save", f"/applications/{pk}/edit/motivation/", {"motivation": text}
            )

    def school_action(self) -> None:
        if not self.ensure("school", self.school, SCHOOL_CONTACT):
            return
        offer = self.rng.choice(self.ctx["offers"])
        path = self.rng.choice(
            ["/placements/school/", "/placements/school/offers/", f"/placements/school/offers/{offer['pk']}/edit/"]
        )
        self.page("school", self.school, "school page", path)
        if self.rng.random() < 0.5:
            self.saves += 1
            data = {
                "subject": offer["subject"],
                "period": offer["period"],
                "places": offer["places"],
                "mentors": offer["mentors"],
                "days_available": offer["days_available"],
                "notes": f"Soak test: client {self.number}, save {self.saves}.",
            }
            data.update({name: "on" for name in ("paid_job_possible", "is_open") if offer[name]})
            self.post(self.school, "school offer save", f"/placements/school/offers/{offer['pk']}/edit/", data)

    def run(self) -> None:
        actions = {
            "anonymous": self.anonymous_action,
            "api": self.api_action,
            "applicant": self.applicant_action,
            "school": self.school_action,
            "login": self.login_action,
        }
        names = [name for name, weight in self.ctx["weights"].items() if weight > 0]
        weights = [self.ctx["weights"][name] for name in names]
        stop = self.ctx["stop"]
        while not stop.is_set():
            try:
                actions[self.rng.choices(names, weights)[0]]()
            except Exception as exc:  # a bug of the client, not of the server: counted, never fatal
                self.ctx["recorder"].add(("client", time.monotonic(), 0.0, None, f"client {type(exc).__name__}", False))
            if self.ctx["think"]:
                stop.wait(self.ctx["think"])


# The report ----------------------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def describe(status: int | None, error: str | None) -> str:
    return error if error else f"HTTP {status}"


RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ (?P<level>[A-Z]+) (?P<logger>[\w.]+): (?P<message>.*)$")
EXCEPTION = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Warning|Exit|Interrupt)\b(: .*)?$")


def logged_errors(log: Path) -> collections.Counter:
    """The ERROR and CRITICAL records of a server log, counted by logger, message and the last
    exception of their traceback (the one that was raised in the end)."""
    found: collections.Counter = collections.Counter()
    if not log.exists():
        return found
    record, exception = None, ""

    def close() -> None:
        if record is not None:
            found[f"{record}{' → ' + exception if exception else ''}"[:220]] += 1

    for line in log.read_text(errors="replace").splitlines():
        if match := RECORD.match(line):
            close()
            record, exception = None, ""
            if match["level"] in ("ERROR", "CRITICAL"):
                record = f"{match['level']} {match['logger']}: {re.sub(r'0x[0-9a-f]+', '0x…', match['message'])}"
        elif record is not None and EXCEPTION.match(line):
            exception = line
    close()
    return found


def clock(seconds: float) -> str:
    return f"{int(seconds // 60)}:{int(seconds % 60):02d}"


def report(args, rows, run: dict, samples: list, processes_names: dict) -> None:
    start, end = run["start"], run["end"]
    down, up = run["down"], run["up"]
    measured = [row for row in rows if start <= row[1] < end]
    seconds = end - start

    def is_error(row) -> bool:
        return row[4] is not None or (row[3] is not None and row[3] >= 500)

    print()
    print(f"soak                {clock(seconds)} of mixed traffic, {args.clients} clients, mix {args.mix}")
    print(f"                    think time {args.think_ms:g} ms, warm-up {args.warmup:g} s (not reported)")
    print(
        f"servers             gunicorn {args.workers} workers × {args.threads} threads; Celery prefork, "
        f"concurrency {args.celery_concurrency}; CONN_MAX_AGE {run['conn_max_age']}"
    )
    print(f"                    {run['pg_version']}; Redis {run['redis_version']} (own, port {run['redis_port']})")
    if down is not None:
        print(
            f"redis restart       stopped at {clock(down - start)}, answering again at {clock(up - start)} "
            f"({up - down:.1f} s down)"
        )
    print(
        f"machine             {os.cpu_count()} CPUs, load average {run['load_before']} before, {load_average()} after"
    )
    print()
    header = (
        f"{'kind':<22} {'requests':>8} {'req/s':>6} {'errors':>6} {'unexp.':>6} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7}"
    )
    print(header)
    print("-" * len(header))
    labels = [label for label, _what in KINDS] + sorted({row[0] for row in measured} - {k for k, _ in KINDS})

    def line(label: str, subset: list) -> None:
        if not subset:
            return
        latencies = [row[2] * 1000 for row in subset if row[3] is not None]
        errors = sum(1 for row in subset if is_error(row))
        unexpected = sum(1 for row in subset if not is_error(row) and not row[5])
        print(
            f"{label:<22} {len(subset):8d} {len(subset) / seconds:6.1f} {errors:6d} {unexpected:6d} "
            f"{percentile(latencies, 0.5):7.0f} {percentile(latencies, 0.95):7.0f} "
            f"{percentile(latencies, 0.99):7.0f} {max(latencies, default=float('nan')):7.0f}"
        )

    for label in labels:
        line(label, [row for row in measured if row[0] == label])
    print("-" * len(header))
    line("all", measured)
    print()

    def phase_of(row) -> str:
        """A request under way while Redis was down (sent before it answered again, answered after it
        stopped) counts for the outage."""
        if down is None or row[1] + row[2] < down:
            return "before"
        return "after" if row[1] >= up else "during"

    phases = [("before the restart", "before", start, down or end)]
    if down is not None:
        phases += [("Redis down", "during", down, up), ("after the restart", "after", up, end)]
    print(
        f"{'phase':<22} {'from':>5} {'to':>5} {'requests':>8} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"
    )
    for name, phase, begin, finish in phases:
        subset = [row for row in measured if phase_of(row) == phase]
        latencies = [row[2] * 1000 for row in subset if row[3] is not None]
        print(
            f"{name:<22} {clock(begin - start):>5} {clock(finish - start):>5} {len(subset):8d} "
            f"{sum(1 for row in subset if is_error(row)):6d} {percentile(latencies, 0.5):7.0f} "
            f"{percentile(latencies, 0.95):7.0f} {percentile(latencies, 0.99):7.0f}"
        )
    if down is not None:
        late = [row[1] - up for row in measured if is_error(row) and row[1] >= up]
        if late:
            print(f"last error after the restart: in a request sent {max(late):.1f} s after Redis answered")
        else:
            print("no error once Redis answered again")
    print()

    errors = collections.Counter((row[0], describe(row[3], row[4]), phase_of(row)) for row in measured if is_error(row))
    unexpected = collections.Counter(
        (row[0], describe(row[3], row[4]), phase_of(row)) for row in measured if not is_error(row) and not row[5]
    )
    for title, counter in (("errors", errors), ("unexpected answers", unexpected)):
        print(f"{title} (distinct): {'none' if not counter else sum(counter.values())}")
        for (label, what, phase), count in counter.most_common(20):
            print(f"  {count:6d} × {label}: {what} ({phase} the outage)")
    for name, log in run["logs"].items():
        found = logged_errors(log)
        print(f"logged errors in the {name} log: {sum(found.values()) or 'none'}")
        for text, count in found.most_common(10):
            print(f"  {count:6d} × {text}")
    print()

    boot, base, final = samples[0][1], run["baseline"], samples[-1][1]
    print(f"{'memory (VmRSS, MB)':<24} {'pid':>7} {'boot':>7} {'start':>7} {'end':>7} {'growth':>7}")
    order = [role for pair in ROLES.values() for role in pair]
    keys = sorted(set(boot) | set(base) | set(final), key=lambda key: (order.index(key[0]), key[1]))

    def mb(sample, key) -> str:
        return f"{sample[key] / 1024:7.1f}" if key in sample else f"{'–':>7}"

    for key in keys:
        growth = f"{(final[key] - base[key]) / 1024:+7.1f}" if key in final and key in base else f"{'–':>7}"
        print(f"{key[0]:<24} {key[1]:>7} {mb(boot, key)} {mb(base, key)} {mb(final, key)} {growth}")
    for name in processes_names:
        total = [
            sum(kb for (role, _pid), kb in sample.items() if role.startswith(name)) / 1024 for sample in (base, final)
        ]
        print(f"{name + ' total':<24} {'':>7} {'':>7} {total[0]:7.1f} {total[1]:7.1f} {total[1] - total[0]:+7.1f}")
    print("start: after the warm-up; growth: end − start; a pid missing at the end was replaced")
    timeline = " ".join(f"{sum(sample.values()) / 1024:.0f}" for at, sample in samples if at >= start)
    print(f"all of them, from the start, every {args.sample_seconds:g} s and at the end (MB): {timeline}")
    print()
    for line_text in run["after"]:
        print(line_text)


# The run -------------------------------------------------------------------------------------------------


def main() -> int:
    args = parse_args()
    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith(("postgres://", "postgresql://")):
        server_url = DEFAULT_SERVER
    database_url = with_path(server_url, "/" + quote(args.database_name))
    if not shutil.which("redis-server"):
        print("redis-server is not on the PATH; see benchmarks/README.md.", file=sys.stderr)
        return 2

    folder = Path(tempfile.mkdtemp(prefix="iclon-soak-"))
    (folder / "mail").mkdir()
    logs = {"gunicorn": folder / "gunicorn.log", "celery": folder / "celery.log", "redis": folder / "redis.log"}
    redis_port, web_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "REDIS_", "DJANGO_", "EMAIL_"))}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="iclon.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_DEBUG="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_STATIC_MANIFEST="0",  # no collectstatic: the files as they are
        DJANGO_LOG_LEVEL="WARNING",
        PYTHONWARNINGS="ignore:No directory at",  # whitenoise, without collectstatic
        EMAIL_URL=f"filemail:///{folder / 'mail'}",  # three slashes and an absolute path
    )
    if args.conn_max_age is not None:
        env["DJANGO_CONN_MAX_AGE"] = str(args.conn_max_age)
    # Setup commands run without Redis (tasks in-process); the servers with our own.
    setup_env = {**env, "DJANGO_DEBUG": "1", "EMAIL_URL": "dummymail://"}
    server_env = {
        **env,
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "REDIS_CACHE_URL": f"redis://127.0.0.1:{redis_port}/1",
    }

    redis = gunicorn = celery = None
    errors_seen = False
    stop_event = threading.Event()
    print(f"database {args.database_name}: create, migrate, seed_demo …", flush=True)
    recreate_database(server_url, args.database_name)
    try:
        built = time.monotonic()
        manage(env, "migrate", "--noinput")
        manage(setup_env, "seed_demo")
        facts = json.loads(
            manage(setup_env, "shell", "-c", SETUP_SNIPPET % {"applicant": APPLICANT, "contact": SCHOOL_CONTACT})
            .strip()
            .splitlines()[-1]
        )
        token = manage(setup_env, "create_api_token", SCHOOL_CONTACT, "--name", "soak").strip().splitlines()[-1]
        if not facts["draft"] or not facts["offers"]:
            raise SystemExit(f"the demo data lacks a draft application or a school offer: {facts}")
        print(f"  built in {time.monotonic() - built:.0f} s; servers in {folder}", flush=True)

        redis = start_redis(redis_port, logs["redis"])
        gunicorn = start(
            [str(BIN / "gunicorn"), "iclon.wsgi", "--workers", str(args.workers), "--threads", str(args.threads)]
            + ["--bind", f"127.0.0.1:{web_port}", "--timeout", "30", "--log-level", "warning"],
            server_env,
            logs["gunicorn"],
        )
        celery = start(
            [str(BIN / "celery"), "-A", "iclon", "worker", "--pool=prefork", f"--concurrency={args.celery_concurrency}"]
            + ["-l", "warning", "-n", f"soak-{os.getpid()}@%h"],
            server_env,
            logs["celery"],
        )
        wait_for_http(web_port, "/health/live", gunicorn, "gunicorn", logs["gunicorn"])
        processes = {"gunicorn": gunicorn, "celery": celery}
        booted = time.monotonic()
        while celery_ping(server_env) != "pong":
            if celery.poll() is not None or time.monotonic() - booted > 120:
                raise SystemExit(f"the Celery worker did not answer a ping (see {logs['celery']})")
        samples = [(time.monotonic(), memory(processes))]
        probe_before = probe(server_env, folder / "mail", "soak:probe:before")
        first_row = query(server_url, args.database_name, "SELECT coalesce(max(id), 0) FROM notifications_notification")

        recorder = Recorder()
        ctx = {
            "base": f"http://127.0.0.1:{web_port}",
            "token": token,
            "draft": facts["draft"],
            "offers": facts["offers"],
            "recorder": recorder,
            "limiter": LoginLimiter(args.logins_per_minute),
            "stop": stop_event,
            "weights": args.weights,
            "think": args.think_ms / 1000,
        }
        run = {
            "load_before": load_average(),
            "redis_port": redis_port,
            "redis_version": subprocess.run(["redis-server", "--version"], capture_output=True, text=True, check=False)
            .stdout.split()[2]
            .removeprefix("v="),
            "pg_version": query(server_url, args.database_name, "SELECT version()")[0][0].split(",")[0],
            "conn_max_age": env.get("DJANGO_CONN_MAX_AGE", "0 (default)"),
            "down": None,
            "up": None,
            "logs": {"gunicorn": logs["gunicorn"], "celery": logs["celery"]},
        }
        clients = [Client(n, ctx) for n in range(args.clients)]
        for client in clients:
            client.start()
        print(f"warm-up {args.warmup:g} s, then {args.minutes:g} min of traffic …", flush=True)
        time.sleep(args.warmup)
        run["start"] = time.monotonic()
        run["baseline"] = memory(processes)
        samples.append((run["start"], run["baseline"]))
        duration = args.minutes * 60
        restart_at = run["start"] + duration / 2
        next_sample = run["start"] + args.sample_seconds
        finish = run["start"] + duration
        while (now := time.monotonic()) < finish:
            if gunicorn.poll() is not None or celery.poll() is not None:
                raise SystemExit("gunicorn or the Celery worker stopped during the run (see the logs)")
            if run["down"] is None and now >= restart_at:
                print(f"  {clock(now - run['start'])} stopping Redis for {args.outage_seconds:g} s", flush=True)
                run["down"] = time.monotonic()
                stop(redis)
                time.sleep(args.outage_seconds)
                redis = start_redis(redis_port, logs["redis"])
                run["up"] = time.monotonic()
                print(f"  {clock(run['up'] - run['start'])} Redis answers again", flush=True)
            if now >= next_sample:
                samples.append((now, memory(processes)))
                next_sample += args.sample_seconds
            time.sleep(min(0.2, max(finish - time.monotonic(), 0)))
        run["end"] = time.monotonic()
        samples.append((run["end"], memory(processes)))
        stop_event.set()
        for client in clients:
            client.join(timeout=40)

        # After the run: does everything still work?
        import requests

        ready = requests.get(f"{ctx['base']}/health/ready", timeout=10)
        outbox = query(
            server_url,
            args.database_name,
            "SELECT channel, status, count(*) FROM notifications_notification "
            "WHERE id > %s GROUP BY channel, status ORDER BY channel, status",
            (first_row[0][0],),
        )
        run["after"] = [
            f"after the run       /health/ready {ready.status_code} {ready.text.strip()[:120]}",
            f"                    Celery worker ping: {celery_ping(server_env)}",
            f"                    a probe notification: {probe_before} before the run, "
            f"{probe(server_env, folder / 'mail', 'soak:probe:after')} after",
            "                    notifications the traffic wrote: "
            + (", ".join(f"{count} {channel} {status}" for channel, status, count in outbox) or "none"),
        ]
        errors_seen = any(
            row[4] is not None or (row[3] or 0) >= 500 for row in recorder.rows if run["start"] <= row[1] < run["end"]
        )
        report(args, list(recorder.rows), run, samples, processes)
        return 0
    finally:
        stop_event.set()
        stop(gunicorn)
        stop(celery)
        stop(redis)
        if not args.keep_db:
            drop_database(server_url, args.database_name)
        if args.keep_logs or errors_seen:
            print(f"server logs kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
