"""Placement in a browser: a placement coordinator matches a trainee to a school's offer, the
school confirms (naming the mentor) in the partner-school portal, the trainee sees the placement."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from programmes.models import ApplicationStatus, Placement, PlacementStatus
from tests.factories import UserFactory
from tests.factories.accounts import PASSWORD
from tests.factories.partnerships import SchoolFactory
from tests.factories.placements import PlacementOfferFactory, PlacementPeriodFactory
from tests.factories.programmes import ApplicationFactory, PathwayFactory, SchoolSubjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def english_page(browser, live_server, *, session_of=None):
    """A page in a fresh English context; `session_of`: a user already logged in there (staff,
    whose log-in needs a TOTP code: the session comes from the test client instead)."""
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    cookies = [{"name": "django_language", "value": "en", "url": live_server.url}]
    if session_of is not None:
        client = Client()
        client.force_login(session_of)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url})
    context.add_cookies(cookies)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.console_errors = errors
    return page


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label(re.compile(r"^e-?mail", re.IGNORECASE)).first.fill(user.email)
    page.get_by_label("Password").first.fill(PASSWORD)
    page.get_by_role("button", name=re.compile(r"^(Sign In|Log in)$", re.IGNORECASE)).click()
    page.wait_for_url(f"{live_server.url}/dashboard/")


def no_csp_errors(page):
    return not [error for error in page.console_errors if "Content Security Policy" in error]


def test_coordinator_matches_trainee_school_confirms_and_trainee_sees_the_placement(
    live_server, browser, placement_coordinator, school_a, school_a_contact, school_a_mentor
):
    subject = SchoolSubjectFactory(slug="aardrijkskunde", name_nl="Aardrijkskunde", name_en="Geography")
    period = PlacementPeriodFactory(name_nl="Voorjaar 2027", name_en="Spring 2027")
    offer = PlacementOfferFactory(school=school_a, subject=subject, period=period, places=2, mentors=[school_a_mentor])
    # Another school's offer of another subject is never suggested for this trainee.
    PlacementOfferFactory(school=SchoolFactory(name="Het Andere Lyceum"), period=period)
    trainee = ApplicationFactory(
        applicant=UserFactory(email="tessa@example.org", full_name="Tessa Trainee", language="en"),
        pathway=PathwayFactory(subjects=[subject]),
        subject=subject,
        status=ApplicationStatus.ADMITTED,
        first_name="Tessa",
        last_name="Trainee",
        complete=False,
    )

    # --- the placement coordinator matches ----------------------------------------------------
    staff = english_page(browser, live_server, session_of=placement_coordinator)
    staff.goto(f"{live_server.url}/placements/matching/")
    assert staff.get_by_label("Period", exact=True).locator("option:checked").inner_text() == "Spring 2027"
    card = staff.locator(f"#trainee-{trainee.pk}")
    assert card.get_by_role("heading", name="Tessa Trainee", level=3).is_visible()
    suggestion = card.locator(".match-suggestion")
    assert suggestion.count() == 1
    assert school_a.name in suggestion.inner_text()
    assert "Teaches Geography, the trainee's subject" in suggestion.locator(".match-reasons").inner_text()
    assert "2 of 2 places free" in suggestion.inner_text()
    # The visually hidden part of the name says who goes where ("Assign" alone would be ambiguous).
    card.get_by_role("button", name=re.compile(rf"^Assign\W+Tessa Trainee → {re.escape(school_a.name)}$")).click()
    staff.wait_for_url(re.compile(r"/placements/matching/\?"))
    assert f"Tessa Trainee has been proposed to {school_a.name}; the school is asked to confirm." in staff.content()
    assert staff.locator(f"#trainee-{trainee.pk}").count() == 0  # no longer waiting
    assert no_csp_errors(staff)

    placement = Placement.objects.unscoped().get(trainee=trainee)
    assert (placement.offer, placement.school, placement.period, placement.status) == (
        offer,
        school_a,
        period,
        PlacementStatus.PROPOSED,
    )
    assert placement.proposed_by == placement_coordinator
    with translation.override("en"):
        assert "Teaches Geography, the trainee's subject" in placement.match_reason_texts

    # --- the school confirms in the partner-school portal ---------------------------------------
    school = english_page(browser, live_server)
    log_in(school, live_server, school_a_contact)
    school.goto(f"{live_server.url}/placements/school/")
    awaiting = school.get_by_role("region", name="Awaiting your confirmation")
    assert "Tessa Trainee" in awaiting.inner_text()
    awaiting.get_by_role("link", name=re.compile(r"^Confirm or decline\W+Tessa Trainee$")).click()
    school.wait_for_url(f"{live_server.url}/placements/school/placements/{placement.pk}/")
    assert "Teaches Geography, the trainee's subject" in school.get_by_role("region", name="Details").inner_text()
    school.get_by_label("Workplace mentor").select_option(label="Mark Mentor")
    school.get_by_role("button", name="Confirm the placement").click()
    school.wait_for_url(f"{live_server.url}/placements/school/placements/{placement.pk}/")
    assert "The placement is confirmed; the trainee and ICLON have been told." in school.content()
    assert "Confirmed" in school.get_by_role("heading", level=1).locator("xpath=..").inner_text()
    assert no_csp_errors(school)

    placement.refresh_from_db()
    assert placement.status == PlacementStatus.CONFIRMED
    assert placement.workplace_mentor == school_a_mentor
    assert placement.responded_by == school_a_contact

    # --- the trainee sees the placement ------------------------------------------------------------
    page = english_page(browser, live_server)
    log_in(page, live_server, trainee.applicant)
    page.goto(f"{live_server.url}/placements/mine/")
    mine = page.get_by_role("region", name=school_a.name)
    text = mine.inner_text()
    assert "Confirmed" in text
    assert "Spring 2027" in text
    assert "Mark Mentor" in text and school_a_mentor.email in text
    assert no_csp_errors(page)
