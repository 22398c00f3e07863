"""The Open Badges 2.0 export for Edubadges and Badgr-based backpacks: the hosted Assertion, its
BadgeClass (with its image) and ICLON's issuer Profile hold what OB 2.0 requires, resolve at their
ids for anyone, never show the e-mail address in clear; a revoked Assertion answers 410 Gone; the
learner's page offers the export to the learner only; each endpoint runs a fixed number of queries."""

import datetime
import hashlib
import json
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from professionalisation.credentials import services
from professionalisation.models import MicrocredentialSpec
from tests.factories import UserFactory
from tests.factories.professionalisation import ActivityFactory
from tests.factories.professionalisation_credentials import CompletionFactory, MicrocredentialFactory

pytestmark = pytest.mark.django_db

BASE = settings.PORTAL_BASE_URL
CONTEXT = "https://w3id.org/openbadges/v2"
JSON_LD = "application/ld+json; charset=utf-8"

# The required properties of the Open Badges 2.0 specification (IMS Global, 2018): Assertion,
# BadgeClass, Profile used as an issuer ("id, type, name, url and email"), IdentityObject; every
# hosted Badge Object carries the v2 @context.
REQUIRED = {
    "Assertion": ["@context", "type", "id", "recipient", "badge", "verification", "issuedOn"],
    "BadgeClass": ["@context", "type", "id", "name", "description", "image", "criteria", "issuer"],
    "Issuer": ["@context", "type", "id", "name", "url", "email"],
}
IDENTITY_REQUIRED = ["identity", "type", "hashed"]
ISO_8601_WITH_ZONE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$")


def _is_url(value) -> bool:
    return isinstance(value, str) and urlsplit(value).scheme in ("http", "https") and bool(urlsplit(value).netloc)


def ob2_problems(document: dict, kind: str) -> list[str]:
    """What `document` lacks of an OB 2.0 `kind` (Assertion, BadgeClass, Issuer)."""
    problems = [name for name in REQUIRED[kind] if document.get(name) in (None, "", [], {})]
    if document.get("@context") != CONTEXT:
        problems.append("@context")
    types = document.get("type") if isinstance(document.get("type"), list) else [document.get("type")]
    if kind not in types and not (kind == "Issuer" and "Profile" in types):
        problems.append("type")
    if not _is_url(document.get("id")):
        problems.append("id: an HTTP(S) IRI")
    if kind == "Assertion":
        identity = document.get("recipient") or {}
        problems += [f"recipient.{name}" for name in IDENTITY_REQUIRED if name not in identity]
        if identity.get("type") != "email" or not isinstance(identity.get("hashed"), bool):
            problems.append("recipient.type/hashed")
        if identity.get("hashed") and not re.fullmatch(r"sha256\$[0-9a-f]{64}", str(identity.get("identity"))):
            problems.append("recipient.identity: an IdentityHash")
        if (document.get("verification") or {}).get("type") not in ("hosted", "HostedBadge"):
            problems.append("verification.type")
        if not ISO_8601_WITH_ZONE.match(str(document.get("issuedOn"))):
            problems.append("issuedOn: ISO 8601 with a time zone")
        if not _is_url(document.get("badge")):
            problems.append("badge")
    if kind == "BadgeClass":
        criteria = document.get("criteria") or {}
        if not (_is_url(criteria.get("id")) or criteria.get("narrative")):
            problems.append("criteria.id|narrative")
        if not (_is_url(document.get("image")) or str(document.get("image")).startswith("data:image/")):
            problems.append("image")
        if not _is_url(document.get("issuer")):
            problems.append("issuer")
        for alignment in document.get("alignment", []):
            problems += [f"alignment.{name}" for name in ("targetName", "targetUrl") if not alignment.get(name)]
    if kind == "Issuer" and not _is_url(document.get("url")):
        problems.append("url")
    return problems


def path_of(url: str) -> str:
    assert url.startswith(BASE + "/"), url
    return url.removeprefix(BASE)


def assertion_path(credential) -> str:
    return reverse("credentials:ob2-assertion", kwargs={"uuid": credential.uuid})


def chain(client, credential) -> tuple[dict, dict, dict]:
    """The Assertion, its BadgeClass and the BadgeClass's issuer, fetched as a backpack does."""
    assertion = client.get(assertion_path(credential)).json()
    badge = client.get(path_of(assertion["badge"])).json()
    issuer = client.get(path_of(badge["issuer"])).json()
    return assertion, badge, issuer


