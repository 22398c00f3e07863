"""Who may do what with activities, registrations and waiting lists: predicates used by pages,
admin and API alike, and the staff groups' permissions."""

from django.contrib.auth.models import AnonymousUser

from iclon.accounts.models import User
from iclon.accounts.roles import staff_may
from partnerships.models import SchoolRole
from partnerships.selectors import school_roles

Viewer = User | AnonymousUser | None

#: Staff who register people, cancel any registration and promote from the waiting list.
MANAGE_REGISTRATIONS = "professionalisation.change_registration"
#: School roles that register their school's teachers and manage the school's registrations.
REGISTERING_ROLES = frozenset({SchoolRole.SCHOOL_CONTACT, SchoolRole.SCHOOL_LEADER})

GROUP_PERMISSIONS = {
    # Professionalisation coordinators run the offer: activities, sessions, registrations and queues
    # (the administrator group holds every permission already).
    "professionalisation_coordinator": [
        f"professionalisation.{action}_{model}"
        for action in ("view", "add", "change", "delete")
        for model in ("activity", "session", "meeting", "registration", "waitinglistentry", "registrationinvitation")
    ]
    + ["professionalisation.view_targetaudience"],
}


def is_registration_staff(user: Viewer) -> bool:
    return staff_may(user, MANAGE_REGISTRATIONS)


def is_active_person(user: Viewer) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def registers_for_school(user: Viewer, school_id: int | None) -> bool:
    """Whether `user` registers teachers for the school and manages its registrations today: its
    school contact or school leader."""
    if school_id is None or not is_active_person(user):
        return False
    return bool(school_roles(user=user, school_id=school_id) & REGISTERING_ROLES)


def can_register(actor: User | AnonymousUser | None, *, participant: User, school_id: int | None) -> bool:
    """A person registers themself (for a school only where they hold a role today: naming an ONZ
    member school would take the places it holds); a school contact registers people for their own
    school; staff register anyone."""
    if is_registration_staff(actor):
        return True
    if actor is None or not is_active_person(actor):
        return False
    if actor.pk == participant.pk:
        return school_id is None or bool(school_roles(user=actor, school_id=school_id))
    return registers_for_school(actor, school_id)


def can_manage_place(actor: User | AnonymousUser | None, *, participant_id: int, school_id: int | None) -> bool:
    """Who may cancel a registration or take someone off a waiting list: the person, the contact of
    the school they were registered for, and staff."""
    if is_registration_staff(actor):
        return True
    if actor is None or not is_active_person(actor):
        return False
    return actor.pk == participant_id or registers_for_school(actor, school_id)


#: Staff who change the meetings of sessions (their dates, times and places).
CHANGE_MEETINGS = "professionalisation.change_meeting"


def can_change_meetings(user: Viewer) -> bool:
    return staff_may(user, CHANGE_MEETINGS)


def can_manage_calendar_feed(actor: User | AnonymousUser | None, *, participant_id: int) -> bool:
    """The participant themself, and staff who manage registrations (the admin's renew action)."""
    if is_registration_staff(actor):
        return True
    return actor is not None and is_active_person(actor) and actor.pk == participant_id
