"""Whole public pages for anonymous visitors, answered from the shared cache before the expensive
middleware runs (sessions, CSRF, authentication, messages, tenancy, the templates).

A view opts in with `@public_page(params=...)`, naming the query parameters it reads.
`PublicPageMiddleware` sits right after the security and static-file middleware. For a GET from
a visitor without a session or a pending message it resolves the path (cached per path), and, if
the view opted in and the request carries no other parameter, looks the page up in one round trip
together with the public version. A hit is answered as it was first rendered: body, status and
headers (Content-Security-Policy, Vary, Content-Language, the security headers) as stored. A miss
runs the whole stack and stores the response if it is fit to share:

* status 200, not streamed, no Cache-Control of its own (private pages set one);
* no cookie set, no CSRF token rendered (`CSRF_COOKIE_USED`) and no CSP nonce asked for: every
  visitor gets the same bytes, so nothing in them may belong to one response. The layout therefore
  loads its scripts from static files (allowed by `script-src 'self'`) without a nonce, and the
  language switch needs no CSRF token (iclon/urls.py);
* the visitor is still anonymous.

The key is the scheme, host, path, the page's parameters (sorted by name, values in their order,
empty ones kept: a form treats `?q=` differently from no `q`), the language the request asks for
(cookie, then Accept-Language, as LocaleMiddleware decides) and today's date in the portal's time
zone (pages show passed deadlines as closed). htmx requests, which may get a fragment, are never
served from here.

Freshness: an entry holds the public version it was rendered at. `retire_public_pages()` sets a
new version, which retires every page at once; the routes catalogue calls it on every change of
its rows (programmes/catalogue/cache.py). Each process also keeps the pages it served lately
(`LOCAL_ENTRIES`) with the version it last read: for PUBLIC_PAGE_VERSION_CHECK_SECONDS (1 s) it
answers them without asking Redis, so a change made in another process shows there within that
second (in the process that made it, at once). An entry also expires after its timeout (the page's own,
or PUBLIC_PAGE_CACHE_SECONDS; 0 turns the cache off). With the per-process cache (no Redis) each process sees only its
own changes, hence the short default timeout there; while Redis cannot be reached
(iclon/core/cache.py) nothing is served from or written to the cache.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language_from_request

from iclon.core.cache import is_degraded
from iclon.core.personalpages import retire_personal_pages
from iclon.core.routing import resolved_view

logger = logging.getLogger(__name__)

VERSION_KEY = "core:public-pages-version"
ENTRY_KEY_PREFIX = "core:public-page:"
ATTRIBUTE = "public_page_policy"


@dataclass(frozen=True)
class PublicPagePolicy:
    #: The query parameters the view reads; a request with any other is not served from the cache.
    params: frozenset[str]
    #: Seconds an entry lives; None: settings.PUBLIC_PAGE_CACHE_SECONDS.
    timeout: int | None = None


def public_page(*, params: Iterable[str] = (), timeout: int | None = None) -> Callable:
    """Mark a view whose answer to an anonymous visitor is the same for everyone who asks the same
    question (path, `params`, language, day), so that it may be served whole from the cache."""
    policy = PublicPagePolicy(params=frozenset(params), timeout=timeout)

    def decorate(view: Callable) -> Callable:
        setattr(view, ATTRIBUTE, policy)
        return view

    return decorate


# The version ------------------------------------------------------------------------------------


class LocalCopy:
    """This process's copy of the public version and of the entries it served lately (an LRU of
    LOCAL_ENTRIES pages). The version is trusted for PUBLIC_PAGE_VERSION_CHECK_SECONDS after it
    was read from the shared cache; then the next request reads it again."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.lock = threading.Lock()
        self.clear()

    def clear(self) -> None:
        self.version: int | None = None
        self.checked = 0.0
        self.entries: OrderedDict[str, tuple] = OrderedDict()

    def trusted_version(self) -> int | None:
        if self.version is not None and time.monotonic() - self.checked < settings.PUBLIC_PAGE_VERSION_CHECK_SECONDS:
            return self.version
        return None

    def saw_version(self, version: int) -> None:
        with self.lock:
            if version != self.version:
                self.entries.clear()
            self.version, self.checked = version, time.monotonic()

    def get(self, key: str, version: int) -> tuple | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is None or entry[0] != version:
                return None
            self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: tuple) -> None:
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


LOCAL_ENTRIES = 256
local_copy = LocalCopy(LOCAL_ENTRIES)


