"""Meet the Professor for a teacher without an account: the public form (each field, the school
typed and resolved, the honeypot, the limits), the e-mail whose link verifies the address (a GET
shows, only a POST makes the request, once), the request that results (for the coordinators, with
the school's receipt), and the secret school page through which the teacher confirms, withdraws
and evaluates the visit, a wrong or another request's token being refused."""

import datetime
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from iclon.core.errors import Conflict, NotAllowed
from iclon.notifications.models import Channel, Notification
from professionalisation.models import EvaluationSide, VisitRequest, VisitStatus
from professionalisation.outreach.models.visits import SubmissionStatus, VisitSubmission
from professionalisation.outreach.notifications import visits as notifications
from professionalisation.outreach.permissions.visits import school_link_token
from professionalisation.outreach.services import visit_public as public_services
from professionalisation.outreach.services import visits as services
from professionalisation.outreach.tasks.visits import visit_submissions_purge_task
from tests.factories import SchoolFactory
from tests.factories.professionalisation_outreach_visits import VisitRequestFactory
from tests.professionalisation.outreach.visits.conftest import at
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

ASK = reverse("outreach:visit-ask")
SENT = reverse("outreach:visit-ask-sent")
SCHOOLS = reverse("outreach:visit-ask-schools")
LIST = reverse("outreach:visit-list")
TEACHER = "juf.jansen@school.example.org"


def client_for(user=None, language="en"):
    client = Client(headers={"accept-language": language})
    if user is not None:
        client.force_login(user)
    return client


