"""Professional development's whole path in a browser, on a phone-sized screen: a teacher registers
for a full session and lands on its waiting list; the registered participant cancels; the offer
e-mail reaches the teacher, who accepts through its link; a coordinator ticks the teacher present
at today's meeting; the teacher finds the certificate (a PDF) and the microcredential, downloads its
signed JWT, and the public verifier accepts it, and refuses it once one character is changed."""

import datetime
import io
import re
import tempfile
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import Client
from pypdf import PdfReader

from professionalisation.activities.models import MEETING_ZONE
from professionalisation.activities.services import registration_create
from professionalisation.models import (
    Attendance,
    Certificate,
    Completion,
    Microcredential,
    Registration,
    RegistrationStatus,
    WaitingListEntry,
    WaitingStatus,
)
from tests.factories import UserFactory
from tests.factories.accounts import PASSWORD
from tests.factories.professionalisation import MeetingFactory, SessionFactory
from tests.factories.professionalisation_credentials import MicrocredentialSpecFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Screenshots to look at (on a phone-sized screen), never into the repository: /tmp/pd-flow/.
SHOTS = Path(tempfile.gettempdir()) / "pd-flow"
PHONE = {"width": 390, "height": 844}
TITLE = "Formative assessment in the classroom"


def english_phone(browser, live_server, *, session_of=None):
    """A page in a fresh English context on a phone-sized screen; `session_of`: a staff member
    already logged in there (their log-in needs a TOTP code: the session comes from the test
    client instead, as in test_placement_flow.py)."""
    context = browser.new_context(locale="en-GB", viewport=PHONE, accept_downloads=True)
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


def submit(page, button):
    """Click a form's button and wait until the page it leads to has loaded (often the same address
    again, after a redirect: waiting for the address alone would not wait at all)."""
    with page.expect_navigation(wait_until="load"):
        button.click()


def no_csp_errors(page):
    return not [error for error in page.console_errors if "Content Security Policy" in error]


def no_horizontal_overflow(page):
    """Nothing sticks out to the right of a phone's screen (the page cannot be scrolled sideways)."""
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def tampered(jwt: str) -> str:
    """The JWT with one character of its payload changed (the signature no longer matches)."""
    header, payload, signature = jwt.split(".")
    return f"{header}.{payload[:40]}{'A' if payload[40] != 'A' else 'B'}{payload[41:]}.{signature}"


@pytest.fixture
def morning_of_the_meeting():
    """Today at 10:00 in the Netherlands, the clock running on (the live server's thread included):
    the meeting at 15:30 today is still ahead (so the participant may cancel and the free place is
    offered from the waiting list), and it is its day (so staff can record attendance). At a real
    late evening hour the meeting would already have begun, and both would be refused."""
    today = datetime.datetime.now(tz=MEETING_ZONE).date()
    with time_machine.travel(datetime.datetime.combine(today, datetime.time(10), tzinfo=MEETING_ZONE), tick=True):
        yield today


