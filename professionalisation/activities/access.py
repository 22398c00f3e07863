"""Who sees which registrations and waiting-list entries: the one rule of the API (and of any
page that lists other people's places), one function per resource.

* staff whose group may view the resource (professionalisation coordinators, administrators) see
  every row;
* a school contact or school leader (permissions.REGISTERING_ROLES, today) sees the rows of the
  schools they register for: those registered for the school;
* a person sees their own rows;
* everybody else (anonymous visitors, inactive accounts, staff without the permission) sees
  nothing but their own.

Built on partnerships.tenancy.visible_rows, the portal's tenancy rule, with the school part
narrowed to the registering roles (a mentor of the school does not see who registered for a
course). Each returns the rows with what the API shows joined, so a list runs a fixed number of
queries.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from iclon.accounts.models import User
from partnerships.selectors import active_memberships
from partnerships.tenancy import visible_rows
from professionalisation.activities.models import Registration, WaitingListEntry
from professionalisation.activities.permissions import (
    REGISTERING_ROLES,
    is_active_person,
    is_registration_staff,
    school_people,
)

Viewer = User | AnonymousUser | None

VIEW_REGISTRATIONS = "professionalisation.view_registration"
VIEW_WAITING = "professionalisation.view_waitinglistentry"


def _own_or_schools(user: Viewer) -> Q | None:
    """The rows of `user` or of a school they register for (a subquery: no query of its own)."""
    if not is_active_person(user):
        return None
    schools = active_memberships(user=user, roles=REGISTERING_ROLES).values("school_id")  # type: ignore[arg-type]
    return Q(participant=user) | Q(school_id__in=schools)


def registrations_visible_to(user: Viewer) -> QuerySet[Registration]:
    rows = Registration.objects.select_related("session__activity", "participant", "school")
    return visible_rows(rows, user=user, perm=VIEW_REGISTRATIONS, own=_own_or_schools(user))


def waiting_entries_visible_to(user: Viewer) -> QuerySet[WaitingListEntry]:
    rows = WaitingListEntry.objects.select_related("activity", "session", "offered_session", "participant", "school")
    return visible_rows(rows, user=user, perm=VIEW_WAITING, own=_own_or_schools(user))


def people_to_register(user: Viewer) -> QuerySet[User]:
    """Whom `user` may name as the participant of a registration or waiting-list place: themself;
    a school contact or leader also the people of a school they register for
    (permissions.school_people, the same definition the services' rule reads); staff who manage
    registrations anybody with an active account. (Whether the place may be taken, and for which
    school, is the services' rule; this keeps a contact from naming, and so learning about, people
    who have nothing to do with their school.)"""
    people = User.objects.filter(is_active=True)
    if is_registration_staff(user):
        return people
    if not is_active_person(user):
        return people.none()
    schools = active_memberships(user=user, roles=REGISTERING_ROLES).values("school_id")  # type: ignore[arg-type]
    colleagues = school_people(schools).values("user_id")
    return people.filter(Q(pk=user.pk) | Q(pk__in=colleagues))  # type: ignore[union-attr]
