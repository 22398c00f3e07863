"""Meet the Professor's whole path in a browser: a school's contact asks for a visit on a phone; the
coordinator sees the suggested researchers and proposes the first on the request's page; the researcher
follows the e-mail's secret link and accepts; the school confirms and downloads the .ics; once the
day has come the coordinator marks the visit held; the school and the researcher each evaluate it,
and the request ends "Evaluated" with both evaluations on its page."""

import datetime
import re
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from professionalisation.models import VisitRequest, VisitStatus
from tests.browser.test_professional_development_flow import english_phone, log_in, no_csp_errors, submit
from tests.factories import StaffUserFactory, UserFactory
from tests.factories.professionalisation_outreach_visits import ResearcherProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Screenshots to look at, never into the repository: /tmp/visit-flow/.
SHOTS = Path(tempfile.gettempdir()) / "visit-flow"
DESKTOP = {"width": 1280, "height": 900}


def shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def no_horizontal_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_school_requests_coordinator_proposes_researcher_accepts_both_evaluate(
    live_server, browser, school_a, school_a_contact, professionalisation_coordinator
):
    school_a_contact.language = "en"
    school_a_contact.save(update_fields=["language"])
    dekker = ResearcherProfileFactory(
        user=UserFactory(full_name="Prof. Iris Dekker", email="dekker@example.org", language="en"),
        discipline="Marine biology",
        topics="climate, the sea, plankton",
        regions=[school_a.region],
    )
    # A second researcher who matches nothing: the suggestions put Dekker first.
    ResearcherProfileFactory(
        user=StaffUserFactory(full_name="Prof. Otto Vos", email="vos@example.org"), discipline="Law", topics="courts"
    )
    preferred = timezone.localdate() + datetime.timedelta(days=21)
    if preferred.isoweekday() > 5:  # a school day
        preferred += datetime.timedelta(days=8 - preferred.isoweekday())
    mail.outbox.clear()

    # --- the school's contact asks for a visit on a phone -------------------------------------------
    school = english_phone(browser, live_server)
    log_in(school, live_server, school_a_contact)
    school.goto(f"{live_server.url}/professionalisation/outreach/visits/")
    school.get_by_role("link", name=re.compile("Request a visit", re.IGNORECASE)).first.click()
    school.wait_for_url(f"{live_server.url}/professionalisation/outreach/visits/new/")
    assert school.get_by_label("contact e-mail address").input_value() == school_a_contact.email
    school.get_by_label("group or year").fill("havo 4")
    school.get_by_label("number of pupils").fill("28")
    # First too many pupils: the form comes back with the error and keeps what was typed.
    school.get_by_label("topic or discipline wishes").fill("Climate change and the sea")
    school.get_by_label("Preferred date", exact=True).fill(preferred.isoformat())
    school.get_by_label("number of pupils").fill("500")
    school.get_by_role("button", name=re.compile("Send", re.IGNORECASE)).click()
    school.wait_for_load_state()
    assert VisitRequest.objects.count() == 0
    assert school.get_by_label("topic or discipline wishes").input_value() == "Climate change and the sea"
    school.get_by_label("number of pupils").fill("28")
    shot(school, "01-request-form")
    submit(school, school.get_by_role("button", name=re.compile("Send", re.IGNORECASE)))
    visit = VisitRequest.objects.get()
    assert school.url == f"{live_server.url}/professionalisation/outreach/visits/{visit.pk}/"
    assert "Your request has been sent." in school.content()
    assert no_horizontal_overflow(school)
    assert (visit.status, visit.pupils, visit.requested_by) == (VisitStatus.REQUESTED, 28, school_a_contact)
    assert list(visit.preferred_dates.values_list("date", flat=True)) == [preferred]
    assert any(m.to == [school_a_contact.email] and "has been received" in m.subject for m in mail.outbox)

    # --- the coordinator sees the suggestions and proposes Dekker on the page -------------------------
    staff = english_phone(browser, live_server, session_of=professionalisation_coordinator)
    staff.set_viewport_size(DESKTOP)
    staff.goto(f"{live_server.url}/professionalisation/outreach/visits/{visit.pk}/")
    suggestions = staff.get_by_role("region", name="Suggested researchers")
    first = suggestions.get_by_role("heading", level=3).first.inner_text()
    assert first.startswith("Prof. Iris Dekker")
    assert "climate" in suggestions.inner_text().lower()
    # Dekker is chosen and her free preferred date filled in: the coordinator sets the times.
    assert staff.get_by_label("Propose Prof. Iris Dekker").is_checked()
    assert staff.get_by_label("Date", exact=True).input_value() == preferred.isoformat()
    staff.get_by_label("start time").fill("10:00")
    staff.get_by_label("end time").fill("11:30")
    shot(staff, "03-propose")
    submit(staff, staff.get_by_role("button", name="Propose the researcher chosen"))
    assert "The researcher has been asked." in staff.content()
    assert no_csp_errors(staff)
    visit.refresh_from_db()
    assert (visit.status, visit.researcher) == (VisitStatus.PROPOSED, dekker)

    # --- the researcher follows the e-mail's secret link and accepts ---------------------------------
    proposals = [m for m in mail.outbox if m.to == [dekker.user.email] and "would you visit" in m.subject]
    assert len(proposals) == 1
    link = re.search(r"(\S+/professionalisation/outreach/visits/answer/[\w-]+/)", proposals[0].body).group(1)
    researcher = english_phone(browser, live_server)
    researcher.goto(live_server.url + link.removeprefix(settings.PORTAL_BASE_URL))
    assert "Climate change and the sea" in researcher.content()
    researcher.get_by_label("I accept").check()
    shot(researcher, "04-answer")
    submit(researcher, researcher.get_by_role("button", name="Send my answer"))
    assert "Thank you for your answer." in researcher.content()
    visit.refresh_from_db()
    assert visit.status == VisitStatus.ACCEPTED
    # The link answers once.
    researcher.goto(live_server.url + link.removeprefix(settings.PORTAL_BASE_URL))
    assert "has been answered already" in researcher.content()

    # --- the school confirms and downloads the invitation --------------------------------------------
    assert any(m.to == [school_a_contact.email] and "please confirm" in m.subject for m in mail.outbox)
    school.goto(f"{live_server.url}/professionalisation/outreach/visits/{visit.pk}/")
    submit(school, school.get_by_role("button", name="Confirm the visit"))
    assert "The visit is confirmed." in school.content()
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CONFIRMED
    with school.expect_download() as download:
        school.get_by_role("link", name="Add to my calendar (.ics)").click()
    ics = Path(download.value.path()).read_text()
    assert "BEGIN:VEVENT" in ics and "DTSTART;TZID=Europe/Amsterdam" in ics and "STATUS:CONFIRMED" in ics
    confirmations = {m.to[0] for m in mail.outbox if "is confirmed" in m.subject}
    assert confirmations == {school_a_contact.email, dekker.user.email}

    # --- the day has come: the coordinator marks the visit held --------------------------------------
    VisitRequest.objects.filter(pk=visit.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3), ends_at=timezone.now() - datetime.timedelta(hours=1)
    )
    staff.goto(f"{live_server.url}/professionalisation/outreach/visits/{visit.pk}/")
    submit(staff, staff.get_by_role("button", name="Mark as held"))
    assert "The visit is marked as held." in staff.content()
    visit.refresh_from_db()
    assert visit.status == VisitStatus.HELD

    # --- both sides evaluate --------------------------------------------------------------------------
    school.goto(f"{live_server.url}/professionalisation/outreach/visits/{visit.pk}/")
    form = school.locator("form", has=school.get_by_role("heading", name="How did the pupils like it?"))
    form.get_by_label("5").check()
    form.get_by_label("the pupils' reaction").fill("The pupils asked questions for an hour.")
    submit(school, form.get_by_role("button", name="Send the evaluation"))
    assert "Thank you for your evaluation." in school.content()
    shot(school, "05-school-evaluated")

    researcher_page = english_phone(browser, live_server, session_of=dekker.user)
    researcher_page.goto(f"{live_server.url}/professionalisation/outreach/visits/{visit.pk}/")
    researcher_page.get_by_label("short report").fill("A lively class; good questions about plankton.")
    submit(researcher_page, researcher_page.get_by_role("button", name="Send the report"))
    assert "Thank you for your evaluation." in researcher_page.content()

    visit.refresh_from_db()
    assert visit.status == VisitStatus.EVALUATED
    evaluations = dict(visit.evaluations.values_list("side", "rating"))
    assert evaluations == {"school": 5, "researcher": None}
    page_text = researcher_page.get_by_role("region", name="Evaluations").inner_text()
    assert "The pupils asked questions for an hour." in page_text and "5/5" in page_text
    assert "Evaluated" in researcher_page.content()
    shot(researcher_page, "06-evaluated")
    assert no_horizontal_overflow(researcher_page)
    assert no_csp_errors(school) and no_csp_errors(researcher_page)
    history = list(visit.history.order_by("history_date").values_list("status", "history_user"))
    assert (VisitStatus.PROPOSED, professionalisation_coordinator.pk) in history
    assert (VisitStatus.ACCEPTED, None) in history or (VisitStatus.ACCEPTED, dekker.user.pk) in history
    assert (VisitStatus.CONFIRMED, school_a_contact.pk) in history
