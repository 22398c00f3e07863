"""One key for a municipality's name however it is written (partnerships/municipalities.py), with
the spellings of DUO's real register (tests/data/duo), and the places that use it: the
municipality table, its admin search and the DUO import."""

import csv
import importlib
import io
from pathlib import Path

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from partnerships.models import MunicipalityRegion, School
from partnerships.municipalities import municipality_key
from partnerships.services.duo_import import import_duo_file, place_name
from tests.factories import EducationRegionFactory, MunicipalityRegionFactory

DUO_FILE = Path(__file__).resolve().parent.parent / "data" / "duo" / "alle-vestigingen-vo.csv"
THE_HAGUE, DEN_BOSCH = "0518", "0796"


@pytest.fixture(scope="module")
def duo_table() -> tuple[list[str], list[list[str]]]:
    header, *rows = csv.reader(io.StringIO(DUO_FILE.read_text("utf-8"), newline=""), delimiter=";")
    return header, rows


def duo_names(duo_table, code: str) -> tuple[set[str], set[str]]:
    """How DUO writes the municipality with CBS code `code`: its municipality names and the town
    names of its schools."""
    header, rows = duo_table
    municipality, town, number = (header.index(name) for name in ("GEMEENTENAAM", "PLAATSNAAM", "GEMEENTENUMMER"))
    mine = [row for row in rows if row[number] == code]
    return {row[municipality] for row in mine}, {row[town] for row in mine}


# --- The key -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "duo_municipality", "duo_town", "spoken"),
    [
        (
            THE_HAGUE,
            "S GRAVENHAGE",
            "'S-GRAVENHAGE",
            ["Den Haag", "den haag", "DEN HAAG", "Den-Haag", "The Hague", "'s-Gravenhage", "’s-Gravenhage"],
        ),
        (
            DEN_BOSCH,
            "S HERTOGENBOSCH",
            "'S-HERTOGENBOSCH",
            ["Den Bosch", "'s-Hertogenbosch", "'s Hertogenbosch", "s-Hertogenbosch"],
        ),
    ],
)
def test_duo_spellings_and_the_names_people_use_have_one_key(duo_table, code, duo_municipality, duo_town, spoken):
    municipalities, towns = duo_names(duo_table, code)
    # DUO writes the municipality without its apostrophe and the town with it.
    assert municipalities == {duo_municipality}
    assert duo_town in towns
    names = [duo_municipality, duo_town, place_name(duo_municipality), place_name(duo_town), *spoken]
    assert len({municipality_key(name) for name in names}) == 1, {name: municipality_key(name) for name in names}


@pytest.mark.parametrize(
    ("duo", "official"),
    [
        ("SUDWEST-FRYSLAN", "Súdwest-Fryslân"),
        ("NOARDEAST-FRYSLAN", "Noardeast-Fryslân"),
        ("LEIDSCHENDAM-VOORBURG", "Leidschendam Voorburg"),
        ("ALPHEN AAN DEN RIJN", "Alphen aan den Rijn"),
        ("ST.-ANNAPAROCHIE", "Sint Annaparochie"),
        ("CAPELLE AAN DEN IJSSEL", "Capelle aan den IJssel"),
    ],
)
def test_case_accents_hyphens_spaces_and_st_do_not_matter(duo_table, duo, official):
    header, rows = duo_table
    columns = [header.index("GEMEENTENAAM"), header.index("PLAATSNAAM")]
    assert any(row[column] == duo for row in rows for column in columns), f"{duo} is not DUO's spelling"
    assert municipality_key(duo) == municipality_key(official) == municipality_key(place_name(duo))


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("'s-Gravenhage", "'s-Gravenzande"),
        ("Den Haag", "Den Helder"),
        ("Den Bosch", "Oudenbosch"),
        ("Bergen NH", "Bergen"),
        ("Rijswijk ZH", "Rijswijk"),
    ],
)
def test_different_places_keep_different_keys(one, other):
    assert municipality_key(one) != municipality_key(other)


def test_the_keys_tell_every_municipality_of_the_register_apart(duo_table):
    header, rows = duo_table
    name, number = header.index("GEMEENTENAAM"), header.index("GEMEENTENUMMER")
    names = {row[number]: row[name] for row in rows}
    keys = {municipality_key(value) for value in names.values()}
    assert len(names) == len(keys) > 250
    # The import shows the names as people write them; they keep their key.
    assert all(municipality_key(place_name(value)) == municipality_key(value) for value in names.values())


