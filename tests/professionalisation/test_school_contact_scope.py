"""A school contact registers only people of their own school, and the services hold the rule (not
only the API): `registration_create` and `waiting_list_join` admit, for the contact's school, a
person with an active membership of it (permissions.school_people, the same people the API lets a
contact name) or a teacher accepting the school's invitation for that session (the `invitation`
argument, checked as stored). Staff and self-registration keep their rules. Every refusal is
compared word for word and writes nothing."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from iclon.core.errors import NotAllowed
from partnerships.models import SchoolMembership, SchoolRole
from professionalisation.activities import access, services
from professionalisation.activities.permissions import is_of_school
from professionalisation.activities.services import invitations
from professionalisation.models import (
    InvitationStatus,
    Registration,
    RegistrationInvitation,
    RegistrationStatus,
    WaitingListEntry,
    WaitingStatus,
)
from tests.api.conftest import api_client
from tests.factories import (
    ActivityFactory,
    RegistrationFactory,
    RegistrationInvitationFactory,
    SchoolFactory,
    SchoolMembershipFactory,
    SessionFactory,
    UserFactory,
)
from tests.professionalisation.helpers import (
    NOT_ALLOWED,
    WRITES,
    contact_of,
    join,
    refused,
    register,
    teacher_of,
)
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

SCHOOL_NAME = "Stedelijk Gymnasium Leiden"
NOT_OURS = f"You can register only people of {SCHOOL_NAME}; invite other teachers by e-mail."
BAD_INVITATION = "This invitation does not register this person for this session and school."
#: What a refused invitation must leave as it was, besides the registration services' rows.
WITH_INVITATIONS = (*WRITES, RegistrationInvitation)


@pytest.fixture
def school():
    return SchoolFactory(name=SCHOOL_NAME)


@pytest.fixture
def contact(school):
    return contact_of(school)


@pytest.fixture
def session():
    return SessionFactory(capacity=2)


def full(session):
    """Take every place of `session` (the next person goes on its waiting list)."""
    for _ in range(session.capacity):
        register(session, UserFactory())
    session.refresh_from_db()
    return session


def invitation_for(person, session, school, inviter, **kwargs):
    """The school's open invitation of `person` (their address) for `session`, by `inviter`."""
    return RegistrationInvitationFactory(
        session=session, school=school, email=person.email, invited_by=inviter, **kwargs
    )


# --- the people of the school ------------------------------------------------------------------


@pytest.mark.parametrize("role", [SchoolRole.SCHOOL_CONTACT, SchoolRole.SCHOOL_LEADER])
@pytest.mark.parametrize(
    "member_role",
    [
        SchoolRole.WORKPLACE_MENTOR,
        SchoolRole.SCHOOL_TEACHER_EDUCATOR,
        SchoolRole.SCHOOL_CONTACT,
        SchoolRole.SCHOOL_LEADER,
    ],
)
def test_a_contact_or_leader_registers_a_person_of_their_school(school, session, role, member_role):
    actor = contact_of(school, role)
    teacher = teacher_of(school, member_role)

    registration = register(session, teacher, actor, school=school)

    assert isinstance(registration, Registration)
    assert (registration.participant, registration.registered_by, registration.school, registration.status) == (
        teacher,
        actor,
        school,
        RegistrationStatus.CONFIRMED,
    )


def test_a_contact_puts_a_person_of_their_school_on_the_waiting_list(school, contact, session):
    full(session)
    teacher = teacher_of(school)

    entry = register(session, teacher, contact, school=school)

    assert isinstance(entry, WaitingListEntry)
    assert (entry.participant, entry.registered_by, entry.school, entry.status) == (
        teacher,
        contact,
        school,
        WaitingStatus.WAITING,
    )


def test_a_contact_may_not_register_a_stranger_for_their_school(school, contact, session):
    stranger = UserFactory()

    error = refused(NotAllowed, NOT_OURS, lambda: register(session, stranger, contact, school=school))

    assert error.field == "participant"
    assert not Registration.objects.filter(participant=stranger).exists()


