"""Regional supply and demand (programmes/supply): the figures per subject and region (trainees by
stage in the region of their latest placement's school, else their employer's, else unknown;
placements; places of open offers; the shortage status with its source), the staff page with its
table, chart and CSV, the API, who may see them, and a fixed number of queries."""

import csv
import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django_scopes import scopes_disabled

from programmes.intake.models import ApplicationStatus as S
from programmes.placements.models import PlacementStatus as P
from programmes.supply.models import ShortageLevel, ShortageStatus
from programmes.supply.selectors import ALL, UNKNOWN, supply_demand
from tests.api.conftest import api_client
from tests.factories import ApplicationFactory, PathwayFactory, SchoolFactory, SchoolSubjectFactory
from tests.factories.partnerships import EducationRegionFactory
from tests.factories.placements import PlacementFactory, PlacementOfferFactory, PlacementPeriodFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("supply:page")
EXPORT = reverse("supply:export")
API = reverse("api:supply-demand")


@pytest.fixture
def world():
    """Two regions; biology with trainees in both (by placement and by employer), one without a
    region, placements and open places, and a shortage status in region Leiden."""
    leiden = EducationRegionFactory(name="Regio Leiden", slug="regio-leiden")
    haaglanden = EducationRegionFactory(name="Regio Haaglanden", slug="regio-haaglanden")
    biology = SchoolSubjectFactory(slug="biologie", name_nl="Biologie", name_en="Biology")
    maths = SchoolSubjectFactory(slug="wiskunde", name_nl="Wiskunde", name_en="Mathematics")
    pathway = PathwayFactory(start=False, subjects=[biology])
    school_leiden = SchoolFactory(region=leiden)
    school_haag = SchoolFactory(region=haaglanden)

    def trainee(status, **kwargs):
        return ApplicationFactory(pathway=pathway, subject=biology, status=status, complete=False, **kwargs)

    # Two assessed, one admitted in Leiden by their placement; one enrolled in Haaglanden by employer.
    placed = trainee(S.ADMITTED)
    PlacementFactory(trainee=placed, offer__school=school_leiden, status=P.CONFIRMED)
    trainee(S.SUBMITTED, employing_school=school_leiden, employed_as_teacher=True)
    trainee(S.IN_REVIEW, employing_school=school_leiden, employed_as_teacher=True)
    trainee(S.ENROLLED, employing_school=school_haag, employed_as_teacher=True)
    trainee(S.APTITUDE_ASSESSMENT)  # no placement, no employer: region unknown
    trainee(S.DRAFT, employing_school=school_leiden)  # drafts and decided-against do not count
    trainee(S.REJECTED, employing_school=school_leiden)
    # A later placement moves a trainee to that school's region.
    moved = trainee(S.ADMITTED, employing_school=school_leiden)
    later = PlacementPeriodFactory(starts_on=timezone.localdate() + datetime.timedelta(days=200))
    PlacementFactory(trainee=moved, offer__school=school_haag, offer__period=later, status=P.PROPOSED)
    # Open places: 2 more in Leiden; a closed offer and an ended period do not count.
    PlacementOfferFactory(school=school_leiden, subject=biology, places=2)
    PlacementOfferFactory(school=school_leiden, subject=biology, places=5, is_open=False)
    ended = PlacementPeriodFactory(
        starts_on=datetime.date(2020, 2, 1), ends_on=datetime.date(2020, 6, 30), slug="2019-2020-s2"
    )
    PlacementOfferFactory(school=school_leiden, subject=biology, places=7, period=ended)
    ShortageStatus.objects.create(
        subject=biology,
        region=leiden,
        level=ShortageLevel.SHORTAGE,
        source="Arbeidsmarktbarometer",
        measured_on=datetime.date(2026, 10, 1),
    )
    return {"leiden": leiden, "haaglanden": haaglanden, "biology": biology, "maths": maths}