# --- the documents ----------------------------------------------------------------------------------


def test_the_three_documents_hold_what_open_badges_2_requires(client, credential):
    assertion, badge, issuer = chain(client, credential)

    assert ob2_problems(assertion, "Assertion") == []
    assert ob2_problems(badge, "BadgeClass") == []
    assert ob2_problems(issuer, "Issuer") == []
    assert assertion["id"] == f"{BASE}{assertion_path(credential)}"
    assert assertion["verification"] == {"type": "hosted"}
    assert assertion["issuedOn"] == credential.issued_at.astimezone(datetime.UTC).replace(microsecond=0).isoformat()
    assert "revoked" not in assertion
    # Hosted verification without a `verification` object in the issuer Profile: the Assertion
    # and BadgeClass must be on the origin of the Profile's id.
    origin = urlsplit(issuer["id"]).netloc
    assert {urlsplit(url).netloc for url in (assertion["id"], badge["id"], badge["image"])} == {origin}
    assert issuer["name"] == credential.credential["issuer"]["name"]
    assert issuer["email"] == credential.credential["issuer"]["email"]
    assert issuer["id"] != credential.credential["issuer"]["id"]  # the OB 3.0 profile is another document


def test_the_badge_class_describes_the_activitys_microcredential(client, credential):
    activity = credential.completion.registration.session.activity

    _assertion, badge, _issuer = chain(client, credential)

    assert badge["id"] == f"{BASE}/credentials/ob2/badges/{activity.pk}/en/"
    assert badge["name"] == "Formative assessment" == credential.name
    assert badge["description"].startswith(activity.description_en)
    assert "2.5 EC, 70 hours, EQF level 6" in badge["description"]
    assert badge["criteria"]["id"] == f"{BASE}{reverse('activities:detail', kwargs={'slug': activity.slug})}"
    assert badge["criteria"]["narrative"] == (
        "Completed the activity and its assessment; the learning outcomes achieved:\n\n"
        "- Applies formative assessment in class.\n- Underpins choices with research.\n\n"
        "Type of assessment: Portfolio."
    )
    assert badge["tags"] == ["Microcredential", "ICLON", "2.5 EC", "EQF 6"]
    assert badge["alignment"] == [
        {
            "targetName": "EQF 6",
            "targetUrl": "https://europa.eu/europass/en/description-eight-eqf-levels",
            "targetDescription": "Level 6 of the European Qualifications Framework",
            "targetFramework": "European Qualifications Framework",
            "targetCode": "6",
        }
    ]


def test_a_dutch_learners_assertion_points_at_the_dutch_badge_class(client, db):
    learner = UserFactory(email="dirk@example.org", language="nl")
    credential = services.microcredential_issue(
        completion=CompletionFactory(
            registration__participant=learner, registration__session__activity__title_nl="Toetsen"
        )
    )
    activity = credential.completion.registration.session.activity

    _assertion, badge, _issuer = chain(client, credential)

    assert badge["id"] == f"{BASE}/credentials/ob2/badges/{activity.pk}/nl/"
    assert badge["name"] == "Toetsen" == credential.name
    assert badge["criteria"]["narrative"].splitlines()[2] == "- Past formatief handelen toe in de les."


def test_the_hashed_identity_is_the_learners_email_with_a_stable_salt_never_the_address(client, credential, settings):
    response = client.get(assertion_path(credential))
    recipient = response.json()["recipient"]

    assert recipient["type"] == "email"
    assert recipient["hashed"] is True
    assert (
        recipient["identity"]
        == "sha256$" + hashlib.sha256(f"tessa@example.org{recipient['salt']}".encode()).hexdigest()
    )
    assert len(recipient["salt"]) == 32
    # Stable per credential, different for another credential, not the OB 3.0 credential's salt.
    assert client.get(assertion_path(credential)).json()["recipient"] == recipient
    other = MicrocredentialFactory()
    assert client.get(assertion_path(other)).json()["recipient"]["salt"] != recipient["salt"]
    assert recipient["salt"] not in json.dumps(credential.credential)
    # Derived with the portal's secret, so not computable from the (public) credential id alone.
    settings.SECRET_KEY = "another-secret-key-for-this-test-" + "x" * 20
    assert client.get(assertion_path(credential)).json()["recipient"]["salt"] != recipient["salt"]
    # The address itself is in none of the documents.
    documents = [response, *(client.get(path_of(url)) for url in (response.json()["badge"],))]
    documents.append(client.get(path_of(documents[1].json()["issuer"])))
    assert all("tessa@example.org" not in document.content.decode() for document in documents)
    assert all("Tessa" not in document.content.decode() for document in documents)