def form_data(school, /, **changes):
    day = timezone.localdate() + datetime.timedelta(days=30)
    data = {
        "contact_name": "Juf Jansen",
        "contact_email": TEACHER,
        "school": school.code,
        "group_label": "Groep 8",
        "pupils": "27",
        "wishes": "Vulkanen en aardbevingen",
        "location": "school",
        "accessibility_notes": "Een leerling in een rolstoel",
        "date_1": day.isoformat(),
        "date_2": (day + datetime.timedelta(days=7)).isoformat(),
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def emails(**filters):
    return Notification.objects.filter(channel=Channel.EMAIL, **filters)


def link_in(mail) -> str:
    """The path of the portal link in an e-mail's text."""
    found = re.search(re.escape(settings.PORTAL_BASE_URL) + r"(/\S+)", mail.body_text)
    assert found, mail.body_text
    return found.group(1)


def submit(school, *, email=TEACHER, language="en", **changes):
    """A submission through the service; returns it and its token."""
    day = timezone.localdate() + datetime.timedelta(days=30)
    values = {
        "contact_name": "Juf Jansen",
        "contact_email": email,
        "group_label": "Groep 8",
        "pupils": 27,
        "wishes": "Vulkanen",
        "preferred_dates": [day],
        "language": language,
        "client_address": "192.0.2.1",
    }
    return public_services.visit_submission_create(school=school, **{**values, **changes})


@pytest.fixture
def public_visit(school_a):
    """A request made through the public form and verified: the request and its school token."""
    _submission, token = submit(school_a)
    visit, school_token = public_services.visit_submission_verify(token=token)
    visit.school_token = school_token
    return visit


def school_url(token, move=None):
    if move:
        return reverse("outreach:visit-school-move", kwargs={"token": token, "move": move})
    return reverse("outreach:visit-school", kwargs={"token": token})


# --- the form -----------------------------------------------------------------------------------------


def test_the_form_opens_without_a_login_with_its_help(school_a):
    page = client_for().get(ASK)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Ask for a visit" in html and 'list="visit-school-options"' in html
    assert 'name="website"' in html  # the honeypot
    assert "<select" not in html.split('name="school"')[1].split(">")[0]  # typed, not a select of schools


def test_a_valid_request_waits_for_the_teachers_address(school_a, professionalisation_coordinator):
    response = client_for().post(ASK, form_data(school_a))
    assert response.status_code == 302 and response["Location"] == SENT
    submission = VisitSubmission.objects.get()
    assert submission.school == school_a and submission.status == SubmissionStatus.PENDING
    assert submission.contact_email == TEACHER and submission.language == "en"
    assert len(submission.dates) == 2 and submission.accessibility_notes == "Een leerling in een rolstoel"
    assert len(submission.token_hash) == 64
    assert submission.expires_at > timezone.now() + datetime.timedelta(days=2)
    assert not VisitRequest.objects.exists()
    mail = emails().get()  # the teacher's only; coordinators are not bothered
    assert mail.email == TEACHER and mail.recipient is None and mail.language == "en"
    assert mail.category == notifications.VISIT_SCHOOL_LINK
    assert mail.subject == f"Meet the Professor: please confirm your request for {school_a.name}"
    path = link_in(mail)
    assert path.startswith("/professionalisation/outreach/visits/verify/")
    assert path.split("/")[-2] not in submission.token_hash and path not in mail.url
    assert not emails(recipient=professionalisation_coordinator).exists()


def test_the_request_is_in_the_pages_language(school_a):
    client_for(language="nl").post(ASK, form_data(school_a))
    assert VisitSubmission.objects.get().language == "nl"
    assert emails().get().language == "nl"


def test_a_signed_in_visitor_finds_their_name_and_address_filled_in(outsider):
    html = client_for(outsider).get(ASK).content.decode()
    assert 'value="Otto Outsider"' in html and 'value="outsider@example.org"' in html


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"contact_name": ""}, "Enter your name."),
        ({"contact_email": "not an address"}, "Enter a valid email address."),
        ({"school": ""}, "Type the school&#x27;s name or vestigingscode and choose it"),
        ({"group_label": ""}, "Enter the group or year of the pupils"),
        ({"pupils": "0"}, "greater than or equal to 1"),
        ({"pupils": "201"}, "less than or equal to 200"),
        ({"pupils": "many"}, "Enter a whole number."),
        ({"wishes": ""}, "Describe the topic or discipline the pupils would like to see."),
        ({"wishes": "   "}, "Describe the topic or discipline the pupils would like to see."),
        ({"location": "moon"}, "Select a valid choice."),
        ({"date_1": ""}, "Enter at least one date that suits the group."),
        ({"date_1": "2020-01-01"}, "Preferred dates must lie in the future."),
        ({"date_1": "31-31-2031"}, "Enter a valid date."),
    ],
)
def test_each_wrong_field_is_shown_and_nothing_typed_is_lost(school_a, changes, message):
    data = form_data(school_a, **changes)
    with nothing_written(VisitSubmission, VisitRequest, Notification):
        response = client_for().post(ASK, data)
    html = response.content.decode()
    assert response.status_code == 400 and message in html
    for name in ("contact_name", "group_label"):
        if data.get(name):
            assert f'value="{data[name]}"' in html
    if data.get("wishes", "").strip():
        assert data["wishes"] in html


def test_the_honeypot_stores_and_sends_nothing(school_a):
    with nothing_written(VisitSubmission, VisitRequest, Notification):
        response = client_for().post(ASK, form_data(school_a, website="http://spam.example.com"))
    assert response.status_code == 302 and response["Location"] == SENT


def test_five_requests_a_day_for_one_address(school_a):
    client = client_for()
    for _n in range(public_services.PER_EMAIL_A_DAY):
        assert client.post(ASK, form_data(school_a)).status_code == 302
    with nothing_written(VisitSubmission, Notification):
        response = client.post(ASK, form_data(school_a))
    assert response.status_code == 429
    assert "Several requests have been sent from here or for this e-mail address today" in response.content.decode()
    assert 'value="Groep 8"' in response.content.decode()
    assert client.post(ASK, form_data(school_a, contact_email="meester@school.example.org")).status_code == 302


