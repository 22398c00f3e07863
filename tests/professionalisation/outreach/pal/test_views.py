"""The PAL pages: who may open each, the forms that call the services (with the refusals shown and
nothing written), the dashboard cards, and the fixed number of queries of each page."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from professionalisation.models import (
    PalAssignmentStatus,
    PalHours,
    PalHoursStatus,
    PalRequest,
    PalRequestStatus,
)
from professionalisation.outreach.navigation import dashboard_cards
from tests.factories.professionalisation_outreach_pal import (
    PalAssignmentFactory,
    PalHoursFactory,
    this_monday,
)
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

SCHOOL = reverse("outreach:pal-school")
MINE = reverse("outreach:pal-mine")
STAFF = reverse("outreach:pal-staff")


def client_for(user):
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(
    ("who", "school", "mine", "staff"),
    [
        ("school_a_contact", 200, 403, 403),
        ("school_a_mentor", 403, 403, 403),
        ("pal_user", 403, 200, 403),
        ("professionalisation_coordinator", 403, 403, 200),
        ("administrator", 403, 403, 200),
        ("intake_officer", 403, 403, 403),
        ("outsider", 403, 403, 403),
    ],
)
def test_who_opens_which_page(people, who, school, mine, staff, assignment):
    client = client_for(people(who))
    pages = {SCHOOL: school, MINE: mine, STAFF: staff}
    for url, expected in pages.items():
        response = client.get(url)
        assert response.status_code == expected
        # School A's request (and the student on it) shows on a page one may open, never on a refused one.
        assert (assignment.request.school.name in response.content.decode()) == (expected == 200)


def test_anonymous_visitors_are_sent_to_log_in():
    for url in (SCHOOL, MINE, STAFF):
        response = Client().get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_a_school_requests_support_on_its_page(school_a, school_a_contact, subject):
    client = client_for(school_a_contact)
    data = {
        "school": school_a.pk,
        "tasks": ["groups"],
        "subject": subject.pk,
        "hours_per_week": "3",
        "starts_on": this_monday().isoformat(),
        "ends_on": (this_monday() + datetime.timedelta(days=60)).isoformat(),
        "weekdays": ["fri"],
    }
    response = client.post(reverse("outreach:pal-request-create"), data)
    assert response.status_code == 302
    row = PalRequest.objects.get()
    assert (row.school, row.tasks, row.weekdays) == (school_a, ["groups"], ["fri"])

    with nothing_written(PalRequest):
        refused = client.post(reverse("outreach:pal-request-create"), {**data, "tasks": ["other"]})
    assert refused.status_code == 400
    assert "Say which other tasks." in refused.content.decode()


def test_the_school_page_shows_its_requests_and_confirms_hours(assignment, school_a_contact):
    row = PalHoursFactory(assignment=assignment)
    client = client_for(school_a_contact)
    page = client.get(SCHOOL).content.decode()
    assert "Pim PAL" in page and f"{row.year}-W{row.week:02d}" in page

    response = client.post(reverse("outreach:pal-hours-confirm", args=[row.pk]))
    assert messages_of(response) == ["The hours have been confirmed."]
    assert PalHours.objects.get().status == PalHoursStatus.CONFIRMED
    assert "Confirmed: locked" in client.get(SCHOOL).content.decode()

    with nothing_written(PalHours):
        again = client.post(reverse("outreach:pal-hours-reject", args=[row.pk]), {"reason": "No"})
    assert messages_of(again) == ["The school has confirmed the hours of this week: they can no longer be changed."]


def test_another_school_cannot_touch_these_hours(assignment, school_b_contact):
    row = PalHoursFactory(assignment=assignment)
    with nothing_written(PalHours):
        response = client_for(school_b_contact).post(reverse("outreach:pal-hours-confirm", args=[row.pk]))
    assert response.status_code == 404


def test_the_student_confirms_and_logs_hours_on_their_page(open_request, pal_student, pal_user, school_a_contact):
    proposed = PalAssignmentFactory(request=open_request, student=pal_student)
    client = client_for(pal_user)
    assert "Confirm" in client.get(MINE).content.decode()
    client.post(reverse("outreach:pal-assignment-confirm", args=[proposed.pk]), {"side": "student"})
    client_for(school_a_contact).post(
        reverse("outreach:pal-assignment-confirm", args=[proposed.pk]), {"side": "school"}
    )
    proposed.refresh_from_db()
    assert proposed.status == PalAssignmentStatus.CONFIRMED

    page = client.get(MINE).content.decode()
    assert "Log the hours" in page
    year, week, _day = (this_monday() - datetime.timedelta(weeks=1)).isocalendar()
    response = client.post(
        reverse("outreach:pal-hours-log", args=[proposed.pk]), {"week": f"{year}-{week}", "hours": "4"}
    )
    assert messages_of(response) == ["Your hours have been logged; the school is asked to confirm them."]
    row = PalHours.objects.get()
    assert (row.year, row.week, row.hours) == (year, week, 4)

    client_for(school_a_contact).post(reverse("outreach:pal-hours-confirm", args=[row.pk]))
    with nothing_written(PalHours):
        locked = client.post(
            reverse("outreach:pal-hours-log", args=[proposed.pk]), {"week": f"{year}-{week}", "hours": "5"}
        )
        removed = client.post(reverse("outreach:pal-hours-delete", args=[row.pk]))
    message = "The school has confirmed the hours of this week: they can no longer be changed."
    assert messages_of(locked)[-1] == message
    assert messages_of(removed)[-1] == message
    assert "locked" in client.get(MINE).content.decode()


def test_a_week_outside_the_choices_is_refused(assignment, pal_user):
    with nothing_written(PalHours):
        response = client_for(pal_user).post(
            reverse("outreach:pal-hours-log", args=[assignment.pk]), {"week": "2020-1", "hours": "4"}
        )
    assert messages_of(response) == ["Choose a week and give the hours (more than 0, at most 40)."]


def test_the_coordinator_sees_suggestions_assigns_and_totals(
    open_request, pal_student, professionalisation_coordinator
):
    client = client_for(professionalisation_coordinator)
    page = client.get(STAFF, {"request": open_request.pk}).content.decode()
    assert "Pim PAL" in page and "Subject: Mathematics" in page
    response = client.post(
        reverse("outreach:pal-request-assign", args=[open_request.pk]), {"students": [pal_student.pk]}
    )
    assert response.status_code == 302
    assert open_request.assignments.get().student == pal_student
    assert PalRequest.objects.get(pk=open_request.pk).status == PalRequestStatus.ASSIGNED

    confirmed = PalHoursFactory(
        confirmed=True, assignment=PalAssignmentFactory(confirmed=True, request__school=open_request.school)
    )
    page = client.get(STAFF).content.decode()
    assert open_request.school.name in page and str(confirmed.hours) in page
    export = client.get(
        reverse("outreach:pal-export", args=["csv"]), {"region": confirmed.assignment.request.region.slug}
    )
    assert export.status_code == 200 and confirmed.assignment.student.user.full_name in export.content.decode()


def test_the_export_page_is_staff_only(school_a_contact, school_a):
    PalHoursFactory(confirmed=True, assignment=PalAssignmentFactory(confirmed=True, request__school=school_a))
    response = client_for(school_a_contact).get(
        reverse("outreach:pal-export", args=["csv"]), {"region": school_a.region.slug}
    )
    assert response.status_code == 403
    assert "school code" not in response.content.decode()


def test_dashboard_cards_by_role(pal_user, school_a_contact, professionalisation_coordinator, outsider):
    with translation.override("en"):
        titles = {
            who: [str(card.title) for card in dashboard_cards(SimpleNamespace(user=who)) if "PAL" in str(card.title)]
            for who in (pal_user, school_a_contact, professionalisation_coordinator, outsider)
        }
    # The PAL part's cards (the orientation part adds its own for staff).
    assert titles[pal_user] == ["My PAL assignments"]
    assert len(titles[school_a_contact]) == 1
    assert len(titles[professionalisation_coordinator]) == 1
    assert titles[outsider] == []


def _grow(school, student, count):
    while PalHours.objects.count() < count:
        PalHoursFactory(assignment=PalAssignmentFactory(confirmed=True, request__school=school, student=student))


@pytest.mark.parametrize(
    ("who", "url"), [("school_a_contact", SCHOOL), ("pal_user", MINE), ("professionalisation_coordinator", STAFF)]
)
def test_pages_run_a_fixed_number_of_queries(people, who, url, school_a, pal_student, django_assert_max_num_queries):
    client = client_for(people(who))
    _grow(school_a, pal_student, 1)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    _grow(school_a, pal_student, 50)
    with django_assert_max_num_queries(len(one)):
        assert client.get(url).status_code == 200
