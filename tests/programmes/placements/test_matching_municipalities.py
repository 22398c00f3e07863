"""Matching looks towns up by their key (partnerships/municipalities.py): a trainee in "Den Haag"
gets the region of DUO's "S GRAVENHAGE" and the schools DUO lists in "'S-GRAVENHAGE"."""

import csv
import io
from pathlib import Path

import pytest
from django.utils import translation

from partnerships.demo import DEMO_DIR
from partnerships.models import MunicipalityRegion, School
from partnerships.services.duo_import import import_duo_file, place_name
from programmes.intake.models import ApplicationStatus
from programmes.placements import matching
from programmes.placements.reasons import reason_texts
from tests.factories import (
    ApplicationFactory,
    EducationRegionFactory,
    PathwayFactory,
    SchoolSubjectFactory,
)
from tests.factories.placements import PlacementOfferFactory, PlacementPeriodFactory, PlacementWishFactory

pytestmark = pytest.mark.django_db

DUO_FILE = Path(__file__).resolve().parents[2] / "data" / "duo" / "alle-vestigingen-vo.csv"
THE_HAGUE, LEIDEN = "0518", "0546"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def haaglanden():
    """The Hague's region, and the municipality table as the demo fills it (DUO's own spelling,
    'S GRAVENHAGE', written as people do: "'s-Gravenhage")."""
    region = EducationRegionFactory(name="Onderwijsregio Haaglanden")
    with (DEMO_DIR / "municipality_regions.csv").open(encoding="utf-8") as handle:
        (name,) = {row["municipality_name"] for row in csv.DictReader(handle) if row["municipality_code"] == THE_HAGUE}
    assert name == "S GRAVENHAGE"
    MunicipalityRegion.objects.create(municipality_code=THE_HAGUE, municipality_name=place_name(name), region=region)
    return region


@pytest.fixture
def duo_schools(haaglanden):
    """A school of The Hague and one of Leiden, imported from DUO's real register."""
    header, *rows = csv.reader(io.StringIO(DUO_FILE.read_text("utf-8"), newline=""), delimiter=";")
    number = header.index("GEMEENTENUMMER")
    picked = [next(row for row in rows if row[number] == code) for code in (THE_HAGUE, LEIDEN)]
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerows([header, *picked])
    import_duo_file(out.getvalue().encode("utf-8"), actor=None)
    return School.objects.get(municipality_code=THE_HAGUE), School.objects.get(municipality_code=LEIDEN)


@pytest.fixture
def period():
    return PlacementPeriodFactory(slug="2030-s1")


@pytest.fixture
def subject():
    return SchoolSubjectFactory(slug="wiskunde", name_nl="Wiskunde", name_en="Mathematics")


def trainee_in(town, subject, **fields):
    return ApplicationFactory(
        pathway=PathwayFactory(subjects=[subject]),
        subject=subject,
        complete=False,
        status=ApplicationStatus.ADMITTED,
        city=town,
        **fields,
    )


def row_of(user, period, trainee):
    _page, rows = matching.matching_page(user=user, period=period)
    return next(row for row in rows if row.trainee.pk == trainee.pk)


@pytest.mark.parametrize("town", ["Den Haag", "den haag", "'s-Gravenhage", "s Gravenhage"])
def test_a_trainee_in_den_haag_gets_the_hague_region_and_its_schools_first(
    placement_coordinator, period, subject, haaglanden, duo_schools, town
):
    the_hague_school, leiden_school = duo_schools
    assert (the_hague_school.city, the_hague_school.municipality) == ("'s-Gravenhage", "'s-Gravenhage")
    assert the_hague_school.region == haaglanden
    in_leiden = PlacementOfferFactory(period=period, subject=subject, school=leiden_school, places=5)
    in_the_hague = PlacementOfferFactory(period=period, subject=subject, school=the_hague_school, places=1)
    trainee = trainee_in(town, subject)

    row = row_of(placement_coordinator, period, trainee)

    assert row.home_region == haaglanden
    assert [suggestion.offer for suggestion in row.suggestions] == [in_the_hague, in_leiden]
    assert f"In {town}, where the trainee lives" in row.suggestions[0].reasons
    assert reason_texts(matching.reasons_for(trainee, in_the_hague)) == row.suggestions[0].reasons


def test_a_trainee_in_another_town_of_the_hague_region_gets_the_region(
    placement_coordinator, period, subject, haaglanden, duo_schools
):
    """A trainee whose town is in the table but who has no school in town: the region counts."""
    the_hague_school, _leiden_school = duo_schools
    MunicipalityRegion.objects.create(municipality_code="0603", municipality_name="RIJSWIJK", region=haaglanden)
    offer = PlacementOfferFactory(period=period, subject=subject, school=the_hague_school)
    trainee = trainee_in("Rijswijk", subject)

    row = row_of(placement_coordinator, period, trainee)

    assert row.home_region == haaglanden
    assert row.suggestions[0].offer == offer
    assert "In Onderwijsregio Haaglanden, the trainee's own education region" in row.suggestions[0].reasons


def test_a_wish_for_den_haag_matches_the_schools_duo_lists_in_s_gravenhage(
    placement_coordinator, period, subject, duo_schools
):
    the_hague_school, leiden_school = duo_schools
    in_leiden = PlacementOfferFactory(period=period, subject=subject, school=leiden_school, places=5)
    in_the_hague = PlacementOfferFactory(period=period, subject=subject, school=the_hague_school, places=1)
    trainee = trainee_in("Utrecht", subject)
    PlacementWishFactory(trainee=trainee, municipality="Den Haag", region=None, partnership=None, days_available=[])

    row = row_of(placement_coordinator, period, trainee)

    assert [suggestion.offer for suggestion in row.suggestions] == [in_the_hague, in_leiden]
    assert "In Den Haag, the municipality the trainee wishes for" in row.suggestions[0].reasons