def test_a_contact_may_not_register_a_person_of_another_school(school, contact, session):
    other_school = SchoolFactory()
    colleague_elsewhere = teacher_of(other_school)

    refused(NotAllowed, NOT_OURS, lambda: register(session, colleague_elsewhere, contact, school=school))
    # Nor for the other school, where the contact has no role.
    refused(NotAllowed, NOT_ALLOWED, lambda: register(session, colleague_elsewhere, contact, school=other_school))


def test_a_contact_of_two_schools_registers_each_schools_people_for_that_school_only(school, contact, session):
    second = SchoolFactory()
    SchoolMembershipFactory(user=contact, school=second, role=SchoolRole.SCHOOL_CONTACT)
    ours, theirs = teacher_of(school), teacher_of(second)

    refused(
        NotAllowed,
        f"You can register only people of {second.name}; invite other teachers by e-mail.",
        lambda: register(session, ours, contact, school=second),
    )
    assert register(session, ours, contact, school=school).school == school
    assert register(session, theirs, contact, school=second).school == second


def test_a_membership_that_ended_or_has_not_begun_does_not_count(school, contact, session):
    today = timezone.localdate()
    former = SchoolMembershipFactory(
        school=school,
        role=SchoolRole.WORKPLACE_MENTOR,
        active_from=today - datetime.timedelta(days=400),
        active_until=today - datetime.timedelta(days=1),
    ).user
    future = SchoolMembershipFactory(
        school=school, role=SchoolRole.WORKPLACE_MENTOR, active_from=today + datetime.timedelta(days=1)
    ).user

    for person in (former, future):
        refused(NotAllowed, NOT_OURS, lambda person=person: register(session, person, contact, school=school))


def test_the_services_and_the_api_read_one_definition_of_the_schools_people(school, contact):
    today = timezone.localdate()
    member = teacher_of(school)
    former = SchoolMembershipFactory(
        school=school,
        role=SchoolRole.WORKPLACE_MENTOR,
        active_from=today - datetime.timedelta(days=40),
        active_until=today - datetime.timedelta(days=1),
    ).user
    inactive = teacher_of(school, is_active=False)
    elsewhere = teacher_of(SchoolFactory())
    stranger = UserFactory()

    named = set(access.people_to_register(contact))

    assert named == {contact, member}
    for person in (member, former, inactive, elsewhere, stranger):
        assert is_of_school(person, school.pk) == (person in named)
    assert not is_of_school(member, None)


def test_a_contact_may_not_put_a_stranger_or_another_schools_person_on_the_waiting_list(school, contact):
    activity = ActivityFactory()
    full(SessionFactory(activity=activity, capacity=1))

    for person in (UserFactory(), teacher_of(SchoolFactory())):
        refused(NotAllowed, NOT_OURS, lambda person=person: join(activity, person, contact, school=school))

    teacher = teacher_of(school)
    entry = join(activity, teacher, contact, school=school)
    assert (entry.participant, entry.school, entry.registered_by, entry.session) == (teacher, school, contact, None)


def test_a_workplace_mentor_registers_nobody_but_themself(school, session):
    mentor = teacher_of(school)
    colleague = teacher_of(school)

    refused(NotAllowed, NOT_ALLOWED, lambda: register(session, colleague, mentor, school=school))
    assert register(session, mentor, school=school).registered_by == mentor


# --- an invitation admits a teacher who is not one of the school's people --------------------------


def test_a_teacher_without_a_membership_accepts_the_invitation_and_is_registered(school, contact, session):
    teacher = UserFactory()
    invitation = invitations.registration_invite(
        session=session, school=school, name="Tessa Teacher", email=teacher.email, actor=contact
    )

    registration = invitations.registration_invitation_accept(invitation=invitation, actor=teacher)

    assert isinstance(registration, Registration)
    assert (registration.participant, registration.school, registration.registered_by) == (teacher, school, contact)
    invitation.refresh_from_db()
    assert (invitation.status, invitation.participant, invitation.registration) == (
        InvitationStatus.ACCEPTED,
        teacher,
        registration,
    )
    assert not is_of_school(teacher, school.pk)


