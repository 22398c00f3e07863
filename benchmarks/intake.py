#!/usr/bin/env python
"""Benchmark of intake at volume: seed_scale --applications, the admin changelist of applications
and the applications API, as an intake officer.

Reports numbers, not pass/fail. Uses its own database: a temporary SQLite file by default, or the
PostgreSQL database named by --postgres (created and dropped). Documents of the demo go to a
temporary folder.

    .venv/bin/python benchmarks/intake.py --applications 100000
    .venv/bin/python benchmarks/intake.py --applications 100000 --postgres iclon_bench
    .venv/bin/python benchmarks/intake.py --applications 100000 --postgres iclon_bench --keep
"""

import argparse
import logging
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(label, function, repeat=1):
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(f"{label:<62} {median * 1000:10.1f} ms" + (f"  (median of {repeat})" if repeat > 1 else ""))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5, help="runs per page; the median is reported")
    parser.add_argument("--postgres", help="name of a PostgreSQL database to create on 127.0.0.1 (dropped after)")
    parser.add_argument(
        "--keep", action="store_true", help="keep the PostgreSQL database afterwards (to EXPLAIN queries in psql)"
    )
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory()
    if args.postgres:
        url = f"postgres://postgres@127.0.0.1:5432/{args.postgres}"
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", args.postgres], check=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", args.postgres], check=True)
    else:
        url = f"sqlite:///{tmp.name}/bench.sqlite3"
    os.environ.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="iclon.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),  # DEBUG is off: a key of its own
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_STATIC_MANIFEST="0",
        WHITENOISE_USE_FINDERS="1",
        DJANGO_DOCUMENTS_ROOT=f"{tmp.name}/documents",
        CELERY_TASK_ALWAYS_EAGER="1",
        # The demo's status changes notify the demo applicants: keep those e-mails in memory.
        EMAIL_URL="memorymail://",
    )
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    logging.getLogger("celery").setLevel(logging.WARNING)  # the demo's e-mail tasks, one line each
    from django.apps import apps
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_scopes import scopes_disabled

    from iclon.accounts.models import User
    from programmes.models import Application

    print(f"database: {connection.vendor} ({url.split('@')[-1]})")
    call_command("migrate", verbosity=0)
    devnull = open(os.devnull, "w")  # noqa: SIM115

    def seed_demo():
        # What `manage.py seed_demo` does, without its DEBUG guard (this database is thrown away).
        with scopes_disabled(), transaction.atomic():
            for config in apps.get_app_configs():
                if hasattr(config, "seed_demo"):
                    config.seed_demo(devnull, None)

    timed("seed_demo (catalogue, accounts, demo applications)", seed_demo)
    timed(
        f"seed_scale --applications {args.applications}",
        lambda: call_command("seed_scale", applications=args.applications, stdout=devnull),
    )
    print(f"  {Application.objects.count()} applications in the database")
    if connection.vendor == "postgresql":
        # What autovacuum does within a minute or so of a bulk load in production; without it the
        # planner has no statistics for the new rows (nor for the trigram indexes' expressions)
        # and misjudges how many rows a search matches.
        timed("ANALYZE (the planner's statistics, as autovacuum would)", lambda: connection.cursor().execute("ANALYZE"))
    timed(
        "anonymise_applications --dry-run (which are due)",
        lambda: call_command("anonymise_applications", dry_run=True, stdout=devnull),
    )

    officer = User.objects.get(email="intake@example.org")  # the demo intake officer, with TOTP
    client = Client()
    client.force_login(officer)
    name = "Visser"  # one of the generated last names (about 1 in 30 applications)
    first_name = "Grace"  # one of the generated first names (about 1 in 30 applications)
    # Part of a generated applicant's e-mail address (the account of about 32 applications).
    email_part = "aanmelder-0000123"
    rare = "Zwaluw"  # matches no application: the whole table is searched for nothing
    pages = [
        ("admin changelist of applications (page 1 of 50)", "/admin/programmes/application/"),
        ("admin changelist, status = in review", "/admin/programmes/application/?status__exact=in_review"),
        (f"admin changelist, search '{name}'", f"/admin/programmes/application/?q={name}"),
        (f"admin changelist, search '{first_name}'", f"/admin/programmes/application/?q={first_name}"),
        (f"admin changelist, search '{email_part}'", f"/admin/programmes/application/?q={email_part}"),
        (f"admin changelist, search '{rare}' (no match)", f"/admin/programmes/application/?q={rare}"),
        ("admin changelist, page 50", "/admin/programmes/application/?p=50"),
        ("API /api/v1/applications/ (first page)", "/api/v1/applications/"),
        ("API /api/v1/applications/?status=in_review", "/api/v1/applications/?status=in_review"),
        ("API /api/v1/applications/?page=50", "/api/v1/applications/?page=50"),
    ]
    for label, url_path in pages:
        with scopes_disabled(), CaptureQueriesContext(connection) as queries:
            response = client.get(url_path)
        if response.status_code != 200:
            print(f"{label:<62} HTTP {response.status_code} (not measured)")
            continue
        timed(f"{label} [{len(queries)} queries]", lambda u=url_path: client.get(u), repeat=args.repeat)
    connection.close()
    if args.postgres and not args.keep:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", args.postgres], check=True)


if __name__ == "__main__":
    main()
