"""The staff overview of placements: fill rates per subject, partnership and period (bars without
inline styles), trainees still unplaced, the CSV/XLSX export, who may open it, fixed queries."""

import io

import openpyxl
import pytest
from django.urls import reverse

from programmes.models import ApplicationStatus, PlacementStatus
from tests.factories import (
    ApplicationFactory,
    PathwayFactory,
    SchoolFactory,
    SchoolSubjectFactory,
    TrainingSchoolPartnershipFactory,
)
from tests.factories.placements import PlacementFactory, PlacementOfferFactory, PlacementPeriodFactory

pytestmark = pytest.mark.django_db

URL = reverse("placements:overview")


@pytest.fixture
def period():
    return PlacementPeriodFactory(slug="2030-s1", name_en="Semester 1 2030", name_nl="Semester 1 2030")


@pytest.fixture
def subject():
    return SchoolSubjectFactory(name_nl="Wiskunde", name_en="Mathematics")


@pytest.fixture
def pathway(subject):
    return PathwayFactory(subjects=[subject])


def trainee_of(pathway, subject, **fields):
    fields.setdefault("status", ApplicationStatus.ADMITTED)
    return ApplicationFactory(pathway=pathway, subject=subject, complete=False, **fields)


@pytest.fixture
def filled(period, subject, pathway, school_a_mentor):
    """An offer of 4 places in the Leiden partnership with 3 taken (one declined, not counted),
    and an offer of 4 places elsewhere with none taken; one trainee still unplaced."""
    partnership = TrainingSchoolPartnershipFactory(name="Opleidingsschool Leiden-Noord")
    offer = PlacementOfferFactory(
        period=period, subject=subject, places=4, school=SchoolFactory(partnership=partnership)
    )
    PlacementOfferFactory(period=period, subject=subject, places=4)
    for status in (PlacementStatus.PROPOSED, PlacementStatus.CONFIRMED, PlacementStatus.RUNNING):
        PlacementFactory(offer=offer, trainee=trainee_of(pathway, subject), status=status, workplace_mentor=None)
    PlacementFactory(
        offer=offer, trainee=trainee_of(pathway, subject, first_name="Dirk"), status=PlacementStatus.DECLINED
    )
    return offer


def test_overview_shows_fill_rates_per_subject_partnership_and_period(client, placement_coordinator, filled):
    client.force_login(placement_coordinator)
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    context = response.context
    assert [(row.label, row.taken, row.places) for row in context["by_subject"]] == [("Mathematics", 3, 8)]
    partnerships = {row.label: (row.taken, row.places, row.step) for row in context["by_partnership"]}
    assert partnerships["Opleidingsschool Leiden-Noord"] == (3, 4, 75)
    assert partnerships["No partnership"] == (0, 4, 0)
    assert [(row.label, row.taken, row.places) for row in context["by_period"]] == [("Semester 1 2030", 3, 8)]
    html = response.content.decode()
    assert "3 of 4 taken (75%)" in html
    assert "fill-w-75" in html
    assert " style=" not in html


def test_unplaced_trainees_are_counted_with_a_link_to_matching(client, placement_coordinator, filled, period):
    client.force_login(placement_coordinator)
    response = client.get(URL, {"period": period.slug})
    # Dirk's match was declined: he is back on the list.
    assert response.context["unplaced"] == 1
    assert f"{reverse('placements:matching')}?period={period.slug}" in response.content.decode()


def test_export_csv_and_xlsx(client, placement_coordinator, filled, period):
    client.force_login(placement_coordinator)
    response = client.get(reverse("placements:overview-export", kwargs={"fmt": "csv"}), {"period": period.slug})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"placements-{period.slug}-" in response["Content-Disposition"]
    text = response.content.decode()
    assert text.count("\n") == 5  # header and four placements
    assert filled.school.name in text and "ICL-" in text

    response = client.get(reverse("placements:overview-export", kwargs={"fmt": "xlsx"}))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 5


def test_unknown_export_format_or_period_is_404(client, placement_coordinator, filled):
    client.force_login(placement_coordinator)
    for response in (
        client.get(reverse("placements:overview-export", kwargs={"fmt": "pdf"})),
        client.get(URL, {"period": "nope"}),
    ):
        assert response.status_code == 404
        assert not response.has_header("Content-Disposition")
        assert filled.school.name not in response.content.decode(), "no overview of another period"


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("anonymous", 302),
        ("school_a_contact", 403),
        ("lead_school_contact", 403),
        ("applicant", 403),
        ("school_b_contact", 403),
        ("school_a_mentor", 403),
        ("outsider", 403),
        ("intake_officer", 403),
        ("programme_coordinator", 403),
        ("professionalisation_coordinator", 403),
        ("researcher", 403),
        ("placement_coordinator", 200),
        ("administrator", 200),
    ],
)
def test_who_may_open_the_overview_and_export(client, persona, filled, name, status):
    user = persona(name)
    if user is not None:
        client.force_login(user)
    page = client.get(URL)
    export = client.get(reverse("placements:overview-export", kwargs={"fmt": "csv"}))
    assert (page.status_code, export.status_code) == (status, status)
    # The overview names the partnership; the export lists the placements at its school.
    assert ("Opleidingsschool Leiden-Noord" in page.content.decode()) == (status == 200)
    assert (filled.school.name in export.content.decode()) == (status == 200)
    if status == 302:
        assert page["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("count", [1, 50])
def test_overview_runs_a_fixed_number_of_queries(
    client, placement_coordinator, period, count, django_assert_max_num_queries
):
    subjects = [SchoolSubjectFactory() for _ in range(3)]
    route = PathwayFactory(subjects=subjects)
    for n in range(count):
        subject = subjects[n % 3]
        offer = PlacementOfferFactory(
            period=period, subject=subject, school=SchoolFactory(partnership=TrainingSchoolPartnershipFactory())
        )
        PlacementFactory(offer=offer, trainee=trainee_of(route, subject))
        trainee_of(route, subject)
    client.force_login(placement_coordinator)
    with django_assert_max_num_queries(20):
        response = client.get(URL)
    assert response.context["unplaced"] == count
    with django_assert_max_num_queries(12):
        assert client.get(reverse("placements:overview-export", kwargs={"fmt": "csv"})).status_code == 200
