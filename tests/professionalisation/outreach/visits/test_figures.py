"""Meet the Professor's figures for coordinators (selectors/visits.py `visit_figures`, the page, its
CSV and /api/v1/visit-figures/): the numbers on a small hand-made data set, who may see them, and
the fixed number of queries."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from professionalisation.models import VisitRequest, VisitStatus
from professionalisation.outreach.navigation.visits import account_links
from professionalisation.outreach.selectors import visits as selectors
from tests.api.conftest import api_client
from tests.factories.partnerships import EducationRegionFactory, FacultyFactory, SchoolFactory
from tests.factories.professionalisation_outreach_visits import ResearcherProfileFactory, VisitRequestFactory
from tests.professionalisation.outreach.visits.test_views import client_for

pytestmark = pytest.mark.django_db

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
PAGE = reverse("outreach:visit-figures")
CSV = reverse("outreach:visit-figures-csv")
API = reverse("api:visit-figures")
LIST = reverse("outreach:visit-list")


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(datetime.datetime(2027, 6, 15, 12, 0, tzinfo=AMSTERDAM), tick=False):
        yield


@pytest.fixture(autouse=True)
def _english():
    """The selectors' labels ("No region") read in English, whatever language the test process has."""
    with translation.override("en"):
        yield


def moment(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 10, 0, tzinfo=AMSTERDAM)


def made(school, *, created: datetime.datetime, status=VisitStatus.REQUESTED, researcher=None, on=None):
    """A request of `school` made at `created`; with `researcher` and `on` (the visit's start) for an
    arranged or held one. Set-up rows written directly (the workflow is tested elsewhere)."""
    visit = VisitRequestFactory(
        school=school,
        status=status,
        researcher=researcher,
        starts_at=on,
        ends_at=on + datetime.timedelta(hours=1) if on else None,
        pupils=20,
        preferred=[],
    )
    VisitRequest.objects.filter(pk=visit.pk).update(created_at=created)
    return visit


@pytest.fixture
def data():
    """Regions North and South and a school without a region; a researcher of the Faculty of Science
    and one of no faculty.

    * Alpha (North): held in March 2027 – its first visit ever.
    * Beta (North): held in 2026 (requested in 2026) and again in April 2027 – not new in 2027.
    * Gamma (South): a request of 2027, withdrawn – a request, not a visit.
    * Delta (no region): an evaluated visit of May 2027 by the researcher without a faculty (its
      first) and a request of 2027 declined by a researcher, waiting for another (in progress).
    """
    north = EducationRegionFactory(name="North", slug="north")
    south = EducationRegionFactory(name="South", slug="south")
    science = FacultyFactory(name="Science")
    scientist = ResearcherProfileFactory(faculty=science)
    independent = ResearcherProfileFactory(faculty=None)
    alpha = SchoolFactory(name="Alpha", region=north)
    beta = SchoolFactory(name="Beta", region=north)
    gamma = SchoolFactory(name="Gamma", region=south)
    delta = SchoolFactory(name="Delta", region=None, city="Katwijk")
    made(alpha, created=moment(2027, 1, 10), status=VisitStatus.HELD, researcher=scientist, on=moment(2027, 3, 10))
    made(beta, created=moment(2026, 9, 1), status=VisitStatus.HELD, researcher=scientist, on=moment(2026, 10, 1))
    made(beta, created=moment(2027, 2, 1), status=VisitStatus.HELD, researcher=scientist, on=moment(2027, 4, 1))
    made(gamma, created=moment(2027, 2, 2), status=VisitStatus.WITHDRAWN)
    made(delta, created=moment(2027, 3, 1), status=VisitStatus.EVALUATED, researcher=independent, on=moment(2027, 5, 2))
    made(delta, created=moment(2027, 4, 1), status=VisitStatus.DECLINED)
    return {"north": north, "south": south, "science": science, "alpha": alpha, "beta": beta, "delta": delta}


def regions(figures):
    return {row.label: (row.requests, row.in_progress, row.held, row.withdrawn) for row in figures.regions}


