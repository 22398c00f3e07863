"""Inviting partner-school users: staff invite in the admin, the invitee accepts a single-use link."""

import datetime
import hashlib
import re

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from iclon.core.errors import NotAllowed, PortalError
from iclon.core.tenancy import visible_school_ids
from partnerships.models import SchoolInvitation, SchoolMembership, SchoolRole
from partnerships.services.invitations import (
    InvitationUsed,
    invitation_accept,
    invitation_create,
    invitation_resend,
)
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]

User = get_user_model()
ADD_URL = reverse("admin:partnerships_schoolinvitation_add")
CHANGELIST_URL = reverse("admin:partnerships_schoolinvitation_changelist")
TOKEN_RE = re.compile(r"/invitations/([A-Za-z0-9_-]{20,})/")
GOOD_PASSWORD = "paarse-olifant-op-de-fiets"
INVITEE = "pieter.jansen@school-a.example.org"


def token_in(message) -> str:
    match = TOKEN_RE.search(message.body)
    assert match, f"no invitation link in the e-mail:\n{message.body}"
    return match.group(1)


def link(token: str) -> str:
    return reverse("partnerships:invitation-accept", kwargs={"token": token})


def sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(school, actor, capture, *, email=INVITEE, language="nl", role=SchoolRole.WORKPLACE_MENTOR):
    """Invite through the service, as trusted code would, and let the e-mail go out."""
    with scopes_disabled(), capture(execute=True):
        invitation, token = invitation_create(
            school=school, email=email, full_name="Pieter Jansen", role=role, language=language, actor=actor
        )
    return invitation, token


def post_invitation(client, school, capture, *, email=INVITEE, language="nl", role=SchoolRole.WORKPLACE_MENTOR):
    with capture(execute=True):
        return client.post(
            ADD_URL,
            {"email": email, "full_name": "Pieter Jansen", "language": language, "school": school.pk, "role": role},
        )


def shows_its_reason(response) -> bool:
    """The page of an unusable link tells the visitor why, in the service's own words."""
    return str(response.context["error"].message) in response.content.decode()


def accept_with_password(client, token, password=GOOD_PASSWORD, again=None):
    return client.post(link(token), {"password1": password, "password2": password if again is None else again})


