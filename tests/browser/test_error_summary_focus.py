"""After an invalid submit the error summary takes the focus (static/js/error-summary.js, no inline
script: the CSP allows none), the title starts with "Error:", and a link in the summary moves the
focus to its field."""

import re

import pytest

from tests.browser.test_intake_flow import english_page, log_in, no_csp_errors
from tests.factories import ApplicationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_focus_lands_on_the_error_summary_and_its_links_reach_the_fields(live_server, browser):
    applicant = UserFactory(full_name="Fenna Visser", email="fenna@example.org", language="en")
    draft = ApplicationFactory(applicant=applicant, first_name="", last_name="")
    page = english_page(browser, live_server)
    log_in(page, live_server, applicant)

    page.goto(f"{live_server.url}/applications/{draft.pk}/edit/personal/")
    assert not page.title().startswith("Error")
    page.get_by_label("First name").fill("")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state()

    assert page.title().startswith("Error: ")
    page.wait_for_function("document.activeElement && document.activeElement.classList.contains('error-summary')")
    summary = page.locator(".error-summary")
    assert "Enter your first name." in summary.inner_text()

    summary.get_by_role("link", name=re.compile("^First name")).click()
    assert page.evaluate("document.activeElement.id") == "id_first_name"
    assert no_csp_errors(page)
    assert page.console_errors == []
