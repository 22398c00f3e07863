"""The whole intake flow in a browser: an applicant finds a route, applies and submits; an intake
officer reviews the application in the admin, adds a condition and admits with conditions; the
applicant reads the decision, its condition and the decision letter (in English, then in Dutch)."""

import datetime
import io
import re

import pytest
from django.utils import timezone, translation

from programmes.models import (
    AdmissionCondition,
    Application,
    ApplicationStatus,
    DeficiencyCourse,
    DegreeField,
    DocumentKind,
)
from tests.factories import StaffUserFactory, UserFactory
from tests.factories.accounts import PASSWORD, current_totp
from tests.factories.programmes import PDF_BYTES
from tests.programmes.demo_data import seed_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

S = ApplicationStatus
EXPLANATION = "Your degree fits the route; complete the deficiency course in cell biology first."


def english_page(browser, live_server):
    """A page in a fresh context that asks for English (the labels below are the English source)."""
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.console_errors = errors
    return page


def log_in(page, live_server, user, *, totp=False):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label(re.compile(r"^e-?mail", re.IGNORECASE)).first.fill(user.email)
    page.get_by_label("Password").first.fill(PASSWORD)
    page.get_by_role("button", name=re.compile(r"^(Sign In|Log in)$", re.IGNORECASE)).click()
    if totp:
        page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
        page.get_by_label("Code").fill(current_totp())
        page.get_by_role("button", name=re.compile(r"^(Sign In|Log in)$", re.IGNORECASE)).click()
    page.wait_for_url(f"{live_server.url}/dashboard/")


def no_csp_errors(page):
    return not [error for error in page.console_errors if "Content Security Policy" in error]


