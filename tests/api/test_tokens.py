"""Personal API tokens: made on the token page or by the command, shown once, stored hashed, acting
with exactly their owner's permissions, and refused (401, never 500) once revoked, expired or
malformed."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from knox.crypto import hash_token

from iclon.accounts.models import ApiToken
from iclon.accounts.roles import StaffGroup
from iclon.core.errors import PortalError
from partnerships.models import SchoolMembership
from tests.api.conftest import api_client, token_for
from tests.factories import SchoolMembershipFactory, StaffUserFactory, UserFactory, with_totp
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

TOKENS_PAGE = reverse("accounts:api-tokens")
ME = reverse("api:me")


def page_client(user) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def with_token(raw: str, *, language: str = "en"):
    client = api_client(language=language)
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return client


def create_on_page(client, name="nightly export", expires_days="90") -> str:
    response = client.post(TOKENS_PAGE, {"name": name, "expires_days": expires_days})
    assert response.status_code == 200
    raw = response.context["new_token"]
    assert raw and raw in response.content.decode()
    return raw


def test_token_made_on_the_page_is_shown_once_and_only_its_hash_is_stored(school_a_contact):
    client = page_client(school_a_contact)
    raw = create_on_page(client)

    token = ApiToken.objects.get(user=school_a_contact)
    assert token.name == "nightly export"
    assert token.digest == hash_token(raw)
    stored = [str(value) for value in ApiToken.objects.values_list("digest", "token_key", "name").get()]
    assert raw not in stored, "the token itself is not in the database"
    assert raw.startswith(token.token_key), "only the first characters are kept, to find the row"
    assert abs(token.expiry - (timezone.now() + datetime.timedelta(days=90))) < datetime.timedelta(minutes=1)

    again = client.get(TOKENS_PAGE)
    assert raw not in again.content.decode(), "the token is shown only on the response that made it"
    assert token.token_key in again.content.decode()


def test_token_from_the_page_authenticates_as_its_owner_on_me(school_a_contact, school_a):
    raw = create_on_page(page_client(school_a_contact))
    response = with_token(raw).get(ME)
    assert response.status_code == 200
    assert response.json() == {
        "email": school_a_contact.email,
        "full_name": school_a_contact.full_name,
        "language": "nl",
        "is_staff": False,
        "staff_groups": [],
        "memberships": [{"school": school_a.code, "school_name": school_a.name, "role": "school_contact"}],
        "visible_schools": [school_a.code],
    }
    assert ApiToken.objects.get().last_used_at is not None


def test_me_of_staff_lists_their_groups_and_all_schools(placement_coordinator):
    body = api_client(placement_coordinator).get(ME).json()
    assert body["is_staff"] is True
    assert body["staff_groups"] == ["Placement coordinators"]
    assert body["visible_schools"] is None
    assert body["memberships"] == []


def test_token_revoked_on_the_page_gets_401(school_a_contact):
    client = page_client(school_a_contact)
    raw = create_on_page(client)
    assert with_token(raw).get(ME).status_code == 200

    token = ApiToken.objects.get()
    response = client.post(
        reverse("accounts:api-token-revoke", args=[token.token_key]), {"digest": token.digest}, follow=True
    )
    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    refused = with_token(raw).get(ME)
    assert refused.status_code == 401
    assert refused.json() == {"detail": "Invalid token."}
    assert refused["WWW-Authenticate"] == "Token"


def test_another_user_cannot_revoke_my_token(school_a_contact, school_b_contact):
    raw = create_on_page(page_client(school_a_contact))
    token = ApiToken.objects.get()
    response = page_client(school_b_contact).post(
        reverse("accounts:api-token-revoke", args=[token.token_key]), {"digest": token.digest}
    )
    assert response.status_code == 404
    assert ApiToken.objects.get() == token
    assert with_token(raw).get(ME).json()["email"] == school_a_contact.email


def test_expired_token_gets_401(school_a_contact):
    raw = token_for(school_a_contact, expires_days=30)
    assert with_token(raw).get(ME).json()["email"] == school_a_contact.email
    ApiToken.objects.update(expiry=timezone.now() - datetime.timedelta(seconds=1))
    refused = with_token(raw).get(ME)
    assert refused.status_code == 401
    assert refused.json() == {"detail": "Invalid token."}


def test_token_of_a_deactivated_user_gets_401(school_a_contact):
    raw = token_for(school_a_contact)
    school_a_contact.is_active = False
    school_a_contact.save()
    refused = with_token(raw).get(ME)
    assert refused.status_code == 401
    assert refused.json() == {"detail": "User inactive or deleted."}


def test_token_page_requires_login():
    response = Client().get(TOKENS_PAGE)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={TOKENS_PAGE}"


def test_token_page_refuses_a_nameless_token(school_a_contact):
    response = page_client(school_a_contact).post(TOKENS_PAGE, {"name": "   ", "expires_days": ""})
    assert response.status_code == 200
    assert response.context["new_token"] is None
    assert not ApiToken.objects.exists()


# --- The management command ---------------------------------------------------------------------


def run_create_api_token(*args) -> str:
    out = io.StringIO()
    call_command("create_api_token", *args, stdout=out)
    return out.getvalue().strip()


def test_create_api_token_prints_a_working_token_that_never_expires(school_b_contact):
    raw = run_create_api_token("CONTACT@school-b.example.org", "--name", "sync")
    assert with_token(raw).get(ME).json()["email"] == school_b_contact.email
    token = ApiToken.objects.get()
    assert token.name == "sync"
    assert token.expiry is None


def test_create_api_token_expires_days_sets_the_expiry(school_b_contact):
    run_create_api_token(school_b_contact.email, "--name", "sync", "--expires-days", "7")
    expiry = ApiToken.objects.get().expiry
    assert abs(expiry - (timezone.now() + datetime.timedelta(days=7))) < datetime.timedelta(minutes=1)


def test_create_api_token_fails_for_an_unknown_address(db):
    with pytest.raises(CommandError, match="No active user"):
        run_create_api_token("nobody@example.org", "--name", "sync")
    assert not ApiToken.objects.exists()


def test_create_api_token_refuses_an_impossible_expiry(school_b_contact):
    with pytest.raises(CommandError, match="1 to 3650 days"):
        run_create_api_token(school_b_contact.email, "--name", "sync", "--expires-days", "0")


# --- A token has exactly its owner's permissions ------------------------------------------------


def test_token_of_a_school_a_user_cannot_see_school_b(school_a_contact, school_a, school_b):
    b_membership = SchoolMembershipFactory(school=school_b)
    client = with_token(token_for(school_a_contact))
    listed = client.get(reverse("api:school-membership-list")).json()["results"]
    assert {row["school"] for row in listed} == {school_a.code}
    assert client.get(reverse("api:school-membership-detail", args=[b_membership.pk])).status_code == 404
    assert client.get(reverse("api:school-membership-list"), {"school": school_b.code}).json()["count"] == 0


def test_token_acts_with_the_owners_permissions_not_more(placement_coordinator, school_a):
    """A placement coordinator may add and change memberships but not delete them; so may the token."""
    membership = SchoolMembershipFactory(school=school_a)
    client = with_token(token_for(placement_coordinator))
    url = reverse("api:school-membership-detail", args=[membership.pk])
    changed = client.patch(url, {"role": "school_leader"}, format="json")
    assert changed.status_code == 200
    assert changed.json()["role"] == "school_leader"
    with nothing_written(SchoolMembership):
        refused = client.delete(url)
    assert refused.status_code == 403
    assert set(refused.json()) == {"detail"}


def test_tokens_of_two_users_do_not_mix(school_a_contact, school_b_contact, school_a, school_b):
    a, b = token_for(school_a_contact), token_for(school_b_contact)
    assert with_token(a).get(ME).json()["visible_schools"] == [school_a.code]
    assert with_token(b).get(ME).json()["visible_schools"] == [school_b.code]


# --- Malformed credentials ----------------------------------------------------------------------


GARBAGE_HEADERS = [
    "Token",
    "Token ",
    "Token two words",
    "Token not-a-real-token",
    "Token iclon_0000000000000000000000000000000000000000000000000000000000000000",
    "Token iclon_\x00\x00\x00",
    "Token \x00",
    "Token iclon_é",
    "Token " + "a" * 10_000,
    "token " + "f" * 64,
]


@pytest.mark.parametrize("header", GARBAGE_HEADERS, ids=lambda h: repr(h[:30]))
@pytest.mark.parametrize("url", [ME, reverse("api:school-list")], ids=["me", "public-schools"])
def test_malformed_token_header_gets_401_in_the_error_shape(header, url, applicant):
    token_for(applicant)  # a real token exists, so lookups by prefix have a row to compare with
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get(url)
    assert response.status_code == 401
    assert set(response.json()) == {"detail"}


@pytest.mark.parametrize("header", ["Bearer abc", "Basic dXNlcjpwYXNz", "garbage", "\x00"])
def test_other_authorization_schemes_are_anonymous(header, db):
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION=header)
    refused = client.get(ME)
    assert refused.status_code == 401
    assert refused.json() == {"detail": "Authentication credentials were not provided."}
    public = client.get(reverse("api:school-list"))
    assert public.status_code == 200
    assert set(public.json()) == {"count", "next", "previous", "results"}


def test_token_of_another_prefix_owner_does_not_match(school_a_contact):
    """Two tokens share nothing but their prefix; the digest decides."""
    raw = token_for(school_a_contact)
    forged = raw[:-4] + ("0000" if not raw.endswith("0000") else "1111")
    refused = with_token(forged).get(ME)
    assert refused.status_code == 401
    assert refused.json() == {"detail": "Invalid token."}


def test_another_users_token_page_lists_only_their_own_tokens(school_a_contact, school_b_contact):
    token_for(school_a_contact, name="A's script")
    response = page_client(school_b_contact).get(TOKENS_PAGE)
    assert "A&#x27;s script" not in response.content.decode()
    assert list(response.context["tokens"]) == []


def test_many_users_can_each_hold_tokens(db):
    users = UserFactory.create_batch(3)
    raws = [token_for(user) for user in users]
    assert [with_token(raw).get(ME).json()["email"] for raw in raws] == [user.email for user in users]


def test_token_of_staff_without_two_factor_authentication_gets_401(db):
    """Staff must set up MFA before anything else; a token made before that does not get around it."""
    staff = StaffUserFactory(group=StaffGroup.ADMINISTRATOR, mfa=False)
    # The service refuses to make one…
    with pytest.raises(PortalError):
        token_for(staff)
    # …and a token made while MFA was on stops working once MFA is removed.
    _row, raw = ApiToken.objects.create(user=staff, expiry=None, name="made before MFA was removed")
    response = with_token(raw).get(ME)
    assert response.status_code == 401
    assert response.json() == {
        "detail": "ICLON staff must set up two-factor authentication before they can use an API token."
    }
    with_totp(staff)
    assert with_token(token_for(staff, name="after MFA")).get(ME).status_code == 200
