"""The tenancy rule of the portal (settings.TENANCY_SCHOOL_RESOLVER).

* ICLON staff (is_staff) and superusers see every school; what they may change is governed by the
  model permissions of their staff group.
* A partner-school user sees the schools where they hold an active membership.
* A school contact or school leader at a partnership's lead school, and a partnership's
  coordinators, see every school of that partnership.
* Everyone else (applicants, teachers, visitors) sees no school-owned data.
"""

from django.db.models import Q
from django.utils import timezone

from iclon.core.tenancy import ALL_SCHOOLS
from partnerships.models import PARTNERSHIP_SPANNING_ROLES, School, SchoolMembership, TrainingSchoolPartnership


def visible_school_ids(user) -> list[int] | None:
    if not user.is_active:
        return []
    if user.is_superuser or user.is_staff:
        return ALL_SCHOOLS
    memberships = list(
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