def test_applicant_applies_officer_admits_with_conditions_and_applicant_reads_the_decision(
    live_server, browser, tmp_path
):
    seed_demo(io.StringIO(), None)  # the real catalogue (about a second)
    applicant = UserFactory(full_name="Fenna Visser", email="fenna@example.org", language="en")
    officer = StaffUserFactory(full_name="Ilse Intake", email="ilse@iclon.example.org", group="Intake officers")

    # --- the applicant: route finder → the best route → Apply -----------------------------------
    page = english_page(browser, live_server)
    log_in(page, live_server, applicant)
    page.goto(f"{live_server.url}/routes/finder/")
    page.get_by_label("University master").check()
    page.get_by_label("Field of that degree").select_option("biologie")
    page.get_by_label("Secondary education (VO)").check()
    page.get_by_label("School subject you want to teach").select_option("biologie")
    page.get_by_role("button", name="Show my routes").click()
    page.wait_for_url(re.compile(r"subject=biologie"))

    best = page.locator(".finder-answer").first  # ranked: the first answer is the best
    assert "Master's in Teaching (full-time)" in best.inner_text()
    best.get_by_role("link", name=re.compile(r"^Apply")).click()
    page.wait_for_url(re.compile(r"/applications/start/master-leraar-vho-voltijd/\?start=\d+&subject=biologie"))
    # The start and subject come from the route finder's link.
    assert page.get_by_label("School subject").input_value() == "biologie"
    page.get_by_role("button", name="Start my application").click()

    # --- every step of the draft ------------------------------------------------------------------
    page.wait_for_url(re.compile(r"/applications/\d+/edit/personal/$"))
    application = Application.objects.get(applicant=applicant)
    assert (application.pathway.slug, application.subject.slug, application.status) == (
        "master-leraar-vho-voltijd",
        "biologie",
        S.DRAFT,
    )
    page.get_by_label("First name").fill("Fenna")
    page.get_by_label("Last name").fill("Visser")
    page.get_by_label("Date of birth").fill("1996-04-12")
    page.get_by_label("Postcode").fill("2311 EZ")
    page.get_by_label("Town or city").fill("Leiden")
    page.get_by_role("button", name="Save and continue").click()

    page.wait_for_url(re.compile(r"/edit/education/$"))
    page.get_by_label("Level").select_option("wo_master")
    page.get_by_label("Field of the degree").select_option(str(DegreeField.objects.get(slug="farmacie").pk))
    page.get_by_label("University or school").fill("Universiteit Leiden")
    page.get_by_label("Year completed (or expected)").fill("2021")
    page.get_by_role("button", name="Add this degree").click()
    page.wait_for_url(re.compile(r"/edit/education/$"))
    assert "The degree has been added." in page.content()
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url(re.compile(r"/edit/employment/$"))
    page.get_by_role("group", name="Do you work as a teacher at a school?").get_by_label("No").check()
    page.get_by_role("button", name="Save and continue").click()

    page.wait_for_url(re.compile(r"/edit/language/$"))
    page.get_by_label("Dutch secondary-school diploma (havo/vwo)").check()
    page.get_by_role("button", name="Save and continue").click()

    page.wait_for_url(re.compile(r"/edit/motivation/$"))
    page.get_by_label("Why do you want to become a teacher, and why this route?").fill(
        "In the lab I loved explaining pharmacology to first-year students; I want to teach biology to teenagers."
    )
    page.get_by_role("button", name="Save and continue").click()

    page.wait_for_url(re.compile(r"/edit/documents/$"))
    for kind in (DocumentKind.DIPLOMA, DocumentKind.TRANSCRIPT, DocumentKind.CV):
        pdf = tmp_path / f"{kind}.pdf"
        pdf.write_bytes(PDF_BYTES)
        page.get_by_label("Kind of document").select_option(kind.value)
        page.get_by_label("File", exact=True).set_input_files(str(pdf))
        page.get_by_role("button", name="Upload").click()
        page.wait_for_url(re.compile(r"/edit/documents/$"))
        with translation.override("en"):
            label = str(kind.label)
        assert f"{label} uploaded: {kind}.pdf." in page.content()
    page.get_by_role("button", name="Continue to review").click()

    page.wait_for_url(re.compile(r"/edit/review/$"))
    assert "Your application is complete." in page.content()
    page.get_by_role("button", name="Submit my application").click()
    page.wait_for_url(f"{live_server.url}/applications/{application.pk}/")
    assert "has been submitted" in page.content()
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    assert set(application.documents.values_list("kind", flat=True)) == {"diploma", "transcript", "cv"}

    # --- the intake officer, in the admin (logged in with a password and a TOTP code) -------------
    staff = english_page(browser, live_server)
    log_in(staff, live_server, officer, totp=True)
    staff.goto(f"{live_server.url}/admin/programmes/application/")
    staff.get_by_role("link", name=application.reference).click()
    staff.wait_for_url(re.compile(rf"/admin/programmes/application/{application.pk}/change/$"))
    assert "Status: Submitted" in staff.content()
    staff.get_by_role("button", name="Start the review").click()
    staff.wait_for_url(re.compile(rf"/admin/programmes/application/{application.pk}/change/$"))
    assert f"{application.reference} is now “In review”." in staff.content()

    # Admitting with conditions is held back until a condition exists.
    assert "Add the conditions before admitting with conditions." in staff.content()
    course = DeficiencyCourse.objects.filter(subject=application.subject).order_by("pk").first()
    # The admin's tabular inline has column headers rather than labels: its rows are found by name.
    staff.locator('select[name="conditions-0-kind"]').select_option(AdmissionCondition.Kind.DEFICIENCY_COURSE)
    staff.locator('select[name="conditions-0-deficiency_course"]').select_option(str(course.pk))
    due_on = timezone.localdate() + datetime.timedelta(days=240)
    staff.locator('input[name="conditions-0-due_on"]').fill(due_on.isoformat())
    staff.get_by_role("button", name="Save and continue editing").click()
    staff.wait_for_url(re.compile(rf"/admin/programmes/application/{application.pk}/change/$"))
    assert "was changed successfully" in staff.content()
    assert application.conditions.get().deficiency_course == course

    staff.get_by_label(re.compile(r"Reason or explanation \(Admit with conditions\)")).fill(EXPLANATION)
    staff.get_by_role("button", name="Admit with conditions").click()
    staff.wait_for_url(re.compile(rf"/admin/programmes/application/{application.pk}/change/$"))
    assert f"{application.reference} is now “Admitted with conditions”." in staff.content()
    assert no_csp_errors(staff)

    application.refresh_from_db()
    assert application.status == S.ADMITTED_WITH_CONDITIONS
    assert application.decided_by == officer
    assert application.decision_explanation == EXPLANATION
    moves = list(application.transitions.order_by("created_at").values_list("from_status", "to_status", "actor"))
    assert moves == [
        (S.DRAFT, S.SUBMITTED, applicant.pk),
        (S.SUBMITTED, S.IN_REVIEW, officer.pk),
        (S.IN_REVIEW, S.ADMITTED_WITH_CONDITIONS, officer.pk),
    ]

    # --- the applicant reads the decision ----------------------------------------------------------
    page.goto(f"{live_server.url}/applications/{application.pk}/")
    decision = page.get_by_role("region", name="The decision")
    assert "Admitted with conditions" in decision.inner_text()
    assert EXPLANATION in decision.inner_text()
    assert course.name_en in decision.inner_text()
    assert "Not yet met" in decision.inner_text()
    decision.get_by_role("link", name="Read the decision letter").click()
    page.wait_for_url(f"{live_server.url}/applications/{application.pk}/letter/")
    letter = page.content()
    assert "Fenna" in letter and EXPLANATION in letter and course.name_en in letter
    assert no_csp_errors(page)

    # The same page in Dutch shows the status in Dutch (the labels as the Dutch catalogue has them).
    with translation.override("nl"):
        decision_nl, status_nl = translation.gettext("The decision"), str(S.ADMITTED_WITH_CONDITIONS.label)
    page.context.add_cookies([{"name": "django_language", "value": "nl", "url": live_server.url}])
    page.goto(f"{live_server.url}/applications/{application.pk}/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert status_nl in page.get_by_role("region", name=decision_nl).inner_text()
    assert no_csp_errors(page)
