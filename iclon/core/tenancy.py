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
from django_scopes.manager import DisabledQuerySet

# The resolver's answer for users who may see every school (staff).
ALL_SCHOOLS = None

_CACHE_ATTRIBUTE = "_iclon_visible_school_ids"


def visible_school_ids(user) -> list[int] | None:
    """The ids of the schools `user` may see, or ALL_SCHOOLS. Cached on the user object."""
    if user is None or not user.is_authenticated:
        return []
    if not hasattr(user, _CACHE_ATTRIBUTE):
        resolver = import_string(settings.TENANCY_SCHOOL_RESOLVER)
        ids = resolver(user)
        setattr(user, _CACHE_ATTRIBUTE, ids if ids is ALL_SCHOOLS else sorted(set(ids)))
    return getattr(user, _CACHE_ATTRIBUTE)


def forget_visible_schools(user) -> None:
    """Drop the cached answer, e.g. after the user's memberships changed."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


@contextmanager
def user_scope(user):
    """Activate the tenancy scope of `user` for the code inside the block."""
    with scope(school=visible_school_ids(user)):
        yield


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
