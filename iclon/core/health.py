"""Health endpoints for load balancers and orchestrators (docs/operations.md).

- `/health/live`: the process answers (200), whatever the services behind it.
- `/health/ready`: the database, the cache and the Celery broker each answer within
  `HEALTH_CHECK_TIMEOUT` seconds (200); otherwise 503 naming what is down. The answer names services
  only, never an address, a password or an error's text.

They are answered by the first middleware, before anything else runs: no host check (a load
balancer asks by IP address), no HTTPS redirect, no session, no rate limit, no language, no login.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

import redis
from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.http import HttpRequest, HttpResponse, JsonResponse

from iclon.core.cache import ResilientRedisCache

logger = logging.getLogger(__name__)

LIVE = "/health/live"
READY = "/health/ready"
PROBE_KEY = "health:probe"


def check_database() -> str:
    """Every configured database answers `SELECT 1` (on a connection of this thread, closed after)."""
    try:
        for alias in connections:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
    finally:
        for connection in connections.all(initialized_only=True):
            connection.close()
    return "ok"


def check_cache() -> str:
    """The default cache stores and returns a value; a Redis cache is asked itself, never the
    per-process stand-in it uses while Redis is away (iclon/core/cache.py)."""
    cache = caches["default"]
    if isinstance(cache, ResilientRedisCache):
        cache.check()
        return "ok"
    cache.set(PROBE_KEY, "1", timeout=10)
    if cache.get(PROBE_KEY) != "1":
        raise RuntimeError("the cache did not return the value stored")
    return "ok"


def check_broker() -> str:
    """The Celery broker answers a PING (Redis); without a broker tasks run in the process."""
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        return "not used"
    timeout = settings.HEALTH_CHECK_TIMEOUT
    client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        client.ping()
    finally:
        client.close()
    return "ok"


CHECKS: dict[str, Callable[[], str]] = {"database": check_database, "cache": check_cache, "broker": check_broker}


def readiness() -> tuple[bool, dict[str, str]]:
    """Run the checks side by side, each bounded by HEALTH_CHECK_TIMEOUT: (all well, state per check)."""
    timeout = settings.HEALTH_CHECK_TIMEOUT
    results: dict[str, str] = {}
    pool = ThreadPoolExecutor(max_workers=len(CHECKS), thread_name_prefix="health")
    try:
        futures = {name: pool.submit(check) for name, check in CHECKS.items()}
        for name, future in futures.items():
            try:
                results[name] = future.result(timeout=timeout)
            except FutureTimeout:
                results[name] = "down"
                logger.error("Health check %s: no answer within %s s", name, timeout)
            except Exception as error:
                results[name] = "down"
                logger.error("Health check %s failed: %s", name, type(error).__name__)
    finally:
        # A check that hangs is left to finish in its thread; the answer does not wait for it.
        pool.shutdown(wait=False, cancel_futures=True)
    return all(state != "down" for state in results.values()), results


def _answer(data: dict, status: int = 200) -> HttpResponse:
    response = JsonResponse(data, status=status)
    response["Cache-Control"] = "no-store"
    return response


class HealthMiddleware:
    """Answers the health endpoints before the rest of the middleware runs (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info.rstrip("/")
        if path == LIVE:
            return _answer({"status": "live"})
        if path == READY:
            ready, checks = readiness()
            if ready:
                return _answer({"status": "ready", "checks": checks})
            down = [name for name, state in checks.items() if state == "down"]
            return _answer({"status": "unavailable", "down": down, "checks": checks}, status=503)
        return self.get_response(request)
