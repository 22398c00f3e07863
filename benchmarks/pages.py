#!/usr/bin/env python
"""The pages of issue 15 against the bare Django stack, with the workplace's instrument (bench.py).

    .venv/bin/python benchmarks/pages.py [--duration 10] [--rounds 3] [--groups public,finder,personal,api]
    .venv/bin/python benchmarks/pages.py --urls-only-check --keep-db      # smoke: every URL answers 200
    .venv/bin/python benchmarks/pages.py --reuse-db --keep-db --groups api

At national scale: it creates a PostgreSQL database (iclon_bench_pages; a postgres:// DATABASE_URL
only says which server and user, 127.0.0.1:5432 as postgres otherwise), migrates it, runs
`seed_demo` (with DJANGO_DEBUG=1 for that command only) and `seed_scale --schools 10000
--applications 100000` (10,372 schools with the demo's 372), and `collectstatic` (STATIC_ROOT, as
in production). With --reuse-db an existing database is taken as it is.

It creates sessions for the signed-in personas (the demo applicant, the demo school contact and the
demo intake officer, staff with TOTP set up) with the configured SessionStore, and sends each with
a CSRF cookie as a browser does after the login page (the login form set it), checks every URL
once with its persona's cookie on a gunicorn of its own (200, and a personal page must show the
persona signed in), and then runs bench.py (--bench) once per group and persona: the portal and
the bare baseline side by side under gunicorn, with the production-like environment of the
instrument's README (DJANGO_DEBUG=0, a random secret key, Redis, throttles raised). It prints the
table of the issue (req/s, p50, p99, baseline req/s, ratio, target, met) and writes it as markdown
with --markdown. The database is dropped afterwards unless --keep-db. See benchmarks/README.md.
"""

import argparse
import json
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
DEFAULT_BENCH = "../shared/tools/perf/bench.py"  # from the project folder
DEFAULT_BASELINE_VENV = ".bench-venv"  # from the project folder
SCHOOLS, APPLICATIONS = 10_000, 100_000  # 10,372 schools with the demo's 372

# A typical question to the route finder: every field of RouteFinderForm (programmes/catalogue/forms.py).
FINDER = (
    "/routes/finder/?prior_education=wo_master&degree_field=biologie&subject=biologie&sector=vo"
    "&employed_as_teacher=no&study_mode=any&dutch_secondary_diploma=yes"
)
# persona -> the demo account signed in (None: anonymous)
PERSONAS = {
    "anonymous": None,
    "applicant": "student@example.org",
    "school contact": "schoolcontact@example.org",
    "staff": "intake@example.org",  # intake officer: staff, TOTP set up by seed_demo
}


@dataclass(frozen=True)
class Group:
    name: str
    what: str
    baseline: str
    target: float
    runs: tuple[tuple[str, tuple[str, ...]], ...]  # (persona, URLs): one bench.py run each


GROUPS = [
    Group(
        "public",
        "anonymous public pages",
        "/json",
        0.6,
        (("anonymous", ("/", "/routes/", "/routes/master-leraar-vho-voltijd/", "/routes/subjects/biologie/")),),
    ),
    Group("finder", "the route finder's answer", "/template", 0.5, (("anonymous", (FINDER,)),)),
    Group(
        "personal",
        "personal pages",
        "/template",
        0.3,
        (
            ("applicant", ("/dashboard/", "/applications/")),
            ("school contact", ("/dashboard/", "/placements/school/")),
        ),
    ),
    Group(
        "api",
        "API lists",
        "/api/items/",
        0.3,
        (("anonymous", ("/api/v1/schools/", "/api/v1/pathways/")), ("staff", ("/api/v1/applications/",))),
    ),
]

