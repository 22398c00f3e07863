"""The funnel from orientation to application (selectors/orientation.py `funnel`, the staff's page
and API): counts on a constructed dataset, who may see it, and its fixed number of queries."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from iclon.accounts.models import User
from professionalisation.models import ActivityKind, RegistrationStatus
from professionalisation.outreach.navigation import dashboard_cards
from professionalisation.outreach.selectors import orientation as selectors
from programmes.intake.models import ApplicationStatus
from tests.api.conftest import api_client
from tests.factories import (
    ActivityFactory,
    ApplicationFactory,
    MeetingFactory,
    OrientationSessionFactory,
    RegistrationFactory,
    SessionFactory,
    UserFactory,
)
from tests.factories.professionalisation_completion import AttendanceFactory

pytestmark = pytest.mark.django_db

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
TODAY = datetime.date(2027, 6, 15)
PAGE = reverse("outreach:orientation-funnel")
API = reverse("api:orientation-funnel")


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(datetime.datetime(2027, 6, 15, 12, 0, tzinfo=AMSTERDAM), tick=False):
        yield


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def session_on(day: datetime.date, kind: str = ActivityKind.TASTER_DAY):
    session = OrientationSessionFactory(activity__kind=kind, meetings=0)
    MeetingFactory(session=session, date=day)
    return session


def attend(person: User, session, *, present: bool | None = True, status: str = RegistrationStatus.CONFIRMED):
    """Register `person` for `session`; record their attendance at its meeting unless `present` is None."""
    registration = RegistrationFactory(session=session, participant=person, status=status)
    if present is not None:
        AttendanceFactory(registration=registration, meeting=session.meetings.get(), present=present)
    return registration


def apply(person: User, *, days_ago_submitted: int | None, status: str = ApplicationStatus.SUBMITTED):
    submitted = (
        None
        if days_ago_submitted is None
        else datetime.datetime.combine(days_ago(days_ago_submitted), datetime.time(10), tzinfo=AMSTERDAM)
    )
    return ApplicationFactory(applicant=person, status=status, submitted_at=submitted, complete=False)


@pytest.fixture
def dataset():
    """Five people who attended, three of whom applied afterwards and two were admitted, and
    people who do not count (see each line)."""
    taster = session_on(days_ago(60))
    evening = session_on(days_ago(30), ActivityKind.INFORMATION_EVENING)
    coming = session_on(TODAY + datetime.timedelta(days=10))
    workshop = SessionFactory(activity=ActivityFactory(), meetings=0)
    MeetingFactory(session=workshop, date=days_ago(20))
    people = {name: UserFactory() for name in "abcdefghij"}

    attend(people["a"], taster)  # present, applied after, admitted
    apply(people["a"], days_ago_submitted=10, status=ApplicationStatus.ADMITTED)
    attend(people["b"], taster, present=None)  # registered, no attendance recorded: attended; applied before
    apply(people["b"], days_ago_submitted=90, status=ApplicationStatus.ADMITTED)
    attend(people["c"], taster, present=False)  # absent: does not count
    apply(people["c"], days_ago_submitted=5)
    attend(people["d"], evening)  # present, applied after, in review
    apply(people["d"], days_ago_submitted=3, status=ApplicationStatus.IN_REVIEW)
    attend(people["e"], coming, present=None)  # still to come: does not count
    apply(people["e"], days_ago_submitted=1)
    attend(people["f"], taster, present=None, status=RegistrationStatus.CANCELLED)  # cancelled: does not count
    attend(people["g"], taster)  # both kinds, enrolled: once overall, once per kind
    attend(people["g"], evening)
    apply(people["g"], days_ago_submitted=20, status=ApplicationStatus.ENROLLED)
    attend(people["h"], taster)  # a draft is not an application submitted
    apply(people["h"], days_ago_submitted=None)
    attend(people["i"], workshop)  # a workshop is not orientation
    apply(people["i"], days_ago_submitted=2, status=ApplicationStatus.ADMITTED)
    attend(people["j"], evening)  # applied on the day of the evening: after it
    apply(people["j"], days_ago_submitted=30, status=ApplicationStatus.ADMITTED_WITH_CONDITIONS)
    return people


def counts(rows) -> dict:
    return {row.kind: (row.attended, row.applied, row.admitted) for row in rows}


def test_the_funnel_counts_who_attended_applied_afterwards_and_was_admitted(dataset):
    assert counts(selectors.funnel()) == {
        "all": (6, 4, 3),
        ActivityKind.TASTER_DAY: (4, 2, 2),
        ActivityKind.DAY_AS_TEACHER: (0, 0, 0),
        ActivityKind.INFORMATION_EVENING: (3, 3, 2),
    }


def test_the_funnel_of_a_year_counts_the_orientation_activities_of_that_year(dataset):
    session_on(datetime.date(2026, 11, 2))  # a year before: only when no year is asked
    attend(UserFactory(), session_on(datetime.date(2026, 11, 2)))

    assert counts(selectors.funnel(year=2027))["all"] == (6, 4, 3)
    assert counts(selectors.funnel(year=2026))["all"] == (1, 0, 0)
    assert counts(selectors.funnel())["all"] == (7, 4, 3)


def test_rates_are_of_the_people_who_attended():
    row = selectors.FunnelRow(kind="all", label="", attended=8, applied=3, admitted=1)
    assert (row.applied_rate, row.admitted_rate) == (38, 12)
    assert selectors.FunnelRow(kind="all", label="", attended=0, applied=0, admitted=0).applied_rate is None


@pytest.mark.parametrize(
    ("value", "year"), [("2027", 2027), ("", None), ("x", None), ("1999", None), ("2029", None), (None, None)]
)
def test_the_year_asked_for(value, year):
    assert selectors.funnel_year(value) == year


def test_the_funnel_runs_four_queries_for_one_person_and_for_fifty(django_assert_num_queries):
    taster = session_on(days_ago(10))
    attend(UserFactory(), taster)
    with django_assert_num_queries(4):
        assert counts(selectors.funnel())["all"] == (1, 0, 0)
    for _number in range(49):
        person = UserFactory()
        attend(person, taster)
        apply(person, days_ago_submitted=1)
    with django_assert_num_queries(4):
        assert counts(selectors.funnel())["all"] == (50, 49, 0)


ROLES = [
    ("anonymous", 302, 401),
    ("outsider", 403, 403),
    ("applicant", 403, 403),
    ("school_a_contact", 403, 403),
    ("intake_officer", 200, 200),
    ("programme_coordinator", 403, 403),
    ("placement_coordinator", 403, 403),
    ("professionalisation_coordinator", 200, 200),
    ("researcher", 403, 403),
    ("administrator", 200, 200),
]


@pytest.mark.parametrize(("role", "page_status", "api_status"), ROLES)
def test_who_may_see_the_funnel(client, persona, dataset, role, page_status, api_status):
    user = persona(role)
    if user is not None:
        client.force_login(user)
    page = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == page_status
    assert ("All orientation activities" in page.content.decode()) is (page_status == 200)
    if page_status == 302:
        assert page["Location"].startswith(reverse("account_login"))
    response = api_client(user).get(API)
    assert response.status_code == api_status
    body = response.json()
    assert ("rows" in body) is (api_status == 200)
    if api_status == 200:
        assert body["rows"][0] == {
            "kind": "all",
            "label": "All orientation activities",
            "attended": 6,
            "applied": 4,
            "admitted": 3,
        }
        assert body["year"] is None


def test_the_page_shows_counts_in_a_chart_and_a_table_and_no_names(client, professionalisation_coordinator, dataset):
    client.force_login(professionalisation_coordinator)
    html = client.get(PAGE, {"year": "2027"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'role="img"' in html
    assert "<table" in html
    assert '<td data-label="Attended" class="num">6</td>' in html
    for person in dataset.values():
        assert person.full_name not in html
        assert person.email not in html


def test_the_api_of_a_year(professionalisation_coordinator, dataset):
    body = api_client(professionalisation_coordinator).get(API, {"year": 2026}).json()
    assert body["year"] == 2026
    assert [row["attended"] for row in body["rows"]] == [0, 0, 0, 0]
    assert [row["kind"] for row in body["rows"]] == ["all", "taster_day", "day_as_teacher", "information_evening"]


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("professionalisation_coordinator", True),
        ("intake_officer", True),
        ("researcher", False),
        ("applicant", False),
        ("anonymous", False),
    ],
)
def test_the_dashboard_card_links_to_the_funnel_for_who_may_see_it(rf, persona, role, shown):
    request = rf.get("/")
    request.user = persona(role) or AnonymousUser()
    links = [url for card in dashboard_cards(request) for _label, url in card.links]
    assert (PAGE in links) is shown


@pytest.mark.parametrize("year", ["abc", "1999", "3000", "2026.5"])
def test_the_api_refuses_a_year_it_cannot_use(professionalisation_coordinator, year):
    response = api_client(professionalisation_coordinator).get(API, {"year": year})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["year"]
