"""Where a request goes: the view a path resolves to, remembered per path (the whole-page caches,
iclon/core/pagecache.py and iclon/core/personalpages.py, look at the view's marks before the rest of
the stack runs, on every GET, and resolving walks the URL patterns), and the safe `next` of a form."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.urls import Resolver404, get_urlconf, resolve
from django.utils.http import url_has_allowed_host_and_scheme


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


def safe_next(request: HttpRequest, default: str) -> str:
    """The `next` a form sent (or the address carries), when it points into the portal; `default`
    otherwise (never to another site: an open redirect)."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def absolute_url(path: str) -> str:
    """`path` on the portal as the outside sees it (PORTAL_BASE_URL): for e-mails and feeds."""
    return f"{settings.PORTAL_BASE_URL}{path}"
