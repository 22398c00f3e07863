"""Reads of partnership data, already scoped to the viewer and with their relations loaded."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet

from iclon.accounts.models import User
from partnerships.models import Agreement, School, SchoolMembership


def school_list_for_user(*, user: User | AnonymousUser) -> QuerySet[School]:
    """The schools whose portal pages `user` may open (their own; staff all)."""
    return School.objects.visible_to(user).select_related("region", "board", "partnership")


def school_get_for_user(*, user: User | AnonymousUser, code: str) -> School:
    """The school with vestigingscode `code` if `user` may see it; School.DoesNotExist otherwise."""
    code = (code or "").upper()
    if len(code) != 6:
        raise School.DoesNotExist
    return (
        school_list_for_user(user=user)
        .select_related("partnership__lead_school", "partnership__region")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=SchoolMembership.objects.for_user(user).active().select_related("user"),
                to_attr="active_memberships",
            )
        )
        .get(brin_code=code[:4], branch_number=code[4:])
    )


def partnership_schools(*, school: School) -> QuerySet[School]:
    """The other schools of `school`'s training-school partnership (the directory is public)."""
    if school.partnership_id is None:
        return School.objects.none()
    return (
        School.objects.filter(partnership_id=school.partnership_id)
        .exclude(pk=school.pk)
        .select_related("region")
        .order_by("name")
    )


def agreement_list_for_partnership(*, partnership_id: int | None) -> QuerySet[Agreement]:
    if partnership_id is None:
        return Agreement.objects.none()
    return Agreement.objects.filter(partnership_id=partnership_id).order_by("-starts_on")


def memberships_of_user(*, user: User) -> QuerySet[SchoolMembership]:
    """The user's own active memberships, with their schools."""
    return SchoolMembership.objects.for_user(user).filter(user=user).active().select_related("school")
