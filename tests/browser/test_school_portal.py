"""A partner-school user logs in and sees their own school, and gets 404 on another school's page."""

import pytest

from tests.factories.accounts import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_school_user_logs_in_sees_own_school_and_not_another(live_server, page, school_a_contact, school_a, school_b):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail").first.fill(school_a_contact.email)
    page.get_by_label("Wachtwoord").first.fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{live_server.url}/dashboard/")

    page.goto(f"{live_server.url}/schools/")
    page.wait_for_url(f"{live_server.url}/schools/{school_a.code}/")
    assert page.get_by_role("heading", level=1).inner_text().strip() == school_a.name
    assert "Anna School-A" in page.content()
    assert school_a.partnership.name in page.content()

    response = page.goto(f"{live_server.url}/schools/{school_b.code}/")
    assert response.status == 404
    assert school_b.name not in page.content()
    assert not [e for e in page.console_errors if "Content Security Policy" in e]
