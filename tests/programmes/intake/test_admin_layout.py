"""The application admin as staff read it: the changelist's few columns with dates in the page's
language, a name for every control of the change page's inline tables, and the condition's status
read as a state."""

import datetime
import re
import zoneinfo

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse

from programmes.models import ApplicationStatus
from tests.factories import (
    AdmissionConditionFactory,
    ApplicationFactory,
    ExemptionFactory,
    InformationRequestFactory,
    InternalNoteFactory,
)

pytestmark = pytest.mark.django_db

S = ApplicationStatus
AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
CHANGELIST = "admin:programmes_application_changelist"


def _client(language):
    return Client(headers={"accept-language": language})


@pytest.fixture
def submitted():
    return ApplicationFactory(
        status=S.IN_REVIEW,
        first_name="Maxime",
        last_name="Verbeek",
        submitted_at=datetime.datetime(2026, 3, 4, 10, 30, tzinfo=AMSTERDAM),
    )


def _headers_and_row(response):
    document = lxml.html.fromstring(response.content.decode())
    headers = [" ".join(th.text_content().split()) for th in document.xpath('//table[@id="result_list"]/thead/tr/th')]
    row = document.xpath('//table[@id="result_list"]/tbody/tr')[0]
    return headers, [" ".join(cell.text_content().split()) for cell in row.xpath("./td|./th")]


def test_changelist_shows_six_columns_with_the_route_under_the_name(intake_officer, submitted):
    InformationRequestFactory(application=submitted)
    client = _client("en")
    client.force_login(intake_officer)

    headers, cells = _headers_and_row(client.get(reverse(CHANGELIST)))

    assert headers[1:] == ["Reference", "Applicant and route", "Status", "Assigned to", "Submitted", "Open requests"]
    reference, who, status, assigned, day, requests = cells[1:]
    assert reference == submitted.reference
    assert who.startswith("Maxime Verbeek")
    assert submitted.pathway.name_en in who and submitted.subject.name_en in who
    assert (status, assigned, day, requests) == ("In review", "–", "March 4, 2026", "1")


def test_changelist_dates_follow_the_language(intake_officer, submitted):
    client = _client("nl")
    client.force_login(intake_officer)

    response = client.get(reverse(CHANGELIST))
    _headers, cells = _headers_and_row(response)

    assert cells[5] == "4 maart 2026"
    starts_on = submitted.start_moment.starts_on
    assert f"start {starts_on.day} " in cells[2] and str(starts_on.year) in cells[2]
    # The start filter's choices are in Dutch too (no fixed English month names).
    # (A word, not a substring: a generated surname such as "Carnotte-Marchal" holds "March".)
    assert "maart" in cells[5] and not re.search(r"\bMarch\b", response.content.decode())


def test_every_control_of_the_inline_tables_has_a_name(intake_officer):
    application = ApplicationFactory(status=S.IN_REVIEW)
    InformationRequestFactory(application=application)
    InternalNoteFactory(application=application)
    ExemptionFactory(application=application)
    condition = AdmissionConditionFactory(application=application)
    client = _client("en")
    client.force_login(intake_officer)

    document = lxml.html.fromstring(
        client.get(reverse("admin:programmes_application_change", args=[application.pk])).content
    )
    controls = [
        control
        for control in document.xpath(
            '//div[contains(@class, "inline-group")]//*[self::input or self::select or self::textarea]'
        )
        if control.get("type") != "hidden"
    ]
    by_name = {control.get("name"): control.get("aria-label") for control in controls}

    assert {"conditions-0-status", "exemptions-0-DELETE", "notes-1-text"} <= set(by_name)
    assert [name for name, label in by_name.items() if not label] == []
    assert by_name["conditions-0-status"] == f"Status: {condition}"
    assert by_name["exemptions-0-DELETE"].startswith("Delete: Module")
    assert by_name["notes-1-text"] == "Note"  # the empty row for a new note


def test_an_open_condition_reads_as_a_state(intake_officer):
    condition = AdmissionConditionFactory(application=ApplicationFactory(status=S.IN_REVIEW))
    client = _client("en")
    client.force_login(intake_officer)

    page = client.get(reverse("admin:programmes_application_change", args=[condition.application.pk]))
    document = lxml.html.fromstring(page.content)
    options = document.xpath('//select[@name="conditions-0-status"]/option')

    assert [(option.get("value"), option.text) for option in options] == [
        ("open", "Not yet met"),
        ("met", "Met"),
        ("waived", "Waived"),
    ]
    assert document.xpath('//select[@name="conditions-0-status"]/option[@selected]/@value') == ["open"]
