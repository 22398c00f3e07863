"""A counter in the cache for the public forms' limits (so many submissions per e-mail address and
per network address a day): Meet the Professor's and the research questions' forms both count
with it. The cache is `iclon.core.cache.ResilientRedisCache`: with Redis away the count is kept
per process, and the limit still holds."""

from __future__ import annotations

import datetime

from django.core.cache import cache


def count_within(key: str, *, limit: int, window: datetime.timedelta) -> bool:
    """Count one more under `key` for `window`; False once the count passes `limit`."""
    timeout = int(window.total_seconds())
    cache.add(key, 0, timeout=timeout)
    try:
        count = cache.incr(key)
    except ValueError:  # the entry expired between add and incr
        cache.set(key, 1, timeout=timeout)
        count = 1
    return count <= limit
