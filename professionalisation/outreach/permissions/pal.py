"""Who may do what with PAL student assistants: predicates used by the services, pages, admin and
API alike, and the staff groups' permissions.

* Coordinators (the professionalisation coordinators: `professionalisation.change_palrequest`)
  keep the pool, assign students to requests, withdraw and close requests, see every request,
  assignment and hours row, the totals and the payroll export. They do NOT confirm or reject
  hours: confirmed hours are the school's statement that the work was done, which the region's
  payroll relies on; a school that cannot use the portal asks its own contact to do it.
* A school user who speaks for the school (school contact, school leader, school-based teacher
  educator, today) requests support for that school, confirms or declines its assignments, and
  confirms or rejects its students' hours.
* A PAL student (an active, trained row of the pool) confirms or declines their own assignments
  and logs their own hours.
"""

from django.contrib.auth.models import AnonymousUser

from iclon.accounts.models import User
from iclon.accounts.roles import staff_may
from partnerships.models import SchoolRole
from partnerships.selectors import school_roles
from professionalisation.outreach.models.pal import PalStudent

Viewer = User | AnonymousUser | None

MANAGE_PAL = "professionalisation.change_palrequest"
VIEW_PAL = "professionalisation.view_palrequest"
EXPORT_PAL_HOURS = "professionalisation.view_palhours"

#: School roles that speak for their school in PAL matters.
PAL_SCHOOL_ROLES = frozenset({SchoolRole.SCHOOL_CONTACT, SchoolRole.SCHOOL_LEADER, SchoolRole.SCHOOL_TEACHER_EDUCATOR})

_MODELS = ("palstudent", "palrequest", "palassignment")

GROUP_PERMISSIONS = {
    "professionalisation_coordinator": [
        *(
            f"professionalisation.{action}_{model}"
            for action in ("view", "add", "change", "delete")
            for model in _MODELS
        ),
        # Hours are the student's and the school's: coordinators read and export them.
        "professionalisation.view_palhours",
    ],
}


def is_active_person(user: Viewer) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_pal_staff(user: Viewer) -> bool:
    """A coordinator: keeps the pool, assigns, withdraws and closes requests."""
    return staff_may(user, MANAGE_PAL)


def sees_all_pal(user: Viewer) -> bool:
    return staff_may(user, VIEW_PAL)


def may_export_hours(user: Viewer) -> bool:
    return staff_may(user, EXPORT_PAL_HOURS)


def speaks_for_school(user: Viewer, school_id: int | None) -> bool:
    """A school contact, school leader or school-based teacher educator of the school, today."""
    if school_id is None or not is_active_person(user):
        return False
    return bool(school_roles(user=user, school_id=school_id) & PAL_SCHOOL_ROLES)


def is_pal_student(user: Viewer, student: PalStudent) -> bool:
    """`user` is this PAL student (an active account)."""
    return is_active_person(user) and user is not None and student.user_id == user.pk
