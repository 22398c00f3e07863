"""Who may do what with placements: predicates used by pages, admin and API alike, and the staff
groups' permissions."""

from django.contrib.auth.models import AnonymousUser

from iclon.accounts.models import User
from iclon.accounts.roles import staff_may
from partnerships.models import School
from partnerships.selectors import RESPONDING_ROLES, answers_for_school, responding_school_ids, school_roles
from programmes.intake.models import Application, ApplicationStatus
from programmes.placements.models import Placement

TRAINEE_STATUSES = (
    ApplicationStatus.ADMITTED,
    ApplicationStatus.ADMITTED_WITH_CONDITIONS,
    ApplicationStatus.ENROLLED,
)
# School roles that manage their school's offers and answer matches: who answers for a school
# (partnerships.selectors.RESPONDING_ROLES, the one place that rule is written).
MANAGING_ROLES = RESPONDING_ROLES
Viewer = User | AnonymousUser | None
VIEW = "programmes.view_placement"
MATCH = "programmes.add_placement"
MANAGE = "programmes.change_placement"


def active_roles(user: Viewer, school_id: int) -> set[str]:
    """The roles `user` holds at the school today."""
    return school_roles(user=user, school_id=school_id)


def is_placement_staff(user: Viewer, perm: str = MATCH) -> bool:
    return staff_may(user, perm)


def can_manage_offers(user: Viewer, school: School) -> bool:
    """School contacts and school-based teacher educators of the school, and placement staff."""
    return is_placement_staff(user, "programmes.change_placementoffer") or answers_for_school(
        user=user, school_id=school.pk
    )


def can_respond_to_placement(user: Viewer, placement: Placement) -> bool:
    """Who confirms or declines a proposed placement: the school's contact or school-based teacher
    educator (placement staff may record the school's answer for it)."""
    return is_placement_staff(user, MANAGE) or answers_for_school(user=user, school_id=placement.school_id)


def is_trainee(user: Viewer, application: Application) -> bool:
    return bool(
        user
        and user.is_authenticated
        and application.applicant_id == user.pk
        and application.status in TRAINEE_STATUSES
    )


def managed_school_ids(user: Viewer) -> set[int] | None:
    """Schools whose offers `user` manages and whose matches they answer; None for placement staff (all)."""
    if is_placement_staff(user, "programmes.change_placementoffer"):
        return None
    return responding_school_ids(user=user)


GROUP_PERMISSIONS = {
    # Placement coordinators run placements: periods, offers, matching, evaluations.
    "placement_coordinator": [
        f"programmes.{action}_{model}"
        for action in ("view", "add", "change", "delete")
        for model in ("placementperiod", "placementoffer", "placement", "evaluation")
    ]
    + ["programmes.view_placementwish"],
}
