""" "Your data": one ZIP with everything the portal holds about the person, across all apps, as
JSON labelled in their language plus their files, and never a secret."""

import io
import json
import zipfile

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from iclon.core.privacy import export_person
from tests.accounts.privacy.conftest import (
    ANSWER,
    BODY,
    CANCEL,
    DOCUMENT,
    EMAIL,
    MOTIVATION,
    NAME,
    PHONE,
    SECOND_EMAIL,
    STRENGTHS,
    TOKEN_NAME,
    WISH,
)
from tests.factories import EvaluationFactory, UserFactory
from tests.factories.accounts import PASSWORD, TEST_TOTP_SECRET


def _zip(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


def _json(archive, name):
    return json.loads(archive.read(name))


def _everything(archive) -> str:
    return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


def test_the_export_covers_every_app_the_person_has_data_in(person):
    archive = _zip(export_person(person.user))
    names = set(archive.namelist())

    expected = {
        "index.json",
        "accounts/User.json",
        "accounts/ApiToken.json",
        "account/EmailAddress.json",
        "mfa/Authenticator.json",
        "notifications/Notification.json",
        "notifications/NotificationPreference.json",
        "programmes/Application.json",
        "programmes/ApplicationDocument.json",
        "programmes/InformationRequest.json",
        "programmes/Placement.json",
        "programmes/PlacementWish.json",
        "programmes/Evaluation.json",
        "professionalisation/Registration.json",
        "professionalisation/Completion.json",
        "professionalisation/Certificate.json",
        "professionalisation/RegistrationInvitation.json",
        "professionalisation/CalendarFeed.json",
        "research/SupportRequest.json",
        "research/ResearchQuestion.json",
        "research/SupportRequestMessage.json",
    }
    assert expected <= names, expected - names
    assert (
        archive.read(
            f"programmes/documents/{person.application.reference}/{person.document.pk}-diploma-zwavelpoort.pdf"
        )
        == DOCUMENT
    )
    index = _json(archive, "index.json")
    assert index["format_version"] == 1
    assert {item["file"] for item in index["contents"]} == names - {"index.json"} - {
        path for item in index["contents"] for path in item["files"]
    }


def test_the_export_holds_the_persons_values_and_their_history(person):
    archive = _zip(export_person(person.user))

    account = _json(archive, "accounts/User.json")["rows"][0]
    assert account["e-mail address"] == EMAIL and account["full name"] == NAME
    assert "date joined" in account and "last login" in account
    emails = {row["email address"] for row in _json(archive, "account/EmailAddress.json")["rows"]}
    assert emails == {EMAIL, SECOND_EMAIL}
    notifications = _json(archive, "notifications/Notification.json")["rows"]
    assert [row["text"] for row in notifications] == [BODY, BODY]
    application = _json(archive, "programmes/Application.json")
    assert application["rows"][0]["motivation"] == MOTIVATION + " "
    assert application["rows"][0]["phone number"] == PHONE or PHONE in json.dumps(application["rows"][0])
    assert len(application["history"]) == 2  # created, then changed
    assert MOTIVATION in application["history"][0].values()
    assert WISH in _json(archive, "programmes/PlacementWish.json")["rows"][0].values()
    assert STRENGTHS in json.dumps(_json(archive, "programmes/Evaluation.json"), ensure_ascii=False)
    assert ANSWER in json.dumps(_json(archive, "programmes/InformationRequest.json"), ensure_ascii=False)
    assert CANCEL in json.dumps(_json(archive, "professionalisation/Registration.json"), ensure_ascii=False)
    assert [row["name"] for row in _json(archive, "accounts/ApiToken.json")["rows"]] == [TOKEN_NAME]
    devices = _json(archive, "mfa/Authenticator.json")["rows"]
    assert [row["type"] for row in devices] == ["TOTP Authenticator"]


def test_an_evaluation_not_yet_released_to_the_trainee_stays_out(person):
    with scopes_disabled():
        EvaluationFactory(
            placement=person.placement, moment="final", strengths="Concept: nog niet vrijgegeven.", released_at=None
        )

    text = _everything(_zip(export_person(person.user)))

    assert "Concept: nog niet vrijgegeven." not in text
    assert STRENGTHS in text


def test_the_export_never_holds_a_secret(person):
    person.user.refresh_from_db()
    archive = _zip(export_person(person.user))
    text = _everything(archive)

    assert person.user.password not in text  # the password hash
    assert PASSWORD not in text
    assert TEST_TOTP_SECRET not in text
    assert person.token.digest not in text and person.token.token_key not in text
    assert person.token.raw_token not in text
    assert "secret" not in json.dumps(_json(archive, "mfa/Authenticator.json")).lower()


def test_other_people_appear_as_another_person_never_by_name(person):
    other = UserFactory(full_name="Hendrika Staalmeester")
    person.application.assigned_to = other
    person.application.save()

    text = _everything(_zip(export_person(person.user)))

    assert "Hendrika Staalmeester" not in text and other.email not in text
    assert '"assigned to": "another person"' in text
    assert '"applicant": "you"' in text


def test_the_export_is_in_the_persons_language(person):
    person.user.language = "nl"
    person.user.save()

    archive = _zip(export_person(person.user))

    account = _json(archive, "accounts/User.json")
    assert account["title"] == "gebruikers"
    assert account["rows"][0]["e-mailadres"] == EMAIL
    assert _json(archive, "index.json")["language"] == "nl"


def test_the_export_of_someone_with_only_an_account_holds_the_account(db):
    user = UserFactory(full_name="Alleen Account")

    archive = _zip(export_person(user))

    assert sorted(archive.namelist()) == ["account/EmailAddress.json", "accounts/User.json", "index.json"]


def test_the_your_data_page_lists_the_kinds_of_data_and_the_post_returns_the_zip(client, person):
    client.force_login(person.user)
    url = reverse("accounts:data")

    page = client.get(url, headers={"Accept-Language": "en"})
    download = client.post(url)

    html = page.content.decode()
    assert "<h1>Your data</h1>" in html
    assert "Applications" in html and "Registrations" in html and "API tokens" in html
    assert download["Content-Type"] == "application/zip"
    assert download["Content-Disposition"].startswith('attachment; filename="iclon-your-data-')
    assert "no-store" in download["Cache-Control"] and "private" in download["Cache-Control"]
    assert "programmes/Application.json" in _zip(download.content).namelist()


def test_the_your_data_page_needs_a_login(client):
    url = reverse("accounts:data")

    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        assert "/login/" in response["Location"]


@pytest.mark.parametrize("count", [1, 50])
def test_the_your_data_page_runs_a_fixed_number_of_queries(client, db, count, django_assert_max_num_queries):
    from tests.factories import ApplicationFactory

    user = UserFactory()
    for _ in range(count):
        ApplicationFactory(applicant=user, complete=False)
    client.force_login(user)

    # Session, user, the page's own, the header and the account menu (research questions and research
    # support ask whether the person is a school's): 9, whatever the number of rows.
    with django_assert_max_num_queries(9):
        response = client.get(reverse("accounts:data"), headers={"Accept-Language": "en"})

    assert "Download my data (ZIP)" in response.content.decode()


def test_the_account_pages_link_to_your_data_and_to_deleting_the_account(client, db):
    user = UserFactory()
    client.force_login(user)

    html = client.get(reverse("accounts:profile")).content.decode()

    assert f'href="{reverse("accounts:data")}"' in html
    assert f'href="{reverse("accounts:erasure")}"' in html
