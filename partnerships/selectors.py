"""Reads of partnership data, already scoped to the viewer and with their relations loaded.

Each school-owned resource has one selector built on the tenancy rule (partnerships/tenancy.py,
`visible_rows`): memberships, invitations, agreements. "Who answers for a school" is written here
once (`school_responders`), for placements and intake alike.
"""

import re
from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from iclon.accounts.models import User
from partnerships.models import (
    Agreement,
    School,
    SchoolInvitation,
    SchoolMembership,
    SchoolMembershipQuerySet,
    SchoolRole,
    TrainingSchoolPartnership,
)
from partnerships.tenancy import visible_rows

Viewer = User | AnonymousUser | None

# Who answers for a school (confirms or declines a match, manages its offers of places, hears
# that a placement is proposed or cancelled): its school contacts and school-based teacher educators.
RESPONDING_ROLES = (SchoolRole.SCHOOL_CONTACT, SchoolRole.SCHOOL_TEACHER_EDUCATOR)


# --- schools (the public directory; a school's portal page by the tenancy rule) -----------------


def school_list_for_user(*, user: Viewer) -> QuerySet[School]:
    """The schools whose portal pages `user` may open, by the tenancy rule: staff whose group may
    view schools all of them, a school user their own (a lead school's people the partnership's),
    anybody else (staff in no group included) none."""
    return visible_rows(School.objects.all(), user=user, perm="partnerships.view_school", school="pk").select_related(
        "region", "board", "partnership"
    )


def school_get_for_user(*, user: Viewer, code: str) -> School:
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
                queryset=membership_list_for_user(user=user).active().select_related("user"),
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


# --- memberships --------------------------------------------------------------------------------


def membership_list_for_user(*, user: Viewer) -> SchoolMembershipQuerySet:
    """The memberships `user` may see: staff with the view permission all; a school user those of
    their schools (a lead school's contact or leader, the partnership's); anybody their own while
    it runs (after `active_until` the school is out of sight, as the tenancy rule has it)."""
    today = timezone.localdate()
    own = (
        Q(user=user, active_from__lte=today) & (Q(active_until__isnull=True) | Q(active_until__gte=today))
        if user is not None and user.is_authenticated
        else None
    )
    return visible_rows(
        # scope: the rule is applied explicitly by visible_rows, whatever scope the request set.
        SchoolMembership.objects.unscoped(),
        user=user,
        perm="partnerships.view_schoolmembership",
        school="school",
        own=own,
    )


def membership_get_for_user(*, user: Viewer, pk: int | str) -> SchoolMembership:
    """One membership `user` may see; SchoolMembership.DoesNotExist otherwise."""
    try:
        return membership_list_for_user(user=user).select_related("user", "school").get(pk=pk)
    except (ValueError, TypeError):
        raise SchoolMembership.DoesNotExist from None


def memberships_of_user(*, user: Viewer) -> SchoolMembershipQuerySet:
    """The user's own active memberships, with their schools."""
    if user is None or not user.is_authenticated:
        return membership_list_for_user(user=None)
    return membership_list_for_user(user=user).filter(user=user).active().select_related("school")


# --- invitations and agreements ----------------------------------------------------------------


def invitation_list_for_user(*, user: Viewer) -> QuerySet[SchoolInvitation]:
    """The invitations `user` may see: staff with the view permission all; a school user their
    schools'. (The invitee reaches theirs only through the link's token.)"""
    return visible_rows(
        # scope: the rule is applied explicitly by visible_rows, whatever scope the request set.
        SchoolInvitation.objects.unscoped().select_related("school", "invited_by"),
        user=user,
        perm="partnerships.view_schoolinvitation",
        school="school",
    )


def agreement_list_for_user(*, user: Viewer) -> QuerySet[Agreement]:
    """The agreements `user` may see: staff with the view permission all; a school user those of
    the partnerships of their schools."""
    return visible_rows(
        Agreement.objects.all(),
        user=user,
        perm="partnerships.view_agreement",
        school="partnership__member_schools",
    ).distinct()


def agreement_list_for_partnership(*, user: Viewer, partnership_id: int | None) -> QuerySet[Agreement]:
    """The agreements of one partnership that `user` may see, the latest first."""
    if partnership_id is None:
        return Agreement.objects.none()
    return agreement_list_for_user(user=user).filter(partnership_id=partnership_id).order_by("-starts_on", "title")