def retire_public_pages() -> None:
    """Retire every cached public page (a new version; the entries of older ones are misses)."""
    # A fresh number rather than a counter: an evicted counter would start again at 1 and revive
    # old entries; a timestamp never repeats.
    version = time.time_ns()
    # What the public pages show (routes, schools) personal pages show too.
    retire_personal_pages()
    local_copy.saw_version(version)  # this process at once, whatever the shared cache does
    try:
        cache.set(VERSION_KEY, version, timeout=None)
    except Exception:
        # A cache outage must not stop staff from saving; the entries expire on their own.
        logger.exception("Could not retire the cached public pages")


def public_data_changed(*, using: str = "default", **kwargs) -> None:
    """A signal receiver for rows that public pages or lists show: retire them at once (the same
    transaction reads its change) and at commit (a page rendered meanwhile saw the old rows)."""
    retire_public_pages()
    transaction.on_commit(retire_public_pages, using=using)


def current_version(found: dict) -> int:
    """The public version from `found` (a get_many answer that asked for VERSION_KEY), or a new one."""
    version = found.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


# Which requests --------------------------------------------------------------------------------


def _policy_for(path: str) -> PublicPagePolicy | None:
    return getattr(resolved_view(path), ATTRIBUTE, None)


def _cookie_names() -> tuple[str, ...]:
    # A session may hold a signed-in user or a form's progress; a messages cookie a notice to show.
    return (settings.SESSION_COOKIE_NAME, "messages")


def entry_key(request: HttpRequest, policy: PublicPagePolicy) -> str | None:
    """The cache key of the page `request` asks for, or None when it may not come from the cache."""
    if request.method != "GET" or "HTTP_HX_REQUEST" in request.META or "HTTP_AUTHORIZATION" in request.META:
        return None
    if any(name in request.COOKIES for name in _cookie_names()):
        return None
    query = request.GET
    if any(name not in policy.params for name in query):
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # the stack answers 400
    return shared_key(ENTRY_KEY_PREFIX, request, query, host=host, language=get_language_from_request(request))


def shared_key(prefix: str, request: HttpRequest, query, *, host: str, language: str) -> str:
    """A key for what everyone gets who asks the same: scheme, host, path, every parameter of `query`
    (sorted by name, values in their order, empty ones kept: a form treats `?q=` differently from
    no `q`), the language and today's date in the portal's time zone. Hashed: query strings can be
    long."""
    pairs = [(name, value) for name in sorted(query) for value in query.getlist(name)]
    raw = "\n".join([request.scheme, host, request.path, repr(pairs), language, timezone.localdate().isoformat()])
    return prefix + hashlib.sha256(raw.encode()).hexdigest()


def read_shared(key: str) -> tuple[int | None, tuple | None]:
    """(version, entry) for `key`: from this process's copy while its version is trusted, else from
    the shared cache with the current version in one round trip. The entry is None on a miss or when
    it is of an older version; both are None when the shared cache cannot be read."""
    version = local_copy.trusted_version()
    if version is not None and (entry := local_copy.get(key, version)) is not None:
        return version, entry
    try:
        found = cache.get_many([VERSION_KEY, key])
        version = current_version(found)
    except Exception:
        logger.exception("The shared cache of public answers cannot be read")
        return None, None
    local_copy.saw_version(version)
    entry = found.get(key)
    if entry is None or entry[0] != version:
        return version, None
    local_copy.put(key, entry)
    return version, entry


def write_shared(key: str, entry: tuple, *, timeout: int) -> None:
    """Keep `entry` (its first item the version it was made at) in the shared cache and this
    process's copy; not while Redis is away (the read may have been the one that found it so)."""
    if is_degraded():
        return
    try:
        cache.set(key, entry, timeout=timeout)
    except Exception:
        logger.exception("The shared cache of public answers cannot be written")
    else:
        local_copy.put(key, entry)


def _shareable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.has_header("Cache-Control"):
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_USED"):
        return False
    if isinstance(getattr(request, "_csp_nonce", None), str):
        return False
    user = request.__dict__.get("user")
    return not (user is not None and user.is_authenticated)


# The middleware ---------------------------------------------------------------------------------


class PublicPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if request.method != "GET" or settings.PUBLIC_PAGE_CACHE_SECONDS <= 0:
            return self.get_response(request)
        policy = _policy_for(request.path_info)
        key = entry_key(request, policy) if policy is not None else None
        if key is None or is_degraded():
            return self.get_response(request)
        version, entry = read_shared(key)
        if version is None:
            return self.get_response(request)
        if entry is not None:
            return _response_from(entry)
        response = self.get_response(request)
        if _shareable(request, response):
            timeout = policy.timeout if policy.timeout is not None else settings.PUBLIC_PAGE_CACHE_SECONDS
            write_shared(key, _entry_of(version, response), timeout=timeout)
        return response


def _entry_of(version: int, response: HttpResponse) -> tuple:
    return (version, response.status_code, list(response.items()), response.content)


def _response_from(entry: tuple) -> HttpResponse:
    _version, status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response