# Run inside the portal (manage.py shell, with the servers' environment: the session hash depends on
# the secret key): a session per signed-in persona, through the configured SessionStore (db,
# cached_db or cache alike), as a login with password, plus allauth's MFA record for staff.
SESSION_SNIPPET = """
import json, time
from importlib import import_module
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.utils.crypto import get_random_string
from django_scopes import scopes_disabled

SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
sessions = {}
with scopes_disabled():
    for email in %(emails)r:
        user = get_user_model().objects.get(email__iexact=email, is_active=True)
        session = SessionStore()
        session[SESSION_KEY] = user._meta.pk.value_to_string(user)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        methods = [{"method": "password", "at": time.time(), "email": user.email}]
        if user.is_staff:
            if not is_mfa_enabled(user):
                raise SystemExit(f"staff account {email} has no MFA: StaffMFARequiredMiddleware would refuse it")
            totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
            methods.append({"method": "mfa", "at": time.time(), "id": totp.pk, "type": totp.type})
        session[AUTHENTICATION_METHODS_SESSION_KEY] = methods
        session.save()
        # The browser's CSRF secret, as the login page set it (a signed-in browser always has one).
        sessions[email] = [session.session_key, get_random_string(32)]
names = {"cookie": settings.SESSION_COOKIE_NAME, "csrf_cookie": settings.CSRF_COOKIE_NAME}
print("SESSIONS=" + json.dumps({**names, "keys": sessions}))
"""


def cookie_header(found: dict, email: str) -> str:
    """The cookies a signed-in browser sends: its session and the CSRF secret of its login page."""
    session_key, csrf_secret = found["keys"][email]
    return f"Cookie: {found['cookie']}={session_key}; {found['csrf_cookie']}={csrf_secret}"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--bench", type=Path, default=None, help=f"the instrument (default {DEFAULT_BENCH} from the project folder)"
    )
    parser.add_argument(
        "--baseline-venv",
        type=Path,
        default=None,
        help=f"virtualenv with django, djangorestframework, gunicorn (default {DEFAULT_BASELINE_VENV} in the project)",
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run (default 10)")
    parser.add_argument("--rounds", type=int, default=3, help="A/B rounds per URL (default 3)")
    parser.add_argument("--warmup", type=int, default=2, help="warm-up seconds per URL (default 2)")
    names = [group.name for group in GROUPS]
    parser.add_argument("--groups", default=",".join(names), help=f"subset of {','.join(names)} (default all)")
    parser.add_argument("--markdown", type=Path, help="also write the table as markdown to this file")
    parser.add_argument("--urls-only-check", action="store_true", help="only fetch each URL once: 200 and the persona")
    parser.add_argument("--database-name", default="iclon_bench_pages", help="the database to create and drop")
    parser.add_argument("--reuse-db", action="store_true", help="take the database as it is if it exists (no seeding)")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database afterwards")
    parser.add_argument("--redis-db", type=int, default=12, help="Redis database of REDIS_URL (flushed; default 12)")
    parser.add_argument(
        "--redis-cache-db", type=int, default=13, help="Redis database of the cache (flushed; default 13)"
    )
    args = parser.parse_args()
    args.bench = (args.bench or ROOT / DEFAULT_BENCH).resolve()
    args.baseline_venv = (args.baseline_venv or ROOT / DEFAULT_BASELINE_VENV).resolve()
    wanted = [name.strip() for name in args.groups.split(",") if name.strip()]
    if not wanted or set(wanted) - set(names):
        parser.error(f"--groups: choose from {','.join(names)}")
    args.groups = [group for group in GROUPS if group.name in wanted]
    if not args.urls_only_check:
        if not args.bench.is_file():
            parser.error(f"--bench: no instrument at {args.bench}")
        if not (args.baseline_venv / "bin" / "python").exists():
            parser.error(f"--baseline-venv: no virtualenv at {args.baseline_venv} (see benchmarks/README.md)")
    return args


# The database and Redis ----------------------------------------------------------------------------------


def with_path(url: str, path: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))


def server_connection(server_url: str, dbname: str = "postgres") -> Any:
    import psycopg2  # type: ignore[import-untyped]

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