@pytest.fixture
def invited(school_a, placement_coordinator, django_capture_on_commit_callbacks, mailoutbox):
    """An open invitation to school A as workplace mentor; returns (invitation, token)."""
    invitation, token = invite(school_a, placement_coordinator, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    return invitation, token


# Creating an invitation in the admin -------------------------------------------------------------


def test_placement_coordinator_invites_a_school_user_in_the_admin(
    client, placement_coordinator, school_a, django_capture_on_commit_callbacks, mailoutbox, settings
):
    client.force_login(placement_coordinator)
    response = post_invitation(
        client, school_a, django_capture_on_commit_callbacks, email="Pieter.Jansen@School-A.example.org"
    )

    assert response.status_code == 302
    invitation = SchoolInvitation.objects.unscoped().get()
    assert invitation.email == INVITEE
    assert invitation.school == school_a
    assert invitation.role == SchoolRole.WORKPLACE_MENTOR
    assert invitation.invited_by == placement_coordinator
    assert invitation.accepted_at is None
    assert invitation.expires_at > timezone.now() + datetime.timedelta(days=6)

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [INVITEE]
    token = token_in(message)
    assert settings.PORTAL_BASE_URL + link(token) in message.body
    # Only the hash is stored: the link in the e-mail is the only copy of the token.
    assert invitation.token_hash == sha256(token)
    stored = [str(getattr(invitation, f.attname)) for f in SchoolInvitation._meta.concrete_fields]
    assert not any(token in value for value in stored)


def test_invitation_email_has_the_link_in_the_html_part_too(
    school_a, placement_coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    _invitation, token = invite(school_a, placement_coordinator, django_capture_on_commit_callbacks)
    html = {mime: body for body, mime in mailoutbox[0].alternatives}["text/html"]
    assert link(token) in html


@pytest.mark.parametrize(
    ("language", "month"),
    [("en", "March"), ("nl", "maart")],
)
def test_invitation_email_dates_are_written_in_the_invitees_language(
    language, month, school_a, placement_coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC), tick=False):
        invite(school_a, placement_coordinator, django_capture_on_commit_callbacks, language=language)
    assert f"9 {month} 2026" in mailoutbox[0].body


def test_english_invitation_email_is_in_english(
    school_a, placement_coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    invite(school_a, placement_coordinator, django_capture_on_commit_callbacks, language="en")
    message = mailoutbox[0]
    assert message.subject == f"Invitation to the ICLON portal for {school_a.name}"
    assert message.body.startswith("Dear Pieter Jansen,")
    assert "as workplace mentor of Stedelijk Gymnasium A" in message.body


def test_dutch_invitation_email_is_in_dutch(
    school_a, placement_coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    invite(school_a, placement_coordinator, django_capture_on_commit_callbacks, language="en")
    invite(
        school_a,
        placement_coordinator,
        django_capture_on_commit_callbacks,
        language="nl",
        email="nl@school.example.org",
    )
    english, dutch = mailoutbox
    assert school_a.name in dutch.subject
    assert dutch.subject != english.subject, "the Dutch e-mail has the English subject"
    assert "Dear " not in dutch.body
    assert "invites you to the ICLON portal" not in dutch.body


def test_admin_add_view_sends_the_email_in_the_chosen_language(
    client, placement_coordinator, school_a, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(placement_coordinator)
    post_invitation(client, school_a, django_capture_on_commit_callbacks, language="en")
    assert SchoolInvitation.objects.unscoped().get().language == "en"
    assert mailoutbox[0].subject == f"Invitation to the ICLON portal for {school_a.name}"


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("placement_coordinator", 200),
        ("professionalisation_coordinator", 200),
        ("administrator", 200),
        ("researcher", 403),
        ("intake_officer", 403),
        ("programme_coordinator", 403),
    ],
)
def test_only_staff_with_the_add_permission_open_the_invitation_form(client, persona, name, status):
    client.force_login(persona(name))
    response = client.get(ADD_URL)
    assert response.status_code == status
    if status == 200:
        assert {"email", "school", "role"} <= set(response.context["adminform"].form.fields)
    else:
        assert 'name="email"' not in response.content.decode(), "the refusal shows no invitation form"


@pytest.mark.parametrize("name", ["school_a_contact", "applicant", "anonymous"])
def test_non_staff_are_sent_to_the_admin_login_instead_of_the_invitation_form(client, persona, name):
    user = persona(name)
    if user is not None:
        client.force_login(user)
    response = client.get(ADD_URL)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_researcher_cannot_post_an_invitation(
    client, researcher, school_a, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(researcher)
    response = post_invitation(client, school_a, django_capture_on_commit_callbacks)
    assert response.status_code == 403
    assert not SchoolInvitation.objects.unscoped().exists()
    assert mailoutbox == []


# The service -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["school_a_contact", "applicant", "outsider", "researcher", "intake_officer"])
def test_invitation_create_by_someone_without_the_right_raises_not_allowed(
    persona, name, school_a, django_capture_on_commit_callbacks, mailoutbox
):
    with pytest.raises(NotAllowed):
        invite(school_a, persona(name), django_capture_on_commit_callbacks)
    assert not SchoolInvitation.objects.unscoped().exists()
    assert mailoutbox == []


def test_invitation_create_by_an_inactive_staff_member_raises_not_allowed(
    placement_coordinator, school_a, django_capture_on_commit_callbacks
):
    placement_coordinator.is_active = False
    with pytest.raises(NotAllowed):
        invite(school_a, placement_coordinator, django_capture_on_commit_callbacks)


def test_invitation_create_with_an_unknown_role_is_refused(
    placement_coordinator, school_a, django_capture_on_commit_callbacks, mailoutbox
):
    with translation.override("en"), pytest.raises(PortalError) as error:
        invite(school_a, placement_coordinator, django_capture_on_commit_callbacks, role="headmaster")
    assert error.value.field == "role"
    assert str(error.value) == "Choose a valid role."
    assert not SchoolInvitation.objects.unscoped().exists()
    assert mailoutbox == []


def test_invitation_create_works_outside_a_request(
    placement_coordinator, school_a, django_capture_on_commit_callbacks, mailoutbox
):
    # Services are called from the shell, tasks and the API too, where no tenancy scope is active.
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = invitation_create(
            school=school_a,
            email=INVITEE,
            full_name="Pieter Jansen",
            role=SchoolRole.WORKPLACE_MENTOR,
            actor=placement_coordinator,
        )
    assert invitation.token_hash == sha256(token)
    assert len(mailoutbox) == 1


# Accepting: a new account ------------------------------------------------------------------------


def test_invitee_opens_the_link_and_sees_the_password_form(client, invited):
    invitation, token = invited
    response = client.get(link(token))
    assert response.status_code == 200
    assert response.context["invitation"] == invitation
    assert response.context["form"] is not None
    assert response.context["existing_account"] is False
    assert "Stedelijk Gymnasium A" in response.content.decode()


def test_invitee_sets_a_password_is_logged_in_and_lands_on_the_school_page(client, invited, school_a):
    invitation, token = invited
    response = accept_with_password(client, token)

    assert response.status_code == 302
    assert response["Location"] == reverse("partnerships:school-detail", kwargs={"code": school_a.code})
    user = User.objects.get(email=INVITEE)
    assert user.full_name == "Pieter Jansen"
    assert user.language == "nl"
    assert user.check_password(GOOD_PASSWORD)
    assert int(client.session["_auth_user_id"]) == user.pk

    membership = SchoolMembership.objects.unscoped().get(user=user)
    assert membership.school == school_a
    assert membership.role == SchoolRole.WORKPLACE_MENTOR
    assert membership.is_active
    assert EmailAddress.objects.filter(user=user, email=INVITEE, verified=True, primary=True).exists()

    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert invitation.accepted_at is not None

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page.context["school"] == school_a
    assert "Stedelijk Gymnasium A" in page.content.decode()


@pytest.mark.parametrize(
    "password",
    [
        pytest.param("kort1", id="too short"),
        pytest.param("8203948571663", id="only digits"),
        pytest.param("password123", id="common"),
        pytest.param(INVITEE, id="the e-mail address"),
    ],
)
def test_password_rules_are_enforced_when_accepting(client, invited, password):
    invitation, token = invited
    response = accept_with_password(client, token, password)
    assert response.status_code == 200
    assert response.context["form"].errors.get("password1")
    assert not User.objects.filter(email=INVITEE).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert "_auth_user_id" not in client.session


def test_passwords_that_differ_are_refused(client, invited):
    invitation, token = invited
    response = accept_with_password(client, token, GOOD_PASSWORD, again=GOOD_PASSWORD + "!")
    assert response.status_code == 200
    assert "The two passwords are not the same." in response.context["form"].errors["password2"]
    assert not User.objects.filter(email=INVITEE).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_link_used_twice_shows_the_already_used_page(client, invited):
    _invitation, token = invited
    accept_with_password(client, token)
    client.logout()

    for response in (client.get(link(token)), accept_with_password(client, token, "een-ander-wachtwoord-42")):
        assert response.status_code == 410
        assert response.context["used"] is True
        assert "partnerships/invitation_unusable.html" in [t.name for t in response.templates]
        assert shows_its_reason(response)
    assert User.objects.get(email=INVITEE).check_password(GOOD_PASSWORD)


def test_expired_link_shows_the_expired_page_and_creates_nothing(client, invited):
    invitation, token = invited
    invitation.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    invitation.save(update_fields=["expires_at"])

    for response in (client.get(link(token)), accept_with_password(client, token)):
        assert response.status_code == 410
        assert response.context["expired"] is True
        assert shows_its_reason(response)
    assert not User.objects.filter(email=INVITEE).exists()


def test_link_expires_after_the_configured_number_of_days(client, invited, settings):
    _invitation, token = invited
    with time_machine.travel(timezone.now() + datetime.timedelta(days=settings.INVITATION_EXPIRY_DAYS, minutes=1)):
        response = client.get(link(token))
    assert response.status_code == 410
    assert response.context["expired"] is True
    assert shows_its_reason(response)
    assert 'name="password1"' not in response.content.decode(), "an expired link offers no password form"


@pytest.mark.parametrize("token", ["garbage", "a" * 43, "Zm9vYmFy-_"])
def test_garbage_token_shows_the_friendly_invalid_page(client, invited, token):
    response = client.get(link(token))
    assert response.status_code == 404
    assert "partnerships/invitation_unusable.html" in [t.name for t in response.templates]
    assert response.context["used"] is False and response.context["expired"] is False
    assert shows_its_reason(response)


def test_garbage_token_post_creates_nothing(client, invited):
    response = accept_with_password(client, "garbage")
    assert response.status_code == 404
    assert not User.objects.filter(email=INVITEE).exists()


# Accepting: an existing account ------------------------------------------------------------------


def test_logged_in_user_with_the_invited_address_accepts_with_one_click(client, invited, school_a):
    invitation, token = invited
    existing = UserFactory(email=INVITEE, full_name="P. Jansen")
    client.force_login(existing)

    page = client.get(link(token))
    assert page.status_code == 200
    assert page.context["existing_account"] is True
    assert page.context["form"] is None

    response = client.post(link(token))
    assert response.status_code == 302
    assert response["Location"] == reverse("partnerships:school-detail", kwargs={"code": school_a.code})
    assert User.objects.filter(email__iexact=INVITEE).count() == 1
    membership = SchoolMembership.objects.unscoped().get(user=existing)
    assert (membership.school, membership.role) == (school_a, SchoolRole.WORKPLACE_MENTOR)
    invitation.refresh_from_db()
    assert invitation.accepted_by == existing
    assert client.get(response["Location"]).status_code == 200


def test_logged_in_user_with_another_address_is_refused_and_nothing_changes(client, invited, outsider):
    invitation, token = invited
    client.force_login(outsider)

    response = client.post(link(token))

    assert response.status_code == 302
    assert response["Location"] == reverse("core:dashboard")
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("another e-mail address" in m for m in messages), messages
    assert not SchoolMembership.objects.unscoped().filter(user=outsider).exists()
    assert not User.objects.filter(email=INVITEE).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None and invitation.accepted_by is None


def test_visitor_whose_address_has_an_account_is_asked_to_log_in_first(client, invited):
    invitation, token = invited
    existing = UserFactory(email=INVITEE)

    response = accept_with_password(client, token)

    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == [
        "An account with this e-mail address exists already. Log in first, then open the link again."
    ], messages
    assert not SchoolMembership.objects.unscoped().filter(user=existing).exists()
    assert existing.password == User.objects.get(pk=existing.pk).password
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_accepting_twice_in_the_service_raises_invitation_used(invited):
    _invitation, token = invited
    invitation_accept(token=token, password=GOOD_PASSWORD)
    with pytest.raises(InvitationUsed):
        invitation_accept(token=token, password=GOOD_PASSWORD)
    assert User.objects.filter(email=INVITEE).count() == 1


def test_accepting_gives_the_new_member_their_school_at_once(client, invited, school_a):
    _invitation, token = invited
    user = invitation_accept(token=token, password=GOOD_PASSWORD)
    assert visible_school_ids(user) == [school_a.pk]


# Resending ---------------------------------------------------------------------------------------


def resend(client, invitation, capture):
    with capture(execute=True):
        return client.post(CHANGELIST_URL, {"action": "resend", "_selected_action": [invitation.pk]})


def test_resend_action_sends_a_new_link_and_the_old_one_stops_working(
    client, invited, placement_coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    invitation, old_token = invited
    client.force_login(placement_coordinator)

    response = resend(client, invitation, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert len(mailoutbox) == 1
    new_token = token_in(mailoutbox[0])
    assert new_token != old_token
    invitation.refresh_from_db()
    assert invitation.token_hash == sha256(new_token)

    client.logout()
    assert client.get(link(old_token)).status_code == 404
    assert client.get(link(new_token)).status_code == 200


def test_resend_renews_an_expired_invitation(
    client, invited, placement_coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    invitation, _token = invited
    invitation.expires_at = timezone.now() - datetime.timedelta(days=1)
    invitation.save(update_fields=["expires_at"])
    client.force_login(placement_coordinator)

    resend(client, invitation, django_capture_on_commit_callbacks)

    invitation.refresh_from_db()
    assert not invitation.is_expired
    client.logout()
    assert client.get(link(token_in(mailoutbox[0]))).status_code == 200


def test_resend_of_an_accepted_invitation_sends_nothing(
    client, invited, placement_coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    invitation, token = invited
    invitation_accept(token=token, password=GOOD_PASSWORD)
    client.force_login(placement_coordinator)

    response = resend(client, invitation, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert mailoutbox == []
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("already been used" in m for m in messages), messages


def test_invitation_resend_by_someone_without_the_right_raises_not_allowed(invited, researcher):
    invitation, token = invited
    with pytest.raises(NotAllowed):
        invitation_resend(invitation=invitation, actor=researcher)
    invitation.refresh_from_db()
    assert invitation.token_hash == sha256(token)


# The admin around invitations --------------------------------------------------------------------


def test_invitation_cannot_be_edited_in_the_admin(client, invited, placement_coordinator):
    invitation, _token = invited
    client.force_login(placement_coordinator)
    response = client.get(reverse("admin:partnerships_schoolinvitation_change", args=[invitation.pk]))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("placement_coordinator", 200),
        ("professionalisation_coordinator", 200),
        ("programme_coordinator", 200),
        ("administrator", 200),
        ("intake_officer", 403),
        ("researcher", 403),
    ],
)
def test_invitation_changelist_answers_staff_by_their_group(client, persona, name, status, invited):
    client.force_login(persona(name))
    response = client.get(CHANGELIST_URL)
    assert response.status_code == status
    if status == 200:
        assert [i.pk for i in response.context["cl"].result_list] == [invited[0].pk]
    else:
        assert INVITEE not in response.content.decode()


# The service's own promises -----------------------------------------------------------------------


def test_the_token_carries_32_random_bytes_and_only_its_hash_is_stored(invited, placement_coordinator):
    invitation, token = invited
    # 32 bytes in URL-safe base64 are 43 characters; a shorter token would be easier to guess.
    assert len(token) == 43
    assert invitation.token_hash == sha256(token)
    with scopes_disabled():
        new_token = invitation_resend(invitation=invitation, actor=placement_coordinator)
    assert len(new_token) == 43 and new_token != token
    assert SchoolInvitation.objects.unscoped().get(pk=invitation.pk).token_hash == sha256(new_token)


def test_a_new_account_speaks_the_language_of_its_invitation(
    school_a, placement_coordinator, django_capture_on_commit_callbacks
):
    _invitation, token = invite(school_a, placement_coordinator, django_capture_on_commit_callbacks, language="en")
    user = invitation_accept(token=token, password=GOOD_PASSWORD)
    assert User.objects.get(pk=user.pk).language == "en"


MESSAGE_12345678 = " ".join(
    [
        "This password is too short. It must contain at least 10 characters.",
        "This password is too common. Choose one that is harder to guess.",
        "This password consists of digits only.",
    ]
)


def test_a_weak_password_is_refused_by_the_service_with_the_validators_messages(invited):
    _invitation, token = invited
    with translation.override("en"), pytest.raises(PortalError) as error:
        invitation_accept(token=token, password="12345678")
    assert error.value.field == "password1"
    # Every rule the password breaks, one sentence after another.
    assert str(error.value) == MESSAGE_12345678
    assert not User.objects.filter(email=INVITEE).exists()


def test_the_membership_an_invitation_grants_starts_on_the_day_it_is_accepted(invited, school_a):
    _invitation, token = invited
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    with time_machine.travel(tomorrow):
        user = invitation_accept(token=token, password=GOOD_PASSWORD)
    membership = SchoolMembership.objects.unscoped().get(user=user, school=school_a)
    assert membership.active_from == timezone.localdate(tomorrow)


def test_an_existing_user_who_accepts_sees_the_school_at_once_though_their_schools_were_cached(
    school_a, placement_coordinator, django_capture_on_commit_callbacks
):
    member = UserFactory(email="els@school-a.example.org")
    assert visible_school_ids(member) == []  # cached on the user object
    _invitation, token = invite(
        school_a, placement_coordinator, django_capture_on_commit_callbacks, email="els@school-a.example.org"
    )
    invitation_accept(token=token, user=member)
    assert visible_school_ids(member) == [school_a.pk]
