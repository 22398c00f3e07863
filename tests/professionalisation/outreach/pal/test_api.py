"""/api/v1/pal-requests/, /api/v1/pal-assignments/, /api/v1/pal-hours/: the scope of every role, the
writes through the services (with their refusals as 403/409/400 and nothing written), totals,
the payroll export, and the fixed number of queries."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from professionalisation.models import (
    PalAssignment,
    PalHours,
    PalRequest,
    PalRequestStatus,
)
from tests.api.conftest import api_client
from tests.factories import SchoolFactory
from tests.factories.professionalisation_outreach_pal import (
    PalAssignmentFactory,
    PalHoursFactory,
    PalStudentFactory,
    this_monday,
)
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

REQUESTS = reverse("api:pal-request-list")
ASSIGNMENTS = reverse("api:pal-assignment-list")
HOURS = reverse("api:pal-hours-list")
TOTALS = reverse("api:pal-hours-totals")
EXPORT = reverse("api:pal-hours-export")


def last_week():
    year, week, _day = (this_monday() - datetime.timedelta(weeks=1)).isocalendar()
    return year, week


def ids(response):
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


@pytest.fixture
def world(assignment, school_b):
    """School A's confirmed assignment with a logged week; school B's request, assignment and week."""
    mine = PalHoursFactory(assignment=assignment)
    theirs = PalHoursFactory(assignment=PalAssignmentFactory(confirmed=True, request__school=school_b))
    return {
        "a_request": assignment.request.pk,
        "b_request": theirs.assignment.request.pk,
        "a_assignment": assignment.pk,
        "b_assignment": theirs.assignment.pk,
        "a_hours": mine.pk,
        "b_hours": theirs.pk,
    }


@pytest.mark.parametrize(
    ("who", "requests", "assignments", "hours"),
    [
        ("professionalisation_coordinator", ["a", "b"], ["a", "b"], ["a", "b"]),
        ("administrator", ["a", "b"], ["a", "b"], ["a", "b"]),
        ("school_a_contact", ["a"], ["a"], ["a"]),
        ("school_a_mentor", ["a"], ["a"], ["a"]),
        ("school_b_contact", ["b"], ["b"], ["b"]),
        ("pal_user", [], ["a"], ["a"]),
        ("intake_officer", [], [], []),
        ("outsider", [], [], []),
    ],
)
def test_who_sees_which_rows(people, who, requests, assignments, hours, world):
    client = api_client(people(who))
    assert ids(client.get(REQUESTS)) == sorted(world[f"{x}_request"] for x in requests)
    assert ids(client.get(ASSIGNMENTS)) == sorted(world[f"{x}_assignment"] for x in assignments)
    assert ids(client.get(HOURS)) == sorted(world[f"{x}_hours"] for x in hours)


def test_anonymous_is_refused(world):
    for url in (REQUESTS, ASSIGNMENTS, HOURS):
        response = api_client().get(url)
        assert response.status_code in (401, 403)
        assert "results" not in response.json()


def test_a_row_outside_ones_scope_is_404(world, school_a_contact):
    client = api_client(school_a_contact)
    detail = client.get(reverse("api:pal-hours-detail", args=[world["b_hours"]]))
    assert detail.status_code == 404 and "hours" not in detail.json()
    with nothing_written(PalHours):
        confirm = client.post(reverse("api:pal-hours-confirm", args=[world["b_hours"]]))
    assert confirm.status_code == 404
    request = client.get(reverse("api:pal-request-detail", args=[world["b_request"]]))
    assert request.status_code == 404 and "school" not in request.json()


def test_a_school_contact_creates_a_request(school_a, school_a_contact, subject):
    body = {
        "school": school_a.code,
        "tasks": ["marking", "homework"],
        "subject": subject.slug,
        "hours_per_week": "4.5",
        "starts_on": (this_monday() + datetime.timedelta(days=7)).isoformat(),
        "ends_on": (this_monday() + datetime.timedelta(days=70)).isoformat(),
        "weekdays": ["thu"],
    }
    response = api_client(school_a_contact).post(REQUESTS, body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["school"]["id"] == school_a.pk
    assert data["tasks"] == ["homework", "marking"]
    assert data["region"]["slug"] == school_a.region.slug
    assert data["status"] == "requested"
    assert PalRequest.objects.get().requested_by == school_a_contact

    with nothing_written(PalRequest):
        refused = api_client(school_a_contact).post(REQUESTS, {**body, "school": SchoolFactory().code}, format="json")
    assert refused.status_code == 403
    with nothing_written(PalRequest):
        bad = api_client(school_a_contact, language="en").post(REQUESTS, {**body, "tasks": ["other"]}, format="json")
    assert bad.status_code == 400
    assert bad.json()["errors"] == {"tasks_other": ["Say which other tasks."]}


def test_the_coordinator_gets_suggestions_and_assigns(open_request, pal_student, professionalisation_coordinator):
    client = api_client(professionalisation_coordinator, language="en")
    suggestions = client.get(reverse("api:pal-request-suggestions", args=[open_request.pk])).json()["suggestions"]
    assert suggestions[0]["student"] == pal_student.pk
    assert "Subject: Mathematics" in suggestions[0]["reasons"]

    response = client.post(
        reverse("api:pal-request-assign", args=[open_request.pk]), {"students": [pal_student.pk]}, format="json"
    )
    assert response.status_code == 201, response.content
    (row,) = response.json()["assignments"]
    assert (row["student"]["id"], row["status"]) == (pal_student.pk, "proposed")
    assert "Subject: Mathematics" in row["reasons"]
    again = client.post(
        reverse("api:pal-request-assign", args=[open_request.pk]), {"students": [pal_student.pk]}, format="json"
    )
    assert again.status_code == 409
    assert again.json()["detail"] == "Pim PAL is already assigned to this request."


@pytest.mark.parametrize("who", ["school_a_contact", "pal_user"])
def test_others_get_no_suggestions_and_may_not_assign(people, who, open_request, pal_student):
    client = api_client(people(who))
    assert client.get(reverse("api:pal-request-suggestions", args=[open_request.pk])).status_code in (403, 404)
    with nothing_written(PalAssignment):
        response = client.post(
            reverse("api:pal-request-assign", args=[open_request.pk]), {"students": [pal_student.pk]}, format="json"
        )
    assert response.status_code in (403, 404)


def test_both_sides_confirm_an_assignment(open_request, pal_student, pal_user, school_a_contact):
    assignment = PalAssignmentFactory(request=open_request, student=pal_student)
    url = reverse("api:pal-assignment-confirm", args=[assignment.pk])
    wrong = api_client(pal_user).post(url, {"side": "school"}, format="json")
    assert wrong.status_code == 403
    assert api_client(pal_user).post(url, {"side": "student"}, format="json").status_code == 200
    body = api_client(school_a_contact).post(url, {"side": "school"}, format="json").json()
    assert body["status"] == "confirmed"
    assert PalRequest.objects.get(pk=open_request.pk).status == PalRequestStatus.CONFIRMED


def test_declining_needs_a_reason(open_request, pal_student, pal_user):
    assignment = PalAssignmentFactory(request=open_request, student=pal_student)
    url = reverse("api:pal-assignment-decline", args=[assignment.pk])
    assert api_client(pal_user).post(url, {}, format="json").status_code == 400
    body = api_client(pal_user).post(url, {"reason": "Exams"}, format="json").json()
    assert (body["status"], body["decline_reason"]) == ("declined", "Exams")


def test_the_student_logs_changes_and_the_school_confirms_then_the_week_is_locked(
    assignment, pal_user, school_a_contact
):
    year, week = last_week()
    student = api_client(pal_user, language="en")
    first = student.post(HOURS, {"assignment": assignment.pk, "year": year, "week": week, "hours": "5"}, format="json")
    assert first.status_code == 201, first.content
    changed = student.post(HOURS, {"assignment": assignment.pk, "year": year, "week": week, "hours": "6.25"})
    assert changed.status_code == 200
    assert changed.json()["hours"] == "6.25"
    pk = first.json()["id"]

    confirmed = api_client(school_a_contact).post(reverse("api:pal-hours-confirm", args=[pk]))
    assert confirmed.status_code == 200
    assert confirmed.json()["locked"] is True

    locked = "The school has confirmed the hours of this week: they can no longer be changed."
    with nothing_written(PalHours):
        again = student.post(HOURS, {"assignment": assignment.pk, "year": year, "week": week, "hours": "2"})
        removed = student.delete(reverse("api:pal-hours-detail", args=[pk]))
        rejected = api_client(school_a_contact, language="en").post(
            reverse("api:pal-hours-reject", args=[pk]), {"reason": "No"}
        )
    assert (again.status_code, again.json()["detail"]) == (409, locked)
    assert (removed.status_code, removed.json()["detail"]) == (409, locked)
    assert (rejected.status_code, rejected.json()["detail"]) == (409, locked)
    assert PalHours.objects.get(pk=pk).hours == Decimal("6.25")


def test_the_school_rejects_and_the_student_removes_unconfirmed_hours(assignment, pal_user, school_a_contact):
    row = PalHoursFactory(assignment=assignment)
    response = api_client(school_a_contact).post(reverse("api:pal-hours-reject", args=[row.pk]), {"reason": "Too many"})
    assert response.json()["status"] == "rejected"
    assert api_client(pal_user).delete(reverse("api:pal-hours-detail", args=[row.pk])).status_code == 204
    assert not PalHours.objects.exists()


@pytest.mark.parametrize("who", ["school_a_contact", "professionalisation_coordinator"])
def test_only_the_student_logs(people, who, assignment):
    year, week = last_week()
    with nothing_written(PalHours):
        response = api_client(people(who)).post(
            HOURS, {"assignment": assignment.pk, "year": year, "week": week, "hours": "2"}
        )
    assert response.status_code == 403


def test_logging_for_an_assignment_one_cannot_see_is_400(assignment, other_pal_user):
    year, week = last_week()
    response = api_client(other_pal_user).post(
        HOURS, {"assignment": assignment.pk, "year": year, "week": week, "hours": "2"}
    )
    assert response.status_code == 400
    assert "assignment" in response.json()["errors"]


@pytest.mark.parametrize("who", ["pal_user", "school_b_contact", "professionalisation_coordinator"])
def test_only_the_school_confirms_hours(people, who, world):
    with nothing_written(PalHours):
        response = api_client(people(who)).post(reverse("api:pal-hours-confirm", args=[world["a_hours"]]))
    assert response.status_code in (403, 404)


# --- totals and export --------------------------------------------------------------------------


def _confirmed_world(school_a, school_b):
    a1 = PalHoursFactory(
        confirmed=True,
        assignment=PalAssignmentFactory(
            confirmed=True, request__school=school_a, student__user__full_name="=HYPERLINK(1)"
        ),
        hours=Decimal("4"),
    )
    PalHoursFactory(confirmed=True, assignment=a1.assignment, week=a1.week - 1 or 1, hours=Decimal("3.5"))
    PalHoursFactory(assignment=a1.assignment, week=a1.week - 2 or 2, hours=Decimal("9"))  # not confirmed
    b = PalHoursFactory(
        confirmed=True, assignment=PalAssignmentFactory(confirmed=True, request__school=school_b), hours=Decimal("2")
    )
    return a1, b


def test_totals_per_school_and_region_for_staff_and_a_schools_own(
    school_a, school_b, professionalisation_coordinator, school_a_contact, outsider
):
    a1, b = _confirmed_world(school_a, school_b)
    body = api_client(professionalisation_coordinator).get(TOTALS, {"by": "school"}).json()["totals"]
    assert [(row["name"], row["hours"], row["weeks"], row["students"]) for row in body] == [
        (school_a.name, "7.50", 2, 1),
        (school_b.name, "2.00", 1, 1),
    ]
    regions = api_client(professionalisation_coordinator).get(TOTALS, {"by": "region"}).json()["totals"]
    assert sorted(row["hours"] for row in regions) == ["2.00", "7.50"]
    assert [row["name"] for row in api_client(school_a_contact).get(TOTALS).json()["totals"]] == [school_a.name]
    assert api_client(outsider).get(TOTALS).json()["totals"] == []
    # A period that ends before these weeks holds nothing.
    early = (this_monday() - datetime.timedelta(weeks=30)).isoformat()
    assert api_client(professionalisation_coordinator).get(TOTALS, {"until": early}).json()["totals"] == []


def test_the_payroll_export_holds_the_regions_confirmed_weeks(school_a, school_b, professionalisation_coordinator):
    a1, b = _confirmed_world(school_a, school_b)
    client = api_client(professionalisation_coordinator, language="en")
    response = client.get(EXPORT, {"region": school_a.region.slug, "file": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[0] == [
        "education region",
        "school",
        "school code",
        "student",
        "e-mail",
        "week",
        "week from",
        "hours",
        "confirmed by",
        "confirmed on",
    ]
    assert len(rows) == 3  # two confirmed weeks of school A; the logged one and school B's are not in it
    assert {row[1] for row in rows[1:]} == {school_a.name}
    assert sorted(row[7] for row in rows[1:]) == ["3.50", "4.00"]
    assert rows[1][3] == "'=HYPERLINK(1)"  # a name is never run as a formula
    assert rows[1][0] == school_a.region.name

    xlsx = client.get(EXPORT, {"region": school_a.region.slug, "file": "xlsx"})
    assert xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "education region" and len(values) == 3


@pytest.mark.parametrize("who", ["school_a_contact", "pal_user", "intake_officer", "outsider"])
def test_the_export_is_for_staff_only(people, who, school_a):
    PalHoursFactory(confirmed=True, assignment=PalAssignmentFactory(confirmed=True, request__school=school_a))
    response = api_client(people(who)).get(EXPORT, {"region": school_a.region.slug})
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    assert "school code" not in response.content.decode()


# --- queries ------------------------------------------------------------------------------------


def _rows(school, student, count):
    """`count` confirmed assignments of `student` at `school`, each with a logged week."""
    while PalAssignment.objects.count() < count:
        PalHoursFactory(assignment=PalAssignmentFactory(confirmed=True, request__school=school, student=student))


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, {"page_size": 100}).status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["professionalisation_coordinator", "school_a_contact", "pal_user"])
@pytest.mark.parametrize("url", [REQUESTS, ASSIGNMENTS, HOURS])
def test_lists_run_a_fixed_number_of_queries(people, who, url, school_a, pal_student, django_assert_max_num_queries):
    client = api_client(people(who))
    _rows(school_a, pal_student, 1)
    one = _queries(client, url)
    _rows(school_a, pal_student, 50)
    with django_assert_max_num_queries(one):
        response = client.get(url, {"page_size": 100})
    # A PAL student sees assignments and hours, not requests as such.
    assert response.json()["count"] == (0 if (who, url) == ("pal_user", REQUESTS) else 50)


def test_suggestions_run_a_fixed_number_of_queries(open_request, professionalisation_coordinator, subject):
    client = api_client(professionalisation_coordinator)
    url = reverse("api:pal-request-suggestions", args=[open_request.pk])
    PalStudentFactory(region=open_request.region, subjects=[subject])
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(url).json()["suggestions"]) == 1
    for _n in range(49):
        PalStudentFactory(region=open_request.region, subjects=[subject], weekdays=["fri"])
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(url).json()["suggestions"]) == 10
    assert len(many) <= len(one)
