#!/usr/bin/env python
"""Benchmark of the routes pages under gunicorn: requests per second, cold and from the cache.

Reports numbers, not pass/fail. Builds a fresh SQLite database in a temporary folder (migrate,
seed_demo, seed_scale --pathways N), then starts gunicorn twice on it, as in production
(DJANGO_DEBUG=0, no Redis, so each worker has its own local-memory cache):

* with the page cache off (CATALOGUE_CACHE_SECONDS=0): every request renders from the database;
* with the page cache on: after a warm-up, anonymous requests are served from each worker's cache.

Against each it measures, from separate client processes (http.client, one connection per request,
as gunicorn's sync workers close them), a bare Django view that touches no database (mounted only
here, behind the same middleware as every page) and the catalogue, a filtered catalogue, a pathway
page and a subject page. It prints requests per second and the p50/p95 latency of each.

    .venv/bin/python benchmarks/catalogue.py
    .venv/bin/python benchmarks/catalogue.py --pathways 1000 --workers 2 --clients 4 --seconds 10
"""

import argparse
import http.client
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE = "/__bench__/bare/"
PAGES = [
    ("catalogue /routes/", "/routes/"),
    ("catalogue, filtered", "/routes/?subject=biologie&mode=full_time&q=master"),
    ("pathway page", "/routes/master-leraar-vho-voltijd/"),
    ("subject page", "/routes/subjects/biologie/"),
]


# Inside gunicorn ------------------------------------------------------------------------------


def wsgi_app():
    """gunicorn's application: the portal, plus a bare view at /__bench__/bare/ (this URLconf only)."""
    import types

    from django.conf import settings
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()  # sets Django up
    from django.http import HttpResponse
    from django.urls import include, path

    def bare(request):
        return HttpResponse("ok", content_type="text/plain")

    urls = types.ModuleType("catalogue_benchmark_urls")
    urls.urlpatterns = [path(BARE.strip("/") + "/", bare), path("", include(settings.ROOT_URLCONF))]
    sys.modules[urls.__name__] = urls
    settings.ROOT_URLCONF = urls.__name__
    return application


# The load ---------------------------------------------------------------------------------------


def _load(port: int, path: str, seconds: float) -> list[float]:
    """One client process: request `path` back to back for `seconds`; the latency of each."""
    latencies = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        start = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", path, headers={"Accept-Language": "nl"})
        response = connection.getresponse()
        response.read()
        connection.close()
        if response.status != 200:
            raise RuntimeError(f"{path}: HTTP {response.status}")
        latencies.append(time.perf_counter() - start)
    return latencies


def measure(pool, port: int, path: str, *, clients: int, seconds: float) -> tuple[float, float, float]:
    """Requests per second, p50 and p95 latency (ms) of `clients` processes requesting `path`."""
    started = time.perf_counter()
    results = list(pool.map(_load, [port] * clients, [path] * clients, [seconds] * clients))
    elapsed = time.perf_counter() - started
    latencies = sorted(latency for result in results for latency in result)
    p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]
    return len(latencies) / elapsed, statistics.median(latencies) * 1000, p95 * 1000


def warm_up(port: int, path: str, requests: int) -> None:
    for _ in range(requests):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", path, headers={"Accept-Language": "nl"})
        connection.getresponse().read()
        connection.close()


# The servers ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def start_gunicorn(env: dict, *, workers: int, cache_seconds: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    server_env = {**env, "DJANGO_DEBUG": "0", "CATALOGUE_CACHE_SECONDS": str(cache_seconds)}
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "catalogue:wsgi_app()",
            "--pythonpath",
            f"{ROOT / 'benchmarks'},{ROOT}",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=server_env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", BARE)
            if connection.getresponse().status == 200:
                return process, port
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("gunicorn did not start")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pathways", type=int, default=1000, help="pathways seed_scale adds to the demo catalogue")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn sync workers")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client processes")
    parser.add_argument("--seconds", type=float, default=8, help="duration of each measurement")
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp.name}/bench.sqlite3",
        "DJANGO_SETTINGS_MODULE": "iclon.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_STATIC_MANIFEST": "0",  # no collectstatic: serve the files as they are
        "DJANGO_LOG_LEVEL": "WARNING",
        "CELERY_TASK_ALWAYS_EAGER": "1",
        "PYTHONWARNINGS": "ignore:No directory at",  # whitenoise, without collectstatic
    }
    for name in ("REDIS_URL", "REDIS_CACHE_URL"):
        env.pop(name, None)

    started = time.perf_counter()
    manage(env, "migrate")
    manage({**env, "DJANGO_DEBUG": "1"}, "seed_demo")  # refused without debug (demo accounts)
    manage({**env, "DJANGO_DEBUG": "1"}, "seed_scale", "--pathways", str(args.pathways))
    print(
        f"database: SQLite, demo catalogue + {args.pathways} pathways ({time.perf_counter() - started:.0f} s to build)"
    )
    print(
        f"gunicorn: {args.workers} sync workers; load: {args.clients} client processes, {args.seconds:g} s each; "
        f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
    )
    print()
    print(f"{'page':<28} {'cache':<6} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}")
    print("-" * 62)

    def row(label: str, cache: str, result: tuple[float, float, float]) -> None:
        rps, p50, p95 = result
        print(f"{label:<28} {cache:<6} {rps:8.1f} {p50:8.1f} {p95:8.1f}", flush=True)

    with ProcessPoolExecutor(max_workers=args.clients) as pool:
        process, port = start_gunicorn(env, workers=args.workers, cache_seconds=0)
        try:
            row("bare Django view (no DB)", "-", measure(pool, port, BARE, clients=args.clients, seconds=args.seconds))
            for label, path in PAGES:
                warm_up(port, path, 2)
                row(label, "off", measure(pool, port, path, clients=args.clients, seconds=args.seconds))
        finally:
            stop(process)

        process, port = start_gunicorn(env, workers=args.workers, cache_seconds=3600)
        try:
            for label, path in PAGES:
                # Every worker has its own local-memory cache: enough requests to fill each.
                warm_up(port, path, 10 * args.workers)
                row(label, "warm", measure(pool, port, path, clients=args.clients, seconds=args.seconds))
        finally:
            stop(process)
    tmp.cleanup()


if __name__ == "__main__":
    main()
