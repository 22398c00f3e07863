"""The application admin at a laptop's 1366 x 768, as an intake officer signed in with a second
factor: the changelist and an application's change page fit the screen (no sideways scrolling),
every field of the inline tables has an accessible name, and the dates read in the page's language."""

import datetime
import zoneinfo

import pytest
from django.utils import translation

from programmes.models import AdmissionCondition, ApplicationStatus
from tests.browser.test_intake_flow import log_in, no_csp_errors
from tests.factories import (
    AdmissionConditionFactory,
    ApplicationFactory,
    ExemptionFactory,
    InformationRequestFactory,
    InternalNoteFactory,
    PathwayFactory,
    StaffUserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

S = ApplicationStatus
AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")

# How far the page scrolls sideways (0 when it fits), and the widest elements that stick out.
OVERFLOW = """() => {
  const width = window.innerWidth;
  const wide = [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > width + 1)
    .slice(0, 5)
    .map((el) => el.tagName + "#" + el.id + "." + el.className + " " + Math.round(el.getBoundingClientRect().right));
  const results = document.querySelector("#changelist-form .results");
  return {
    scroll: document.documentElement.scrollWidth,
    inner: width,
    // The changelist's table scrolls inside its own box: that is sideways scrolling too.
    table: results ? results.scrollWidth - results.clientWidth : 0,
    wide: wide,
  };
}"""

# Every form control in the inline tables, with the name a screen reader would announce.
UNNAMED_CONTROLS = """() => [
    ...document.querySelectorAll(".inline-group input, .inline-group select, .inline-group textarea"),
  ]
  .filter((el) => el.type !== "hidden")
  .filter((el) => !(el.labels && el.labels.length))
  .filter((el) => !el.getAttribute("aria-label") && !el.getAttribute("aria-labelledby"))
  .map((el) => el.name)"""


def admin_page(browser, live_server, language):
    context = browser.new_context(locale="en-GB", viewport={"width": 1366, "height": 768})
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.console_errors = errors
    return page


def assert_fits(page):
    measured = page.evaluate(OVERFLOW)
    assert measured["scroll"] <= measured["inner"], measured
    assert measured["table"] <= 0, measured


@pytest.fixture
def busy_application():
    """An application in review on a route with a long name, with a row in every inline table."""
    pathway = PathwayFactory(
        name_nl="Educatieve master Leraar Voortgezet Onderwijs in de Biologie (deeltijd, tweejarig)",
        name_en="Master's in Teaching Biology in Secondary Education (part-time, two years)",
    )
    application = ApplicationFactory(
        pathway=pathway,
        status=S.IN_REVIEW,
        first_name="Maximiliaan-Alexander",
        last_name="van der Heijden-Vermeulen",
        submitted_at=datetime.datetime(2026, 3, 4, 10, 30, tzinfo=AMSTERDAM),
    )
    InformationRequestFactory(application=application)
    InternalNoteFactory(application=application)
    ExemptionFactory(application=application)
    AdmissionConditionFactory(application=application, due_on=datetime.date(2026, 9, 1))
    return application


def test_the_application_admin_fits_a_laptop_screen_and_names_every_field(live_server, browser, busy_application):
    officer = StaffUserFactory(full_name="Ilse Intake", email="ilse@iclon.example.org", group="Intake officers")
    page = admin_page(browser, live_server, "en")
    log_in(page, live_server, officer, totp=True)

    page.goto(f"{live_server.url}/admin/programmes/application/")
    assert_fits(page)
    row = page.locator("#result_list tbody tr").first
    headers = [text.strip() for text in page.locator("#result_list thead th").all_inner_texts()]
    for column in ("Reference", "Applicant and route", "Status", "Assigned to", "Submitted", "Open requests"):
        assert any(header.lower().startswith(column.lower()) for header in headers), headers
    assert busy_application.reference in row.inner_text()
    assert "In review" in row.inner_text()
    assert "March 4, 2026" in row.inner_text()  # English's DATE_FORMAT, without the time

    page.goto(f"{live_server.url}/admin/programmes/application/{busy_application.pk}/change/")
    assert_fits(page)
    assert page.evaluate(UNNAMED_CONTROLS) == []
    # Every control says what it is, on a saved row with the row's object.
    status = page.locator("select[name='conditions-0-status']")
    assert status.get_attribute("aria-label").startswith("Status: ")
    assert page.locator("textarea[name='information_requests-1-question']").get_attribute("aria-label") == "Question"
    # The condition's status is a state ("Not yet met"), not "Open" (the verb of the document links).
    assert status.locator("option:checked").inner_text() == "Not yet met"
    assert no_csp_errors(page)

    # The same pages in Dutch: the submission date in Dutch words, the condition still a state.
    dutch = page
    dutch.context.add_cookies([{"name": "django_language", "value": "nl", "url": live_server.url}])
    dutch.goto(f"{live_server.url}/admin/programmes/application/")
    assert_fits(dutch)
    assert "4 maart 2026" in dutch.locator("#result_list tbody tr").first.inner_text()
    dutch.goto(f"{live_server.url}/admin/programmes/application/{busy_application.pk}/change/")
    assert_fits(dutch)
    assert dutch.evaluate(UNNAMED_CONTROLS) == []
    options = dutch.locator(".inline-group select[name$='-status'] option").all_inner_texts()
    with translation.override("nl"):
        # "Nog niet voldaan", "Voldaan", "Vervallen" (the Dutch catalogue's words).
        dutch_labels = [str(label) for label in AdmissionCondition.Status.labels]
    assert options[:3] == dutch_labels and "Open" not in options
    assert AdmissionCondition.objects.get().status == AdmissionCondition.Status.OPEN
