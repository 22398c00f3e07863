"""The tenancy rule of the portal (settings.TENANCY_SCHOOL_RESOLVER).

* ICLON staff (is_staff) and superusers see every school; what they may change is governed by the
  model permissions of their staff group.
* A partner-school user sees the schools where they hold an active membership.
* A school contact or school leader at a partnership's lead school, and a partnership's
  coordinators, see every school of that partnership.
* Everyone else (applicants, teachers, visitors) sees no school-owned data.

`visible_school_ids` answers which schools (settings.TENANCY_SCHOOL_RESOLVER); `visible_rows`
applies the whole rule to one resource, for its selector.
"""

from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from iclon.accounts.models import User
from iclon.accounts.roles import staff_may
from iclon.core import tenancy
from iclon.core.tenancy import ALL_SCHOOLS
from partnerships.models import PARTNERSHIP_SPANNING_ROLES, School, SchoolMembership, TrainingSchoolPartnership

Rows = TypeVar("Rows", bound=QuerySet[Any])


def visible_school_ids(user: User) -> list[int] | None:
    if not user.is_active:
        return []
    if user.is_superuser or user.is_staff:
        return ALL_SCHOOLS
    memberships = list(
        # scope: this is the rule itself; it reads the user's own memberships to find their scope.
        SchoolMembership.objects.unscoped()
        .filter(user=user)
        .active_on(timezone.localdate())
        .values_list("school_id", "role")
    )
    school_ids = {school_id for school_id, _role in memberships}
    spanning = {school_id for school_id, role in memberships if role in PARTNERSHIP_SPANNING_ROLES}
    partnerships = TrainingSchoolPartnership.objects.filter(Q(lead_school_id__in=spanning) | Q(coordinators=user))
    school_ids.update(
        School.objects.filter(Q(partnership__in=partnerships) | Q(led_partnerships__in=partnerships)).values_list(
            "pk", flat=True
        )
    )
    return sorted(school_ids)


def visible_rows(
    rows: Rows, *, user: User | AnonymousUser | None, perm: str, school: str | None = None, own: Q | None = None
) -> Rows:
    """The rows of `rows` that `user` may see, by the rule above; every resource's selector
    (`<resource>_list_for_user`) is built on this, so the rule reads the same for each of them:

    * active staff holding `perm` (through their staff group, `staff_may`) see every row; staff
      without it see only what is their own (their group has no business with the resource);
    * a partner-school user sees the rows whose school, reached through the path `school`
      (e.g. "placement__school"), is one of theirs (`visible_school_ids`); None for a resource
      that belongs to a person and not to a school;
    * the person a row belongs to sees it through `own` (e.g. `Q(applicant=user)`);
    * everybody else (anonymous visitors, inactive accounts) sees nothing.

    `rows` is the resource's queryset before the rule (a school-owned model's `unscoped()`: the
    rule is applied here, explicitly, whatever scope the request has activated)."""
    if staff_may(user, perm):
        return rows
    if user is None or not user.is_authenticated or not user.is_active:
        return rows.none()
    allowed = Q(pk__in=[])
    ids = tenancy.visible_school_ids(user) if school is not None else []
    if ids is not ALL_SCHOOLS and ids:
        allowed |= Q(**{f"{school}__in": ids})
    if own is not None:
        allowed |= own
    return rows.filter(allowed)