def test_a_limit_for_each_network_address(school_a, monkeypatch):
    monkeypatch.setattr(public_services, "PER_ADDRESS_A_DAY", 2)
    client = client_for()
    for n in range(2):
        assert client.post(ASK, form_data(school_a, contact_email=f"teacher{n}@example.org")).status_code == 302
    assert client.post(ASK, form_data(school_a, contact_email="teacher9@example.org")).status_code == 429
    other = Client(headers={"accept-language": "en"}, REMOTE_ADDR="198.51.100.7")
    assert other.post(ASK, form_data(school_a, contact_email="teacher9@example.org")).status_code == 302
    assert VisitSubmission.objects.count() == 3


# --- the school, typed ------------------------------------------------------------------------------------


def test_the_school_is_found_by_code_by_suggestion_and_by_name(school_a):
    SchoolFactory(name="Het Andere College")
    for typed in (school_a.code, school_a.code.lower(), public_services.school_label(school_a), school_a.name):
        assert public_services.school_resolve(typed) == school_a
    primary = SchoolFactory(name="Basisschool De Regenboog", offers_vo=False, offers_po=True, city="Katwijk")
    assert public_services.school_resolve("basisschool de regenboog, Katwijk") == primary
    assert public_services.school_resolve(primary.brin_code) == primary  # a BRIN code of one branch


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Nergens College", "We do not know this school."),
        ("99ZZ00", "We do not know a school with this code."),
        ("Dubbel Lyceum", "Several schools match."),
        ("Lyceum", "Several schools match."),
        ("Oud Atheneum", "This school is no longer active."),
        ("inactive-code", "This school is no longer active."),
        ("ROC Vakschool", "Meet the Professor is for primary and secondary schools."),
        ("mbo-code", "Meet the Professor is for primary and secondary schools."),
        ("two-branches", "This BRIN code has several branches"),
    ],
)
def test_a_school_that_is_unknown_ambiguous_inactive_or_mbo_is_refused(school_a, typed, message):
    SchoolFactory(name="Dubbel Lyceum", city="Leiden")
    SchoolFactory(name="Dubbel Lyceum", city="Delft")
    inactive = SchoolFactory(name="Oud Atheneum", is_active=False)
    mbo = SchoolFactory(name="ROC Vakschool", offers_vo=False, offers_mbo=True)
    branch = SchoolFactory(name="Tak Een", branch_number="00")
    SchoolFactory(name="Tak Twee", brin_code=branch.brin_code, branch_number="01")
    typed = {"inactive-code": inactive.code, "mbo-code": mbo.code, "two-branches": branch.brin_code}.get(typed, typed)
    with nothing_written(VisitSubmission, Notification):
        response = client_for().post(ASK, form_data(school_a, school=typed))
    html = response.content.decode()
    assert response.status_code == 400 and message in html
    assert f'value="{typed}"' in html


def test_the_service_refuses_an_inactive_or_mbo_school_too(school_a):
    inactive = SchoolFactory(is_active=False)
    mbo = SchoolFactory(offers_vo=False, offers_mbo=True)
    for school in (inactive, mbo):
        with pytest.raises(public_services.PortalError) as error:
            submit(school)
        assert error.value.field == "school"
    assert not VisitSubmission.objects.exists()


def test_the_suggestions_of_the_school_field(school_a, django_assert_max_num_queries):
    SchoolFactory(name="Stedelijk Gymnasium Oud", is_active=False)
    SchoolFactory(name="Stedelijk ROC", offers_vo=False, offers_mbo=True)
    with django_assert_max_num_queries(1):
        html = client_for().get(SCHOOLS, {"school": "stedelijk"}).content.decode()
    assert html.count("<option") == 1 and f"({school_a.code})" in html
    assert client_for().get(SCHOOLS, {"school": "st"}).content.decode().count("<option") == 0


@pytest.mark.parametrize("rows", [1, 50])
def test_the_suggestions_are_one_query_and_at_most_ten(rows, django_assert_max_num_queries):
    for n in range(rows):
        SchoolFactory(name=f"Lyceum {n}")
    with django_assert_max_num_queries(1):
        html = client_for().get(SCHOOLS, {"school": "lyceum"}).content.decode()
    assert html.count("<option") == min(rows, public_services.SCHOOL_OPTIONS)


