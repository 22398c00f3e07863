"""A person asks from their account to be erased (confirming with their password); staff who may
(administrators) carry the request out or refuse it with a reason; everyone else is refused."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from iclon.accounts.models import ErasureRequest, User
from iclon.accounts.services import (
    erasure_request_carry_out,
    erasure_request_create,
    erasure_request_refuse,
    erasure_request_withdraw,
)
from iclon.core.errors import Conflict, NotAllowed, PortalError
from tests.factories import ApiTokenFactory, ErasureRequestFactory, StaffUserFactory, UserFactory
from tests.factories.accounts import PASSWORD
from tests.utils import nothing_written

S = ErasureRequest.Status


@pytest.fixture(autouse=True)
def _english():
    """The services' refusals are read in English (the Dutch catalogue translates them)."""
    with translation.override("en"):
        yield


@pytest.fixture
def user(db):
    return UserFactory(full_name="Mirjam Kortenhoeven", email="mirjam@example.org", language="en")


# --- the person ---------------------------------------------------------------------------------


def test_the_person_asks_with_their_password_and_sees_the_open_request(client, user):
    client.force_login(user)
    url = reverse("accounts:erasure")

    response = client.post(url, {"password": PASSWORD, "reason": "Moving abroad."}, headers={"Accept-Language": "en"})
    page = client.get(url, headers={"Accept-Language": "en"})

    request = ErasureRequest.objects.get(user=user)
    assert response.status_code == 302 and response["Location"] == url
    assert (request.status, request.reason) == (S.OPEN, "Moving abroad.")
    html = page.content.decode()
    assert "ICLON handles your request." in html
    assert reverse("accounts:erasure-withdraw", args=[request.pk]) in html
    assert 'name="password"' not in html  # no second request while one is open


def test_a_wrong_password_is_refused_and_nothing_is_asked(client, user):
    client.force_login(user)

    response = client.post(
        reverse("accounts:erasure"), {"password": "wrong", "reason": ""}, headers={"Accept-Language": "en"}
    )

    assert "The password is not correct." in response.content.decode()
    assert not ErasureRequest.objects.exists()


def test_a_second_open_request_is_refused(user):
    erasure_request_create(user=user, password=PASSWORD, reason="", actor=user)

    with pytest.raises(PortalError, match="You have asked already"):
        erasure_request_create(user=user, password=PASSWORD, reason="", actor=user)
    assert ErasureRequest.objects.filter(user=user).count() == 1


def test_nobody_asks_for_someone_else(user):
    other = StaffUserFactory(group="Administrators")

    with pytest.raises(NotAllowed):
        erasure_request_create(user=user, password=PASSWORD, reason="", actor=other)
    with pytest.raises(NotAllowed):
        erasure_request_create(user=user, password=PASSWORD, reason="", actor=None)
    assert not ErasureRequest.objects.exists()


def test_a_long_reason_is_refused(user):
    with pytest.raises(PortalError, match="2000 characters"):
        erasure_request_create(user=user, password=PASSWORD, reason="x" * 2001, actor=user)


def test_the_person_withdraws_their_open_request_and_no_one_elses(client, user):
    request = ErasureRequestFactory(user=user)
    other = UserFactory()
    client.force_login(other)

    refused = client.post(reverse("accounts:erasure-withdraw", args=[request.pk]))
    client.force_login(user)
    withdrawn = client.post(reverse("accounts:erasure-withdraw", args=[request.pk]))

    request.refresh_from_db()
    assert refused.status_code == 404
    assert withdrawn.status_code == 302
    assert (request.status, request.reason) == (S.WITHDRAWN, "")
    with pytest.raises(Conflict):
        erasure_request_withdraw(request=request, actor=user)


