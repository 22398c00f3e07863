"""Per-user values that every signed-in page shows (the header's links, the unread count, the
account menu's links), kept in the shared cache and retired when what they are made of changes.

    items = user_cached(user, "nav", lambda: collect("navigation", request))
    retire_user_cache(user.pk)   # after a change that affects what `user` sees
    retire_all_user_caches()     # after a change that affects everybody (a partnership, a group)

Every entry of a user is keyed by a version of that user and a version of everybody: retiring
replaces the version, so that the old entries are never read again (they expire on their own).
The key also holds the day (a school membership starts and ends on a date, without a save) and the
language (a link's label is translated when it is computed).

What retires: the services and receivers that change such data call `retire_user_cache`, and the
slices declare, in their `navigation.py`, which models feed their per-user links:

    USER_CACHE_SOURCES = [("programmes.Application", "applicant_id")]   # retire that user
    USER_CACHE_SOURCES = [("partnerships.School", ALL_USERS)]          # retire everybody

`connect()` (called by the core's AppConfig.ready) listens to post_save, post_delete and
m2m_changed of every model and retires what a declared model's change affects. A bulk `update()`
sends no signal: the code that uses it on such a model retires itself (notification_mark_read).

The cache is only used where it is shared by every process: Redis (ResilientRedisCache). While
Redis is away (a per-process stand-in) the value is computed, not cached. Without Redis (a local
memory cache: development, tests) entries live `LOCAL_SECONDS` only, as each process sees only its
own retirements.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone, translation

from iclon.core.cache import is_degraded

T = TypeVar("T")

#: In USER_CACHE_SOURCES: a change of this model affects every user.
ALL_USERS = "*"

#: How long an entry lives with a shared cache (Redis), and with a per-process one.
SHARED_SECONDS = 6 * 3600
LOCAL_SECONDS = 60

_PREFIX = "usercache"
_ALL_KEY = f"{_PREFIX}:v:all"
_MISSING: Any = object()


def _user_key(user_id: int) -> str:
    return f"{_PREFIX}:v:{user_id}"


def _timeout() -> int:
    backend = settings.CACHES["default"]["BACKEND"]
    return SHARED_SECONDS if "redis" in backend.lower() else LOCAL_SECONDS


def version_keys(user_id: int) -> list[str]:
    """The cache keys of the version of everybody and of the user `user_id` (for a get_many that
    also reads other keys: iclon/core/personalpages.py)."""
    return [_ALL_KEY, _user_key(user_id)]


def versions_from(found: dict, keys: list[str]) -> list[str]:
    """The versions under `keys` in `found` (a get_many answer), each made when missing."""
    versions = []
    for key in keys:
        version = found.get(key)
        if version is None:
            # add(): two requests that both miss agree on the one that was stored first.
            cache.add(key, uuid.uuid4().hex[:12], 2 * _timeout())
            version = cache.get(key) or "x"
        versions.append(version)
    return versions


def _versions(user_id: int) -> tuple[str, str]:
    """The version of everybody and of the user, made when missing (one round trip when both exist)."""
    keys = version_keys(user_id)
    everybody, own = versions_from(cache.get_many(keys), keys)
    return everybody, own


def user_cached(user: Any, name: str, compute: Callable[[], T]) -> T:
    """The value `name` of `user` from the cache, or `compute()` (stored for the next request).
    Not cached for anonymous users, nor while the shared cache is away."""
    if user is None or not getattr(user, "is_authenticated", False) or is_degraded():
        return compute()
    everybody, own = _versions(user.pk)
    key = f"{_PREFIX}:{user.pk}:{everybody}:{own}:{timezone.localdate():%Y%m%d}:{translation.get_language()}:{name}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, _timeout())
    return value


class RetireAfterCommit:
    """The versions a transaction retired, retired again once it is committed: a page that
    computed a value between the change and the commit (still seeing the old rows) may have stored
    it under the new version. One per transaction, however many changes it makes."""

    def __init__(self) -> None:
        self.keys: set[str] = set()

    def __call__(self) -> None:
        for key in self.keys:
            _new_version(key)


def _new_version(key: str) -> None:
    cache.set(key, uuid.uuid4().hex[:12], 2 * _timeout())


def bump(key: str) -> None:
    """Give the version under `key` a new value now and, in a transaction, again at its commit
    (one callback per transaction, however many changes it makes)."""
    _new_version(key)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return
    batch = next((entry[1] for entry in connection.run_on_commit if isinstance(entry[1], RetireAfterCommit)), None)
    if batch is None:
        batch = RetireAfterCommit()
        transaction.on_commit(batch, robust=True)
    batch.keys.add(key)


def retire_user_cache(user_id: int | None) -> None:
    """Retire every cached value of the user `user_id`: the next page computes them again."""
    if user_id is not None:
        bump(_user_key(user_id))


def retire_all_user_caches() -> None:
    """Retire every user's cached values (a change that affects many users)."""
    bump(_ALL_KEY)


# --- retiring on the changes the slices declare ----------------------------------------------------

_sources: dict[str, list[str]] | None = None


def sources() -> dict[str, list[str]]:
    """{model label: [user id attribute or ALL_USERS]} from every slice's USER_CACHE_SOURCES (read
    on the first change, when every app is loaded), plus the user model itself, the groups (whose
    permissions decide links: staff_may) and the two-factor authenticators."""
    global _sources
    if _sources is None:
        found: dict[str, list[str]] = {
            settings.AUTH_USER_MODEL: ["pk"],
            "auth.Group": [ALL_USERS],
            "mfa.Authenticator": ["user_id"],  # the dashboard's two-factor state
        }
        for config in apps.get_app_configs():
            layer_modules = getattr(config, "layer_modules", None)
            modules = layer_modules("navigation") if layer_modules is not None else []
            for module in modules:
                for label, attribute in getattr(module, "USER_CACHE_SOURCES", ()):
                    found.setdefault(label, [])
                    if attribute not in found[label]:
                        found[label].append(attribute)
        _sources = found
    return _sources


def _retire_for(instance: Model) -> None:
    for attribute in sources().get(instance._meta.label, ()):
        if attribute == ALL_USERS:
            retire_all_user_caches()
        else:
            retire_user_cache(getattr(instance, attribute, None))


def _on_change(sender: Any, instance: Model, **kwargs: Any) -> None:
    if instance._meta.label in sources():
        _retire_for(instance)


def _on_m2m_change(
    sender: Any, instance: Model, action: str, reverse: bool, model: type[Model], pk_set: set | None, **kwargs: Any
) -> None:
    if not action.startswith("post_"):
        return
    _on_change(sender, instance)
    # The other side of the relation: users added to or removed from a row (a partnership's
    # coordinators, a group's members) or the rows of a declared model added to a user.
    if model._meta.label in sources():
        if ALL_USERS in sources()[model._meta.label]:
            retire_all_user_caches()
        elif model._meta.label == settings.AUTH_USER_MODEL:
            if pk_set is None:  # post_clear: which users is not said
                retire_all_user_caches()
            for pk in pk_set or ():
                retire_user_cache(pk)
    if sender._meta.label in sources():  # a declared through model
        retire_all_user_caches()


def connect() -> None:
    post_save.connect(_on_change, dispatch_uid="iclon.core.usercache.save")
    post_delete.connect(_on_change, dispatch_uid="iclon.core.usercache.delete")
    m2m_changed.connect(_on_m2m_change, dispatch_uid="iclon.core.usercache.m2m")