# --- the e-mail's link ------------------------------------------------------------------------------------


def test_the_emails_link_shows_and_only_a_post_verifies(school_a, professionalisation_coordinator):
    client = client_for()
    client.post(ASK, form_data(school_a))
    verify = link_in(emails().get())
    with nothing_written(VisitSubmission, VisitRequest):
        page = client.get(verify)
        client.head(verify)
    assert page.status_code == 200 and "Confirm my request" in page.content.decode()
    assert "Vulkanen en aardbevingen" in page.content.decode()

    response = client.post(verify)
    visit = VisitRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("outreach:visit-school", kwargs={"token": school_link_token(visit)})
    assert visit.requested_by is None and visit.status == VisitStatus.REQUESTED
    assert (visit.contact_name, visit.contact_email, visit.language) == ("Juf Jansen", TEACHER, "en")
    assert visit.group_label == "Groep 8" and visit.pupils == 27 and visit.preferred_dates.count() == 2
    assert visit.accessibility_notes == "Een leerling in een rolstoel"
    assert len(visit.school_token_hash) == 64 and school_link_token(visit) not in visit.school_token_hash
    submission = VisitSubmission.objects.get()
    assert submission.status == SubmissionStatus.VERIFIED and submission.visit == visit
    assert visit.history.count() == 1

    # The school's receipt goes to the teacher, leading to the secret page; the coordinators see it.
    receipt = emails(idempotency_key=f"{notifications.VISITS}:requested:{visit.pk}").get()
    assert receipt.email == TEACHER and receipt.category == notifications.VISIT_SCHOOL_LINK
    assert link_in(receipt) == response["Location"]
    assert "Your personal page for this request" in receipt.body_text
    assert school_link_token(visit) not in receipt.url
    assert visit.group_label in client_for(professionalisation_coordinator).get(LIST).content.decode()

    page = client.get(response["Location"])
    assert page.status_code == 200 and "your request has been sent" in page.content.decode()


def test_the_link_verifies_once(school_a):
    _submission, token = submit(school_a)
    url = reverse("outreach:visit-verify", kwargs={"token": token})
    client = client_for()
    assert client.post(url).status_code == 302
    with nothing_written(VisitRequest, VisitSubmission):
        again = client.post(url)
    assert again.status_code == 410 and "This request has been confirmed already" in again.content.decode()
    assert client.get(url).status_code == 410
    assert VisitRequest.objects.count() == 1
    with pytest.raises(public_services.SubmissionUsed):
        public_services.visit_submission_verify(token=token)


