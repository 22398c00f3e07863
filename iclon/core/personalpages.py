"""Whole personal pages (a signed-in user's dashboard, own lists, a staff API list) answered again
from the shared cache while nothing they may show has changed.

A view opts in with `@personal_page` (a function view), or `@personal_page(actions=("list",))` on a
DRF viewset. `PersonalPageMiddleware` sits right after the public pages' middleware, before the
session, CSRF, authentication, messages, tenancy and two-factor middleware. For a GET with a
session cookie, no htmx and no `Authorization` header, it reads the session (one round trip; the
session engine's own `load`) and, if a user is signed in, looks the page up together with the
versions it depends on (a second round trip). A hit is answered as it was first rendered (body,
status, headers); a miss runs the whole stack and stores the response when it is fit to keep.

What an entry is keyed by (hashed): the session key and a digest of the session's whole content
(a changed session is a new key: a message waiting in it, a two-factor step, a new login), the CSRF
cookie (the page's forms carry a token of that browser's secret), the scheme, host, path and every
parameter, the `Accept` header (the API answers JSON or its browsable HTML), the language
(cookie, then `Accept-Language`) and today's date. So an entry is only ever served to the browser
session that caused it, and only while that session is the same.

What retires an entry: it holds the versions it was rendered at, and is a miss once one moved.

* the personal version: a new value at every save or delete of a row of any model (a signal
  receiver on every model but the few in `UNTRACKED`: the sessions, the admin's log, the scheduler's
  bookkeeping), immediately and again at the commit. A page may show rows of many slices, so any
  change retires every personal page; a page of many users' is rendered again at most once per
  change. `retire_personal_pages()` is the same for code that changes rows with a bulk `update()`.
* the user's two versions of `iclon/core/usercache.py` (everybody's and the user's own), which the
  code that changes rows in bulk already moves (`notification_mark_read`);
* the timeout, `PERSONAL_PAGE_CACHE_SECONDS` (60 s by default; 0 turns the cache off): pages that
  show time ("due in 2 days", "5 minutes ago") are right within it.

What is stored: a 200 answer, not streamed, to a signed-in user who is still the session's user,
that set no cookie but the renewal of the browser's own CSRF cookie, left the session unchanged,
did not ask for a CSP nonce, and came from a request without a messages cookie. A hit repeats the
CSRF cookie's renewal when the stored answer had it (as CsrfViewMiddleware does).

What a hit skips and why that is safe: authentication (the session names the user and the
password's hash; a password change, a deactivation or a new authenticator is a save, so a new
version), the two-factor middleware (a staff member without two-factor authentication got a
redirect, which is not stored), tenancy (the page as rendered for this user), the throttle of the
API (the same answer again, at a fraction of the throttle's own cost), the access log line is
still written (RequestIdMiddleware comes first). While Redis cannot be reached nothing is served or
stored.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import timezone
from django.utils.translation import get_language_from_request

from iclon.core import usercache
from iclon.core.cache import is_degraded
from iclon.core.routing import resolved_view

logger = logging.getLogger(__name__)

VERSION_KEY = "core:personal-pages-version"
ENTRY_KEY_PREFIX = "core:personal-page:"
ATTRIBUTE = "personal_page_policy"

#: Models whose changes no personal page shows: the sessions (a session's content is in the key),
#: the admin's log (written with a change that moved the version already), the scheduler's
#: bookkeeping (saved at every beat) and the API tokens (their use is recorded on them).
UNTRACKED = frozenset({"sessions", "admin", "contenttypes", "django_celery_beat", "knox"})

#: A CSRF cookie as Django writes it (CSRF_SECRET_LENGTH letters and digits); anything else is
#: replaced by CsrfViewMiddleware, so such a request goes through the stack.
_CSRF_SECRET = re.compile(r"[a-zA-Z0-9]{32}")


@dataclass(frozen=True)
class PersonalPagePolicy:
    #: For a DRF viewset: the actions (e.g. "list") whose GET answers may be kept.
    actions: frozenset[str] = frozenset()


def personal_page(view: Callable | None = None, *, actions: Iterable[str] = ()) -> Any:
    """Mark a view (or a DRF viewset, with its `actions`) whose answer to a signed-in user depends
    only on the rows of the database, that user and the request's path, parameters and language, so
    that it may be answered again from the cache until a row changes. The view must not write on a
    GET."""
    policy = PersonalPagePolicy(actions=frozenset(actions))

    def decorate(target: Callable) -> Callable:
        setattr(target, ATTRIBUTE, policy)
        return target

    return decorate(view) if view is not None else decorate


# The version ------------------------------------------------------------------------------------


def retire_personal_pages() -> None:
    """Retire every kept personal page (after a change that sent no signal: a bulk `update()`)."""
    try:
        usercache.bump(VERSION_KEY)
    except Exception:
        # A cache outage must not stop a change; the entries expire on their own.
        logger.exception("Could not retire the kept personal pages")


def _on_change(sender: Any, **kwargs: Any) -> None:
    if sender._meta.app_label not in UNTRACKED:
        retire_personal_pages()


def _on_m2m_change(sender: Any, action: str, **kwargs: Any) -> None:
    if action.startswith("post_"):
        _on_change(sender)


def connect() -> None:
    post_save.connect(_on_change, dispatch_uid="iclon.core.personalpages.save")
    post_delete.connect(_on_change, dispatch_uid="iclon.core.personalpages.delete")
    m2m_changed.connect(_on_m2m_change, dispatch_uid="iclon.core.personalpages.m2m")


# Which requests --------------------------------------------------------------------------------


def _policy_for(path: str) -> PersonalPagePolicy | None:
    view = resolved_view(path)
    policy = getattr(view, ATTRIBUTE, None)
    if policy is not None:
        return policy
    # A DRF viewset: the mark is on its class, for the actions it names.
    policy = getattr(getattr(view, "cls", None), ATTRIBUTE, None)
    action = (getattr(view, "actions", None) or {}).get("get")
    return policy if policy is not None and action in policy.actions else None


def _session_store_class() -> type:
    return import_module(settings.SESSION_ENGINE).SessionStore


@dataclass
class Lookup:
    key: str
    user_id: str
    csrf_secret: str | None
    version_keys: list[str]


def lookup_for(request: HttpRequest) -> Lookup | None:
    """The key of the page `request` asks for and what it depends on, or None when it may not come
    from the cache (not a signed-in session, a message waiting, a fragment, a script's token)."""
    meta = request.META
    if "HTTP_HX_REQUEST" in meta or "HTTP_AUTHORIZATION" in meta or "messages" in request.COOKIES:
        return None
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not session_key:
        return None
    csrf_secret = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    if csrf_secret is not None and not _CSRF_SECRET.fullmatch(csrf_secret):
        return None
    store = _session_store_class()(session_key)
    if store.session_key is None:  # not a key the engine accepts
        return None
    data = store.load()
    user_id = data.get(SESSION_KEY)
    if user_id is None:
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # the stack answers 400
    session = repr(sorted(data.items(), key=lambda item: item[0]))
    query = request.GET
    pairs = [(name, value) for name in sorted(query) for value in query.getlist(name)]
    raw = "\n".join(
        [
            session_key,
            hashlib.sha256(session.encode()).hexdigest(),
            csrf_secret or "",
            request.scheme,
            host,
            request.path,
            repr(pairs),
            meta.get("HTTP_ACCEPT", ""),
            get_language_from_request(request),
            timezone.localdate().isoformat(),
        ]
    )
    return Lookup(
        key=ENTRY_KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest(),
        user_id=str(user_id),
        csrf_secret=csrf_secret,
        version_keys=[VERSION_KEY, *usercache.version_keys(user_id)],
    )


def _read(lookup: Lookup) -> tuple[tuple, tuple | None]:
    """(versions, entry): the versions now and the entry if it was stored at them."""
    found = cache.get_many([*lookup.version_keys, lookup.key])
    versions = tuple(usercache.versions_from(found, lookup.version_keys))  # made when missing
    entry = found.get(lookup.key)
    if entry is None or entry[0] != versions:
        return versions, None
    return versions, entry


def _keepable(request: HttpRequest, response: HttpResponse, lookup: Lookup) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if isinstance(getattr(request, "_csp_nonce", None), str):
        return False
    if any(name != settings.CSRF_COOKIE_NAME for name in response.cookies):
        return False
    # Only the renewal of the cookie the browser sent; a new secret is not that browser's yet.
    renewed = response.cookies.get(settings.CSRF_COOKIE_NAME)
    if renewed is not None and renewed.value != lookup.csrf_secret:
        return False
    session = getattr(request, "session", None)
    if session is None or session.modified:
        return False
    user = request.__dict__.get("user")
    return bool(user is not None and user.is_authenticated and str(user.pk) == lookup.user_id)


# The middleware ---------------------------------------------------------------------------------


class PersonalPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        seconds = settings.PERSONAL_PAGE_CACHE_SECONDS
        if request.method != "GET" or seconds <= 0 or settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)
        policy = _policy_for(request.path_info)
        if policy is None or is_degraded():
            return self.get_response(request)
        lookup = found = None
        try:
            lookup = lookup_for(request)
            found = _read(lookup) if lookup is not None else None
        except Exception:
            logger.exception("The kept personal pages cannot be read")
        if lookup is None or found is None:
            return self.get_response(request)
        versions, entry = found
        if entry is not None:
            return self._answer(request, entry, lookup)
        response = self.get_response(request)
        if _keepable(request, response, lookup) and not is_degraded():
            renews_csrf = settings.CSRF_COOKIE_NAME in response.cookies
            stored = (versions, response.status_code, list(response.items()), response.content, renews_csrf)
            try:
                cache.set(lookup.key, stored, timeout=seconds)
            except Exception:
                logger.exception("The kept personal pages cannot be written")
        return response

    def _answer(self, request: HttpRequest, entry: tuple, lookup: Lookup) -> HttpResponse:
        _versions, status, headers, content, renews_csrf = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        if renews_csrf and lookup.csrf_secret:
            # As CsrfViewMiddleware does for a page that used the token: renew the cookie's expiry.
            request.META["CSRF_COOKIE"] = lookup.csrf_secret
            request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
            response = CsrfViewMiddleware(self.get_response).process_response(request, response)
        return response
