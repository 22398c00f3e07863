"""What the public forms share: a counter in the cache for their limits (so many submissions per
e-mail address and per network address a day), and the hash under which a secret link's token is
kept. Meet the Professor's and the research questions' forms both use them. The cache is
`iclon.core.cache.ResilientRedisCache`: with Redis away the count is kept per process, and the
limit still holds."""

from __future__ import annotations

import datetime
import hashlib

from django.core.cache import cache


def token_hash(token: str) -> str:
    """The sha256 of a secret link's token: the database keeps this, never the token."""
    return hashlib.sha256((token or "").encode()).hexdigest()


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