def sql(server_url: str, sql_text: str, dbname: str = "postgres") -> list[tuple]:
    connection = server_connection(server_url, dbname)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql_text)
            return cursor.fetchall() if cursor.description else []
    finally:
        connection.close()


def database_exists(server_url: str, name: str) -> bool:
    return bool(sql(server_url, f"SELECT 1 FROM pg_database WHERE datname = '{name}'"))  # noqa: S608  (our own name)


def drop_database(server_url: str, name: str) -> None:
    sql(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


# Processes -----------------------------------------------------------------------------------------------


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise SystemExit(f"manage.py {args[0]} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return result.stdout


def build(args: argparse.Namespace, server_url: str, setup_env: dict, server_env: dict) -> None:
    if args.reuse_db and database_exists(server_url, args.database_name):
        print(f"database {args.database_name}: reused as it is", file=sys.stderr, flush=True)
    else:
        drop_database(server_url, args.database_name)
        sql(server_url, f'CREATE DATABASE "{args.database_name}"')
        for step, command in [
            ("migrate", ["migrate", "--noinput"]),
            ("seed_demo", ["seed_demo"]),
            (
                f"seed_scale --schools {SCHOOLS} --applications {APPLICATIONS}",
                ["seed_scale", "--schools", str(SCHOOLS), "--applications", str(APPLICATIONS)],
            ),
        ]:
            started = time.monotonic()
            print(f"database {args.database_name}: {step} …", end="", file=sys.stderr, flush=True)
            manage(setup_env, *command)
            print(f" {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    started = time.monotonic()
    print("collectstatic …", end="", file=sys.stderr, flush=True)
    manage(server_env, "collectstatic", "--noinput")
    print(f" {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)


def volumes(server_url: str, name: str) -> dict[str, int]:
    rows = sql(
        server_url,
        "SELECT (SELECT count(*) FROM partnerships_school), (SELECT count(*) FROM programmes_application)",
        name,
    )
    return {"schools": rows[0][0], "applications": rows[0][1]}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


def fetch(url: str, headers: dict[str, str]) -> tuple[int, str]:
    try:
        with OPENER.open(urllib.request.Request(url, headers=headers), timeout=60) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def check_urls(args: argparse.Namespace, server_env: dict, headers_of: dict[str, list[str]]) -> list[str]:
    """Every URL once with its persona's cookie on a gunicorn of our own: the problems found."""
    port = free_port()
    log = Path(tempfile.mkstemp(prefix="iclon-pages-check-", suffix=".log")[1])
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1", "iclon.wsgi"],
            cwd=ROOT,
            env=server_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    problems = []
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                fetch(base + "/health/live", {})
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"gunicorn did not start (see {log})") from None
                time.sleep(0.3)
        for group in args.groups:
            for persona, urls in group.runs:
                headers = dict(h.split(": ", 1) for h in headers_of[persona])
                for url in urls:
                    status, body = fetch(base + url, headers)
                    note = check_body(persona, url, status, body)
                    print(f"  {status} {persona:<15} {url} {note}", file=sys.stderr, flush=True)
                    if status != 200 or note.startswith("NOT"):
                        problems.append(f"{url} as {persona}: HTTP {status} {note}")
    finally:
        server.terminate()
        server.wait(timeout=20)
    if not problems:
        log.unlink()
    return problems


def check_body(persona: str, url: str, status: int, body: str) -> str:
    """Whether the answer is the persona's: the account menu names a signed-in persona's e-mail;
    the staff API list counts more than one applicant's applications; the finder gives an answer."""
    email = PERSONAS[persona]
    if status != 200:
        return ""
    if url.startswith("/api/"):
        try:
            count = json.loads(body).get("count")
        except ValueError:
            return "NOT JSON"
        if persona == "staff" and not (count or 0) > 1:
            return f"NOT the staff list (count {count})"
        return f"(count {count})"
    if url.startswith("/routes/finder/?") and 'id="fits-title"' not in body:
        return "NOT an answer (the form again: a field refused?)"
    signed_in = re.search(r'class="nav-user" title="([^"]+)"', body)
    if email is None:
        return "NOT anonymous" if signed_in else "(anonymous)"
    if not signed_in or signed_in.group(1).lower() != email:
        return f"NOT signed in as {email}"
    return f"(signed in as {email})"


# bench.py --------------------------------------------------------------------------------------------------


def run_bench(
    args: argparse.Namespace, group: Group, persona: str, urls: tuple[str, ...], headers: list[str], env: dict
) -> dict:
    """One run of the instrument: its results per URL, with the status it saw first."""
    with tempfile.TemporaryDirectory(prefix="iclon-pages-") as folder:
        out = Path(folder) / "results.json"
        command = [
            sys.executable,
            str(args.bench),
            "--project-dir",
            str(ROOT),
            "--venv",
            str(ROOT / ".venv"),
            "--baseline-venv",
            str(args.baseline_venv),
            "--urls",
            ",".join(urls),
            "--baseline-url",
            group.baseline,
            "--duration",
            str(args.duration),
            "--rounds",
            str(args.rounds),
            "--warmup",
            str(args.warmup),
            "--json",
            str(out),
        ]
        for header in headers:
            command += ["--header", header]
        print(f"\n== {group.name} as {persona}: {', '.join(urls)} vs {group.baseline}", file=sys.stderr, flush=True)
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        statuses = {}
        assert process.stderr is not None
        for line in process.stderr:
            print("   " + line.rstrip(), file=sys.stderr, flush=True)
            if match := re.match(r"project (\S+) -> HTTP (\d+)", line):
                statuses[match.group(1)] = int(match.group(2))
        report = process.stdout.read() if process.stdout else ""
        process.wait()
        print("\n".join("   " + line for line in report.splitlines()), file=sys.stderr, flush=True)
        if process.returncode or not out.exists():
            raise SystemExit(f"bench.py failed (exit {process.returncode}) for {group.name} as {persona}")
        results = json.loads(out.read_text())["results"]
    return {url: {**results[url], "status": statuses.get(url)} for url in urls}


def median(runs: list[dict], key: str) -> float:
    values = [run[key] for run in runs if run.get(key) is not None]
    return statistics.median(values) if values else float("nan")


def row(group: Group, persona: str, url: str, result: dict) -> dict:
    paired = [a["rps"] / b["rps"] for a, b in zip(result["project"], result["baseline"], strict=True) if b["rps"]]
    ratio = statistics.median(paired) if paired else float("nan")
    errors = sum(run["errors"] for run in result["project"])
    notes = []
    if result["status"] != 200:
        notes.append(f"HTTP {result['status']}")
    if errors:
        notes.append(f"{errors} errors/non-2xx")
    valid = not notes
    return {
        "what": group.what,
        "url": url,
        "persona": persona,
        "rps": median(result["project"], "rps"),
        "p50": median(result["project"], "p50_ms"),
        "p99": median(result["project"], "p99_ms"),
        "baseline": f"{median(result['baseline'], 'rps'):.1f} ({group.baseline})",
        "ratio": ratio,
        "spread": f"{min(paired, default=float('nan')):.2f}–{max(paired, default=float('nan')):.2f}",
        "target": f">= {group.target}",
        "met": ("yes" if ratio >= group.target else "no") if valid else "invalid: " + ", ".join(notes),
    }


COLUMNS = [
    ("what", "what"),
    ("URL", "url"),
    ("persona", "persona"),
    ("req/s", "rps"),
    ("p50 ms", "p50"),
    ("p99 ms", "p99"),
    ("baseline req/s", "baseline"),
    ("ratio", "ratio"),
    ("ratio min–max", "spread"),
    ("target", "target"),
    ("met", "met"),
]


def cells(entry: dict) -> list[str]:
    formats = {"rps": "{:.1f}", "p50": "{:.1f}", "p99": "{:.1f}", "ratio": "{:.2f}"}
    return [formats.get(key, "{}").format(entry[key]) for _title, key in COLUMNS]


def text_table(rows: list[dict]) -> str:
    table = [[title for title, _key in COLUMNS]] + [cells(entry) for entry in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(COLUMNS))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)) for line in table)