def test_the_figures_per_region(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(6), scopes_disabled():  # staff see every school
        data = supply_demand()
    biology, leiden, haag = world["biology"].pk, world["leiden"].pk, world["haaglanden"].pk
    at_leiden, at_haag, unknown = data.cell(biology, leiden), data.cell(biology, haag), data.cell(biology, UNKNOWN)
    assert (at_leiden.assessing, at_leiden.admitted, at_leiden.enrolled) == (2, 1, 0)
    assert (at_haag.assessing, at_haag.admitted, at_haag.enrolled) == (0, 1, 1)
    assert (unknown.assessing, unknown.admitted, unknown.enrolled) == (1, 0, 0)
    # Places of open offers: the confirmed placement's offer (2) and the open one (2).
    assert (at_leiden.proposed, at_leiden.confirmed, at_leiden.open_places) == (0, 1, 4)
    assert (at_haag.proposed, at_haag.confirmed) == (1, 0)
    assert at_leiden.shortage.source == "Arbeidsmarktbarometer" and at_haag.shortage is None
    # The regions side by side, "unknown" last; the totals add up; all subjects hold biology's.
    assert [region for region, _cell in data.columns(biology)] == [world["haaglanden"], world["leiden"], None]
    assert data.total(biology).trainees == 6
    assert data.cell(ALL, leiden).trainees == 3
    assert data.columns(world["maths"].pk)[-1][0] is not None  # nobody unknown in maths: no such column


def test_the_queries_stay_fixed_with_more_rows(world, django_assert_max_num_queries):
    for _n in range(30):
        ApplicationFactory(subject=world["biology"], status=S.SUBMITTED, complete=False)
        PlacementFactory(status=P.CONFIRMED)
    with django_assert_max_num_queries(6), scopes_disabled():
        supply_demand()


def client_for(user, language="en"):
    client = Client(headers={"accept-language": language})
    if user is not None:
        client.force_login(user)
    return client


def test_the_page_shows_the_regions_side_by_side_with_the_shortage_and_its_source(world, programme_coordinator):
    response = client_for(programme_coordinator).get(PAGE, {"subject": "biologie"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Regio Haaglanden") < html.index("Regio Leiden") < html.index("Region unknown")
    assert "Shortage subject" in html and "Arbeidsmarktbarometer" in html
    assert "3 trainees" in html and "4 places offered" in html
    assert reverse("supply:export") in html


def test_an_unknown_subject_is_a_clear_error(world, programme_coordinator):
    response = client_for(programme_coordinator).get(PAGE, {"subject": "sterrenkunde"})
    assert response.status_code == 400
    html = response.content.decode()
    assert escape("There is no school subject 'sterrenkunde'. Choose one from the list.") in html
    assert "<title>Error:" in html


def test_the_page_is_in_dutch(world, programme_coordinator):
    html = client_for(programme_coordinator, "nl").get(PAGE).content.decode()
    assert "Vraag en aanbod per regio" in html


def test_the_csv_has_a_row_per_subject_and_region(world, placement_coordinator):
    response = client_for(placement_coordinator).get(EXPORT)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["School subject", "Education region", "Being assessed"]
    leiden = next(row for row in rows if row[0] == "Biology" and row[1] == "Regio Leiden")
    assert leiden[2:] == ["2", "1", "0", "0", "1", "4", "Shortage subject", "Arbeidsmarktbarometer", "2026-10-01"]


@pytest.mark.parametrize(
    "role, status",
    [
        ("anonymous", 302),
        ("applicant", 403),
        ("school_a_contact", 403),
        ("intake_officer", 403),
        ("professionalisation_coordinator", 403),
        ("researcher", 403),
        ("placement_coordinator", 200),
        ("programme_coordinator", 200),
        ("administrator", 200),
    ],
)
def test_who_sees_the_page_the_export_and_the_api(world, persona, role, status):
    user = persona(role)
    client = client_for(user)
    page, export, api = client.get(PAGE), client.get(EXPORT), api_client(user).get(API)
    assert (page.status_code, export.status_code, api.status_code) == (
        status,
        status,
        {302: 401, 403: 403, 200: 200}[status],
    )
    shown = "Regio Leiden" in page.content.decode()
    assert shown is (status == 200)
    assert (b"Regio Leiden" in export.content) is (status == 200)
    assert ("rows" in api.json()) is (status == 200)
    if status == 302:
        assert "/accounts/login/" in page["Location"]


def test_the_api_filters_by_subject_and_region(world, programme_coordinator, django_assert_max_num_queries):
    client = api_client(programme_coordinator)
    # The token's check and the user's permissions, then the six queries of the figures.
    with django_assert_max_num_queries(12):
        rows = client.get(API, {"subject": "biologie", "region": "regio-leiden"}).json()["rows"]
    assert len(rows) == 1
    row = rows[0]
    assert (row["subject"], row["region"], row["assessing"], row["admitted"], row["places_offered"]) == (
        "biologie",
        "regio-leiden",
        2,
        1,
        4,
    )
    assert row["shortage"]["level"] == "shortage" and row["shortage"]["measured_on"] == "2026-10-01"
    unknown = client.get(API, {"subject": "biologie"}).json()["rows"]
    assert [r["region"] for r in unknown] == ["regio-haaglanden", "regio-leiden", None]
    bad = client.get(API, {"subject": "sterrenkunde"})
    assert bad.status_code == 400 and "subject" in bad.json()["errors"]
