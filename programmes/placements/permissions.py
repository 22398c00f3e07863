"""Who may do what with placements: predicates used by pages, admin and API alike, and the staff
groups' permissions."""

from django.contrib.auth.models import AnonymousUser
from django_scopes import scopes_disabled

from iclon.accounts.models import User
from iclon.accounts.roles import staff_may
from partnerships.models import School, SchoolMembership, SchoolRole
from programmes.intake.models import Application, ApplicationStatus
from programmes.placements.models import Placement

TRAINEE_STATUSES = (
    ApplicationStatus.ADMITTED,
    ApplicationStatus.ADMITTED_WITH_CONDITIONS,
    ApplicationStatus.ENROLLED,
)
# School roles that manage their school's offers and answer matches.
MANAGING_ROLES = (SchoolRole.SCHOOL_CONTACT, SchoolRole.SCHOOL_TEACHER_EDUCATOR)
MATCH = "programmes.add_placement"
MANAGE = "programmes.change_placement"


def active_roles(user: User | AnonymousUser | None, school_id: int) -> set[str]:
    if not (user and user.is_authenticated and user.is_active):
        return set()
    with scopes_disabled():
        return set(
            SchoolMembership.objects.active().filter(user=user, school_id=school_id).values_list("role", flat=True)
        )


def is_placement_staff(user: User | AnonymousUser | None, perm: str = MATCH) -> bool:
    return staff_may(user, perm)


def can_manage_offers(user: User | AnonymousUser | None, school: School) -> bool:
    """School contacts and school-based teacher educators of the school, and placement staff."""
    return is_placement_staff(user, "programmes.change_placementoffer") or bool(
        active_roles(user, school.pk) & set(MANAGING_ROLES)
    )


def can_respond_to_placement(user: User | AnonymousUser | None, placement: Placement) -> bool:
    """Who confirms or declines a proposed placement: the school's contact or school-based teacher
    educator (placement staff may record the school's answer for it)."""
    return is_placement_staff(user, MANAGE) or bool(active_roles(user, placement.school_id) & set(MANAGING_ROLES))


def is_trainee(user: User | AnonymousUser | None, application: Application) -> bool:
    return bool(
        user
        and user.is_authenticated
        and application.applicant_id == user.pk
        and application.status in TRAINEE_STATUSES
    )


def managed_school_ids(user: User) -> set[int] | None:
    """Schools whose offers `user` manages and whose matches they answer; None for placement staff (all)."""
    if is_placement_staff(user, "programmes.change_placementoffer"):
        return None
    with scopes_disabled():
        return set(
            SchoolMembership.objects.active()
            .filter(user=user, role__in=MANAGING_ROLES)
            .values_list("school_id", flat=True)
        )


GROUP_PERMISSIONS = {
    # Placement coordinators run placements: periods, offers, matching, evaluations.
    "placement_coordinator": [
        f"programmes.{action}_{model}"
        for action in ("view", "add", "change", "delete")
        for model in ("placementperiod", "placementoffer", "placement", "evaluation")
    ]
    + ["programmes.view_placementwish"],
}