def test_requests_per_region_count_every_request_of_the_year_by_status_group(data):
    figures = selectors.visit_figures(year=2027)
    # Beta's request of 2026 is not one of 2027's; Gamma's withdrawn request is a request all the same.
    assert regions(figures) == {"North": (2, 0, 2, 0), "South": (1, 0, 0, 1), "No region": (2, 1, 1, 0)}
    assert [row.label for row in figures.regions] == ["North", "South", "No region"]
    assert figures.requests == 5


def test_visits_per_faculty_count_the_visits_held_in_the_year_with_a_no_faculty_bucket(data):
    figures = selectors.visit_figures(year=2027)
    assert [(row.label, row.visits, row.pupils) for row in figures.faculties] == [
        ("Science", 2, 40),
        ("No faculty", 1, 20),
    ]
    assert figures.faculties[0].faculty_id == data["science"].pk and figures.faculties[1].faculty_id is None
    # The withdrawn and the declined request are no visits.
    assert figures.visits == 3


def test_a_school_with_an_earlier_visit_held_is_not_reached_for_the_first_time(data):
    figures = selectors.visit_figures(year=2027)
    assert [(school.name, school.first_visit) for school in figures.first_schools] == [
        ("Alpha", datetime.date(2027, 3, 10)),
        ("Delta", datetime.date(2027, 5, 2)),
    ]
    assert figures.first_school_count == 2
    earlier = selectors.visit_figures(year=2026)
    assert [school.name for school in earlier.first_schools] == ["Beta"]
    assert regions(earlier) == {"North": (1, 0, 1, 0)}


def test_a_year_without_anything_has_empty_figures(data):
    figures = selectors.visit_figures(year=2021)
    assert (figures.regions, figures.faculties, figures.first_schools) == ([], [], [])
    assert (figures.requests, figures.visits, figures.first_school_count) == (0, 0, 0)


def test_the_year_defaults_to_the_current_calendar_year(data):
    assert selectors.visit_figures().year == 2027
    assert regions(selectors.visit_figures()) == regions(selectors.visit_figures(year=2027))


@pytest.mark.parametrize(
    ("value", "year"),
    [("2026", 2026), ("2028", 2028), ("2029", 2027), ("2019", 2027), ("", 2027), (None, 2027), ("x", 2027)],
)
def test_the_year_asked_for_is_kept_within_bounds(value, year):
    assert selectors.figures_year(value) == year


