"""Who may do what with activities, registrations and waiting lists: predicates used by pages,
admin and API alike, and the staff groups' permissions."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from iclon.accounts.models import User
from iclon.accounts.roles import staff_may
from partnerships.models import SchoolMembershipQuerySet, SchoolRole
from partnerships.selectors import active_memberships, school_roles
from professionalisation.activities.models import InvitationStatus, RegistrationInvitation

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


def school_people(school_ids: Iterable[int] | QuerySet) -> SchoolMembershipQuerySet:
    """The memberships that make someone one of a school's people, whom its contact may register
    for it: active today, in any role, of an active account. `school_ids` may be a subquery (the
    rows stay one query). The one definition: the services' rule (`is_of_school`) and the people
    the API lets a contact name (access.people_to_register) both read it."""
    return active_memberships().filter(school_id__in=school_ids)


def is_of_school(person: User, school_id: int | None) -> bool:
    """Whether `person` has an active membership of the school today (see `school_people`)."""
    return school_id is not None and school_people([school_id]).filter(user_id=person.pk).exists()


def invitation_is_for(invitation: RegistrationInvitation, user: User | AnonymousUser | None) -> bool:
    """Whether `user` is the teacher invited: logged in with the invitation's address, verified."""
    if not isinstance(user, User) or not is_active_person(user):
        return False
    if user.email.lower() == invitation.email.lower():
        return True
    return EmailAddress.objects.filter(user=user, email__iexact=invitation.email, verified=True).exists()


def invitation_admits(
    invitation: RegistrationInvitation,
    *,
    participant: User,
    session_id: int,
    school_id: int | None,
    now: datetime.datetime,
) -> bool:
    """Whether the (stored) invitation lets its school register `participant` for the session: an
    invitation of this school for this session, still open (being accepted), sent to the
    participant's address."""
    return (
        invitation.pk is not None
        and invitation.session_id == session_id
        and school_id is not None
        and invitation.school_id == school_id
        and invitation.status == InvitationStatus.PENDING
        and invitation.expires_at > now
        and invitation_is_for(invitation, participant)
    )


def can_register(
    actor: User | AnonymousUser | None, *, participant: User, school_id: int | None, invited: bool = False
) -> bool:
    """A person registers themself (for a school only where they hold a role today: naming an ONZ
    member school would take the places it holds); a school contact registers for their own
    school the school's people (`is_of_school`) and a teacher who accepts the school's invitation
    for the place (`invited`: the caller has checked the invitation with `invitation_admits`);
    staff register anyone."""
    if is_registration_staff(actor):
        return True
    if actor is None or not is_active_person(actor):
        return False
    if actor.pk == participant.pk:
        return school_id is None or bool(school_roles(user=actor, school_id=school_id))
    return registers_for_school(actor, school_id) and (invited or is_of_school(participant, school_id))


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