def test_an_upper_case_address_is_hashed_as_the_backpack_compares_it(client, db):
    learner = UserFactory(email="Anna.Bakker@Example.org", language="en")
    credential = services.microcredential_issue(completion=CompletionFactory(registration__participant=learner))

    recipient = client.get(assertion_path(credential)).json()["recipient"]

    expected = hashlib.sha256(f"anna.bakker@example.org{recipient['salt']}".encode()).hexdigest()
    assert recipient["identity"] == f"sha256${expected}"


# --- resolving ----------------------------------------------------------------------------------------


def test_each_id_resolves_to_the_same_document_as_json_ld(client, credential):
    for document in chain(client, credential):
        response = client.get(path_of(document["id"]))

        assert response.status_code == 200
        assert response["Content-Type"] == JSON_LD
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response.json() == document


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        ("", JSON_LD),
        ("application/ld+json", JSON_LD),
        ("application/ld+json, application/json;q=0.9", JSON_LD),
        ("application/json", "application/json; charset=utf-8"),
        ("text/html,*/*", JSON_LD),
    ],
)
def test_json_ld_unless_only_json_is_accepted(client, credential, accept, content_type):
    for document in chain(client, credential):
        response = client.get(path_of(document["id"]), HTTP_ACCEPT=accept)

        assert response["Content-Type"] == content_type
        assert response.json() == document


@pytest.mark.parametrize(
    "role", ["anonymous", "teacher", "other_teacher", "school_a_contact", "professionalisation_coordinator"]
)
def test_the_documents_are_public(client, credential, persona, role):
    expected = chain(Client(), credential)
    if (user := persona(role)) is not None:
        client.force_login(user)

    assert chain(client, credential) == expected


