"""The CSV import of results: a file as the student administration exports it (comma or
semicolon, UTF-8 with or without a byte order mark, or Windows-1252 from Dutch Excel), previewed
with every row's error, imported only when no row has one (all or nothing), in fixed queries."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from iclon.notifications.models import Notification
from programmes.progress import imports
from programmes.progress.models import ModuleResult, Outcome, ResultSource
from tests.factories import ApplicationFactory
from tests.programmes.progress.conftest import TODAY, exempt
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

IMPORT = reverse("progress:import")
ENGLISH = {"accept-language": "en"}
DAY = TODAY - datetime.timedelta(days=3)


def csv_text(rows, delimiter=",", header=("referentie", "module", "datum", "cijfer", "uitslag", "examinator")):
    lines = [delimiter.join(header)]
    lines += [delimiter.join(str(value) for value in row) for row in rows]
    return "\r\n".join(lines) + "\r\n"


def upload(text, encoding="utf-8", name="results.csv"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def client_for(user):
    client = Client(headers=ENGLISH)
    client.force_login(user)
    return client


def test_a_good_file_is_previewed_then_imported(trainee, other_trainee, modules, teacher_educator):
    text = csv_text(
        [
            (trainee.reference, modules[0].name_nl, DAY.strftime("%d-%m-%Y"), "7,5", "", teacher_educator.email),
            (other_trainee.pk, modules[1].name_en.upper(), DAY.isoformat(), "", "niet voldaan", teacher_educator.email),
        ],
        delimiter=";",
    )
    client = client_for(teacher_educator)
    with nothing_written(ModuleResult):
        preview = client.post(IMPORT, {"file": upload("\ufeff" + text)})
    assert preview.status_code == 200
    html = preview.content.decode()
    assert html.count('class="badge badge--success"') == 2 and 'name="confirm"' in html
    confirmed = client.post(IMPORT, {"content": preview.context["preview"].text, "confirm": "1"})
    assert confirmed.status_code == 302
    rows = {r.trainee: r for r in ModuleResult.objects.all()}
    assert (str(rows[trainee].grade), rows[trainee].outcome, rows[trainee].date) == ("7.5", Outcome.PASS, DAY)
    assert (rows[other_trainee].grade, rows[other_trainee].outcome) == (None, Outcome.FAIL)
    assert {r.source for r in rows.values()} == {ResultSource.IMPORT}
    assert len({r.import_batch for r in rows.values()}) == 1 and rows[trainee].import_batch.startswith("import-")
    assert Notification.objects.filter(recipient=trainee.applicant).count() == 1


def test_windows_encoding_and_english_headers(trainee, modules, teacher_educator):
    modules[0].name_nl = "Didactiek ë"
    modules[0].save()
    header = ("Reference", "Module", "Date", "Grade", "Outcome", "Examiner")
    text = csv_text(
        [(trainee.reference, "Didactiek ë", DAY.isoformat(), "8.0", "pass", teacher_educator.email)], ",", header
    )
    preview = imports.parse(text.encode("cp1252"))
    assert preview.error_count == 0 and preview.entries[0].module == modules[0]


def test_bad_rows_are_shown_and_nothing_is_imported(trainee, other_trainee, modules, teacher_educator, applicant):
    exempt(trainee, modules[3])
    future = (TODAY + datetime.timedelta(days=2)).isoformat()
    text = csv_text(
        [
            (trainee.reference, modules[0].name_nl, DAY.isoformat(), "7.5", "", teacher_educator.email),  # fine
            ("ICL-999999", modules[0].name_nl, DAY.isoformat(), "7", "", teacher_educator.email),
            (trainee.reference, "Onbekend", DAY.isoformat(), "7", "", teacher_educator.email),
            (trainee.reference, modules[1].name_nl, "gisteren", "7", "", teacher_educator.email),
            (trainee.reference, modules[1].name_nl, DAY.isoformat(), "11", "", teacher_educator.email),
            (trainee.reference, modules[1].name_nl, future, "7", "", teacher_educator.email),
            (trainee.reference, modules[2].name_nl, DAY.isoformat(), "7", "", applicant.email),  # not staff
            (trainee.reference, modules[3].name_nl, DAY.isoformat(), "7", "", teacher_educator.email),  # exempted
            (other_trainee.reference, modules[0].name_nl, DAY.isoformat(), "zeven", "", teacher_educator.email),
            (trainee.reference, modules[0].name_nl, DAY.isoformat(), "7.5", "", teacher_educator.email),  # twice
        ]
    )
    client = client_for(teacher_educator)
    with nothing_written(ModuleResult, Notification):
        response = client.post(IMPORT, {"file": upload(text)})
        # A crafted confirm of the same content is checked again and refused.
        confirm = client.post(IMPORT, {"content": text, "confirm": "1"})
    assert response.status_code == 400 and confirm.status_code == 400
    preview = response.context["preview"]
    errors = {row.line: row.errors for row in preview.rows}
    assert errors[2] == []
    assert errors[3] == ["No trainee has the reference ICL-999999."]
    assert errors[4] == ["The trainee's pathway has no module Onbekend."]
    assert errors[5] == ["The date gisteren is not a date (use 2027-01-31 or 31-01-2027)."]
    assert errors[6] == ["A grade is a number from 1.0 to 10.0, with one decimal."]
    assert errors[7] == ["The date of a result cannot be in the future."]
    assert errors[8] == ["The examiner must be an active ICLON staff member."]
    assert errors[9] == ["This trainee is exempted from this module: no result is needed."]
    assert errors[10] == ["The grade zeven is not a number."]
    assert errors[11] == ["This result is entered twice."]
    html = response.content.decode()
    assert "10 rows have an error" not in html and "9 rows have an error" in html
    assert 'name="confirm"' not in html


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "Choose the CSV file to import."),
        (b"naam,datum\nJan,2027-01-01\n", "The file misses the column(s) reference, module, examiner, grade"),
        (b"referentie,module,datum,cijfer,examinator\n", "The file has no rows of results."),
        (b"%PDF-1.4\x00\x00binary", "This is not a CSV file: save the export as CSV and try again."),
    ],
)
def test_a_file_that_is_not_an_export_is_refused(teacher_educator, content, message):
    data = {"file": SimpleUploadedFile("x.csv", content)} if content else {}
    response = client_for(teacher_educator).post(IMPORT, data)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize("rows", [1, 50])
def test_the_preview_reads_in_a_fixed_number_of_queries(
    trainee, modules, teacher_educator, django_assert_max_num_queries, rows
):
    trainees = [trainee] + [ApplicationFactory(pathway=trainee.pathway, status=trainee.status) for _ in range(rows - 1)]
    text = csv_text(
        [(t.reference, modules[0].name_nl, DAY.isoformat(), "6", "", teacher_educator.email) for t in trainees]
    )
    client = client_for(teacher_educator)
    client.get(IMPORT)
    with django_assert_max_num_queries(16):
        response = client.post(IMPORT, {"file": upload(text)})
    assert response.status_code == 200
    assert response.context["preview"].error_count == 0 and len(response.context["preview"].entries) == rows