def test_an_accepted_invitation_to_a_full_session_puts_the_teacher_on_its_waiting_list(school, contact, session):
    full(session)
    teacher = UserFactory()
    invitation = invitation_for(teacher, session, school, contact)

    entry = invitations.registration_invitation_accept(invitation=invitation, actor=teacher)

    assert isinstance(entry, WaitingListEntry)
    assert (entry.participant, entry.school, entry.session) == (teacher, school, session)
    invitation.refresh_from_db()
    assert (invitation.status, invitation.waiting_list_entry) == (InvitationStatus.ACCEPTED, entry)


def test_registration_create_admits_the_participant_of_a_matching_open_invitation(school, contact, session):
    teacher = UserFactory()
    invitation = invitation_for(teacher, session, school, contact)

    registration = register(session, teacher, contact, school=school, invitation=invitation)

    assert (registration.participant, registration.school, registration.registered_by) == (teacher, school, contact)


@pytest.mark.parametrize(
    "mismatch",
    [
        "another_school",
        "another_session",
        "another_address",
        "declined",
        "withdrawn",
        "accepted",
        "expired",
        "never_saved",
        "changed_in_memory",
        "no_school_named",
    ],
)
def test_an_invitation_that_does_not_match_is_refused(school, contact, session, mismatch):
    teacher = UserFactory()
    other_school = SchoolFactory()
    # The contact registers for the other school too: only the invitation is wrong.
    SchoolMembershipFactory(user=contact, school=other_school, role=SchoolRole.SCHOOL_CONTACT)
    stored = {
        "another_school": {"school": other_school},
        "another_session": {"session": SessionFactory()},
        "another_address": {"email": "someone.else@example.org"},
        "declined": {"status": InvitationStatus.DECLINED},
        "withdrawn": {"status": InvitationStatus.WITHDRAWN},
        "accepted": {"status": InvitationStatus.ACCEPTED},
        "expired": {"expires_at": timezone.now() - datetime.timedelta(minutes=1)},
        "changed_in_memory": {"email": "someone.else@example.org"},
    }.get(mismatch, {})
    if mismatch == "never_saved":
        invitation = RegistrationInvitation(
            session=session,
            school=school,
            email=teacher.email,
            name="Forged",
            invited_by=contact,
            expires_at=timezone.now() + datetime.timedelta(days=7),
        )
    else:
        fields = {"session": session, "school": school, "email": teacher.email, **stored}
        invitation = RegistrationInvitationFactory(invited_by=contact, **fields)
    if mismatch == "changed_in_memory":
        invitation.email = teacher.email  # what the database holds is what counts
    for_school = None if mismatch == "no_school_named" else school

    refused(
        NotAllowed,
        BAD_INVITATION,
        lambda: register(session, teacher, contact, school=for_school, invitation=invitation),
        *WITH_INVITATIONS,
    )


def test_an_invitation_that_does_not_match_is_refused_even_for_a_person_of_the_school(
    school, contact, session, professionalisation_coordinator
):
    member = teacher_of(school)
    invitation = invitation_for(UserFactory(), session, school, contact)

    for actor in (contact, member, professionalisation_coordinator):
        refused(
            NotAllowed,
            BAD_INVITATION,
            lambda actor=actor: register(session, member, actor, school=school, invitation=invitation),
            *WITH_INVITATIONS,
        )


def test_another_schools_contact_gains_nothing_from_an_invitation(school, session):
    teacher = UserFactory()
    invitation = invitation_for(teacher, session, school, contact_of(school))
    outsider = contact_of(SchoolFactory())

    refused(
        NotAllowed,
        NOT_ALLOWED,
        lambda: register(session, teacher, outsider, school=school, invitation=invitation),
        *WITH_INVITATIONS,
    )