@pytest.mark.parametrize("empty", [None, "", "   ", "-", "'"])
def test_no_name_has_no_key(empty):
    assert municipality_key(empty) == ""


# --- The municipality table ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_table_stores_the_key_of_its_name(duo_table):
    (duo_name,), _towns = duo_names(duo_table, THE_HAGUE)
    row = MunicipalityRegionFactory(municipality_code=THE_HAGUE, municipality_name=place_name(duo_name))
    assert row.municipality_name == "'s-Gravenhage"
    assert MunicipalityRegion.objects.get(municipality_key=municipality_key("Den Haag")) == row

    row.municipality_name = "Den Bosch"
    row.save(update_fields=["municipality_name"])
    assert MunicipalityRegion.objects.get(pk=row.pk).municipality_key == "shertogenbosch"


@pytest.mark.django_db
def test_the_migration_fills_the_keys_of_the_rows_already_there():
    rows = [
        MunicipalityRegionFactory(municipality_code=THE_HAGUE, municipality_name="S GRAVENHAGE"),
        MunicipalityRegionFactory(municipality_code=DEN_BOSCH, municipality_name="'s-Hertogenbosch"),
    ]
    MunicipalityRegion.objects.update(municipality_key="")
    migration = importlib.import_module("partnerships.migrations.0002_municipality_key")

    migration.fill_keys(apps, None)

    assert {row.municipality_key for row in MunicipalityRegion.objects.filter(pk__in=[r.pk for r in rows])} == {
        "sgravenhage",
        "shertogenbosch",
    }


@pytest.mark.django_db
def test_admin_search_finds_the_hague_by_its_common_name(administrator):
    the_hague = MunicipalityRegionFactory(municipality_code=THE_HAGUE, municipality_name="'s-Gravenhage")
    MunicipalityRegionFactory(municipality_code="0400", municipality_name="Den Helder")
    client = Client()
    client.force_login(administrator)
    response = client.get(reverse("admin:partnerships_municipalityregion_changelist"), {"q": "Den Haag"})
    assert list(response.context["cl"].result_list) == [the_hague]


# --- The DUO import ------------------------------------------------------------------------------


def to_csv(header, rows) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


@pytest.mark.django_db
def test_import_finds_the_region_by_the_name_when_the_table_has_another_code(duo_table):
    """Staff entered Den Haag under an outdated code: DUO's "S GRAVENHAGE" still finds it."""
    header, rows = duo_table
    number = header.index("GEMEENTENUMMER")
    haaglanden = EducationRegionFactory(name="Onderwijsregio Haaglanden")
    MunicipalityRegionFactory(municipality_code="0517", municipality_name="Den Haag", region=haaglanden)
    leiden = [row for row in rows if row[number] == "0546"]
    the_hague = [row for row in rows if row[number] == THE_HAGUE]

    import_duo_file(to_csv(header, the_hague + leiden), actor=None)

    assert School.objects.filter(municipality_code=THE_HAGUE).count() == len(the_hague) > 0
    assert set(School.objects.filter(region=haaglanden).values_list("municipality_code", flat=True)) == {THE_HAGUE}
    assert set(School.objects.filter(region=haaglanden).values_list("municipality", flat=True)) == {"'s-Gravenhage"}
    assert not School.objects.filter(municipality_code="0546", region__isnull=False).exists()


@pytest.mark.django_db
def test_import_prefers_the_code_to_the_name(duo_table):
    header, rows = duo_table
    number = header.index("GEMEENTENUMMER")
    by_code, by_name = EducationRegionFactory(), EducationRegionFactory()
    MunicipalityRegionFactory(municipality_code=THE_HAGUE, municipality_name="Haaglanden-stad", region=by_code)
    MunicipalityRegionFactory(municipality_code="0517", municipality_name="Den Haag", region=by_name)

    import_duo_file(to_csv(header, [row for row in rows if row[number] == THE_HAGUE]), actor=None)

    assert set(School.objects.values_list("region", flat=True)) == {by_code.pk}
