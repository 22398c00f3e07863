#!/usr/bin/env python
"""Benchmark of the partnerships data: bulk generation, the DUO import and the school pages.

Reports numbers, not pass/fail. Uses its own database: a temporary SQLite file by default, or the
PostgreSQL database named by --postgres (created and dropped).

    .venv/bin/python benchmarks/partnerships.py --schools 10000
    .venv/bin/python benchmarks/partnerships.py --schools 10000 --postgres iclon_bench
"""

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DUO_FILE = ROOT / "tests" / "data" / "duo" / "alle-vestigingen-vo.csv"


def timed(label, function, repeat=1):
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(f"{label:<55} {median * 1000:10.1f} ms" + (f"  (median of {repeat})" if repeat > 1 else ""))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=10_000)
    parser.add_argument("--postgres", help="name of a PostgreSQL database to create on 127.0.0.1 (dropped after)")
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
        CELERY_TASK_ALWAYS_EAGER="1",
    )
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_scopes import scopes_disabled

    from iclon.accounts.models import User
    from partnerships.services.duo_import import import_duo_file

    print(f"database: {connection.vendor} ({url.split('@')[-1]})")
    call_command("migrate", verbosity=0)
    devnull = open(os.devnull, "w")  # noqa: SIM115
    timed(
        f"seed_scale --schools {args.schools}", lambda: call_command("seed_scale", schools=args.schools, stdout=devnull)
    )
    raw = DUO_FILE.read_bytes()
    report = timed("DUO import, national file (1,630 rows), first run", lambda: import_duo_file(raw, actor=None))
    print(f"  {report.summary()}")
    timed("DUO import, national file, second run (all unchanged)", lambda: import_duo_file(raw, actor=None))

    admin = User.objects.create_superuser("bench@example.org", "bench-password-123", full_name="Bench")
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(admin, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client = Client()
    client.force_login(admin)
    for label, url_path in [
        ("admin school changelist (100 rows of all)", "/admin/partnerships/school/"),
        ("admin school changelist, search 'college'", "/admin/partnerships/school/?q=college"),
        ("API /api/v1/schools/ (page of 25)", "/api/v1/schools/"),
        ("API /api/v1/schools/?page_size=100&search=lyceum", "/api/v1/schools/?page_size=100&search=lyceum"),
    ]:
        with scopes_disabled(), CaptureQueriesContext(connection) as queries:
            response = client.get(url_path)
        assert response.status_code == 200, (url_path, response.status_code)
        timed(f"{label} [{len(queries)} queries]", lambda u=url_path: client.get(u), repeat=5)
    connection.close()
    if args.postgres:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", args.postgres], check=True)


if __name__ == "__main__":
    main()