def test_the_invitation_page_registers_a_teacher_without_a_membership(school, contact, session):
    teacher = UserFactory()
    invitation = invitation_for(teacher, session, school, contact)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(teacher)

    response = client.post(reverse("activities:invitation", kwargs={"token": invitation.token}), {"action": "accept"})

    assert response.status_code == 302
    assert response.url == reverse("activities:mine")
    registration = Registration.objects.get(participant=teacher)
    assert (registration.session, registration.school, registration.registered_by) == (session, school, contact)


# --- staff and self-registration are as they were -----------------------------------------------------


def test_staff_register_anybody_for_any_school(school, session, professionalisation_coordinator):
    stranger = UserFactory()

    registration = register(session, stranger, professionalisation_coordinator, school=school)

    assert (registration.participant, registration.school, registration.registered_by) == (
        stranger,
        school,
        professionalisation_coordinator,
    )
    activity = ActivityFactory()
    SessionFactory(activity=activity)
    entry = join(activity, UserFactory(), professionalisation_coordinator, school=school)
    assert entry.school == school


def test_a_person_registers_themself_without_a_school_or_for_a_school_where_they_hold_a_role(school, session):
    person = UserFactory()
    assert register(session, person).registered_by == person

    mentor = teacher_of(school)
    assert register(session, mentor, school=school).school == school
    stranger = UserFactory()
    refused(NotAllowed, NOT_ALLOWED, lambda: register(session, stranger, school=school))


def test_a_contact_registers_themself_for_their_school(school, contact, session):
    assert register(session, contact, school=school).registered_by == contact


# --- the API: a refusal is a 400 or a 403 with the service's message, never a 500 ---------------------


def test_the_api_refuses_a_stranger_as_a_participant_it_does_not_name(school, contact, session):
    client = api_client(contact)
    body = {"session": session.pk, "participant": UserFactory().pk, "school": school.pk}

    with nothing_written(*WRITES):
        response = client.post(reverse("api:registration-list"), body, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"participant": ["There is nobody with this id whom you may register."]}


def test_the_api_refuses_a_person_of_one_school_registered_for_another_with_the_services_message(
    school, contact, session
):
    second = SchoolFactory(name="Het College B")
    SchoolMembershipFactory(user=contact, school=second, role=SchoolRole.SCHOOL_CONTACT)
    teacher = teacher_of(school)
    message = "You can register only people of Het College B; invite other teachers by e-mail."
    client = api_client(contact)

    with nothing_written(*WRITES):
        registering = client.post(
            reverse("api:registration-list"),
            {"session": session.pk, "participant": teacher.pk, "school": second.pk},
            format="json",
        )
        waiting = client.post(
            reverse("api:waiting-list-entry-list"),
            {"activity": session.activity.slug, "participant": teacher.pk, "school": second.pk},
            format="json",
        )

    for response in (registering, waiting):
        assert response.status_code == 403
        assert response.json() == {"detail": message, "errors": {"participant": [message]}}

    created = client.post(
        reverse("api:registration-list"),
        {"session": session.pk, "participant": teacher.pk, "school": school.pk},
        format="json",
    )
    assert created.status_code == 201
    assert created.json()["registration"]["participant"]["id"] == teacher.pk


def test_the_contacts_existing_registrations_of_people_who_left_stay_manageable(school, contact, session):
    # A registration made earlier for someone no longer of the school is still the school's to cancel.
    registration = RegistrationFactory(session=session, participant=UserFactory(), school=school)

    cancelled = services.registration_cancel(registration=registration, actor=contact)

    assert cancelled.status == RegistrationStatus.CANCELLED


def test_a_refused_invitation_on_the_page_is_a_message_not_an_error(school, contact, session):
    teacher = UserFactory()
    invitation = invitation_for(teacher, session, school, contact)
    # The contact who invited no longer registers for the school.
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    SchoolMembership.objects.unscoped().filter(user=contact).update(active_until=yesterday)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(teacher)
    url = reverse("activities:invitation", kwargs={"token": invitation.token})

    with nothing_written(*WITH_INVITATIONS):
        response = client.post(url, {"action": "accept"})

    assert (response.status_code, response.url) == (302, url)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Your school can no longer register you with this invitation; please ask it again."
    ]
