"""The view a path resolves to, remembered per path: the whole-page caches (iclon/core/pagecache.py,
iclon/core/personalpages.py) look at the view's marks before the rest of the stack runs, on every
GET, and resolving walks the URL patterns."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import Resolver404, get_urlconf, resolve


def resolved_view(path: str) -> Callable | None:
    """The view function `path` resolves to under the current URLconf, or None."""
    return _resolved(path, get_urlconf())


@lru_cache(maxsize=2048)
def _resolved(path: str, urlconf: str | None) -> Callable | None:
    try:
        return resolve(path, urlconf).func
    except Resolver404:
        return None


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs: Any) -> None:
    if setting == "ROOT_URLCONF":
        _resolved.cache_clear()
