"""Sign-up, log-in, MFA for staff, the admin behind allauth, and no account enumeration."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from iclon.accounts.models import User
from iclon.accounts.roles import StaffGroup, declared_group_permissions
from tests.factories import StaffUserFactory, UserFactory
from tests.factories.accounts import PASSWORD, current_totp

pytestmark = pytest.mark.django_db


def test_signup_creates_unverified_user_with_name_and_language_and_sends_verification_in_that_language(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "New.Person@Example.org",
            "full_name": "Nieuwe Persoon",
            "language": "en",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email__iexact="new.person@example.org")
    assert user.full_name == "Nieuwe Persoon"
    assert user.language == "en"
    assert not user.emailaddress_set.get().verified
    assert len(mail.outbox) == 1
    assert "Confirm" in mail.outbox[0].subject  # English, the language the user chose


def test_signup_with_mismatched_passwords_keeps_the_entered_values(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "x@example.org",
            "full_name": "X Person",
            "language": "nl",
            "password1": "abcdefghijk1",
            "password2": "other",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="x@example.org").exists()
    assert b'value="X Person"' in response.content


def test_unverified_user_cannot_log_in(client):
    UserFactory(email="fresh@example.org", verified=False)
    response = client.post(reverse("account_login"), {"login": "fresh@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_wrong_password_and_unknown_address_give_the_same_answer(client):
    UserFactory(email="known@example.org")
    known = client.post(reverse("account_login"), {"login": "known@example.org", "password": "wrong-password"})
    unknown = client.post(reverse("account_login"), {"login": "nobody@example.org", "password": "wrong-password"})
    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].errors == unknown.context["form"].errors


def test_password_reset_does_not_reveal_whether_an_account_exists(client):
    UserFactory(email="known@example.org")
    known = client.post(reverse("account_reset_password"), {"email": "known@example.org"})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_password_reset_mail_is_in_the_users_language(client):
    UserFactory(email="english@example.org", language="en")
    UserFactory(email="dutch@example.org", language="nl")
    client.post(reverse("account_reset_password"), {"email": "english@example.org"})
    client.post(reverse("account_reset_password"), {"email": "dutch@example.org"})
    english, dutch = mail.outbox
    assert "Password Reset" in english.subject
    assert english.subject != dutch.subject


def test_login_is_rate_limited_after_repeated_failures(client):
    UserFactory(email="target@example.org")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "target@example.org", "password": "wrong-password"})
    response = client.post(reverse("account_login"), {"login": "target@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)


def test_staff_without_mfa_are_sent_to_set_it_up(client):
    staff = StaffUserFactory(group=StaffGroup.INTAKE_OFFICER, mfa=False)
    client.force_login(staff)
    for url in (reverse("core:dashboard"), "/admin/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")
    # The set-up page itself stays reachable (after allauth asks for the password again).
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    assert response.status_code == 200
    assert response.request["PATH_INFO"] in (reverse("mfa_activate_totp"), reverse("account_reauthenticate"))


def test_non_staff_need_no_mfa(client, applicant):
    client.force_login(applicant)
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 200
    # The dashboard itself, greeting the applicant, not the MFA set-up.
    assert re.search(rf"<h1>[^<]*{re.escape(applicant.full_name)}</h1>", response.content.decode())


def test_admin_login_goes_through_allauth_with_password_and_totp(client):
    StaffUserFactory(email="staff@example.org", group=StaffGroup.ADMINISTRATOR)
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    response = client.post(
        reverse("account_login") + "?next=/admin/", {"login": "staff@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": current_totp()})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_non_staff_user_is_refused_by_the_admin(client, applicant):
    client.force_login(applicant)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert response.redirect_chain == [("/admin/login/?next=/admin/", 302)]
    html = response.content.decode()
    # The portal's 403 page names the account; no admin index, no link into the admin.
    assert applicant.email in html
    assert 'href="/admin/' not in html


def test_every_staff_group_exists_with_its_declared_permissions():
    declared = declared_group_permissions()
    for name in StaffGroup.values:
        group = Group.objects.get(name=name)
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        if name == StaffGroup.ADMINISTRATOR:
            assert "partnerships.delete_school" in granted and "accounts.change_user" in granted
        else:
            assert granted == declared[name]
            assert granted, name


def test_profile_saves_name_and_language(client, applicant):
    client.force_login(applicant)
    response = client.post(reverse("accounts:profile"), {"full_name": "Ayla A. Applicant", "language": "en"})
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert (applicant.full_name, applicant.language) == ("Ayla A. Applicant", "en")


def test_profile_rejects_an_empty_name_and_keeps_the_rest(client, applicant):
    client.force_login(applicant)
    response = client.post(reverse("accounts:profile"), {"full_name": "", "language": "en"})
    assert response.status_code == 200
    assert response.context["form"].errors["full_name"]
    applicant.refresh_from_db()
    assert applicant.language == "nl"


def test_email_is_unique_regardless_of_case():
    UserFactory(email="case@example.org")
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(email="x@example.org", full_name="X").__class__.objects.filter(
            email="x@example.org"
        ).update(email="CASE@example.org")


def test_create_superuser_and_user_normalise_email():
    user = User.objects.create_user("MiXeD@Example.ORG", "pw-123456789", full_name="M")
    admin = User.objects.create_superuser("Root@Example.org", "pw-123456789", full_name="R")
    assert user.email == "mixed@example.org" and not user.is_staff
    assert admin.is_staff and admin.is_superuser
    assert str(user) == "M <mixed@example.org>"
    assert re.match(r"^M$", user.get_short_name())