# --- who works at a school (trusted reads: recipients and role checks, not a viewer's list) ------


def active_memberships(
    *, school_ids: Iterable[int] | None = None, user: User | None = None, roles: Iterable[str] | None = None
) -> SchoolMembershipQuerySet:
    """Today's memberships of active people, by school, person and role.

    This answers facts about a school (who answers for it, which roles a person holds there) for
    services, notifications and tasks, whoever is signed in; a viewer's list of memberships is
    `membership_list_for_user`."""
    # scope: a fact about the school, needed whoever acts (and outside any request).
    rows = SchoolMembership.objects.unscoped().active().filter(user__is_active=True)
    if school_ids is not None:
        rows = rows.filter(school_id__in=list(school_ids))
    if user is not None:
        rows = rows.filter(user=user)
    if roles is not None:
        rows = rows.filter(role__in=list(roles))
    return rows


def school_roles(*, user: Viewer, school_id: int) -> set[str]:
    """The roles `user` holds at the school today (none for an inactive or anonymous user)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    return set(active_memberships(school_ids=[school_id], user=user).values_list("role", flat=True))


def responding_school_ids(*, user: Viewer) -> set[int]:
    """The schools `user` answers for (RESPONDING_ROLES)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    return set(active_memberships(user=user, roles=RESPONDING_ROLES).values_list("school_id", flat=True))


def answers_for_school(*, user: Viewer, school_id: int) -> bool:
    """Whether `user` answers for the school (holds one of RESPONDING_ROLES there today)."""
    return bool(school_roles(user=user, school_id=school_id) & set(RESPONDING_ROLES))


def school_responders(*, school_id: int) -> list[User]:
    """Who answers for the school: its active school contacts and school-based teacher educators,
    each once, in a fixed order."""
    memberships = active_memberships(school_ids=[school_id], roles=RESPONDING_ROLES).select_related("user")
    people = {membership.user_id: membership.user for membership in memberships.order_by("user_id", "pk")}
    return list(people.values())


def school_contacts(*, school_id: int) -> list[SchoolMembership]:
    """The school's active school contacts (memberships, with user and school), in a fixed order."""
    return list(
        active_memberships(school_ids=[school_id], roles=[SchoolRole.SCHOOL_CONTACT])
        .select_related("user", "school")
        .order_by("pk")
    )


def partnership_counts() -> dict[str, int]:
    """The training-school partnerships and the schools that belong to one (the home page's figure;
    one query): {"partnerships": n, "schools": m}."""
    return TrainingSchoolPartnership.objects.aggregate(
        partnerships=Count("pk", distinct=True), schools=Count("member_schools", distinct=True)
    )


# --- a school named in a public form ----------------------------------------------------------------

#: A vestigingscode (02EA03) or BRIN code (02EA), alone or at the end in brackets ("name (02EA03)").
SCHOOL_CODE = re.compile(r"(?:^|\()\s*([0-9]{2}[A-Z0-9]{2})([0-9]{2})?\s*\)?$", re.IGNORECASE)


def school_label(school: School) -> str:
    """How a form's suggestions name a school: "name, town (code)"; the code reads it back."""
    town = f", {school.city}" if school.city else ""
    return f"{school.name}{town} ({school.code})"


def school_options(text: str, schools: QuerySet[School], *, limit: int) -> list[School]:
    """At most `limit` of `schools` whose name, town or code holds `text` (three characters at
    least), for a form's suggestions. One query."""
    text = (text or "").strip()
    if len(text) < 3:
        return []
    found = Q(name__icontains=text) | Q(city__icontains=text)
    if match := SCHOOL_CODE.search(text):
        found |= Q(brin_code=match.group(1).upper())
    return list(
        schools.filter(found)
        .only("name", "city", "brin_code", "branch_number")
        .order_by("name", "brin_code", "branch_number")[:limit]
    )


def schools_by_name(text: str, schools: QuerySet[School]) -> list[School]:
    """Up to two of `schools` that "name" or "name, town" (as school_label gives it) names: by the
    exact name (and town), else by a part of the name. Two mean the name is ambiguous."""
    name, _comma, town = text.partition(",")
    rows = schools.filter(name__iexact=name.strip())
    if town.strip():
        rows = rows.filter(city__iexact=town.strip().split(" (")[0])
    candidates = list(rows.order_by("pk")[:2])
    return candidates or list(schools.filter(name__icontains=name.strip()).order_by("pk")[:2])