def markdown_table(rows: list[dict]) -> str:
    lines = ["| " + " | ".join(title for title, _key in COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for entry in rows:
        values = cells(entry)
        values[1] = f"`{values[1]}`"
        lines.append("| " + " | ".join(values) + " |")
    return "\n".join(lines)


# Main ------------------------------------------------------------------------------------------------------


def main() -> int:
    args = parse_args()
    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith(("postgres://", "postgresql://")):
        server_url = DEFAULT_SERVER
    database_url = with_path(server_url, "/" + quote(args.database_name))
    redis_base = os.environ.get("REDIS_URL", "") or "redis://127.0.0.1:6379/0"
    redis_url = with_path(redis_base, f"/{args.redis_db}")
    redis_cache_url = with_path(redis_base, f"/{args.redis_cache_db}")

    env = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "REDIS_", "DJANGO_", "EMAIL_", "API_"))}
    env.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="iclon.settings", EMAIL_URL="dummymail://")
    # The seeding commands run in debug (seed_demo requires it), without Redis (tasks in-process).
    setup_env = {**env, "DJANGO_DEBUG": "1"}
    # The servers as in production (the instrument's README), the throttles out of the way.
    server_env = {
        **env,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "REDIS_URL": redis_url,
        "REDIS_CACHE_URL": redis_cache_url,
        "API_THROTTLE_ANON": "1000000/minute",
        "API_THROTTLE_USER": "1000000/minute",
    }

    load_before = os.getloadavg()
    try:
        build(args, server_url, setup_env, server_env)
        data = volumes(server_url, args.database_name)
        print(f"data: {data['schools']:,} schools, {data['applications']:,} applications", file=sys.stderr)
        # No stale page cache, throttle counts or queued tasks from an earlier run.
        flush_redis(redis_url)
        flush_redis(redis_cache_url)
        emails = [email for email in PERSONAS.values() if email]
        output = manage(server_env, "shell", "-c", SESSION_SNIPPET % {"emails": emails})
        found = json.loads(output.split("SESSIONS=", 1)[1].strip().splitlines()[0])
        headers_of = {persona: [cookie_header(found, email)] if email else [] for persona, email in PERSONAS.items()}

        print("checking every URL once with its persona's cookie:", file=sys.stderr, flush=True)
        problems = check_urls(args, server_env, headers_of)
        if problems:
            print("URL check failed:\n  " + "\n  ".join(problems), file=sys.stderr)
            return 1
        if args.urls_only_check:
            print("URL check: every URL answered 200 as its persona.")
            return 0

        rows = []
        for group in args.groups:
            for persona, urls in group.runs:
                results = run_bench(args, group, persona, urls, headers_of[persona], server_env)
                rows += [row(group, persona, url, results[url]) for url in urls]
    finally:
        for url in (redis_url, redis_cache_url):
            try:
                flush_redis(url)
            except Exception as error:  # cleanup: report, go on
                print(f"could not flush {url}: {error}", file=sys.stderr)
        if not args.keep_db:
            drop_database(server_url, args.database_name)

    load_after = os.getloadavg()
    header = (
        f"{time.strftime('%Y-%m-%d %H:%M %Z')}; {os.cpu_count()} cores, load average "
        f"{load_before[0]:.2f} before, {load_after[0]:.2f} after; {data['schools']:,} schools, "
        f"{data['applications']:,} applications, PostgreSQL and Redis, DJANGO_DEBUG=0; "
        f"bench.py: {args.rounds} rounds x {args.duration}s, 8 connections, 2 sync workers"
    )
    print(header)
    print(text_table(rows))
    if args.markdown:
        args.markdown.write_text(f"{header}\n\n{markdown_table(rows)}\n")
        print(f"written to {args.markdown}", file=sys.stderr)
    return 0 if all(entry["met"] in ("yes", "no") for entry in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