def test_the_badge_image_is_an_svg_of_the_portal(client, credential):
    activity = credential.completion.registration.session.activity
    activity.title_en = 'Assessing <script>alert("x")</script> & more'
    activity.save()
    _assertion, badge, _issuer = chain(client, credential)

    response = client.get(path_of(badge["image"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    image = response.content.decode()
    assert image.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert '<title>Assessing &lt;script&gt;alert("x")&lt;/script&gt; &amp; more</title>' in image
    assert "<script" not in image
    assert "2.5 EC · EQF 6" in image
    assert "MICROCREDENTIAL" in image


def test_a_revoked_assertion_answers_410_gone_with_the_reason(client, credential, professionalisation_coordinator):
    services.microcredential_revoke(
        credential=credential, reason="Awarded in error.", actor=professionalisation_coordinator
    )

    response = client.get(assertion_path(credential))

    assert response.status_code == 410
    assert response["Content-Type"] == JSON_LD
    assert response.json() == {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": f"{BASE}{assertion_path(credential)}",
        "revoked": True,
        "revocationReason": "Awarded in error.",
    }


def test_a_revoked_credentials_badge_class_and_issuer_still_resolve(
    client, credential, professionalisation_coordinator
):
    _assertion, badge, issuer = chain(client, credential)
    services.microcredential_revoke(credential=credential, reason="Corrected.", actor=professionalisation_coordinator)

    assert client.get(path_of(badge["id"])).json() == badge
    assert client.get(path_of(issuer["id"])).json() == issuer


def test_unknown_addresses_are_404_without_a_document(client, credential):
    activity = credential.completion.registration.session.activity
    no_microcredential = ActivityFactory()
    unknown = [
        reverse("credentials:ob2-assertion", kwargs={"uuid": "12345678-1234-4234-8234-123456789012"}),
        f"/credentials/ob2/assertions/{credential.uuid[:-1]}/",
    ]
    for name in ("credentials:ob2-badge", "credentials:ob2-badge-image"):
        unknown += [
            reverse(name, kwargs={"pk": activity.pk, "language": "de"}),
            reverse(name, kwargs={"pk": 999_999, "language": "en"}),
            reverse(name, kwargs={"pk": no_microcredential.pk, "language": "en"}),
        ]

    responses = [client.get(url) for url in unknown]

    assert [response.status_code for response in responses] == [404] * len(unknown)
    assert not any(CONTEXT in response.content.decode() for response in responses)
    assert {response["Content-Type"] for response in responses} == {"text/html; charset=utf-8"}


def test_the_badge_class_stays_when_its_description_is_removed_after_issuing(client, credential):
    _assertion, badge, _issuer = chain(client, credential)
    MicrocredentialSpec.objects.filter(activity=credential.completion.registration.session.activity).delete()

    response = client.get(path_of(badge["id"]))

    assert response.status_code == 200
    after = response.json()
    assert ob2_problems(after, "BadgeClass") == []
    assert after["criteria"]["narrative"] == "Completed the activity and its assessment."
    assert "alignment" not in after
    assert client.get(path_of(after["image"])).status_code == 200


def test_only_get(client, credential):
    assert client.post(assertion_path(credential)).status_code == 405
    assert client.post(reverse("credentials:ob2-issuer")).status_code == 405


# --- the learner's page -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status", "shown"),
    [
        ("anonymous", 302, False),
        ("teacher", 200, True),
        ("other_teacher", 404, False),
        ("school_a_contact", 404, False),
        ("professionalisation_coordinator", 200, False),
        ("superuser", 200, False),
    ],
)
def test_the_export_is_offered_to_the_learner_only(client, credential, persona, role, status, shown):
    if (user := persona(role)) is not None:
        client.force_login(user)

    response = client.get(reverse("credentials:detail", kwargs={"uuid": credential.uuid}))

    assert response.status_code == status
    page = response.content.decode()
    assert ("Export for Edubadges / Open Badges 2.0" in page) is shown
    assert (f'value="{BASE}{assertion_path(credential)}"' in page) is shown
    download = reverse("credentials:download-ob2", kwargs={"uuid": credential.uuid})
    assert (f'href="{download}"' in page) is shown


def test_a_revoked_credentials_page_offers_no_export(client, credential, teacher, professionalisation_coordinator):
    services.microcredential_revoke(credential=credential, reason="Corrected.", actor=professionalisation_coordinator)
    client.force_login(teacher)

    page = client.get(reverse("credentials:detail", kwargs={"uuid": credential.uuid})).content.decode()

    assert "Revoked on" in page
    assert "Export for Edubadges" not in page


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("teacher", 200),
        ("other_teacher", 404),
        ("school_a_contact", 404),
        ("professionalisation_coordinator", 200),
    ],
)
def test_the_assertion_download_is_the_hosted_assertion_as_a_file(client, credential, persona, role, status):
    if (user := persona(role)) is not None:
        client.force_login(user)

    url = reverse("credentials:download-ob2", kwargs={"uuid": credential.uuid})

    response = client.get(url)

    assert response.status_code == status
    assert response.get("Location") == (f"{reverse('account_login')}?next={url}" if status == 302 else None)
    assert (CONTEXT in response.content.decode()) is (status == 200)
    if status == 200:
        assert response["Content-Type"] == JSON_LD
        name = f"microcredential-formative-assessment-{credential.uuid[:8]}.ob2.json"
        assert response["Content-Disposition"] == f'attachment; filename="{name}"'
        assert json.loads(response.content) == Client().get(assertion_path(credential)).json()
        assert "tessa@example.org" not in response.content.decode()


def test_the_export_block_in_dutch(db, credential, teacher):
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(teacher)

    page = client.get(reverse("credentials:detail", kwargs={"uuid": credential.uuid})).content.decode()

    assert '<html lang="nl"' in page
    assert 'id="ob2-export"' in page


# --- queries ------------------------------------------------------------------------------------------


def test_each_endpoint_runs_a_fixed_number_of_queries(client, credential, django_assert_num_queries):
    _assertion, badge, issuer = chain(client, credential)
    MicrocredentialFactory.create_batch(3)

    with django_assert_num_queries(0):
        client.get(path_of(issuer["id"]))
    with django_assert_num_queries(1):
        client.get(path_of(badge["id"]))
    with django_assert_num_queries(1):
        client.get(path_of(badge["image"]))
    with django_assert_num_queries(1):
        client.get(assertion_path(credential))
    with django_assert_num_queries(1):
        client.get(reverse("credentials:ob2-assertion", kwargs={"uuid": "12345678-1234-4234-8234-123456789012"}))


def test_a_revoked_assertion_runs_one_query(
    client, credential, professionalisation_coordinator, django_assert_num_queries
):
    services.microcredential_revoke(credential=credential, reason="Corrected.", actor=professionalisation_coordinator)

    with django_assert_num_queries(1):
        assert client.get(assertion_path(credential)).status_code == 410