def test_teacher_waits_is_offered_the_cancelled_place_completes_and_the_verifier_accepts_the_credential(
    live_server, browser, professionalisation_coordinator, morning_of_the_meeting
):
    today = morning_of_the_meeting
    spec = MicrocredentialSpecFactory(
        activity__title_en=TITLE,
        activity__cancel_days_before=0,  # cancelling is allowed until the meeting starts
        activity__meetings_required=None,  # attend every meeting (the one)
    )
    activity = spec.activity
    session = SessionFactory(activity=activity, name="Autumn group", capacity=1, meetings=0)
    meeting = MeetingFactory(session=session, date=today)  # 15:30–17:30 today
    anna = UserFactory(full_name="Anna Aalders", email="anna@example.org", language="en")
    bram = UserFactory(full_name="Bram Bakker", email="bram@example.org", language="en")
    first = registration_create(session=session, participant=anna, actor=anna)
    assert isinstance(first, Registration) and first.status == RegistrationStatus.CONFIRMED
    mail.outbox.clear()

    # --- B: the session is full, B lands on its waiting list ------------------------------------
    teacher = english_phone(browser, live_server)
    log_in(teacher, live_server, bram)
    teacher.goto(f"{live_server.url}/professionalisation/activities/{activity.slug}/")
    assert teacher.get_by_role("heading", name=TITLE, level=1).is_visible()
    listing = teacher.locator(".session").filter(has=teacher.get_by_role("heading", name="Autumn group"))
    assert "Full – waiting list" in listing.inner_text()
    submit(teacher, listing.get_by_role("button", name=re.compile(r"^Put me on the waiting list\W+Autumn group$")))
    assert teacher.url == f"{live_server.url}/professionalisation/activities/{activity.slug}/"
    assert "The session is full: you are on the waiting list (place 1)" in teacher.content()
    assert "You are on the waiting list of this session." in listing.inner_text()
    assert no_horizontal_overflow(teacher)
    assert no_csp_errors(teacher)
    shot(teacher, "01-activity-waiting-list")
    entry = WaitingListEntry.objects.get(participant=bram)
    assert (entry.session, entry.status) == (session, WaitingStatus.WAITING)
    assert not Registration.objects.filter(participant=bram).exists()

    # --- A cancels on "My professional development" (a disclosure, then the confirm button) ----------
    participant = english_phone(browser, live_server)
    log_in(participant, live_server, anna)
    participant.goto(f"{live_server.url}/professionalisation/mine/")
    card = participant.get_by_role("article", name=TITLE)
    confirm = card.get_by_role("button", name="Yes, cancel my registration")
    assert not confirm.is_visible()  # one tap does not cancel
    card.locator("summary", has_text="Cancel my registration").click()
    submit(participant, confirm)
    assert participant.url == f"{live_server.url}/professionalisation/mine/"
    assert f"Your registration for {TITLE} (Autumn group) has been cancelled." in participant.content()
    assert no_csp_errors(participant)
    first.refresh_from_db()
    assert first.status == RegistrationStatus.CANCELLED
    entry.refresh_from_db()
    assert (entry.status, entry.offered_session) == (WaitingStatus.OFFERED, session)

    # --- the offer e-mail reaches B; B follows its link and accepts ----------------------------------
    # The offer's category is sensitive: the outbox clears the body once sent, so the link is read
    # from the e-mail as it went out.
    to_bram = [message.subject for message in mail.outbox if message.to == [bram.email]]
    assert to_bram == [f"On the waiting list: {TITLE}", f"A place is free for you: {TITLE}"]
    offers = [message for message in mail.outbox if message.subject == f"A place is free for you: {TITLE}"]
    link = re.search(r"(\S+/professionalisation/offers/[\w-]+/)", offers[0].body).group(1)
    assert link == f"{settings.PORTAL_BASE_URL}/professionalisation/offers/{entry.token}/"
    teacher.goto(live_server.url + link.removeprefix(settings.PORTAL_BASE_URL))
    assert teacher.get_by_role("heading", name="A place has come free for you", level=1).is_visible()
    assert no_horizontal_overflow(teacher)
    shot(teacher, "02-offer")
    submit(teacher, teacher.get_by_role("button", name=re.compile(rf"^Accept the place\W+{TITLE}$")))
    assert teacher.url == live_server.url + link.removeprefix(settings.PORTAL_BASE_URL)
    assert f"You have accepted the place: you are registered for {TITLE} (Autumn group)." in teacher.content()
    assert "You have accepted this place: you are registered." in teacher.content()
    registration = Registration.objects.get(participant=bram, session=session)
    assert registration.status == RegistrationStatus.CONFIRMED
    entry.refresh_from_db()
    assert entry.status == WaitingStatus.ACCEPTED

    # --- the coordinator records attendance at today's meeting -----------------------------------------
    staff = english_phone(browser, live_server, session_of=professionalisation_coordinator)
    staff.goto(f"{live_server.url}/professionalisation/attendance/")
    today_table = staff.get_by_role("table", name="Today")
    today_table.get_by_role("row").filter(has_text=TITLE).get_by_role("link").click()
    staff.wait_for_url(f"{live_server.url}/professionalisation/meetings/{meeting.pk}/attendance/")
    assert staff.get_by_role("table", name="0 of 1 participant present").is_visible()
    staff.get_by_label("Bram Bakker").check()
    assert no_horizontal_overflow(staff)
    shot(staff, "03-attendance")
    submit(staff, staff.get_by_role("button", name="Save attendance"))
    assert staff.url == f"{live_server.url}/professionalisation/meetings/{meeting.pk}/attendance/"
    assert "Attendance saved: 1 of 1 participant present." in staff.content()
    assert staff.get_by_role("table", name="1 of 1 participant present").is_visible()
    assert no_csp_errors(staff)
    assert Attendance.objects.get(meeting=meeting, registration=registration).present is True
    completion = Completion.objects.get(registration=registration)
    certificate = Certificate.objects.get(completion=completion)
    credential = Microcredential.objects.get(completion=completion)  # issued by the task after commit
    assert [message.subject for message in mail.outbox if message.to == [bram.email]][-3:] == [
        f"You are registered: {TITLE}",
        f"Your certificate: {TITLE}",
        f"Your microcredential: {credential.name}",
    ]

    # --- B: the certificate (a PDF) and the microcredential with its signed JWT ------------------------
    teacher.goto(f"{live_server.url}/professionalisation/mine/")
    completed = teacher.get_by_role("region", name="Completed activities and certificates")
    assert certificate.number in completed.get_by_role("article", name=TITLE).inner_text()
    teacher.get_by_role("link", name="My certificates").click()
    teacher.wait_for_url(f"{live_server.url}/professionalisation/mine/certificates/")
    pdf_link = teacher.get_by_role("link", name=re.compile(rf"^Download \(PDF\)\W+{TITLE}$"))
    assert pdf_link.get_attribute("href") == f"/professionalisation/certificates/{certificate.pk}/pdf/"
    # The browser's own session fetches the file (a headless browser has no PDF viewer to look in).
    response = teacher.context.request.get(live_server.url + pdf_link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == f'inline; filename="{certificate.number}.pdf"'
    assert response.body().startswith(b"%PDF-")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.body())).pages)
    assert "Bram Bakker" in text and certificate.number in text

    teacher.get_by_role("link", name="My microcredentials").click()
    teacher.wait_for_url(f"{live_server.url}/credentials/mine/")
    teacher.get_by_role("link", name=credential.name).click()
    teacher.wait_for_url(f"{live_server.url}/credentials/{credential.uuid}/")
    assert teacher.get_by_role("heading", name=credential.name, level=1).is_visible()
    with teacher.expect_download() as download_info:
        teacher.get_by_role("link", name="Download the signed credential (.jwt)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".jwt")
    jwt = Path(download.path()).read_text().strip()
    assert jwt == credential.jwt
    assert no_horizontal_overflow(teacher)
    assert no_csp_errors(teacher)

    # --- anybody: the public verifier accepts the JWT and refuses it changed ------------------------------
    verifier = english_phone(browser, live_server)
    verifier.goto(f"{live_server.url}/credentials/verify/")
    verifier.get_by_label(re.compile(r"^Credential\b")).fill(jwt)
    submit(verifier, verifier.get_by_role("button", name="Verify"))
    result = verifier.get_by_role("region", name="Result")
    assert result.get_by_role("status").locator("strong").inner_text() == "Valid"
    assert "Bram Bakker" in result.inner_text()
    assert no_horizontal_overflow(verifier)
    shot(verifier, "04-verifier-valid")

    verifier.get_by_label(re.compile(r"^Credential\b")).fill(tampered(jwt))
    submit(verifier, verifier.get_by_role("button", name="Verify"))
    result = verifier.get_by_role("region", name="Result")
    assert result.get_by_role("status").locator("strong").inner_text() == "Changed after signing"
    assert (
        "The signature does not match: this credential has been changed after ICLON signed it." in result.inner_text()
    )
    assert no_horizontal_overflow(verifier)
    assert no_csp_errors(verifier)
    shot(verifier, "05-verifier-tampered")