def test_the_pages_need_a_login(client):
    for url in (reverse("accounts:erasure"), reverse("accounts:erasure-withdraw", args=[1])):
        response = client.post(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


# --- staff --------------------------------------------------------------------------------------


def test_an_administrator_carries_out_the_request_and_the_person_is_told_at_their_old_address(
    user, administrator, django_capture_on_commit_callbacks
):
    request = ErasureRequestFactory(user=user)

    with django_capture_on_commit_callbacks(execute=True):
        erasure_request_carry_out(request=request, actor=administrator)

    request.refresh_from_db()
    user.refresh_from_db()
    assert (request.status, request.handled_by, request.reason) == (S.CARRIED_OUT, administrator, "")
    assert (user.is_active, user.full_name, user.email) == (False, "", f"erased-{user.pk}@erased.invalid")
    assert not user.has_usable_password()
    assert [m.to for m in mail.outbox] == [["mirjam@example.org"]]
    assert mail.outbox[0].subject == "Your ICLON portal account has been deleted"
    assert "Dear Mirjam Kortenhoeven," in mail.outbox[0].body


@pytest.mark.parametrize("persona", ["intake_officer", "programme_coordinator", "placement_coordinator"])
def test_staff_without_the_permission_may_not_carry_out_nor_refuse(request, user, persona):
    actor = request.getfixturevalue(persona)
    erasure = ErasureRequestFactory(user=user)

    with nothing_written(ErasureRequest, User, EmailAddress):
        with pytest.raises(NotAllowed):
            erasure_request_carry_out(request=erasure, actor=actor)
        with pytest.raises(NotAllowed):
            erasure_request_refuse(request=erasure, actor=actor, reason="No.")
    assert mail.outbox == []


def test_the_person_may_not_carry_out_their_own_request_not_even_an_administrator(user):
    own = ErasureRequestFactory(user=StaffUserFactory(group="Administrators"))

    with pytest.raises(NotAllowed):
        erasure_request_carry_out(request=own, actor=own.user)
    with pytest.raises(NotAllowed):
        erasure_request_carry_out(request=ErasureRequestFactory(user=user), actor=user)


def test_a_request_is_carried_out_once(user, administrator):
    request = ErasureRequestFactory(user=user)
    erasure_request_carry_out(request=request, actor=administrator)

    with pytest.raises(Conflict):
        erasure_request_carry_out(request=request, actor=administrator)
    with pytest.raises(Conflict):
        erasure_request_refuse(request=request, actor=administrator, reason="Too late.")


def test_a_refusal_needs_a_reason_and_the_person_reads_it(user, administrator, django_capture_on_commit_callbacks):
    request = ErasureRequestFactory(user=user)
    with pytest.raises(PortalError, match="Say why"):
        erasure_request_refuse(request=request, actor=administrator, reason=" ")

    with django_capture_on_commit_callbacks(execute=True):
        erasure_request_refuse(request=request, actor=administrator, reason="You are enrolled until June.")

    request.refresh_from_db()
    user.refresh_from_db()
    assert (request.status, request.refusal_reason) == (S.REFUSED, "You are enrolled until June.")
    assert user.is_active and user.email == "mirjam@example.org"
    assert "You are enrolled until June." in mail.outbox[0].body


# --- the admin ----------------------------------------------------------------------------------


def test_administrators_see_the_open_requests_and_carry_them_out_from_the_admin(client, user, administrator):
    request = ErasureRequestFactory(user=user)
    client.force_login(administrator)
    url = reverse("admin:accounts_erasurerequest_changelist")

    page = client.get(url, headers={"Accept-Language": "en"})
    response = client.post(url, {"action": "carry_out", "_selected_action": [request.pk]})

    assert "mirjam@example.org" in page.content.decode()
    assert "Carry out the selected requests" in page.content.decode()
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == S.CARRIED_OUT


def test_administrators_refuse_from_the_admin_with_a_reason(client, user, administrator):
    request = ErasureRequestFactory(user=user)
    client.force_login(administrator)
    url = reverse("admin:accounts_erasurerequest_changelist")

    form = client.post(url, {"action": "refuse", "_selected_action": [request.pk]}, headers={"Accept-Language": "en"})
    done = client.post(url, {"action": "refuse", "_selected_action": [request.pk], "refusal_reason": "Still enrolled."})

    assert 'name="refusal_reason"' in form.content.decode()
    assert done.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.refusal_reason) == (S.REFUSED, "Still enrolled.")


def test_staff_without_the_permission_do_not_see_the_requests_in_the_admin(client, intake_officer, user):
    ErasureRequestFactory(user=user)
    client.force_login(intake_officer)

    with nothing_written(ErasureRequest, User):
        page = client.get(reverse("admin:accounts_erasurerequest_changelist"))
        action = client.post(
            reverse("admin:accounts_erasurerequest_changelist"),
            {"action": "carry_out", "_selected_action": [ErasureRequest.objects.get().pk]},
        )

    assert page.status_code == action.status_code == 403
    assert "mirjam@example.org" not in page.content.decode()


@pytest.mark.parametrize("count", [1, 50])
def test_the_admins_list_of_requests_runs_a_fixed_number_of_queries(
    client, administrator, count, django_assert_max_num_queries
):
    for _ in range(count):
        ErasureRequestFactory()
    client.force_login(administrator)

    with django_assert_max_num_queries(15):
        response = client.get(reverse("admin:accounts_erasurerequest_changelist"), headers={"Accept-Language": "en"})

    assert f"{count} erasure request" in response.content.decode()


def test_the_request_in_the_admin_shows_what_erasure_keeps_and_why(client, user, administrator):
    request = ErasureRequestFactory(user=user)
    client.force_login(administrator)

    page = client.get(
        reverse("admin:accounts_erasurerequest_change", args=[request.pk]), headers={"Accept-Language": "en"}
    )

    html = page.content.decode()
    assert "What erasure keeps, and why" in html
    assert "WHW art. 7.52" in html  # the study record of an application
    assert "AWR art. 52" in html  # invoices and payroll
    assert 'name="_save"' not in html  # read-only: the actions change it, through the services


def test_the_dashboard_tells_administrators_of_open_requests_and_no_one_else(
    client, user, administrator, intake_officer
):
    ErasureRequestFactory(user=user)
    ErasureRequestFactory(status=S.CARRIED_OUT)

    client.force_login(administrator)
    admin_page = client.get(reverse("core:dashboard"), headers={"Accept-Language": "en"}).content.decode()
    client.force_login(intake_officer)
    officer_page = client.get(reverse("core:dashboard"), headers={"Accept-Language": "en"}).content.decode()

    assert "1 person asks to delete their account." in admin_page
    assert reverse("admin:accounts_erasurerequest_changelist") + "?status__exact=open" in admin_page
    assert "Requests to delete an account" not in officer_page


def test_after_erasure_the_person_is_logged_out_and_neither_password_nor_token_works(client, user, administrator):
    token = ApiTokenFactory(user=user)
    client.force_login(user)
    erasure_request_carry_out(request=ErasureRequestFactory(user=user), actor=administrator)

    page = client.get(reverse("accounts:profile"))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.raw_token}")
    me = api.get(reverse("api:me"))

    assert page.status_code == 302 and "/login/" in page["Location"]
    assert me.status_code == 401
    assert not client.login(email="mirjam@example.org", password=PASSWORD)
