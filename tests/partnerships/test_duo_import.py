"""Import of DUO's register of secondary-school branches ("alle vestigingen VO")."""

import csv
import io
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from iclon.core.errors import NotAllowed
from partnerships.models import School, SchoolBoard
from partnerships.services.duo_import import DuoImportRefused, import_duo_file, place_name
from tests.factories import EducationRegionFactory, MunicipalityRegionFactory, SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The messages below are compared as written in the code (English)."""
    with translation.override("en"):
        yield


DUO_FILE = Path(__file__).resolve().parent.parent / "data" / "duo" / "alle-vestigingen-vo.csv"
ROWS = 1630
IMPORT_URL = reverse("admin:partnerships_school_import_duo")


@pytest.fixture(scope="module")
def duo_bytes() -> bytes:
    return DUO_FILE.read_bytes()


@pytest.fixture(scope="module")
def duo_table(duo_bytes) -> tuple[list[str], list[list[str]]]:
    """The header and the rows of the national file."""
    header, *rows = csv.reader(io.StringIO(duo_bytes.decode("utf-8"), newline=""), delimiter=";")
    return header, rows


def to_csv(header, rows, encoding="utf-8") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding, errors="replace")


def column(header, name) -> int:
    return header.index(name)


def assert_nothing_written():
    assert School.objects.count() == 0
    assert SchoolBoard.objects.count() == 0
    assert School.history.count() == 0


# The national file -------------------------------------------------------------------------------


def test_national_file_imports_every_branch_with_boards_and_history(duo_bytes, duo_table):
    header, rows = duo_table
    boards = {row[column(header, "BEVOEGD GEZAG NUMMER")] for row in rows}

    report = import_duo_file(duo_bytes, actor=None)

    assert (report.created, report.updated, report.unchanged, report.rejected) == (ROWS, 0, 0, [])
    assert report.encoding == "utf-8"
    assert report.boards_created == len(boards) == SchoolBoard.objects.count()
    assert School.objects.count() == ROWS
    assert School.history.filter(history_type="+").count() == ROWS
    school = School.objects.select_related("board").get(brin_code="18BR", branch_number="00")
    assert school.name == "School voor Praktijkonderwijs Assen"
    assert (school.street, school.house_number, school.postcode) == ("Zwartwatersweg", "202", "9406 NN")
    assert (school.city, school.municipality, school.municipality_code) == ("Assen", "Assen", "0106")
    assert school.board.number == "10053"
    assert school.offers_vo
    assert school.website == "www.pro-assen.nl"
    # DUO writes an empty value as a single space.
    other_branch = School.objects.get(brin_code="18BR", branch_number="01")
    assert (other_branch.phone, other_branch.website) == ("", "")


def test_national_file_imported_twice_leaves_every_branch_unchanged(duo_bytes):
    import_duo_file(duo_bytes, actor=None)

    report = import_duo_file(duo_bytes, actor=None)

    assert (report.created, report.updated, report.unchanged, report.boards_created) == (0, 0, ROWS, 0)
    assert School.history.count() == ROWS


def test_changed_name_updates_one_branch_and_writes_its_history(duo_bytes, duo_table):
    import_duo_file(duo_bytes, actor=None)
    header, rows = duo_table
    rows = [list(row) for row in rows]
    rows[0][column(header, "VESTIGINGSNAAM")] = "Praktijkschool Assen"

    report = import_duo_file(to_csv(header, rows), actor=None)

    assert (report.created, report.updated, report.unchanged) == (0, 1, ROWS - 1)
    school = School.objects.get(brin_code="18BR", branch_number="00")
    assert school.name == "Praktijkschool Assen"
    assert [h.name for h in school.history.order_by("history_id")] == [
        "School voor Praktijkonderwijs Assen",
        "Praktijkschool Assen",
    ]


def test_import_keeps_what_staff_added_to_a_school(duo_table, partnership):
    header, rows = duo_table
    data = to_csv(header, rows[:3])
    import_duo_file(data, actor=None)
    School.objects.filter(brin_code="18BR", branch_number="00").update(partnership=partnership, onz_member=True)

    import_duo_file(data, actor=None)

    school = School.objects.get(brin_code="18BR", branch_number="00")
    assert school.partnership == partnership
    assert school.onz_member


def test_latin1_file_imports_with_the_same_counts(duo_bytes):
    latin1 = duo_bytes.decode("utf-8").encode("latin-1", errors="replace")

    report = import_duo_file(latin1, actor=None)

    assert report.encoding == "latin-1"
    assert (report.created, report.updated, report.unchanged, len(report.rejected)) == (ROWS, 0, 0, 0)


def test_latin1_letters_are_read_correctly(duo_table):
    header, rows = duo_table
    row = list(rows[0])
    row[column(header, "VESTIGINGSNAAM")] = "Scholengemeenschap Bahûrim Café"
    import_duo_file(to_csv(header, [row], encoding="latin-1"), actor=None)
    assert School.objects.get().name == "Scholengemeenschap Bahûrim Café"


def test_file_with_a_byte_order_mark_imports(duo_table):
    header, rows = duo_table
    report = import_duo_file(b"\xef\xbb\xbf" + to_csv(header, rows[:5]), actor=None)
    assert report.created == 5


def test_old_column_names_are_accepted(duo_table):
    header, rows = duo_table
    old = [{"INSTELLINGSCODE": "BRIN NUMMER", "VESTIGINGSCODE": "VESTIGINGSNUMMER"}.get(n, n) for n in header]

    report = import_duo_file(to_csv(old, rows), actor=None)

    assert (report.created, len(report.rejected)) == (ROWS, 0)


def test_old_branch_column_with_only_two_digits_is_accepted(duo_table):
    header, rows = duo_table
    old = [{"INSTELLINGSCODE": "BRIN NUMMER", "VESTIGINGSCODE": "VESTIGINGSNUMMER"}.get(n, n) for n in header]
    branch = column(header, "VESTIGINGSCODE")
    short = [[*row[:branch], row[branch][4:], *row[branch + 1 :]] for row in rows[:200]]
    assert short[1][branch] == "01"

    report = import_duo_file(to_csv(old, short), actor=None)

    assert (report.created, len(report.rejected)) == (200, 0)
    assert School.objects.filter(brin_code="18BR", branch_number="01").exists()


def test_old_branch_column_with_a_single_digit_is_padded(duo_table):
    header, rows = duo_table
    old = [{"INSTELLINGSCODE": "BRIN NUMMER", "VESTIGINGSCODE": "VESTIGINGSNUMMER"}.get(n, n) for n in header]
    row = list(rows[1])
    row[column(header, "VESTIGINGSCODE")] = "1"
    import_duo_file(to_csv(old, [row]), actor=None)
    assert School.objects.get().code == "18BR01"


@pytest.mark.parametrize(
    ("dropped", "named"),
    [
        (["VESTIGINGSNAAM"], ["VESTIGINGSNAAM"]),
        (["INSTELLINGSCODE", "BEVOEGD GEZAG NUMMER"], ["INSTELLINGSCODE", "BEVOEGD GEZAG NUMMER"]),
    ],
)
def test_file_missing_columns_is_refused_naming_them_and_nothing_is_written(duo_table, dropped, named):
    header, rows = duo_table
    keep = [i for i, name in enumerate(header) if name not in dropped]
    data = to_csv([header[i] for i in keep], [[row[i] for i in keep] for row in rows[:20]])

    with pytest.raises(DuoImportRefused) as error:
        import_duo_file(data, actor=None)

    message = str(error.value.message)
    for name in named:
        assert name in message
    assert_nothing_written()


def test_row_with_a_bad_brin_code_is_rejected_with_its_line_number(duo_table):
    header, rows = duo_table
    rows = [list(row) for row in rows[:50]]
    rows[9][column(header, "INSTELLINGSCODE")] = "1XAB"
    rows[9][column(header, "VESTIGINGSCODE")] = "1XAB00"

    report = import_duo_file(to_csv(header, rows), actor=None)

    assert report.created == 49
    assert [r.line for r in report.rejected] == [11]  # line 1 is the header
    assert "BRIN" in report.rejected[0].reason
    assert not School.objects.filter(brin_code="1XAB").exists()


def test_row_with_a_bad_postcode_is_rejected_with_the_reason(duo_table):
    header, rows = duo_table
    row = list(rows[0])
    row[column(header, "POSTCODE")] = "94 NN"
    report = import_duo_file(to_csv(header, [row, rows[1]]), actor=None)
    assert [r.line for r in report.rejected] == [2]
    assert "postcode" in report.rejected[0].reason.lower()
    assert report.created == 1


def test_row_with_a_bad_board_number_is_rejected(duo_table):
    header, rows = duo_table
    row = list(rows[0])
    row[column(header, "BEVOEGD GEZAG NUMMER")] = "ABC"
    report = import_duo_file(to_csv(header, [row, rows[1]]), actor=None)
    assert [r.line for r in report.rejected] == [2]
    assert "ABC" in report.rejected[0].reason


def test_row_with_too_few_columns_is_rejected(duo_table):
    header, rows = duo_table
    report = import_duo_file(to_csv(header, [rows[0][:3], rows[1]]), actor=None)
    assert [r.line for r in report.rejected] == [2]
    assert report.created == 1


def test_duplicate_row_is_rejected_as_duplicate_of_the_earlier_line(duo_table):
    header, rows = duo_table
    data = to_csv(header, [*rows[:100], rows[0]])

    report = import_duo_file(data, actor=None)

    assert report.created == 100
    assert len(report.rejected) == 1
    duplicate = report.rejected[0]
    assert duplicate.line == 102
    assert "Duplicate of line 2" in duplicate.reason
    assert "18BR00" in duplicate.reason


def test_blank_lines_are_skipped(duo_table):
    header, rows = duo_table
    data = to_csv(header, rows[:3]) + b"\n;;;\n\n"
    report = import_duo_file(data, actor=None)
    assert (report.created, report.rejected) == (3, [])


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"   \n\n", id="whitespace"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01" + bytes(range(256)) * 4, id="PNG"),
        pytest.param(b"%PDF-1.7\n" + b"\x00\x01\x02" * 100, id="binary"),
        pytest.param(b"<html><body>Not found</body></html>", id="HTML"),
    ],
)
def test_file_that_is_not_a_csv_is_refused_whole(data):
    with pytest.raises(DuoImportRefused):
        import_duo_file(data, actor=None)
    assert_nothing_written()


def test_header_only_file_is_refused(duo_table):
    header, _rows = duo_table
    with pytest.raises(DuoImportRefused) as error:
        import_duo_file(to_csv(header, []), actor=None)
    assert "no rows" in str(error.value.message)
    assert_nothing_written()


def test_comma_separated_file_is_refused_whole(duo_table):
    header, rows = duo_table
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=",", lineterminator="\n").writerows([header, *rows[:50]])

    with pytest.raises(DuoImportRefused) as error:
        import_duo_file(out.getvalue().encode(), actor=None)

    assert "semicolon" in str(error.value.message)
    assert_nothing_written()


def test_file_with_only_bad_rows_writes_nothing_but_reports_them(duo_table):
    header, rows = duo_table
    bad = [list(row) for row in rows[:3]]
    for row in bad:
        row[column(header, "INSTELLINGSCODE")] = "XXXX"
    report = import_duo_file(to_csv(header, bad), actor=None)
    assert len(report.rejected) == 3
    assert School.objects.count() == 0


def test_import_by_staff_without_the_school_rights_raises_not_allowed(duo_bytes, researcher):
    with pytest.raises(NotAllowed):
        import_duo_file(duo_bytes, actor=researcher)
    assert_nothing_written()


def test_import_records_the_actor_in_the_history(duo_table, administrator):
    header, rows = duo_table
    import_duo_file(to_csv(header, rows[:2]), actor=administrator)
    assert {h.history_user for h in School.history.all()} == {administrator}


# Regions -----------------------------------------------------------------------------------------


def test_region_is_assigned_through_the_municipality_table(duo_bytes, duo_table):
    header, rows = duo_table
    leiden = EducationRegionFactory(name="Onderwijsregio Leiden")
    MunicipalityRegionFactory(municipality_code="0546", municipality_name="Leiden", region=leiden)
    in_leiden = sum(1 for row in rows if row[column(header, "GEMEENTENUMMER")] == "0546")
    assert in_leiden

    import_duo_file(duo_bytes, actor=None)

    assert School.objects.filter(region=leiden).count() == in_leiden
    assert set(School.objects.filter(region=leiden).values_list("municipality", flat=True)) == {"Leiden"}
    assert School.objects.filter(region__isnull=True).count() == ROWS - in_leiden


def test_region_added_later_is_assigned_on_the_next_import(duo_table):
    header, rows = duo_table
    municipality = column(header, "GEMEENTENUMMER")
    data = to_csv(header, [row for row in rows if row[municipality] in ("0546", "0106")])
    import_duo_file(data, actor=None)
    leiden = EducationRegionFactory(name="Onderwijsregio Leiden")
    MunicipalityRegionFactory(municipality_code="0546", municipality_name="Leiden", region=leiden)

    report = import_duo_file(data, actor=None)

    in_leiden = School.objects.filter(municipality_code="0546")
    assert report.updated == in_leiden.count() == in_leiden.filter(region=leiden).count() > 0
    assert report.unchanged == School.objects.filter(municipality_code="0106").count() > 0


def test_existing_board_is_reused(duo_table):
    header, rows = duo_table
    board = SchoolBoard.objects.create(number="10053", name="Stichting Openbaar Onderwijs Assen")
    report = import_duo_file(to_csv(header, rows[:2]), actor=None)
    assert report.boards_created == 0
    assert set(School.objects.values_list("board", flat=True)) == {board.pk}
    board.refresh_from_db()
    assert board.name == "Stichting Openbaar Onderwijs Assen"


def test_schools_not_in_the_file_are_left_alone(duo_table):
    header, rows = duo_table
    elsewhere = SchoolFactory(brin_code="99ZZ", name="Niet in DUO")
    import_duo_file(to_csv(header, rows[:2]), actor=None)
    elsewhere.refresh_from_db()
    assert elsewhere.name == "Niet in DUO"


@pytest.mark.parametrize(
    ("duo", "people"),
    [
        ("ASSEN", "Assen"),
        ("ALPHEN AAN DEN RIJN", "Alphen aan den Rijn"),
        ("'S-GRAVENHAGE", "'s-Gravenhage"),
        ("'S-HERTOGENBOSCH", "'s-Hertogenbosch"),
        ("IJSSELSTEIN", "IJsselstein"),
        ("CAPELLE AAN DEN IJSSEL", "Capelle aan den IJssel"),
        ("BERGEN OP ZOOM", "Bergen op Zoom"),
        ("SINT-MICHIELSGESTEL", "Sint-Michielsgestel"),
        ("Leiden", "Leiden"),
        ("", ""),
    ],
)
def test_place_names_in_capitals_are_written_as_people_write_them(duo, people):
    assert place_name(duo) == people


# Speed -------------------------------------------------------------------------------------------


def test_national_import_is_fast(duo_bytes):
    started = time.perf_counter()
    report = import_duo_file(duo_bytes, actor=None)
    elapsed = time.perf_counter() - started
    assert report.created == ROWS
    assert elapsed < 10, f"the national import took {elapsed:.1f} s"


# The management command --------------------------------------------------------------------------


def run_command(*args):
    out, err = StringIO(), StringIO()
    call_command("import_duo_schools", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_imports_the_file_and_prints_the_report(tmp_path, duo_table):
    header, rows = duo_table
    rows = [list(row) for row in rows[:10]]
    rows[4][column(header, "INSTELLINGSCODE")] = "XX"
    path = tmp_path / "vestigingen.csv"
    path.write_bytes(to_csv(header, rows))

    out, _err = run_command(str(path))

    assert "9 schools created, 0 updated, 0 unchanged, 1 rows rejected." in out.splitlines()
    assert "school boards created" in out
    assert "line 6:" in out
    assert School.objects.count() == 9


def test_command_can_leave_out_the_rejected_rows(tmp_path, duo_table):
    header, rows = duo_table
    rows = [list(row) for row in rows[:3]]
    rows[0][column(header, "INSTELLINGSCODE")] = "XX"
    path = tmp_path / "vestigingen.csv"
    path.write_bytes(to_csv(header, rows))
    out, _err = run_command(str(path), "--quiet-rejects")
    assert "1 rows rejected" in out
    assert "line 2:" not in out


def test_command_fails_on_a_refused_file_and_writes_nothing(tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(CommandError) as error:
        run_command(str(path))
    assert "not a text file" in str(error.value)
    assert_nothing_written()


def test_command_fails_on_a_missing_file(tmp_path):
    with pytest.raises(CommandError) as error:
        run_command(str(tmp_path / "nowhere.csv"))
    assert "Cannot read" in str(error.value)


# The admin upload page ---------------------------------------------------------------------------


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_admin_upload_page_imports_a_small_file_and_shows_the_report(client, administrator, duo_table):
    header, rows = duo_table
    client.force_login(administrator)
    assert client.get(IMPORT_URL).status_code == 200

    response = client.post(IMPORT_URL, {"file": upload("vestigingen.csv", to_csv(header, rows[:25]))})

    assert response.status_code == 200
    report = response.context["report"]
    assert (report.created, report.updated, report.unchanged) == (25, 0, 0)
    assert School.objects.count() == 25
    assert "25 schools created" in response.content.decode()
    assert {h.history_user for h in School.history.all()} == {administrator}


def test_admin_upload_page_shows_why_a_file_is_refused(client, administrator):
    client.force_login(administrator)
    response = client.post(IMPORT_URL, {"file": upload("foto.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")})
    assert response.status_code == 200
    assert response.context["report"] is None
    assert response.context["form"].errors["file"]
    assert_nothing_written()


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("administrator", 200),
        ("placement_coordinator", 200),
        ("researcher", 403),
        ("intake_officer", 403),
        ("programme_coordinator", 403),
        ("professionalisation_coordinator", 403),
    ],
)
def test_admin_upload_page_is_only_for_staff_who_may_add_and_change_schools(client, persona, name, status):
    client.force_login(persona(name))
    response = client.get(IMPORT_URL)
    assert response.status_code == status
    if status == 200:
        assert "file" in response.context["form"].fields
        assert 'type="file"' in response.content.decode()
    else:
        assert 'type="file"' not in response.content.decode(), "the refusal shows no upload form"


def test_researcher_cannot_post_a_file_to_the_upload_page(client, researcher, duo_table):
    header, rows = duo_table
    client.force_login(researcher)
    response = client.post(IMPORT_URL, {"file": upload("vestigingen.csv", to_csv(header, rows[:5]))})
    assert response.status_code == 403
    assert_nothing_written()