def test_the_page_shows_every_number_in_text(data, professionalisation_coordinator):
    response = client_for(professionalisation_coordinator).get(PAGE, {"year": "2027"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Figures of 2027" in html
    assert '<th scope="row" data-label="Education region">North</th>' in html
    assert "<caption" in html and 'scope="col"' in html
    assert "Alpha" in html and "Delta" in html and "Beta" not in html.split("first-heading")[1]
    assert "No faculty" in html and "Science" in html
    assert 'role="img"' in html  # the bar charts repeat the tables' numbers


def test_the_page_of_another_year(data, professionalisation_coordinator):
    response = client_for(professionalisation_coordinator).get(PAGE, {"year": "2026"})
    assert response.status_code == 200
    assert response.context["year"] == 2026
    assert [school.name for school in response.context["figures"].first_schools] == ["Beta"]


def test_the_csv_holds_the_same_figures(data, professionalisation_coordinator):
    response = client_for(professionalisation_coordinator).get(CSV, {"year": "2027"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="meet-the-professor-2027.csv"' in response["Content-Disposition"]
    lines = response.content.decode().splitlines()
    assert "North,2,0,2,0" in lines and "South,1,0,0,1" in lines and "No region,2,1,1,0" in lines
    assert "Science,2,40" in lines and "No faculty,1,20" in lines
    assert "Alpha,Leiden,North,2027-03-10" in lines and "Delta,Katwijk,,2027-05-02" in lines


def test_a_school_name_in_the_csv_never_starts_a_formula(professionalisation_coordinator):
    school = SchoolFactory(name="=HYPERLINK(1)")
    made(
        school,
        created=moment(2027, 1, 2),
        status=VisitStatus.HELD,
        researcher=ResearcherProfileFactory(),
        on=moment(2027, 2, 2),
    )
    lines = client_for(professionalisation_coordinator).get(CSV).content.decode().splitlines()
    assert any(line.startswith("'=HYPERLINK(1)") for line in lines)


def test_the_api_gives_the_figures(data, professionalisation_coordinator):
    response = api_client(professionalisation_coordinator).get(API, {"year": 2027})
    assert response.status_code == 200
    body = response.json()
    assert (body["year"], body["requests"], body["visits"], body["first_school_count"]) == (2027, 5, 3, 2)
    assert body["regions"][0] == {
        "region": data["north"].pk,
        "label": "North",
        "requests": 2,
        "in_progress": 0,
        "held": 2,
        "withdrawn": 0,
    }
    assert body["regions"][-1]["region"] is None
    assert body["faculties"][-1] == {"faculty": None, "label": "No faculty", "visits": 1, "pupils": 20}
    assert [row["name"] for row in body["first_schools"]] == ["Alpha", "Delta"]
    assert body["first_schools"][0]["first_visit"] == "2027-03-10"


ROLES = [
    # (role, page, CSV, API)
    ("anonymous", 302, 302, 401),
    ("outsider", 403, 403, 403),
    ("school_a_contact", 403, 403, 403),
    ("researcher_user", 403, 403, 403),  # a researcher of the pool
    ("researcher", 403, 403, 403),  # research staff
    ("intake_officer", 403, 403, 403),
    ("professionalisation_coordinator", 200, 200, 200),
    ("administrator", 200, 200, 200),
]


@pytest.mark.parametrize(("who", "page", "csv", "api"), ROLES)
def test_who_may_see_the_figures(people, who, page, csv, api):
    user = people(who)
    response = client_for(user).get(PAGE)
    assert response.status_code == page
    if page == 302:
        assert response["Location"].startswith(reverse("account_login"))
    assert ("Figures of" in response.content.decode()) is (page == 200)
    csv_response = client_for(user).get(CSV)
    assert csv_response.status_code == csv
    assert (csv_response.get("Content-Type", "").startswith("text/csv")) is (csv == 200)
    api_response = api_client(user).get(API)
    assert api_response.status_code == api
    assert ("regions" in api_response.json()) is (api == 200)


def test_the_figures_are_linked_for_coordinators_only(rf, professionalisation_coordinator, school_a_contact):
    for user, shown in ((professionalisation_coordinator, True), (school_a_contact, False)):
        request = rf.get("/")
        request.user = user
        assert (PAGE in [link.url for link in account_links(request)]) is shown
        assert (PAGE in client_for(user).get(LIST).content.decode()) is shown


def _rows(count: int) -> None:
    """`count` schools in as many regions, each with a visit held by a researcher of its own faculty."""
    for number in range(count):
        school = SchoolFactory(name=f"School {number:03}")
        researcher = ResearcherProfileFactory(faculty=FacultyFactory())
        made(school, created=moment(2027, 1, 5), status=VisitStatus.HELD, researcher=researcher, on=moment(2027, 2, 5))


@pytest.mark.parametrize("count", [1, 50])
def test_the_figures_run_three_queries_whatever_the_number_of_rows(django_assert_num_queries, count):
    _rows(count)
    with django_assert_num_queries(3):
        figures = selectors.visit_figures(year=2027)
    assert (len(figures.regions), len(figures.faculties), figures.first_school_count) == (count, count, count)


@pytest.mark.parametrize("count", [1, 50])
def test_the_page_and_the_api_run_a_fixed_number_of_queries(
    django_assert_max_num_queries, professionalisation_coordinator, count
):
    _rows(count)
    page, api = client_for(professionalisation_coordinator), api_client(professionalisation_coordinator)
    page.get(PAGE)  # the session and the permissions are read once
    with django_assert_max_num_queries(12):
        assert page.get(PAGE).status_code == 200
    with django_assert_max_num_queries(12):
        assert api.get(API).status_code == 200
