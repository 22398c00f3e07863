"""The cache backend: Redis, and a per-process cache while Redis cannot be reached.

Rate limits (allauth's logins, sign-ups and password resets; the outreach visit form), the API's
throttles (DRF) and the routes pages all keep their state in the default cache. With Django's
`RedisCache` an unreachable Redis raised in every one of them, so login, password reset and the
whole API answered 500. `ResilientRedisCache` catches the connection errors instead:

- The operation is done on a local-memory cache of this process (`LocMemCache`). Rate limits and
  throttles thereby become limits per process: still enforced, counted by each process on its own.
- An error is logged at most once a minute per process (not once per request), naming no address.
- For `RETRY_SECONDS` after a failure the process does not ask Redis again, so that a Redis that
  does not answer at all costs one request a connect timeout, not every request of a minute every
  operation. Then it asks again; as soon as Redis answers, it is used again.
- The keys this process wrote during the outage (a bumped catalogue version, a counter) are deleted
  from Redis when it answers again, so that no other process reads a value older than this one's.
- `is_degraded()` tells pages that cache what they render (programmes/catalogue/cache.py) to go to
  the database meanwhile: a page cached per process would not see another process's changes.
- Errors that are not an outage (a command on a value of the wrong type) still raise.

Sessions are not in the cache (SESSION_ENGINE is the database's), so no one is logged out.
`/health/ready` asks Redis itself (`check`), never the stand-in: it says 503 while Redis is down.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import redis
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

#: What counts as Redis being away (refused, timed out, loading, a read-only replica after a
#: failover); anything else is a bug and raises.
OUTAGE_ERRORS: tuple[type[Exception], ...] = (
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    redis.exceptions.ReadOnlyError,
)
#: At most one error line per process in this many seconds while Redis stays away.
LOG_INTERVAL = 60.0
#: The stand-in holds this many keys at most (LocMemCache's default, 300, would cull throttles).
FALLBACK_MAX_ENTRIES = 10_000
#: Keys written during an outage, to delete from Redis on its return; beyond this many, the oldest
#: are left to expire on their own (and a warning says so).
DIRTY_KEYS_LIMIT = 10_000


@dataclass
class _Outage:
    """What this process knows about one Redis location; shared by the threads' backends (Django
    makes one backend instance per thread)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    down: bool = False
    retry_at: float = 0.0  # time.monotonic(); before it, Redis is not asked
    logged_at: float | None = None
    failures: int = 0  # operations served by the stand-in since the last log line
    dirty: dict[str, None] = field(default_factory=dict)  # an ordered set
    dirty_overflow: bool = False


_OUTAGES: dict[str, _Outage] = {}
_OUTAGES_LOCK = threading.Lock()


def _outage_for(location: str) -> _Outage:
    with _OUTAGES_LOCK:
        return _OUTAGES.setdefault(location, _Outage())


