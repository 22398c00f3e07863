"""The microcredentials API: the public verifier (valid, tampered, revoked, the decoded JSON, and
garbage answered 400 with a message) and the list and detail of credentials for each role, with
their query counts; the schema documents both."""

import json

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from professionalisation.credentials import keys, services
from tests.factories import UserFactory
from tests.factories.professionalisation_credentials import completions_of
from tests.professionalisation.credentials.test_openbadges import SPEC_SAMPLE

pytestmark = pytest.mark.django_db

VERIFY = "/api/v1/credentials/verify/"
LIST = "/api/v1/credentials/"


@pytest.fixture
def api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


def forged(credential) -> str:
    header, _payload, signature = credential.jwt.split(".")
    claims = json.loads(json.dumps(credential.credential))
    claims["credentialSubject"]["achievement"]["creditsAvailable"] = 30
    return f"{header}.{keys.b64url(json.dumps(claims).encode())}.{signature}"


def test_the_verify_endpoint_answers_valid_for_a_genuine_credential(api, credential):
    response = api.post(VERIFY, {"credential": credential.jwt}, format="json")

    assert response.status_code == 200
    assert response.json() == {
        "valid": True,
        "status": "valid",
        "message": "This credential is genuine: ICLON issued it and has not revoked it.",
        "credential": credential.credential,
    }


def test_the_verify_endpoint_answers_tampered_for_a_changed_credential(api, credential):
    response = api.post(VERIFY, {"credential": forged(credential)}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert (body["valid"], body["status"]) == (False, "tampered")
    assert body["message"] == "The signature does not match: this credential has been changed after ICLON signed it."
    assert body["credential"]["credentialSubject"]["achievement"]["creditsAvailable"] == 30


def test_the_verify_endpoint_answers_revoked(api, credential, professionalisation_coordinator):
    services.microcredential_revoke(credential=credential, reason="Corrected.", actor=professionalisation_coordinator)

    body = api.post(VERIFY, {"credential": credential.jwt}, format="json").json()

    assert (body["valid"], body["status"], body["message"]) == (
        False,
        "revoked",
        "ICLON has revoked this credential. Reason: Corrected.",
    )


def test_the_decoded_credential_is_compared_with_iclons_record(api, credential):
    exact = api.post(VERIFY, {"credential": credential.credential}, format="json").json()
    as_body = api.post(VERIFY, credential.credential, format="json").json()
    changed = json.loads(json.dumps(credential.credential)) | {"name": "Something else"}
    altered = api.post(VERIFY, {"credential": changed}, format="json").json()

    assert (exact["status"], as_body["status"]) == ("valid", "valid")
    assert (altered["valid"], altered["status"]) == (False, "tampered")
    assert altered["message"] == "This credential differs from the one ICLON issued under this id: it has been changed."


def test_a_credential_of_another_issuer_is_unknown(api, db):
    body = api.post(VERIFY, {"credential": SPEC_SAMPLE}, format="json").json()

    assert (body["valid"], body["status"]) == (False, "unknown_issuer")


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"credential": "garbage"}, "This is not a signed credential (a JWT has three parts separated by dots)."),
        ({"credential": ""}, "Paste a credential or choose a file."),
        ({"credential": [1, 2]}, "This is not a credential."),
    ],
)
def test_garbage_is_a_400_with_a_message(api, db, payload, message):
    response = api.post(VERIFY, payload, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "valid": False,
        "status": "invalid",
        "message": message,
        "credential": None,
        "detail": message,
    }


def test_a_request_without_a_credential_is_a_400_in_the_apis_error_shape(api, db):
    response = api.post(VERIFY, {"something": "else"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"detail": "Invalid input.", "errors": {"credential": ["This field is required."]}}


def test_the_verify_endpoint_needs_no_login_and_no_csrf(credential):
    client = APIClient(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")

    response = client.post(VERIFY, {"credential": credential.jwt}, format="json")

    assert response.json()["status"] == "valid"


# --- the list and detail ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status", "count"),
    [
        ("anonymous", 401, None),
        ("teacher", 200, 1),
        ("other_teacher", 200, 0),
        ("school_a_contact", 200, 0),
        ("school_b_contact", 200, 0),
        ("professionalisation_coordinator", 200, 2),
        ("superuser", 200, 2),
    ],
)
def test_who_sees_which_credentials(api, credential, other_teacher, persona, role, status, count):
    services.microcredential_issue(completion=completions_of(UserFactory(full_name="Someone Else"), 1)[0])
    user = persona(role)
    if user is not None:
        api.force_authenticate(user)

    list_response = api.get(LIST)
    detail_response = api.get(f"{LIST}{credential.uuid}/")

    own = role in ("teacher", "professionalisation_coordinator", "superuser")
    assert list_response.status_code == status
    assert list_response.json().get("count") == count
    assert detail_response.status_code == (401 if user is None else 200 if own else 404)
    body = detail_response.json()
    assert (body.get("credential_id"), body.get("jwt"), body.get("credential")) == (
        (credential.credential_id, credential.jwt, credential.credential) if own else (None, None, None)
    )


def test_the_list_shows_the_credentials_fields(api, credential, teacher):
    api.force_authenticate(teacher)

    row = api.get(LIST).json()["results"][0]

    assert row == {
        "uuid": credential.uuid,
        "credential_id": credential.credential_id,
        "name": "Formative assessment",
        "activity": credential.completion.registration.session.activity.slug,
        "learner_name": "Tessa Teacher",
        "issued_at": row["issued_at"],
        "valid": True,
        "revoked_at": None,
        "revoke_reason": "",
        "download_jwt": f"http://testserver/credentials/{credential.uuid}/credential.jwt",
    }


@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_runs_a_fixed_number_of_queries(api, teacher, rows, django_assert_max_num_queries):
    for completion in completions_of(teacher, rows):
        services.microcredential_issue(completion=completion)
    api.force_authenticate(teacher)

    with django_assert_max_num_queries(6):
        response = api.get(f"{LIST}?page_size=50")

    assert len(response.json()["results"]) == rows


def test_the_schema_documents_the_endpoints(api, db):
    schema = api.get(reverse("api:schema"), {"format": "json"}).json()

    assert set(schema["paths"]["/api/v1/credentials/verify/"]) == {"post"}
    assert schema["paths"]["/api/v1/credentials/verify/"]["post"]["summary"] == "Verify a microcredential (public)"
    assert "/api/v1/credentials/{uuid}/" in schema["paths"]