def test_an_expired_link_is_410(school_a):
    submission, token = submit(school_a)
    VisitSubmission.objects.filter(pk=submission.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    url = reverse("outreach:visit-verify", kwargs={"token": token})
    with nothing_written(VisitRequest):
        for response in (client_for().get(url), client_for().post(url)):
            assert response.status_code == 410 and "This link has expired" in response.content.decode()
    assert VisitSubmission.objects.get().status == SubmissionStatus.EXPIRED


def test_an_unknown_link_is_404(db):
    url = reverse("outreach:visit-verify", kwargs={"token": "nonsense"})
    for response in (client_for().get(url), client_for().post(url)):
        assert response.status_code == 404 and "This link is not valid" in response.content.decode()


def test_dates_that_passed_meanwhile_are_left_out(school_a):
    today = timezone.localdate()
    submission, token = submit(school_a)
    VisitSubmission.objects.filter(pk=submission.pk).update(
        preferred_dates=[
            [(today - datetime.timedelta(days=1)).isoformat(), "any"],
            [(today + datetime.timedelta(days=9)).isoformat(), "morning"],
        ]
    )
    visit, _token = public_services.visit_submission_verify(token=token)
    assert [(p.date, p.part_of_day) for p in visit.preferred_dates.all()] == [
        (today + datetime.timedelta(days=9), "morning")
    ]


def test_all_dates_passed_makes_nothing(school_a):
    submission, token = submit(school_a)
    VisitSubmission.objects.filter(pk=submission.pk).update(preferred_dates=[["2020-01-01", "any"]])
    url = reverse("outreach:visit-verify", kwargs={"token": token})
    with nothing_written(VisitRequest, VisitSubmission):
        response = client_for().post(url)
    assert response.status_code == 400 and "Your preferred dates have passed" in response.content.decode()


# --- the secret school page -------------------------------------------------------------------------------


def test_the_school_page_shows_the_request(public_visit):
    page = client_for().get(school_url(public_visit.school_token))
    html = page.content.decode()
    assert page.status_code == 200 and public_visit.school.name in html and "Withdraw the request" in html
    assert "noindex" in html and "no-store" in page["Cache-Control"]


@pytest.mark.parametrize("token", ["nonsense", ""])
def test_a_wrong_school_link_is_404(public_visit, token):
    url = school_url(token or "x" * 64)
    response = client_for().get(url)
    assert response.status_code == 404 and "This link is not valid" in response.content.decode()
    with nothing_written(VisitRequest):
        assert client_for().post(school_url(token or "x" * 64, "withdraw"), {"reason": "Weg"}).status_code == 404


def test_a_request_made_by_a_school_user_has_no_school_link(visit):
    assert visit.school_token_hash == ""
    assert client_for().get(school_url(school_link_token(visit))).status_code == 404
    with pytest.raises(NotAllowed):
        services.visit_withdraw(visit=visit, actor=None, reason="Weg", school_token=school_link_token(visit))


def test_the_teacher_confirms_and_evaluates_through_the_link(
    public_visit, pool_researcher, professionalisation_coordinator, preferred_day
):
    token = public_visit.school_token
    visit, _answer = services.visit_propose(
        visit=public_visit,
        researcher=pool_researcher,
        starts_at=at(preferred_day),
        actor=professionalisation_coordinator,
    )
    services.visit_researcher_answer(visit=visit, accept=True, actor=pool_researcher.user)
    accepted = emails(email=TEACHER, idempotency_key__contains=":accepted:").get()
    assert link_in(accepted) == school_url(token) and accepted.category == notifications.VISIT_SCHOOL_LINK

    client = client_for()
    assert "Confirm the visit" in client.get(school_url(token)).content.decode()
    response = client.post(school_url(token, "confirm"))
    assert response.status_code == 302 and response["Location"] == school_url(token)
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CONFIRMED
    assert visit.history.first().history_user is None
    confirmed = emails(email=TEACHER, idempotency_key__contains=":confirmed:").get()
    calendar_path = reverse("outreach:visit-school-calendar", kwargs={"token": token})
    assert settings.PORTAL_BASE_URL + calendar_path in confirmed.body_text
    ics = client.get(calendar_path)
    assert ics.status_code == 200
    assert Calendar.from_ical(ics.content).walk("VEVENT")[0].decoded("dtstart") == visit.starts_at

    VisitRequest.objects.filter(pk=visit.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3), ends_at=timezone.now() - datetime.timedelta(hours=1)
    )
    services.visit_mark_held(visit=visit, actor=professionalisation_coordinator)
    assert client.post(school_url(token, "evaluate"), {"text": "Top"}).status_code == 400  # no rating
    assert client.post(school_url(token, "evaluate"), {"text": "Top", "rating": "5"}).status_code == 302
    evaluation = visit.evaluations.get()
    assert (evaluation.side, evaluation.rating, evaluation.author) == (EvaluationSide.SCHOOL, 5, None)
    again = client.post(school_url(token, "evaluate"), {"text": "Nog eens", "rating": "4"})
    assert again.status_code == 409 and "This side has evaluated the visit already." in again.content.decode()


