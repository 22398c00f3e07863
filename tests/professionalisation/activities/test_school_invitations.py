"""A school registers its teachers (services/invitations.py, views/school.py): the school contact
invites a teacher by name and e-mail; the teacher confirms logged in with that address (registered
for the school, or on the waiting list when the session filled up) or declines by the link; the
school withdraws open invitations; the beat task closes expired ones. The school's page shows its
own registrations, waiting-list places and invitations, never another school's, in a fixed number
of queries. Every refusal is compared word for word and writes nothing."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from iclon.core.errors import Conflict, NotAllowed, PortalError
from iclon.notifications.models import Channel, Notification
from partnerships.models import SchoolMembership, SchoolRole
from professionalisation.activities import tasks
from professionalisation.activities.services import invitations
from professionalisation.models import (
    InvitationStatus,
    Registration,
    RegistrationInvitation,
    RegistrationStatus,
    SessionStatus,
    WaitingListEntry,
)
from tests.factories import (
    RegistrationFactory,
    RegistrationInvitationFactory,
    SchoolFactory,
    SessionFactory,
    UserFactory,
    WaitingListEntryFactory,
)
from tests.professionalisation.helpers import NOT_ALLOWED, contact_of, refused, register, teacher_of

pytestmark = pytest.mark.django_db

WRITES = (RegistrationInvitation, Registration, WaitingListEntry, Notification)


@pytest.fixture
def school():
    return SchoolFactory(name="Stedelijk Gymnasium Leiden")


@pytest.fixture
def contact(school):
    return contact_of(school)


@pytest.fixture
def session():
    return SessionFactory(capacity=2, activity__title_en="Formative assessment", activity__title_nl="Formatief toetsen")


def invite(session, school, actor, email="tessa@example.org", name="Tessa Teacher", **kwargs):
    return invitations.registration_invite(
        session=session, school=school, name=name, email=email, actor=actor, **kwargs
    )


def client_for(user=None):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def flash(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- inviting -------------------------------------------------------------------------------------


def test_the_school_contact_invites_a_teacher_who_gets_the_email_in_the_chosen_language(
    session, school, contact, now, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(
            session, school, contact, email=" Tessa@Example.org ", name="  Tessa   Teacher ", language="en"
        )
    assert (invitation.status, invitation.email, invitation.name) == (
        InvitationStatus.PENDING,
        "tessa@example.org",
        "Tessa Teacher",
    )
    assert (invitation.invited_by, invitation.school, invitation.language) == (contact, school, "en")
    assert invitation.expires_at == min(
        session.registration_deadline, now + datetime.timedelta(days=invitations.INVITATION_DAYS)
    )
    assert not Registration.objects.filter(session=session).exists()  # no place until confirmed
    (row,) = Notification.objects.filter(idempotency_key=f"professionalisation.invitation:{invitation.pk}")
    assert (row.channel, row.email, row.language, row.recipient) == (Channel.EMAIL, "tessa@example.org", "en", None)
    (email,) = mailoutbox
    assert email.to == ["tessa@example.org"]
    assert email.subject == "Stedelijk Gymnasium Leiden registers you for Formative assessment"
    assert f"/professionalisation/invitations/{invitation.token}/" in email.body
    assert "log in with this address (tessa@example.org)" in email.body
    # The secret link is not kept in the outbox once sent.
    row.refresh_from_db()
    assert invitation.token not in row.body_text


def test_the_invitation_is_in_dutch_by_default(session, school, contact):
    invitation = invite(session, school, contact)
    email = Notification.objects.get(idempotency_key=f"professionalisation.invitation:{invitation.pk}")
    assert email.subject == "Stedelijk Gymnasium Leiden schrijft je in voor Formatief toetsen"


@pytest.mark.parametrize("role", [SchoolRole.SCHOOL_CONTACT, SchoolRole.SCHOOL_LEADER])
def test_contacts_and_leaders_invite_for_their_school(session, school, role):
    assert invite(session, school, contact_of(school, role)).status == InvitationStatus.PENDING


def test_staff_invite_for_any_school(session, school, professionalisation_coordinator):
    assert invite(session, school, professionalisation_coordinator).invited_by == professionalisation_coordinator


@pytest.mark.parametrize("who", ["anonymous", "teacher", "mentor", "other_school_contact", "nobody"])
def test_nobody_else_invites_for_the_school(session, school, who):
    actor = {
        "anonymous": AnonymousUser(),
        "teacher": UserFactory(),
        "mentor": contact_of(school, SchoolRole.WORKPLACE_MENTOR),
        "other_school_contact": contact_of(SchoolFactory()),
        "nobody": None,
    }[who]
    refused(NotAllowed, NOT_ALLOWED, lambda: invite(session, school, actor), *WRITES)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": "  "}, "name", "Give the teacher's name."),
        ({"name": "x" * 151}, "name", "A name has at most 150 characters."),
        ({"email": "not-an-address"}, "email", "Enter a valid e-mail address."),
        ({"language": "de"}, "language", "Choose Dutch or English."),
    ],
)
def test_bad_input_is_refused_on_its_field(session, school, contact, fields, field, message):
    error = refused(PortalError, message, lambda: invite(session, school, contact, **fields), *WRITES)
    assert error.field == field


def test_a_session_that_does_not_take_registrations_is_refused(school, contact):
    cancelled = SessionFactory(status=SessionStatus.CANCELLED)
    refused(Conflict, "This session has been cancelled.", lambda: invite(cancelled, school, contact), *WRITES)
    closed = SessionFactory(status=SessionStatus.CLOSED)
    refused(Conflict, "Registration for this session is closed.", lambda: invite(closed, school, contact), *WRITES)
    past = SessionFactory(registration_deadline=timezone.now() - datetime.timedelta(hours=1))
    refused(
        Conflict,
        "The registration deadline of this session has passed.",
        lambda: invite(past, school, contact),
        *WRITES,
    )
    hidden = SessionFactory(activity__published=False)
    refused(Conflict, "This activity is not open for registration.", lambda: invite(hidden, school, contact), *WRITES)


def test_someone_registered_waiting_or_invited_already_is_refused(session, school, contact):
    RegistrationFactory(session=session, participant=UserFactory(email="reg@example.org"))
    WaitingListEntryFactory(session=None, activity=session.activity, participant=UserFactory(email="any@example.org"))
    invite(session, school, contact, email="inv@example.org")
    taken = "This person is already registered or waiting for this session."
    refused(Conflict, taken, lambda: invite(session, school, contact, email="REG@example.org"), *WRITES)
    refused(Conflict, taken, lambda: invite(session, school, contact, email="any@example.org"), *WRITES)
    refused(
        Conflict,
        "This teacher has already been invited to this session.",
        lambda: invite(session, school, contact, email="Inv@Example.org"),
        *WRITES,
    )


# --- answering ------------------------------------------------------------------------------------


def test_the_teacher_confirms_and_is_registered_for_the_school_by_its_contact(session, school, contact):
    invitation = invite(session, school, contact)
    teacher = UserFactory(email="TESSA@example.org")
    registration = invitations.registration_invitation_accept(invitation=invitation, actor=teacher)
    assert isinstance(registration, Registration)
    assert (registration.participant, registration.school, registration.registered_by) == (teacher, school, contact)
    assert registration.status == RegistrationStatus.CONFIRMED
    invitation.refresh_from_db()
    assert (invitation.status, invitation.participant, invitation.registration) == (
        InvitationStatus.ACCEPTED,
        teacher,
        registration,
    )
    assert invitation.answered_at is not None


def test_a_full_session_puts_the_confirming_teacher_on_its_waiting_list(session, school, contact):
    invitation = invite(session, school, contact)
    for _ in range(2):
        register(session, UserFactory())
    teacher = UserFactory(email="tessa@example.org")
    entry = invitations.registration_invitation_accept(invitation=invitation, actor=teacher)
    assert isinstance(entry, WaitingListEntry)
    assert (entry.session, entry.school) == (session, school)
    invitation.refresh_from_db()
    assert (invitation.status, invitation.waiting_list_entry) == (InvitationStatus.ACCEPTED, entry)


@pytest.mark.parametrize("who", ["anonymous", "someone_else", "the_contact"])
def test_only_the_teacher_invited_may_confirm(session, school, contact, who):
    invitation = invite(session, school, contact)
    actor = {"anonymous": AnonymousUser(), "someone_else": UserFactory(), "the_contact": contact}[who]
    refused(
        NotAllowed,
        "Log in with the address this invitation was sent to (tessa@example.org).",
        lambda: invitations.registration_invitation_accept(invitation=invitation, actor=actor),
        *WRITES,
    )


def test_a_confirmed_withdrawn_or_expired_invitation_cannot_be_answered(session, school, contact):
    teacher = UserFactory(email="tessa@example.org")
    invitation = invite(session, school, contact)
    invitations.registration_invitation_accept(invitation=invitation, actor=teacher)
    refused(
        Conflict,
        "This invitation is no longer open.",
        lambda: invitations.registration_invitation_decline(invitation=invitation, actor=None, token=invitation.token),
        *WRITES,
    )
    late = RegistrationInvitationFactory(
        session=session,
        school=school,
        invited_by=contact,
        email="late@example.org",
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    refused(
        Conflict,
        "This invitation has expired; ask your school to invite you again.",
        lambda: invitations.registration_invitation_accept(
            invitation=late, actor=UserFactory(email="late@example.org")
        ),
        *WRITES,
    )


def test_an_inviter_who_left_the_school_no_longer_registers_anyone(session, school, contact):
    invitation = invite(session, school, contact)
    with scopes_disabled():
        SchoolMembership.objects.filter(user=contact).update(
            active_until=timezone.localdate() - datetime.timedelta(days=1)
        )
    refused(
        Conflict,
        "Your school can no longer register you with this invitation; please ask it again.",
        lambda: invitations.registration_invitation_accept(
            invitation=invitation, actor=UserFactory(email="tessa@example.org")
        ),
        *WRITES,
    )


def test_a_teacher_registered_already_is_told_in_their_own_words(session, school, contact):
    teacher = UserFactory(email="tessa@example.org")
    invitation = invite(session, school, contact)
    register(session, teacher)
    refused(
        Conflict,
        "You are already registered for this session.",
        lambda: invitations.registration_invitation_accept(invitation=invitation, actor=teacher),
        *WRITES,
    )


def test_the_teacher_declines_by_the_link_without_logging_in(session, school, contact):
    invitation = invite(session, school, contact)
    refused(
        NotAllowed,
        NOT_ALLOWED,
        lambda: invitations.registration_invitation_decline(invitation=invitation, actor=None, token="wrong"),
        *WRITES,
    )
    invitations.registration_invitation_decline(invitation=invitation, actor=AnonymousUser(), token=invitation.token)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED


def test_the_school_withdraws_an_open_invitation_and_no_other_school_may(session, school, contact):
    invitation = invite(session, school, contact)
    other = contact_of(SchoolFactory())
    refused(
        NotAllowed,
        NOT_ALLOWED,
        lambda: invitations.registration_invitation_withdraw(invitation=invitation, actor=other),
        *WRITES,
    )
    invitations.registration_invitation_withdraw(invitation=invitation, actor=contact_of(school))
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.WITHDRAWN
    refused(
        Conflict,
        "This invitation is no longer open.",
        lambda: invitations.registration_invitation_withdraw(invitation=invitation, actor=contact),
        *WRITES,
    )


def test_the_beat_task_closes_expired_invitations_once(session, school, contact):
    open_one = invite(session, school, contact)
    with time_machine.travel(open_one.expires_at + datetime.timedelta(seconds=1)):
        assert tasks.expire_invitations_task() == 1
        assert tasks.expire_invitations_task() == 0
    open_one.refresh_from_db()
    assert open_one.status == InvitationStatus.EXPIRED


# --- the school's page ----------------------------------------------------------------------------


def school_url(school):
    return reverse("activities:school", kwargs={"pk": school.pk})


def test_the_school_page_shows_its_own_registrations_waiting_and_invitations_only(session, school, contact):
    mine = register(session, teacher_of(school, full_name="Own Teacher"), contact, school=school)
    other_school = SchoolFactory()
    other = teacher_of(other_school, full_name="Other Teacher")
    register(session, other, contact_of(other_school), school=other_school)
    register(session, teacher_of(school, full_name="Waiting Teacher"), contact, school=school)  # full: waiting
    invite(session, school, contact, name="Invited Teacher")
    response = client_for(contact).get(school_url(school))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Own Teacher" in page and "Waiting Teacher" in page and "Invited Teacher" in page
    assert "Other Teacher" not in page
    assert reverse("activities:registration-cancel", kwargs={"pk": mine.pk}) in page


def test_a_contact_with_one_school_is_sent_to_its_page(school, contact):
    response = client_for(contact).get(reverse("activities:school-home"))
    assert response.status_code == 302
    assert response["Location"] == school_url(school)


@pytest.mark.parametrize("who", ["teacher", "other_school_contact", "mentor"])
def test_the_school_page_is_not_found_for_anyone_else(school, who):
    user = {
        "teacher": UserFactory(),
        "other_school_contact": contact_of(SchoolFactory()),
        "mentor": contact_of(school, SchoolRole.WORKPLACE_MENTOR),
    }[who]
    response = client_for(user).get(school_url(school))
    assert response.status_code == 404
    assert "Stedelijk Gymnasium Leiden" not in response.content.decode()
    home = client_for(user).get(reverse("activities:school-home"))
    if who == "other_school_contact":
        assert home["Location"] != school_url(school)  # their own school's page
    else:
        assert home.status_code == 403


def test_the_school_page_asks_to_log_in(school):
    response = client_for().get(school_url(school))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_inviting_on_the_page_and_a_refusal_keeps_what_was_typed(session, school, contact):
    client = client_for(contact)
    data = {"session": session.pk, "name": "Tessa Teacher", "email": "tessa@example.org", "language": "en"}
    response = client.post(school_url(school), data)
    assert response.status_code == 302
    assert flash(response) == [
        "Tessa Teacher has been invited by e-mail to confirm the registration for Formative assessment."
    ]
    assert RegistrationInvitation.objects.get().email == "tessa@example.org"
    response = client.post(school_url(school), {**data, "name": "Tessa Again"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This teacher has already been invited to this session." in page
    assert 'value="Tessa Again"' in page
    assert RegistrationInvitation.objects.count() == 1


def test_withdrawing_on_the_page(session, school, contact):
    invitation = invite(session, school, contact)
    url = reverse("activities:invitation-withdraw", kwargs={"pk": invitation.pk})
    assert client_for(contact_of(SchoolFactory())).post(url).status_code == 404
    response = client_for(contact).post(url)
    assert response["Location"] == school_url(school)
    assert flash(response) == [f"The invitation of {invitation.name} has been withdrawn."]
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.WITHDRAWN


@pytest.mark.parametrize("rows", [1, 50])
def test_the_school_page_runs_a_fixed_number_of_queries(school, contact, rows, django_assert_max_num_queries):
    for _ in range(rows):
        session = SessionFactory(capacity=1)
        register(session, teacher_of(school), contact, school=school)
        register(session, teacher_of(school), contact, school=school)  # waiting
        invite(session, school, contact, email=f"t{session.pk}@example.org")
    client = client_for(contact)
    with django_assert_max_num_queries(22):
        response = client.get(school_url(school))
    assert response.status_code == 200


# --- the invitation's page ------------------------------------------------------------------------


def invitation_url(invitation):
    return reverse("activities:invitation", kwargs={"token": invitation.token})


def test_the_invitation_page_asks_anyone_else_to_log_in_with_the_address(session, school, contact):
    invitation = invite(session, school, contact)
    page = client_for().get(invitation_url(invitation)).content.decode()
    assert "To confirm, log in with tessa@example.org." in page
    assert reverse("account_signup") in page
    assert 'value="accept"' not in page
    assert client_for().get(reverse("activities:invitation", kwargs={"token": "unknown"})).status_code == 404


def test_the_teacher_confirms_on_the_page(session, school, contact):
    invitation = invite(session, school, contact)
    teacher = UserFactory(email="tessa@example.org")
    client = client_for(teacher)
    assert 'value="accept"' in client.get(invitation_url(invitation)).content.decode()
    response = client.post(invitation_url(invitation), {"action": "accept"})
    assert response["Location"] == reverse("activities:mine")
    assert flash(response) == ["You are registered"]
    assert Registration.objects.get(session=session).participant == teacher


def test_declining_on_the_page_without_logging_in(session, school, contact):
    invitation = invite(session, school, contact)
    response = client_for().post(invitation_url(invitation), {"action": "decline"})
    assert flash(response) == ["You have declined. Your school can see this."]
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED
    page = client_for().get(invitation_url(invitation)).content.decode()
    assert "You have declined this registration." in page
