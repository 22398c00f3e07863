#!/usr/bin/env python
"""Benchmark of the placement matching page at volume: time and number of queries.

Reports numbers, not pass/fail. Builds a fresh SQLite database in a temporary folder (migrate,
seed_demo, seed_scale --trainees N --offers M, timing the seed), then, in this process, signs in
a placement coordinator (with TOTP set up, as staff must have) through Django's test client and
requests the matching page: the first page, a page further on, and a page filtered by subject.
Each is requested a few times; the first (cold) and the median of the rest are printed in ms,
with the number of queries of one request.

    .venv/bin/python benchmarks/placements.py
    .venv/bin/python benchmarks/placements.py --trainees 2000 --offers 5000 --repeat 5
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(env: dict, *args: str) -> float:
    started = time.perf_counter()
    # The seed's log lines (queued notifications) go to a file next to the database.
    with open(Path(env["DATABASE_URL"].removeprefix("sqlite:///")).with_suffix(".log"), "a") as log:
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=log, stderr=log)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trainees", type=int, default=2000)
    parser.add_argument("--offers", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="iclon-placements-bench-")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "benchmark-only-" + "x" * 40,
        "DJANGO_STATIC_MANIFEST": "0",  # no collectstatic: serve the files as they are
        "WHITENOISE_USE_FINDERS": "1",
    }
    env.pop("REDIS_URL", None)
    print(f"database: {folder}/bench.sqlite3")
    print(f"migrate: {manage(env, 'migrate', '--no-input'):.1f} s")
    # seed_demo makes demo accounts with published passwords and refuses to run without DEBUG;
    # the pages are measured with DEBUG off, as in production.
    seed_env = {**env, "DJANGO_DEBUG": "1"}
    print(f"seed_demo: {manage(seed_env, 'seed_demo'):.1f} s")
    seconds = manage(seed_env, "seed_scale", "--trainees", str(args.trainees), "--offers", str(args.offers))
    print(f"seed_scale --trainees {args.trainees} --offers {args.offers}: {seconds:.1f} s")

    os.environ.update(
        {
            key: env[key]
            for key in env
            if key in ("DATABASE_URL", "DJANGO_DEBUG", "DJANGO_SECRET_KEY", "DJANGO_STATIC_MANIFEST")
            or key == "WHITENOISE_USE_FINDERS"
        }
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iclon.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from iclon.accounts.models import User
    from iclon.accounts.roles import StaffGroup
    from programmes.models import Application, PlacementOffer, SchoolSubject
    from programmes.placements.scale import coming_period

    coordinator = User.objects.create_user(email="bench-coordinator@example.org", password=None, is_staff=True)
    coordinator.groups.add(Group.objects.get(name=StaffGroup.PLACEMENT_COORDINATOR))
    TOTP.activate(coordinator, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    period = coming_period()
    subject = (
        SchoolSubject.objects.filter(placement_offers__period=period, applications__isnull=False).order_by("pk").first()
    )
    offers = PlacementOffer.objects.unscoped().filter(period=period).count()
    trainees = Application.objects.filter(status__in=["admitted", "admitted_with_conditions", "enrolled"]).count()
    print(f"period {period.slug}: {offers} offers, {trainees} trainees")

    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(coordinator)
    pages = [
        ("matching, first page", f"/placements/matching/?period={period.slug}"),
        ("matching, page 40", f"/placements/matching/?period={period.slug}&page=40"),
        (f"matching, subject {subject.slug}", f"/placements/matching/?period={period.slug}&subject={subject.slug}"),
        ("overview", "/placements/overview/"),
    ]
    print(f"{'page':40} {'cold ms':>9} {'median ms':>10} {'queries':>8}")
    for label, url in pages:
        times = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url, secure=True)  # production redirects http to https
                times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
        warm = statistics.median(times[1:]) if len(times) > 1 else times[0]
        print(f"{label:40} {times[0]:9.0f} {warm:10.0f} {len(queries):8d}")


if __name__ == "__main__":
    main()
