"""Who may do what with learning circles, development paths and recorded modules: predicates used
by pages, admin and API alike, and the staff groups' permissions.

Who is who in a circle:

* staff who manage circles (`professionalisation.change_learningcircle`, the professionalisation
  coordinators) do everything: circles, members, meetings, question statuses, products;
* a circle's current facilitators add meetings and move practice questions along; its current
  members and facilitators share products of its meetings; its researchers read along;
* a member brings in a practice question for the school they take part for; the school contact or
  school leader of a *member school* (a school with a current member in the circle) for that
  school.
"""

from django.contrib.auth.models import AnonymousUser

from iclon.accounts.models import User
from iclon.accounts.roles import staff_may
from partnerships.models import SchoolRole
from partnerships.selectors import school_roles
from professionalisation.circles.models import CircleMembership, CircleRole, LearningCircle

Viewer = User | AnonymousUser | None

MANAGE_CIRCLES = "professionalisation.change_learningcircle"
VIEW_CIRCLES = "professionalisation.view_learningcircle"
MANAGE_PATHS = "professionalisation.change_developmentpath"
RECORD_MODULES = "professionalisation.add_priormodule"
#: School roles that speak for their school in a circle (bring in its questions, see its circles).
SCHOOL_ROLES = frozenset({SchoolRole.SCHOOL_CONTACT, SchoolRole.SCHOOL_LEADER})

_MODELS = (
    "learningcircle",
    "circlemembership",
    "circlemeeting",
    "practicequestion",
    "circleproduct",
    "developmentpath",
    "pathstep",
    "priormodule",
)

GROUP_PERMISSIONS = {
    "professionalisation_coordinator": [
        f"professionalisation.{action}_{model}" for action in ("view", "add", "change", "delete") for model in _MODELS
    ],
}


def is_active_person(user: Viewer) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_circle_staff(user: Viewer) -> bool:
    return staff_may(user, MANAGE_CIRCLES)


def sees_all_circles(user: Viewer) -> bool:
    return staff_may(user, VIEW_CIRCLES)


def is_path_staff(user: Viewer) -> bool:
    return staff_may(user, MANAGE_PATHS)


def records_modules(user: Viewer) -> bool:
    return staff_may(user, RECORD_MODULES)


def circle_roles(user: Viewer, circle: LearningCircle) -> set[str]:
    """The roles `user` holds in `circle` today (one query; none for an anonymous user)."""
    if not is_active_person(user):
        return set()
    return set(CircleMembership.objects.current().filter(circle=circle, person=user).values_list("role", flat=True))


def speaks_for_school(user: Viewer, school_id: int | None) -> bool:
    """The school contact or school leader of the school, today."""
    if school_id is None or not is_active_person(user):
        return False
    return bool(school_roles(user=user, school_id=school_id) & SCHOOL_ROLES)


def can_submit_question(user: Viewer, circle: LearningCircle, *, school_id: int) -> bool:
    """Staff; a current member for the school they take part for; the contact or leader of a
    member school for that school."""
    if is_circle_staff(user):
        return True
    if not is_active_person(user):
        return False
    current = CircleMembership.objects.current().filter(circle=circle, role=CircleRole.MEMBER, school_id=school_id)
    if current.filter(person=user).exists():
        return True
    return current.exists() and speaks_for_school(user, school_id)


def can_facilitate(user: Viewer, circle: LearningCircle) -> bool:
    """Staff, or a current facilitator of the circle: adds meetings, moves questions along."""
    return is_circle_staff(user) or CircleRole.FACILITATOR in circle_roles(user, circle)


def can_add_product(user: Viewer, circle: LearningCircle) -> bool:
    """Staff, or a current member or facilitator of the circle."""
    if is_circle_staff(user):
        return True
    return bool(circle_roles(user, circle) & {CircleRole.MEMBER, CircleRole.FACILITATOR})
