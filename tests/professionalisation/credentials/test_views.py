"""The pages of microcredentials: the public issuer profile, keys and revocation list; the public
verifier (paste or upload, no JavaScript) in Dutch and English; the learner's list and a
credential's page with its downloads, for each role; the list's query count."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from professionalisation.credentials import keys, services
from professionalisation.models import SigningKey
from tests.factories.professionalisation_credentials import completions_of

pytestmark = pytest.mark.django_db

ISSUER = "http://127.0.0.1:8000/credentials/issuer/"


def tampered(jwt: str) -> str:
    header, payload, signature = jwt.split(".")
    return f"{header}.{payload[:40]}{'A' if payload[40] != 'A' else 'B'}{payload[41:]}.{signature}"


# --- public documents -------------------------------------------------------------------------------


def test_the_issuer_profile_is_an_ob3_profile_with_the_published_keys(client, credential):
    key = SigningKey.objects.get()

    response = client.get(reverse("credentials:issuer"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    profile = response.json()
    assert profile["id"] == ISSUER == credential.credential["issuer"]["id"]
    assert profile["type"] == ["Profile"]
    assert profile["address"]["addressCountryCode"] == "NL"
    assert profile["verificationMethod"] == [
        {
            "id": f"{ISSUER}#{key.key_id}",
            "type": "JsonWebKey",
            "controller": ISSUER,
            "publicKeyJwk": keys.jwk(keys.load_public(key.public_key_pem), kid=f"{ISSUER}#{key.key_id}"),
        }
    ]


def test_the_jwks_holds_every_published_key(client, credential, administrator):
    services.signing_key_rotate(actor=administrator)

    response = client.get(reverse("credentials:jwks"))

    assert response["Content-Type"] == "application/jwk-set+json; charset=utf-8"
    published = response.json()["keys"]
    assert [jwk["kid"] for jwk in published] == [
        f"{ISSUER}#{key.key_id}" for key in SigningKey.objects.order_by("-active", "-created_at")
    ]
    assert {(jwk["kty"], jwk["crv"], jwk["alg"]) for jwk in published} == {("OKP", "Ed25519", "EdDSA")}


def test_the_status_list_names_the_revoked_credentials(client, credential, professionalisation_coordinator):
    assert client.get(reverse("credentials:status")).json()["revokedCredentials"] == []
    services.microcredential_revoke(credential=credential, reason="Corrected.", actor=professionalisation_coordinator)

    response = client.get(reverse("credentials:status"))

    assert response.json() == {
        "id": "http://127.0.0.1:8000/credentials/status/",
        "issuer": ISSUER,
        "revokedCredentials": [{"id": credential.credential_id, "revoked": True, "revocationReason": "Corrected."}],
    }


# --- the verifier page ------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "heading"), [("en", "Verify a microcredential"), ("nl", '<html lang="nl"')])
def test_the_verifier_page_works_without_javascript_in_both_languages(db, language, heading):
    response = Client(HTTP_ACCEPT_LANGUAGE=language).get(reverse("credentials:verify"))

    page = response.content.decode()
    assert response.status_code == 200
    assert heading in page
    assert f'<html lang="{language}"' in page
    assert 'enctype="multipart/form-data"' in page
    assert '<label for="id_credential">' in page
    assert '<label for="id_file">' in page


def test_a_pasted_credential_is_shown_valid_with_its_claims(client, credential):
    response = client.post(reverse("credentials:verify"), {"credential": credential.jwt})

    page = response.content.decode()
    assert "<strong>Valid</strong>" in page
    assert "This credential is genuine: ICLON issued it and has not revoked it." in page
    assert "<dd>Tessa Teacher</dd>" in page
    assert "<dd>Formative assessment</dd>" in page
    assert "<dd>ICLON – Leiden University Graduate School of Teaching</dd>" in page
    assert f"<code>{credential.credential_id}</code>" in page
    issued = timezone.localtime(credential.issued_at)
    assert f'<time datetime="{issued:%Y-%m-%dT%H:%M:%S}' in page  # a date, not the raw ISO text
    assert "(optional)" not in page  # one of the two fields is needed


def test_an_uploaded_jwt_file_is_verified(client, credential):
    upload = SimpleUploadedFile("credential.jwt", credential.jwt.encode(), content_type="application/vc+jwt")

    response = client.post(reverse("credentials:verify"), {"file": upload})

    assert "<strong>Valid</strong>" in response.content.decode()


def test_an_uploaded_json_file_with_the_jwt_is_verified(client, credential):
    upload = SimpleUploadedFile("c.json", json.dumps({"jwt": credential.jwt}).encode(), content_type="application/json")

    response = client.post(reverse("credentials:verify"), {"file": upload})

    assert "<strong>Valid</strong>" in response.content.decode()


def test_a_changed_credential_is_shown_tampered(client, credential):
    response = client.post(reverse("credentials:verify"), {"credential": tampered(credential.jwt)})

    page = response.content.decode()
    assert "<strong>Changed after signing</strong>" in page
    assert "The signature does not match: this credential has been changed after ICLON signed it." in page


def test_a_credential_with_a_forged_name_shows_the_claim_as_unconfirmed(client, credential):
    header, _payload, signature = credential.jwt.split(".")
    forged = json.loads(json.dumps(credential.credential))
    forged["credentialSubject"]["identifier"][1]["identityHash"] = "Fiona Forger"
    payload = keys.b64url(json.dumps(forged).encode())

    page = client.post(
        reverse("credentials:verify"), {"credential": f"{header}.{payload}.{signature}"}
    ).content.decode()

    assert "<strong>Changed after signing</strong>" in page
    assert "What the credential claims (not confirmed):" in page
    assert "<dd>Fiona Forger</dd>" in page


def test_a_revoked_credential_is_shown_revoked(client, credential, professionalisation_coordinator):
    services.microcredential_revoke(credential=credential, reason="Corrected.", actor=professionalisation_coordinator)

    response = client.post(reverse("credentials:verify"), {"credential": credential.jwt})

    page = response.content.decode()
    assert "<strong>Revoked</strong>" in page
    assert "ICLON has revoked this credential. Reason: Corrected." in page


def test_an_empty_form_asks_for_a_credential(client, db):
    response = client.post(reverse("credentials:verify"), {"credential": ""})

    page = response.content.decode()
    assert "Paste a credential or choose a file." in page
    assert "<strong>" not in page.split("<form")[0].split("</header>")[-1]


# --- the learner's pages ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("teacher", 200),
        ("other_teacher", 404),
        ("school_a_contact", 404),
        ("school_b_contact", 404),
        ("professionalisation_coordinator", 200),
        ("superuser", 200),
    ],
)
def test_who_sees_a_credentials_page_and_downloads(client, credential, persona, role, expected):
    user = persona(role)
    if user is not None:
        client.force_login(user)
    urls = [
        reverse(name, kwargs={"uuid": credential.uuid})
        for name in ("credentials:detail", "credentials:download-jwt", "credentials:download-json")
    ]

    page, jwt, data = (client.get(url) for url in urls)

    assert [page.status_code, jwt.status_code, data.status_code] == [expected] * 3
    shown = expected == 200
    assert (credential.credential_id in page.content.decode()) is shown
    assert (jwt.content.decode() == credential.jwt) is shown
    assert (data.content.decode().startswith("{") and json.loads(data.content) == credential.credential) is shown
    assert [response.get("Location") for response in (page, jwt, data)] == [
        f"{reverse('account_login')}?next={url}" if expected == 302 else None for url in urls
    ]


def test_the_downloads_are_named_attachments(client, credential, teacher):
    client.force_login(teacher)

    jwt = client.get(reverse("credentials:download-jwt", kwargs={"uuid": credential.uuid}))
    data = client.get(reverse("credentials:download-json", kwargs={"uuid": credential.uuid}))

    name = f"microcredential-formative-assessment-{credential.uuid[:8]}"
    assert jwt["Content-Type"] == "application/vc+jwt"
    assert jwt["Content-Disposition"] == f'attachment; filename="{name}.jwt"'
    assert data["Content-Type"] == "application/json; charset=utf-8"
    assert data["Content-Disposition"] == f'attachment; filename="{name}.json"'


def test_the_credentials_page_shows_the_eu_elements(client, credential, teacher):
    client.force_login(teacher)

    page = client.get(reverse("credentials:detail", kwargs={"uuid": credential.uuid})).content.decode()

    for fact in [
        "<dd>Tessa Teacher</dd>",
        "<dd>ICLON – Leiden University Graduate School of Teaching</dd>",
        "<dd>2.5</dd>",
        "<dd>70</dd>",
        "<dd>6</dd>",
        "<dd>Portfolio</dd>",
        "<dd>On site</dd>",
        "<li>Applies formative assessment in class.</li>",
    ]:
        assert fact in page


def test_the_credentials_page_says_it_was_revoked(client, credential, teacher, professionalisation_coordinator):
    services.microcredential_revoke(credential=credential, reason="Corrected.", actor=professionalisation_coordinator)
    client.force_login(teacher)

    page = client.get(reverse("credentials:detail", kwargs={"uuid": credential.uuid})).content.decode()

    assert "Revoked on" in page
    assert "Corrected." in page


def test_my_credentials_lists_only_my_own(client, credential, teacher, other_teacher, superuser):
    services.microcredential_issue(completion=completions_of(other_teacher, 1)[0])
    client.force_login(teacher)

    page = client.get(reverse("credentials:mine")).content.decode()

    assert page.count('<th scope="row">') == 1
    assert f'href="{reverse("credentials:detail", kwargs={"uuid": credential.uuid})}"' in page
    client.force_login(superuser)
    assert "You have no microcredentials yet." in client.get(reverse("credentials:mine")).content.decode()


def test_my_credentials_asks_to_log_in(client, db):
    response = client.get(reverse("credentials:mine"))

    assert response["Location"] == f"{reverse('account_login')}?next={reverse('credentials:mine')}"


@pytest.mark.parametrize("rows", [1, 50])
def test_my_credentials_page_runs_a_fixed_number_of_queries(client, teacher, rows, django_assert_max_num_queries):
    for completion in completions_of(teacher, rows):
        services.microcredential_issue(completion=completion)
    client.force_login(teacher)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("credentials:mine"))

    assert response.content.decode().count('<th scope="row">') == rows


@pytest.mark.parametrize(("language", "label"), [("en", "My microcredentials"), ("nl", '<html lang="nl"')])
def test_the_learners_pages_in_dutch_and_english(db, credential, teacher, language, label):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(teacher)

    mine = client.get(reverse("credentials:mine")).content.decode()
    page = client.get(reverse("credentials:detail", kwargs={"uuid": credential.uuid})).content.decode()

    assert label in mine
    assert f'<html lang="{language}"' in mine
    assert f'<html lang="{language}"' in page
    assert credential.credential_id in page
