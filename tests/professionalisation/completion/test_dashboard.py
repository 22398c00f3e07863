"""The staff dashboard of professional development: exact numbers on a small hand-built year
(two regions and an activity for all regions, ONZ and other schools, a cancelled registration and a
cancelled session, an expired offer that must not count, attendance, a withdrawn completion, a
session of another year), the permission matrix, a fixed number of queries at 1 and 50 sessions,
Dutch and English headings, and charts that carry role="img", an aria-label and the same numbers
as their tables.

The clock stands at 15 June 2031, a year no other data of the test database uses."""

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from professionalisation.completion import dashboard
from professionalisation.models import (
    Audience,
    RegistrationStatus,
    SessionStatus,
    WaitingStatus,
)
from tests.api.conftest import api_client
from tests.factories import (
    ActivityFactory,
    MeetingFactory,
    RegistrationFactory,
    SchoolFactory,
    SessionFactory,
    WaitingListEntryFactory,
)
from tests.factories.partnerships import EducationRegionFactory
from tests.factories.professionalisation_completion import AttendanceFactory, CompletionFactory, EvaluationFactory
from tests.professionalisation.completion.conftest import REFUSED

pytestmark = pytest.mark.django_db

YEAR = 2031
NOW = datetime.datetime(2031, 6, 15, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield NOW


def session_on(activity, *dates, capacity, status=SessionStatus.CLOSED, name=""):
    session = SessionFactory(
        activity=activity, capacity=capacity, status=status, meetings=0, **({"name": name} if name else {})
    )
    for day in dates:
        MeetingFactory(session=session, date=day)
    return session


def d(month, day, year=YEAR):
    return datetime.date(year, month, day)


@pytest.fixture
def year_data():
    """The hand-built year: see the module's docstring and the numbers in the tests."""
    holland = EducationRegionFactory(name="Holland Rijnland", slug="holland-rijnland")
    south = EducationRegionFactory(name="Zuid-Holland Zuid", slug="zuid-holland-zuid")
    onz = SchoolFactory(onz_member=True)
    other = SchoolFactory(onz_member=False)

    a = ActivityFactory(slug="formatief", title_en="Formative assessment", region=holland)
    a1 = session_on(a, d(5, 1), d(5, 8), capacity=4, name="Spring group")
    a2 = session_on(a, d(9, 10), capacity=5, status=SessionStatus.OPEN, name="Autumn group")
    r1 = RegistrationFactory(session=a1, school=onz)
    r2 = RegistrationFactory(session=a1, school=other)
    r3 = RegistrationFactory(session=a1)
    RegistrationFactory(session=a1, school=onz, status=RegistrationStatus.CANCELLED)
    first, second = a1.meetings.order_by("date")
    for registration, meeting, present in [
        (r1, first, True),
        (r2, first, True),
        (r3, first, False),
        (r1, second, True),
        (r2, second, False),
    ]:
        AttendanceFactory(registration=registration, meeting=meeting, present=present)
    CompletionFactory(registration=r1)
    CompletionFactory(registration=r2, withdrawn_at=NOW - datetime.timedelta(days=3))
    EvaluationFactory(registration=r1, rating=5)
    EvaluationFactory(registration=r2, rating=4)
    RegistrationFactory(session=a2, school=onz)
    RegistrationFactory(session=a2, school=onz)
    WaitingListEntryFactory(session=a2)
    WaitingListEntryFactory(
        session=a2,
        status=WaitingStatus.OFFERED,
        offered_session=a2,
        offered_at=NOW - datetime.timedelta(hours=2),
        offer_expires_at=NOW + datetime.timedelta(days=1),
    )
    WaitingListEntryFactory(  # expired, not swept yet: no longer an offer outstanding
        session=a2,
        status=WaitingStatus.OFFERED,
        offered_session=a2,
        offered_at=NOW - datetime.timedelta(days=3),
        offer_expires_at=NOW - datetime.timedelta(hours=1),
    )
    WaitingListEntryFactory(session=None, activity=a)
    WaitingListEntryFactory(session=a2, status=WaitingStatus.DECLINED)
    # Another year: not counted.
    earlier = session_on(a, d(11, 1, YEAR - 1), capacity=8, name="Last year")
    RegistrationFactory(session=earlier, school=onz)

    b = ActivityFactory(
        slug="leiderschap",
        title_en="Leadership",
        region=None,
        audiences=[Audience.TEACHERS_VO, Audience.SCHOOL_LEADERS],
    )
    b1 = session_on(b, d(3, 1), capacity=10)
    done = RegistrationFactory(session=b1, school=other)
    absent = RegistrationFactory(session=b1, school=other)
    meeting = b1.meetings.get()
    AttendanceFactory(registration=done, meeting=meeting, present=True)
    AttendanceFactory(registration=absent, meeting=meeting, present=True)
    CompletionFactory(registration=done)
    EvaluationFactory(registration=done, rating=3)
    b2 = session_on(b, d(4, 1), capacity=6, status=SessionStatus.CANCELLED)
    RegistrationFactory(session=b2, school=onz, status=RegistrationStatus.CANCELLED)

    c = ActivityFactory(slug="rekenen", title_en="Arithmetic", region=south, audiences=[Audience.TEACHERS_PO])
    c1 = session_on(c, d(2, 1), capacity=2)
    RegistrationFactory(session=c1, school=onz)
    return {"a": a, "a1": a1, "a2": a2, "b": b, "c": c}


# --- the numbers --------------------------------------------------------------------------------


def test_the_overview_counts_the_year_exactly(year_data):
    numbers = dashboard.overview(year=YEAR)

    assert numbers == dashboard.Overview(
        year=YEAR,
        sessions=5,
        open=1,
        full=0,
        closed=3,
        cancelled=1,
        places=21,  # 4 + 5 + 10 + 2: the cancelled session's 6 are not offered
        taken=8,  # the cancelled registrations and last year's are not counted
        onz=4,
        waiting=2,  # one for the autumn group, one for any session; not the declined one
        offers=1,  # the expired offer is not outstanding
        recorded=7,
        present=5,
        ended=6,  # the spring group, B's and C's session; not the autumn group
        completed_ended=2,  # the withdrawn completion does not count
        completed=2,
        evaluations=3,
        average_rating=4.0,
    )
    assert (numbers.fill_rate, numbers.attendance_rate, numbers.completion_rate, numbers.onz_share) == (38, 71, 33, 50)
    with translation.override("en"):
        assert numbers.by_status == [("Open", 1), ("Full", 0), ("Closed", 3), ("Cancelled", 1)]


def test_regions_count_all_regions_first_then_by_name(year_data):
    rows = dashboard.by_region(year=YEAR)

    assert [
        (r.label, r.places, r.registrations, r.fill_rate, r.ended, r.completed_ended, r.completion_rate) for r in rows
    ] == [
        (gettext("All regions"), 10, 2, 20, 2, 1, 50),
        ("Holland Rijnland", 9, 5, 56, 3, 1, 33),
        ("Zuid-Holland Zuid", 2, 1, 50, 1, 0, 0),
    ]


def test_an_activity_counts_for_each_of_its_audiences(year_data):
    rows = dashboard.by_audience(year=YEAR)

    assert [(r.key, r.places, r.registrations, r.fill_rate, r.completion_rate) for r in rows] == [
        (Audience.TEACHERS_PO, 2, 1, 50, 0),
        (Audience.TEACHERS_VO, 19, 7, 37, 40),
        (Audience.SCHOOL_LEADERS, 10, 2, 20, 50),
    ]


def test_one_activity_is_counted_on_its_own(year_data):
    numbers = dashboard.overview(year=YEAR, activity=year_data["a"])

    assert (numbers.sessions, numbers.open, numbers.closed, numbers.places, numbers.taken, numbers.onz) == (
        2,
        1,
        1,
        9,
        5,
        3,
    )
    assert (numbers.waiting, numbers.offers, numbers.recorded, numbers.present) == (2, 1, 5, 3)
    assert (numbers.ended, numbers.completed_ended, numbers.completed) == (3, 1, 1)
    assert (numbers.evaluations, numbers.average_rating) == (2, 4.5)
    assert (numbers.fill_rate, numbers.attendance_rate, numbers.completion_rate, numbers.onz_share) == (56, 60, 33, 60)


def test_the_sessions_of_an_activity_each_with_its_numbers(year_data):
    spring, autumn = dashboard.session_rows(activity=year_data["a"], year=YEAR)

    assert spring.session == year_data["a1"] and autumn.session == year_data["a2"]
    assert (spring.first_meeting, spring.taken, spring.fill_rate, spring.waiting, spring.offers) == (
        d(5, 1),
        3,
        75,
        1,  # waiting for any session of the activity; the autumn group's own queue is not its
        0,
    )
    assert (spring.recorded, spring.present, spring.attendance_rate, spring.completed) == (5, 3, 60, 1)
    assert (spring.onz, spring.onz_share, spring.evaluations, spring.average_rating) == (1, 33, 2, 4.5)
    assert spring.attendance_meeting_id == year_data["a1"].meetings.get(date=d(5, 8)).pk
    assert (autumn.taken, autumn.fill_rate, autumn.waiting, autumn.offers) == (2, 40, 2, 1)
    assert (autumn.recorded, autumn.attendance_rate, autumn.completed, autumn.onz_share) == (0, None, 0, 100)
    assert (autumn.evaluations, autumn.average_rating) == (0, None)
    assert autumn.attendance_meeting_id == year_data["a2"].meetings.get().pk


def test_the_activities_of_the_year_with_their_numbers(year_data):
    rows = dashboard.activity_rows(year=YEAR)

    assert [(r.activity.slug, r.sessions, r.places, r.taken, r.fill_rate, r.waiting, r.completed) for r in rows] == [
        ("formatief", 2, 9, 5, 56, 2, 1),
        ("leiderschap", 2, 10, 2, 20, 0, 1),
        ("rekenen", 1, 2, 1, 50, 0, 0),
    ]


def test_a_session_without_meetings_belongs_to_the_year_of_its_registration_deadline():
    session = SessionFactory(meetings=0, registration_deadline=datetime.datetime(2032, 1, 10, 12, tzinfo=datetime.UTC))
    late = SessionFactory(
        meetings=0, registration_deadline=datetime.datetime(2031, 12, 31, 23, 30, tzinfo=datetime.UTC)
    )

    # 23:30 UTC on 31 December is already 1 January in Amsterdam.
    assert set(dashboard.year_sessions(2032)) == {session, late}
    assert set(dashboard.year_sessions(2031)) == set()


@pytest.mark.parametrize(
    ("value", "year"),
    [(None, YEAR), ("", YEAR), ("2029", 2029), (" 2030 ", 2030), ("abc", YEAR), ("1999", YEAR), ("2101", YEAR)],
)
def test_the_year_asked_for_or_the_current_one(value, year):
    assert dashboard.dashboard_year(value) == year


@pytest.mark.parametrize(
    ("part", "whole", "rate"), [(1, 3, 33), (1, 8, 13), (5, 9, 56), (2, 3, 67), (0, 4, 0), (1, 0, None)]
)
def test_rates_are_whole_percentages_with_halves_rounded_up(part, whole, rate):
    assert dashboard.percentage(part, whole) == rate


# --- the pages ----------------------------------------------------------------------------------


def client_in(language):
    return Client(headers={"accept-language": language})


def get(user, url, language="en"):
    client = client_in(language)
    if user is not None:
        client.force_login(user)
    return client.get(url)


def page(response) -> str:
    return response.content.decode()


def overall_url():
    return reverse("completion:dashboard") + f"?year={YEAR}"


def activity_url(slug):
    return reverse("completion:dashboard-activity", kwargs={"slug": slug}) + f"?year={YEAR}"


@pytest.mark.parametrize("name", ["professionalisation_coordinator", "superuser", "administrator"])
@pytest.mark.parametrize("url", ["overall", "activity"])
def test_coordinators_and_administrators_see_the_dashboard(name, url, role, year_data):
    response = get(role(name), overall_url() if url == "overall" else activity_url("formatief"))

    assert response.status_code == 200
    assert "<h1>Professional development dashboard</h1>" in page(response) or "<h1>Formative assessment</h1>" in page(
        response
    )


@pytest.mark.parametrize("name", REFUSED)
@pytest.mark.parametrize("url", ["overall", "activity"])
def test_others_are_refused_and_visitors_sent_to_log_in(name, url, role, year_data):
    target = overall_url() if url == "overall" else activity_url("formatief")

    response = get(role(name), target)

    if name == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login") + "?next=")
    else:
        assert response.status_code == 403
        assert "Formative assessment" not in page(response)
        assert "Professional development dashboard" not in page(response)


def test_an_unknown_activity_is_not_found(professionalisation_coordinator):
    response = get(professionalisation_coordinator, activity_url("bestaat-niet"))

    assert response.status_code == 404
    assert "Professional development dashboard" not in page(response)


def _table(html: str, caption: str) -> list[list[str]]:
    """The rows of the table with `caption`, each a list of its cells' text."""
    table = html.split(f">{caption}</caption>")[1].split("</table>")[0]
    body = table.split("<tbody>")[1]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def _svg(html: str, chart_id: str) -> str:
    return html.split(f'id="{chart_id}-chart"')[1].split("</svg>")[0]


def test_the_overall_page_draws_each_chart_with_the_numbers_of_its_table(professionalisation_coordinator, year_data):
    html = page(get(professionalisation_coordinator, overall_url()))

    rates = _svg(html, "overall")
    assert 'role="img"' in rates and 'aria-label="Rates"' in rates
    assert '<title id="overall-title">Rates</title>' in rates
    assert "Fill rate: 38%; Attendance rate: 71%; Completion rate: 33%; ONZ share: 50%" in rates
    assert _table(html, "Rates") == [
        ["Fill rate", "8", "21", "38%"],
        ["Attendance rate", "5", "7", "71%"],
        ["Completion rate", "2", "6", "33%"],
        ["ONZ share", "4", "8", "50%"],
    ]
    regions = _svg(html, "regions")
    assert 'role="img"' in regions and 'aria-label="Fill rate: By region"' in regions
    assert "All regions: 20%; Holland Rijnland: 56%; Zuid-Holland Zuid: 50%" in regions
    assert _table(html, "By region") == [
        ["All regions", "10", "2", "20%", "50%"],
        ["Holland Rijnland", "9", "5", "56%", "33%"],
        ["Zuid-Holland Zuid", "2", "1", "50%", "0%"],
    ]
    audiences = _svg(html, "audiences")
    assert "Teachers in primary education: 50%; Teachers in secondary education: 37%; School leaders: 20%" in audiences
    assert _table(html, "By audience")[1] == ["Teachers in secondary education", "19", "7", "37%", "40%"]
    status = _svg(html, "status")
    assert "Open: 1; Full: 0; Closed: 3; Cancelled: 1" in status
    assert _table(html, "Sessions by status") == [["Open", "1"], ["Full", "0"], ["Closed", "3"], ["Cancelled", "1"]]
    assert _table(html, f"Activities with sessions in {YEAR}")[0] == [
        "Formative assessment",
        "2",
        "9",
        "5",
        "56%",
        "2",
        "1",
    ]
    assert activity_url("formatief").replace("&", "&amp;") in html
    # A bar is as long as its rate: 540 units for 100%, so 38% is 205 units.
    assert 'width="205" height="18" fill="#0b4f9c"' in rates


def test_the_activity_page_links_each_session_to_its_admin_page_and_day_list(
    professionalisation_coordinator, year_data
):
    html = page(get(professionalisation_coordinator, activity_url("formatief")))

    sessions = _svg(html, "sessions")
    assert 'role="img"' in sessions and 'aria-label="Fill rate per session"' in sessions
    assert "Spring group: 75%; Autumn group: 40%" in sessions
    rows = _table(html, "Sessions")
    assert [row[:12] for row in rows] == [
        ["Spring group", "1 May 2031", "Closed", "4", "3", "75%", "1", "0", "60%", "1", "33%", "4.5"],
        ["Autumn group", "10 Sep 2031", "Open", "5", "2", "40%", "2", "1", "–", "0", "100%", "–"],
    ]
    spring, autumn = year_data["a1"], year_data["a2"]
    assert reverse("admin:professionalisation_session_change", args=[spring.pk]) in html
    assert reverse("admin:professionalisation_session_change", args=[autumn.pk]) in html
    last_held = spring.meetings.get(date=d(5, 8))
    assert reverse("completion:attendance", kwargs={"pk": last_held.pk}) in html
    assert reverse("completion:attendance", kwargs={"pk": autumn.meetings.get().pk}) in html
    assert _table(html, "Rates")[0] == ["Fill rate", "5", "9", "56%"]


@pytest.mark.parametrize(("language", "eyebrow"), [("nl", "Professionalisering"), ("en", "Professional development")])
def test_the_headings_are_in_the_visitors_language(language, eyebrow, professionalisation_coordinator, year_data):
    html = page(get(professionalisation_coordinator, overall_url(), language=language))

    with translation.override(language):
        heading = gettext("Professional development dashboard")
        by_region = gettext("By region")
    assert f'<html lang="{language}"' in html
    assert f'<span class="eyebrow">{eyebrow}</span>' in html
    assert f"<h1>{heading}</h1>" in html
    assert f'<h2 id="regions-heading">{by_region}</h2>' in html


def test_the_dashboard_falls_back_to_the_current_year(professionalisation_coordinator, year_data):
    html = page(get(professionalisation_coordinator, reverse("completion:dashboard") + "?year=nonsense"))

    assert f'name="year" value="{YEAR}"' in html
    assert f"?year={YEAR - 1}" in html and f"?year={YEAR + 1}" in html
    assert _table(html, "Rates")[0] == ["Fill rate", "8", "21", "38%"]


def test_staff_find_the_dashboard_in_the_header_and_on_their_dashboard(
    professionalisation_coordinator, school_a_contact
):
    mine = page(get(professionalisation_coordinator, reverse("core:dashboard")))
    theirs = page(get(school_a_contact, reverse("core:dashboard")))

    link = f'href="{reverse("completion:dashboard")}"'
    assert mine.count(link) == 2  # the header link and the card's
    assert "Professional development in numbers" in mine
    assert link not in theirs and "Professional development in numbers" not in theirs


# --- a fixed number of queries ------------------------------------------------------------------


def _sessions(count):
    onz = SchoolFactory(onz_member=True)
    activity = ActivityFactory(slug="veel")
    for number in range(count):
        session = session_on(ActivityFactory() if number % 2 else activity, d(3, 1), d(9, 1), capacity=5)
        registration = RegistrationFactory(session=session, school=onz)
        AttendanceFactory(registration=registration, meeting=session.meetings.order_by("date").first())
        CompletionFactory(registration=registration)
        EvaluationFactory(registration=registration)
        WaitingListEntryFactory(session=session)


@pytest.mark.parametrize("count", [1, 50])
def test_the_overall_page_runs_a_fixed_number_of_queries(
    count, professionalisation_coordinator, django_assert_max_num_queries
):
    _sessions(count)
    client = client_in("en")
    client.force_login(professionalisation_coordinator)

    with django_assert_max_num_queries(17):
        response = client.get(overall_url())
    assert _table(page(response), "Rates")[0] == ["Fill rate", str(count), str(5 * count), "20%"]


@pytest.mark.parametrize("count", [1, 50])
def test_the_activity_page_runs_a_fixed_number_of_queries(
    count, professionalisation_coordinator, django_assert_max_num_queries
):
    _sessions(count)
    client = client_in("en")
    client.force_login(professionalisation_coordinator)

    with django_assert_max_num_queries(14):
        response = client.get(activity_url("veel"))
    assert len(_table(page(response), "Sessions")) == (count + 1) // 2


# --- the API ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["professionalisation_coordinator", "superuser"])
def test_staff_read_the_years_numbers_from_the_api(name, role, year_data):
    response = api_client(role(name)).get(reverse("api:professionalisation-stats"), {"year": YEAR})

    assert response.status_code == 200
    assert response.json() == {
        "year": YEAR,
        "sessions": 5,
        "sessions_open": 1,
        "sessions_full": 0,
        "sessions_closed": 3,
        "sessions_cancelled": 1,
        "places": 21,
        "taken": 8,
        "fill_rate": 38,
        "waiting": 2,
        "offers_outstanding": 1,
        "attendance_recorded": 7,
        "attendance_present": 5,
        "attendance_rate": 71,
        "registrations_ended": 6,
        "completions_ended": 2,
        "completion_rate": 33,
        "completions": 2,
        "onz_registrations": 4,
        "onz_share": 50,
        "evaluations": 3,
        "average_rating": 4.0,
    }


@pytest.mark.parametrize("name", REFUSED)
def test_others_may_not_read_the_numbers_from_the_api(name, role, year_data):
    response = api_client(role(name)).get(reverse("api:professionalisation-stats"), {"year": YEAR})

    assert response.status_code == (401 if name == "anonymous" else 403)
    assert "taken" not in response.json()
