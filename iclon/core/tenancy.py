"""Tenancy: which school-owned rows a user may see, decided in one place.

Every model that belongs to a school uses `school_scoped_manager()`. Its rows are reached in one
of two ways, and both end in the same resolver (settings.TENANCY_SCHOOL_RESOLVER, which returns
the ids of the schools a user may see, or ALL_SCHOOLS):

* explicitly, through the resource's selector (`<resource>_list_for_user`, built on
  partnerships.tenancy.visible_rows, which adds the staff groups' permissions and a person's own
  rows): views, the admin, the API and tasks use these; `Model.objects.for_user(user)` is the bare
  school rule;
* implicitly, inside a request, where TenancyMiddleware has activated the viewer's scope, so that
  related managers (`school.memberships.all()`) are filtered too.

It fails closed: outside a scope (a shell, a task, a test) `Model.objects.all()` raises
`django_scopes.ScopeError` instead of returning every school's data. Code that really needs all
rows says so with `django_scopes.scopes_disabled()` or `Model.objects.unscoped()`, with a
`# scope:` comment saying why (tests/core/test_scope_exceptions.py).
"""

from contextlib import contextmanager

from django.conf import settings
from django.db import models
from django.utils.module_loading import import_string
from django_scopes import ScopedManager, scope
from django_scopes import state as scopes_state
from django_scopes.manager import DisabledQuerySet

from iclon.core.usercache import retire_user_cache, user_cached

# The resolver's answer for users who may see every school (staff).
ALL_SCHOOLS = None

_CACHE_ATTRIBUTE = "_iclon_visible_school_ids"


def visible_school_ids(user) -> list[int] | None:
    """The ids of the schools `user` may see, or ALL_SCHOOLS. Cached on the user object, and in
    the per-user cache (iclon/core/usercache.py: retired when a membership, school or partnership
    changes, and every day, as memberships start and end on dates)."""
    if user is None or not user.is_authenticated:
        return []
    if not hasattr(user, _CACHE_ATTRIBUTE):
        setattr(
            user,
            _CACHE_ATTRIBUTE,
            user_cached(user, f"visible_schools:{settings.TENANCY_SCHOOL_RESOLVER}", lambda: _resolve(user)),
        )
    return getattr(user, _CACHE_ATTRIBUTE)


def _resolve(user) -> list[int] | None:
    ids = import_string(settings.TENANCY_SCHOOL_RESOLVER)(user)
    return ids if ids is ALL_SCHOOLS else sorted(set(ids))


def forget_visible_schools(user) -> None:
    """Drop the cached answer, e.g. after the user's memberships changed."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)
    retire_user_cache(user.pk)


class LazySchools:
    """The scope value of a request: `user`'s visible schools, asked only when a school-scoped
    query runs (most pages run none). The strict manager resolves it (visible_school_ids caches
    the answer on the user); django-scopes never sees the marker itself."""

    __slots__ = ("user",)

    def __init__(self, user):
        self.user = user

    def resolve(self) -> list[int] | None:
        # The resolver runs as it did before the request's scope was active: without a school
        # dimension (a scoped query inside it fails closed instead of resolving this again).
        current = scopes_state.state.get() or {}
        token = scopes_state.state.set({key: value for key, value in current.items() if key != "school"})
        try:
            return visible_school_ids(self.user)
        finally:
            scopes_state.state.reset(token)

    def __repr__(self) -> str:
        return f"LazySchools({self.user!r})"


@contextmanager
def user_scope(user, *, lazy: bool = False):
    """Activate the tenancy scope of `user` for the code inside the block; `lazy=True` (the
    request's scope, TenancyMiddleware) resolves the visible schools on the first scoped query."""
    with scope(school=LazySchools(user) if lazy else visible_school_ids(user)):
        yield


def _resolved(current_scope: dict) -> dict | None:
    """`current_scope` with a LazySchools value replaced by the ids it stands for, or None when
    there is nothing to resolve."""
    value = current_scope.get("school")
    if not isinstance(value, LazySchools):
        return None
    return {**current_scope, "school": value.resolve()}


class SchoolOwnedQuerySet(models.QuerySet):
    """Base queryset of school-owned models; apps subclass it for their own filters."""


def school_scoped_manager(path: str = "school", queryset_class=SchoolOwnedQuerySet):
    """A manager that scopes a model by the school found at `path` (e.g. "offer__school")."""

    class SchoolOwnedManager(models.Manager.from_queryset(queryset_class)):
        def for_user(self, user):
            return self.with_scope(school=visible_school_ids(user)).get_queryset()

        def unscoped(self):
            """Every row, for trusted code (tasks, imports, staff reports). Use sparingly."""
            return self.with_scopes_disabled().get_queryset()

    scoped_class = ScopedManager(_manager_class=SchoolOwnedManager, school=path).__class__

    class StrictSchoolOwnedManager(scoped_class):
        def get_queryset(self):
            # The request's lazy scope (LazySchools): django-scopes filters by the ids it stands
            # for. An explicit with_scope()/unscoped() never holds the marker.
            resolved = None if hasattr(self, "_override_scope") else _resolved(scopes_state.get_scope())
            if resolved is not None:
                with scope(**resolved):
                    queryset = super().get_queryset()
            else:
                queryset = super().get_queryset()
            if type(queryset) is DisabledQuerySet:
                queryset.__class__ = _StrictDisabledQuerySet
            return queryset

    return StrictSchoolOwnedManager()


class _StrictDisabledQuerySet(DisabledQuerySet):
    """django-scopes lets exists(), explain(), contains() and in_bulk() through without a scope;
    here they fail closed like every other query."""

    exists = DisabledQuerySet.error
    explain = DisabledQuerySet.error
    contains = DisabledQuerySet.error
    in_bulk = DisabledQuerySet.error
