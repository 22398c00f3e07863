"""Meet the Professor's pages: the request form of a school, the lists by role, a request's page with
the forms of each side, the answer page behind the secret link and the .ics invitation."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from professionalisation.models import VisitRequest, VisitStatus
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

LIST = reverse("outreach:visit-list")
NEW = reverse("outreach:visit-request")


def client_for(user):
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client


def move(visit, name):
    return reverse("outreach:visit-move", kwargs={"pk": visit.pk, "move": name})


def detail(visit):
    return reverse("outreach:visit-detail", kwargs={"pk": visit.pk})


def test_a_school_user_requests_a_visit_on_the_form(school_a_contact, school_a):
    client = client_for(school_a_contact)
    assert client.get(NEW).status_code == 200
    day = timezone.localdate() + datetime.timedelta(days=30)
    response = client.post(
        NEW,
        {
            "school": school_a.pk,
            "contact_name": "Anna",
            "contact_email": "anna@school.example.org",
            "group_label": "Groep 6",
            "pupils": "25",
            "wishes": "Vulkanen",
            "location": "school",
            "date_1": day.isoformat(),
            "date_2": (day + datetime.timedelta(days=2)).isoformat(),
        },
    )
    visit = VisitRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(visit)
    assert visit.preferred_dates.count() == 2 and visit.school == school_a


def test_a_past_date_is_an_error_on_the_form(school_a_contact, school_a):
    with nothing_written(VisitRequest):
        response = client_for(school_a_contact).post(
            NEW,
            {
                "school": school_a.pk,
                "contact_name": "Anna",
                "contact_email": "anna@school.example.org",
                "group_label": "Groep 6",
                "pupils": "25",
                "wishes": "Vulkanen",
                "location": "school",
                "date_1": "2020-01-01",
            },
        )
    assert response.status_code == 400
    assert "Preferred dates must lie in the future." in response.content.decode()


@pytest.mark.parametrize("who", ["outsider", "intake_officer"])
def test_people_of_no_school_have_no_request_form(people, who):
    response = client_for(people(who)).get(NEW)
    assert response.status_code == 404 and "Send the request" not in response.content.decode()


def test_the_request_form_needs_a_login():
    response = client_for(None).get(NEW)
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("school_a_contact", True),
        ("researcher_user", True),
        ("professionalisation_coordinator", True),
        ("school_b_contact", False),
        ("outsider", False),
    ],
)
def test_list_and_page_by_role(people, who, sees, proposed):
    client = client_for(people(who))
    assert (proposed.group_label in client.get(LIST).content.decode()) is sees
    assert client.get(detail(proposed)).status_code == (200 if sees else 404)


def test_the_researcher_accepts_and_the_school_confirms_on_the_page(proposed, researcher_user, school_a_contact):
    researcher = client_for(researcher_user)
    assert "Will you make this visit?" in researcher.get(detail(proposed)).content.decode()
    assert researcher.post(move(proposed, "answer"), {"accept": "1"}).status_code == 302
    school = client_for(school_a_contact)
    assert "Confirm the visit" in school.get(detail(proposed)).content.decode()
    assert school.post(move(proposed, "confirm")).status_code == 302
    assert VisitRequest.objects.get(pk=proposed.pk).status == VisitStatus.CONFIRMED
    calendar = Calendar.from_ical(school.get(reverse("outreach:visit-calendar", kwargs={"pk": proposed.pk})).content)
    event = calendar.walk("VEVENT")[0]
    assert str(event["uid"]) == f"visit-{proposed.pk}@iclon.leidenuniv.nl"
    assert event.decoded("dtstart") == proposed.starts_at


def test_a_refused_move_shows_the_message(accepted, researcher_user):
    response = client_for(researcher_user).post(move(accepted, "confirm"))
    assert response.status_code == 403
    assert VisitRequest.objects.get(pk=accepted.pk).status == VisitStatus.ACCEPTED


def test_a_decline_without_reason_is_an_error(proposed, researcher_user):
    response = client_for(researcher_user).post(move(proposed, "answer"), {"accept": "0"})
    assert response.status_code == 400 and "Give a reason for declining." in response.content.decode()


def test_the_secret_link_answers_without_login(proposed):
    url = reverse("outreach:visit-answer", kwargs={"token": proposed.token})
    client = client_for(None)
    assert proposed.school.name in client.get(url).content.decode()
    response = client.post(url, {"accept": "0", "reason": "Op vakantie"})
    assert response.status_code == 200 and "Thank you for your answer." in response.content.decode()
    assert VisitRequest.objects.get(pk=proposed.pk).status == VisitStatus.DECLINED
    assert client.get(url).status_code == 404


def test_a_wrong_link_is_404(db):
    response = client_for(None).get(reverse("outreach:visit-answer", kwargs={"token": "nonsense"}))
    assert response.status_code == 404 and "This link is not valid" in response.content.decode()


def test_the_coordinator_sees_suggestions_and_marks_held(visit, pool_researcher, professionalisation_coordinator):
    page = client_for(professionalisation_coordinator).get(detail(visit)).content.decode()
    assert "Suggested researchers" in page and "Travels to the school&#x27;s region" in page


def test_both_sides_evaluate_on_the_page(held, school_a_contact, researcher_user):
    school = client_for(school_a_contact)
    assert school.post(move(held, "evaluate-school"), {"text": "Top"}).status_code == 400  # no rating
    assert school.post(move(held, "evaluate-school"), {"text": "Top", "rating": "5"}).status_code == 302
    assert client_for(researcher_user).post(move(held, "evaluate-researcher"), {"text": "Fijn"}).status_code == 302
    assert VisitRequest.objects.get(pk=held.pk).status == VisitStatus.EVALUATED


def test_the_school_withdraws_on_the_page(visit, school_a_contact):
    response = client_for(school_a_contact).post(move(visit, "withdraw"), {"reason": "Toetsweek"})
    assert response.status_code == 302
    assert VisitRequest.objects.get(pk=visit.pk).status == VisitStatus.WITHDRAWN