def test_the_teacher_withdraws_through_the_link(public_visit):
    client = client_for()
    token = public_visit.school_token
    assert client.post(school_url(token, "withdraw"), {"reason": ""}).status_code == 400
    assert client.post(school_url(token, "withdraw"), {"reason": "Toetsweek"}).status_code == 302
    visit = VisitRequest.objects.get(pk=public_visit.pk)
    assert visit.status == VisitStatus.WITHDRAWN and visit.status_reason == "Toetsweek"
    withdrawn = emails(email=TEACHER, idempotency_key__contains=":withdrawn:").get()
    assert link_in(withdrawn) == school_url(token)
    again = client.post(school_url(token, "withdraw"), {"reason": "Nogmaals"})
    assert again.status_code == 409 and "This request can no longer be withdrawn." in again.content.decode()


def test_a_refused_move_keeps_the_services_message(public_visit):
    with nothing_written(VisitRequest):
        response = client_for().post(school_url(public_visit.school_token, "confirm"))
    assert response.status_code == 409
    assert "Only a visit the researcher has accepted can be confirmed." in response.content.decode()


def test_the_school_link_cannot_mark_held_and_a_move_needs_a_post(public_visit):
    token = public_visit.school_token
    with nothing_written(VisitRequest):
        assert client_for().post(school_url(token, "held")).status_code == 404
        assert client_for().get(school_url(token, "withdraw"), {"reason": "Weg"}).status_code == 405
    assert VisitRequest.objects.get(pk=public_visit.pk).status == VisitStatus.REQUESTED


def test_the_services_take_the_school_token_and_refuse_others(public_visit, school_a):
    other = VisitRequestFactory(school=school_a, requested_by=None)
    _submission, token = submit(school_a, email="ander@example.org")
    another, another_token = public_services.visit_submission_verify(token=token)
    for wrong in ("", "nonsense", another_token):
        with pytest.raises(NotAllowed):
            services.visit_withdraw(visit=public_visit, actor=None, reason="Weg", school_token=wrong)
        with pytest.raises(NotAllowed):
            services.visit_confirm(visit=public_visit, actor=None, school_token=wrong)
    with pytest.raises(NotAllowed):
        services.visit_withdraw(visit=other, actor=None, reason="Weg", school_token=public_visit.school_token)
    with pytest.raises(Conflict) as error:
        services.visit_confirm(visit=public_visit, actor=None, school_token=public_visit.school_token)
    with translation.override("en"):
        assert str(error.value.message) == "Only a visit the researcher has accepted can be confirmed."
    with pytest.raises(NotAllowed):  # the school's link is not the researcher's side
        services.visit_evaluate(
            visit=public_visit,
            side=EvaluationSide.RESEARCHER,
            actor=None,
            text="x",
            school_token=public_visit.school_token,
        )
    services.visit_withdraw(visit=another, actor=None, reason="Dubbel", school_token=another_token)
    assert VisitRequest.objects.get(pk=public_visit.pk).status == VisitStatus.REQUESTED


@pytest.mark.parametrize("dates", [1, 10])
def test_the_school_page_runs_a_fixed_number_of_queries(school_a, dates, django_assert_max_num_queries):
    first = timezone.localdate() + datetime.timedelta(days=10)
    _submission, token = submit(school_a, preferred_dates=[first + datetime.timedelta(days=n) for n in range(dates)])
    visit, school_token = public_services.visit_submission_verify(token=token)
    assert visit.preferred_dates.count() == dates
    client = client_for()
    client.get(school_url(school_token))
    with django_assert_max_num_queries(6):
        assert client.get(school_url(school_token)).status_code == 200


def test_the_form_and_the_verify_page_run_a_fixed_number_of_queries(school_a, django_assert_max_num_queries):
    client = client_for()
    client.get(ASK)
    with django_assert_max_num_queries(3):
        assert client.get(ASK).status_code == 200
    _submission, token = submit(school_a)
    with django_assert_max_num_queries(4):
        assert client.get(reverse("outreach:visit-verify", kwargs={"token": token})).status_code == 200


# --- where teachers find the form ------------------------------------------------------------------------


def test_anonymous_visitors_find_the_form_from_the_header_and_the_list(db):
    home = client_for().get("/").content.decode()
    assert f'href="{LIST}"' in home
    page = client_for().get(LIST)
    assert page.status_code == 200 and f'href="{ASK}"' in page.content.decode()