class ResilientRedisCache(RedisCache):
    """Django's RedisCache that keeps working on a per-process cache while Redis is away (see the
    module). OPTIONS may hold `RETRY_SECONDS` (default 5); the rest goes to redis-py as before."""

    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        params = dict(params)
        options = dict(params.get("OPTIONS", {}))
        self.retry_seconds = float(options.pop("RETRY_SECONDS", 5.0))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._location = ",".join(self._servers)  # type: ignore[attr-defined]
        self._outage = _outage_for(self._location)
        self._fallback = LocMemCache(
            f"iclon-cache-fallback:{self._location}",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "KEY_PREFIX": params.get("KEY_PREFIX", ""),
                "VERSION": params.get("VERSION", 1),
                "KEY_FUNCTION": params.get("KEY_FUNCTION"),
                "OPTIONS": {"MAX_ENTRIES": FALLBACK_MAX_ENTRIES},
            },
        )

    # --- the state -----------------------------------------------------------------------------

    @property
    def degraded(self) -> bool:
        """Redis was away at the last attempt: operations go to this process's stand-in."""
        return self._outage.down

    def check(self) -> None:
        """Store and read a value in Redis itself (for /health/ready); raises if Redis is away."""
        key = "health:probe"
        RedisCache.set(self, key, "1", timeout=10)
        if RedisCache.get(self, key) != "1":
            raise RuntimeError("the cache did not return the value stored")

    def _redis_due(self) -> bool:
        outage = self._outage
        return not outage.down or time.monotonic() >= outage.retry_at

    def _went_away(self, operation: str, error: Exception) -> None:
        outage = self._outage
        now = time.monotonic()
        with outage.lock:
            outage.down = True
            outage.retry_at = now + self.retry_seconds
            outage.failures += 1
            if outage.logged_at is not None and now - outage.logged_at < LOG_INTERVAL:
                return
            outage.logged_at = now
            failures, outage.failures = outage.failures, 0
        # The error's type only: its text may hold the address (and a password in the URL).
        logger.error(
            "The cache (Redis) cannot be reached (%s in %s; %d operation(s) since the last report): "
            "rate limits and throttles count per process, cached pages come from the database, "
            "until it answers again",
            type(error).__name__,
            operation,
            failures,
        )

    def _served_by_fallback(self) -> None:
        with self._outage.lock:
            self._outage.failures += 1

    def _come_back(self) -> None:
        """Redis is due to be asked again after an outage: first retire the keys this process wrote
        meanwhile (or just PING), so that the operation that follows cannot read a value older than
        this process's; raises the outage error if Redis is still away."""
        outage = self._outage
        with outage.lock:
            dirty = list(outage.dirty)
            overflow = outage.dirty_overflow
        client = self._cache.get_client(None, write=True)  # type: ignore[attr-defined]
        if dirty:
            client.delete(*dirty)  # the keys are made already (prefix and version)
        else:
            client.ping()
        with outage.lock:
            if not outage.down:
                return  # another thread came back first
            outage.down = False
            outage.logged_at = None
            outage.failures = 0
            for key in dirty:
                outage.dirty.pop(key, None)
            outage.dirty_overflow = False
        # The next outage starts with an empty stand-in, not with what this one left in it.
        self._fallback.clear()
        logger.warning(
            "The cache (Redis) answers again; %d key(s) written meanwhile were retired%s",
            len(dirty),
            " (more were written than could be remembered; those expire on their own)" if overflow else "",
        )

    def _remember_dirty(self, keys: list[Any], version: int | None) -> None:
        made = [self.make_and_validate_key(key, version=version) for key in keys]
        with self._outage.lock:
            dirty = self._outage.dirty
            for key in made:
                dirty[key] = None
            while len(dirty) > DIRTY_KEYS_LIMIT:
                dirty.pop(next(iter(dirty)))
                self._outage.dirty_overflow = True

    def _call(self, operation: str, args: tuple, kwargs: dict, *, writes: list[Any] | None = None) -> Any:
        """`operation` on Redis if it is due to be asked, on the stand-in if it is away. `writes`:
        the keys the operation changes (remembered, if it goes to the stand-in)."""
        if self._redis_due():
            try:
                if self._outage.down:
                    self._come_back()
                return getattr(super(), operation)(*args, **kwargs)
            except OUTAGE_ERRORS as error:
                self._went_away(operation, error)
        else:
            self._served_by_fallback()
        if writes:
            self._remember_dirty(writes, kwargs.get("version"))
        return getattr(self._fallback, operation)(*args, **kwargs)

    # --- the operations (BaseCache's others, get_or_set, decr …, are built on these) ------------

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._call("add", (key, value), {"timeout": timeout, "version": version}, writes=[key])

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._call("get", (key,), {"default": default, "version": version})

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        return self._call("set", (key, value), {"timeout": timeout, "version": version}, writes=[key])

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._call("touch", (key,), {"timeout": timeout, "version": version}, writes=[key])

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._call("delete", (key,), {"version": version}, writes=[key])

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        return self._call("get_many", (keys,), {"version": version})

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._call("has_key", (key,), {"version": version})

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        return self._call("incr", (key,), {"delta": delta, "version": version}, writes=[key])

    def set_many(self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> list[Any]:
        return self._call("set_many", (data,), {"timeout": timeout, "version": version}, writes=list(data))

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        return self._call("delete_many", (keys,), {"version": version}, writes=list(keys))

    def clear(self) -> None:
        return self._call("clear", (), {})


def is_degraded(alias: str = "default") -> bool:
    """The cache `alias` stands in for an unreachable Redis in this process (pages that cache
    what they render go to the database meanwhile)."""
    return bool(getattr(caches[alias], "degraded", False))