def test_people_of_no_school_are_led_to_the_form_and_the_school_form_links_it(outsider, school_a_contact):
    assert f'href="{ASK}"' in client_for(outsider).get(LIST).content.decode()
    assert f'href="{ASK}"' in client_for(school_a_contact).get(reverse("outreach:visit-request")).content.decode()


# --- coordinators: the admin and the purge ------------------------------------------------------------------


def admin_url(view="changelist", *args):
    return reverse(f"admin:professionalisation_visitsubmission_{view}", args=args)


@pytest.mark.parametrize("rows", [1, 50])
def test_coordinators_see_the_submissions_with_their_status(
    school_a, professionalisation_coordinator, rows, django_assert_max_num_queries
):
    for n in range(rows):
        submit(school_a, email=f"t{n}@example.org", client_address=f"192.0.2.{n}")
    expired, _token = submit(school_a, email="late@example.org")
    VisitSubmission.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - datetime.timedelta(hours=1))
    _verified, token = submit(school_a, email="done@example.org")
    public_services.visit_submission_verify(token=token)
    client = client_for(professionalisation_coordinator)
    client.get(admin_url())
    with django_assert_max_num_queries(14):
        page = client.get(admin_url())
    html = page.content.decode()
    assert page.status_code == 200 and "late@example.org" in html and "Expired" in html
    assert "Verified: the request was made" in html
    pending = client.get(admin_url(), {"status": "pending"}).content.decode()
    assert "t0@example.org" in pending and "late@example.org" not in pending and "done@example.org" not in pending
    assert "late@example.org" in client.get(admin_url(), {"status": "expired"}).content.decode()
    assert client.get(admin_url("change", expired.pk)).status_code == 200
    assert client.get(admin_url("add")).status_code == 403
    response = client.post(admin_url("change", expired.pk), {"contact_email": "x@example.org"})
    assert response.status_code == 403
    assert VisitSubmission.objects.get(pk=expired.pk).contact_email == "late@example.org"


def test_coordinators_delete_a_submission(school_a, professionalisation_coordinator):
    submission, _token = submit(school_a)
    client = client_for(professionalisation_coordinator)
    assert client.post(admin_url("delete", submission.pk), {"post": "yes"}).status_code == 302
    assert not VisitSubmission.objects.exists()


@pytest.mark.parametrize("who", ["intake_officer", "outsider", "anonymous"])
def test_others_do_not_see_or_delete_submissions(people, who, school_a):
    submission, _token = submit(school_a)
    user = people(who)
    response = client_for(user).get(admin_url())
    assert response.status_code in (302, 403)
    with pytest.raises(NotAllowed):
        public_services.visit_submission_delete(submission=submission, actor=user)
    assert VisitSubmission.objects.exists()


def test_old_submissions_are_purged(school_a):
    now = timezone.now()
    fresh, _t1 = submit(school_a, email="a@example.org")
    recently_expired, _t2 = submit(school_a, email="b@example.org")
    long_expired, _t3 = submit(school_a, email="c@example.org")
    VisitSubmission.objects.filter(pk=recently_expired.pk).update(expires_at=now - datetime.timedelta(days=1))
    VisitSubmission.objects.filter(pk=long_expired.pk).update(expires_at=now - datetime.timedelta(days=8))
    old_verified, token = submit(school_a, email="d@example.org")
    visit, _school_token = public_services.visit_submission_verify(token=token)
    VisitSubmission.objects.filter(pk=old_verified.pk).update(verified_at=now - datetime.timedelta(days=31))
    assert visit_submissions_purge_task() == 2
    assert set(VisitSubmission.objects.values_list("pk", flat=True)) == {fresh.pk, recently_expired.pk}
    assert VisitRequest.objects.filter(pk=visit.pk).exists()  # the request stays


def test_the_purge_is_scheduled_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["professionalisation-visit-submissions-purge"]
    assert entry["task"] == visit_submissions_purge_task.name
