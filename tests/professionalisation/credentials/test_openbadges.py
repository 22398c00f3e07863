"""Open Badges 3.0 as vc+jwt without the database: the credential's fields, signing and every
verdict of the verifier (valid, tampered, refused header, unknown key, expired, revoked,
incomplete), on our own credentials and on the specification's sample OpenBadgeCredential."""

import base64
import copy
import datetime
import hashlib
import json
from decimal import Decimal

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from professionalisation.credentials import keys, openbadges
from professionalisation.credentials.openbadges import Revocation, Status

ISSUER_ID = "https://portal.iclon.example/credentials/issuer/"
NOW = datetime.datetime(2027, 3, 24, 13, 2, 11, tzinfo=datetime.UTC)

# The specification's "Sample OpenBadgeCredential" (Open Badges 3.0.3, section 8.1).
SPEC_SAMPLE = {
    "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ],
    "id": "http://example.com/credentials/3527",
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "issuer": {"id": "https://example.com/issuers/876543", "type": ["Profile"], "name": "Example Corp"},
    "validFrom": "2010-01-01T00:00:00Z",
    "name": "Teamwork Badge",
    "credentialSubject": {
        "id": "did:example:ebfeb1f712ebc6f1c276e12ec21",
        "type": ["AchievementSubject"],
        "achievement": {
            "id": "https://example.com/achievements/21st-century-skills/teamwork",
            "type": ["Achievement"],
            "criteria": {
                "narrative": "Team members are nominated for this badge by their peers and recognized upon review "
                "by Example Corp management."
            },
            "description": "This badge recognizes the development of the capacity to collaborate within a group "
            "environment.",
            "name": "Teamwork",
        },
    },
}


def issuer() -> openbadges.Issuer:
    return openbadges.Issuer(
        id=ISSUER_ID,
        name="ICLON – Leiden University Graduate School of Teaching",
        url="https://www.universiteitleiden.nl/iclon",
        email="nascholing@iclon.leidenuniv.nl",
        country="the Netherlands",
        country_code="NL",
        region="Zuid-Holland",
        locality="Leiden",
        street="Kolffpad 1",
        postal_code="2333 BN",
    )


def achievement(**overrides) -> openbadges.Achievement:
    values = {
        "id": "https://portal.iclon.example/professionalisation/activities/formatief/",
        "name": "Formative assessment",
        "description": "An afternoon on formative assessment in class.",
        "language": "en",
        "learning_outcomes": ["Applies formative assessment in class.", "Underpins choices with research."],
        "eqf_level": 6,
        "assessment_type": "portfolio",
        "assessment_label": "Portfolio",
        "participation_form": "hybrid",
        "participation_label": "Hybrid",
        "quality_assurance": "Internal quality assurance of ICLON.",
        "field_of_study": "Education",
        "credits_ec": Decimal("2.5"),
        "hours": 70,
        "region": "Holland Rijnland",
        "criteria_intro": "Completed:",
    }
    return openbadges.Achievement(**(values | overrides))


def build(**overrides) -> dict:
    return openbadges.credential_build(
        credential_id="urn:uuid:1f0c8a9e-5b7d-4f61-9a52-0c3e8d2b7a41",
        issuer=issuer(),
        learner=openbadges.Learner(name="Tessa Teacher", email="Tessa@Example.org", salt="pepper"),
        achievement=achievement(**overrides),
        issued_at=NOW,
        status_url="https://portal.iclon.example/credentials/status/",
    )


@pytest.fixture
def key():
    return Ed25519PrivateKey.generate()


def kid(key) -> str:
    return f"{ISSUER_ID}#{keys.thumbprint(key.public_key())}"


NOT_REVOKED = Revocation(revoked=False)


def check(token, key, *, revoked: Revocation | None = NOT_REVOKED, now=NOW, issuer_id=ISSUER_ID):
    known = {kid(key): key.public_key()}
    return openbadges.verify(
        token, issuer_id=issuer_id, resolve_key=known.get, revocation=lambda credential_id: revoked, now=now
    )


def segments(token: str) -> list[str]:
    return token.split(".")


def decode(part: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def encode(value: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()


# --- the credential --------------------------------------------------------------------------------


def test_the_credential_has_every_required_field_of_ob_3():
    credential = build()

    assert openbadges.structure_problems(credential) == []
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"] == "urn:uuid:1f0c8a9e-5b7d-4f61-9a52-0c3e8d2b7a41"
    assert credential["validFrom"] == "2027-03-24T13:02:11Z"
    assert credential["name"] == "Formative assessment"
    assert credential["credentialStatus"] == {
        "id": "https://portal.iclon.example/credentials/status/",
        "type": "1EdTechRevocationList",
    }
    assert credential["credentialSchema"] == [
        {
            "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
            "type": "1EdTechJsonSchemaValidator2019",
        }
    ]


def test_the_issuer_is_a_profile_with_its_country_and_region():
    profile = build()["issuer"]

    assert profile["id"] == ISSUER_ID
    assert profile["type"] == ["Profile"]
    assert profile["name"] == "ICLON – Leiden University Graduate School of Teaching"
    assert profile["address"] == {
        "type": ["Address"],
        "addressCountry": "the Netherlands",
        "addressCountryCode": "NL",
        "addressRegion": "Zuid-Holland",
        "addressLocality": "Leiden",
        "streetAddress": "Kolffpad 1",
        "postalCode": "2333 BN",
    }


def test_the_learner_is_identified_by_a_salted_hash_of_the_email_and_by_name():
    subject = build()["credentialSubject"]

    expected = "sha256$" + hashlib.sha256(b"tessa@example.orgpepper").hexdigest()
    assert subject["type"] == ["AchievementSubject"]
    assert subject["identifier"] == [
        {
            "type": "IdentityObject",
            "identityType": "emailAddress",
            "hashed": True,
            "identityHash": expected,
            "salt": "pepper",
        },
        {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": "Tessa Teacher"},
    ]
    assert subject["creditsEarned"] == 2.5
    assert "tessa@example.org" not in json.dumps(build()).lower()


def test_the_achievement_carries_the_eu_elements():
    body = build()["credentialSubject"]["achievement"]

    assert body["type"] == ["Achievement"]
    assert body["achievementType"] == "MicroCredential"
    assert body["creditsAvailable"] == 2.5
    assert body["inLanguage"] == "en"
    assert body["criteria"] == {
        "narrative": "Completed:\n- Applies formative assessment in class.\n- Underpins choices with research."
    }
    assert body["alignment"] == [
        {
            "type": ["Alignment"],
            "targetName": "EQF 6",
            "targetUrl": "https://europa.eu/europass/en/description-eight-eqf-levels",
            "targetFramework": "European Qualifications Framework",
            "targetCode": "6",
            "targetType": "ext:EQFLevel",
        }
    ]
    assert body["creator"]["id"] == ISSUER_ID
    assert body["euMicrocredential"] == {
        "type": "EUMicrocredentialElements",
        "learningOutcomes": ["Applies formative assessment in class.", "Underpins choices with research."],
        "eqfLevel": 6,
        "assessmentType": {"code": "portfolio", "label": "Portfolio"},
        "participationForm": {"code": "hybrid", "label": "Hybrid"},
        "qualityAssurance": "Internal quality assurance of ICLON.",
        "awardingBody": "ICLON – Leiden University Graduate School of Teaching",
        "issuerCountry": "NL",
        "region": "Holland Rijnland",
        "workloadHours": 70,
    }


def test_whole_credits_are_whole_numbers_and_missing_credits_are_left_out():
    assert build(credits_ec=Decimal("3.0"))["credentialSubject"]["achievement"]["creditsAvailable"] == 3
    credential = build(credits_ec=None, hours=None)
    assert "creditsAvailable" not in credential["credentialSubject"]["achievement"]
    assert "creditsEarned" not in credential["credentialSubject"]
    assert "workloadHours" not in credential["credentialSubject"]["achievement"]["euMicrocredential"]


def test_the_specifications_sample_passes_the_structure_check():
    assert openbadges.structure_problems(SPEC_SAMPLE) == []


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        (["name"], "name"),
        (["validFrom"], "validFrom"),
        (["issuer", "id"], "issuer.id"),
        (["credentialSubject", "achievement"], "credentialSubject.achievement"),
        (["credentialSubject", "achievement", "criteria"], "credentialSubject.achievement.criteria"),
        (["credentialSubject", "achievement", "description"], "credentialSubject.achievement.description"),
        (["credentialSubject", "id"], "credentialSubject.id|identifier"),
    ],
)
def test_the_structure_check_names_a_missing_required_field(path, problem):
    sample = copy.deepcopy(SPEC_SAMPLE)
    holder = sample
    for name in path[:-1]:
        holder = holder[name]
    del holder[path[-1]]

    assert openbadges.structure_problems(sample) == [problem]


def test_the_structure_check_wants_the_credential_types_and_the_vc_2_context():
    sample = copy.deepcopy(SPEC_SAMPLE) | {"type": ["VerifiableCredential"], "@context": ["https://x.example"]}

    assert openbadges.structure_problems(sample) == [
        "@context[0] = https://www.w3.org/ns/credentials/v2",
        "type: VerifiableCredential, OpenBadgeCredential",
    ]


# --- signing and verifying --------------------------------------------------------------------------


def test_the_jwt_header_is_eddsa_vc_jwt_with_the_kid_and_the_payload_is_the_credential(key):
    credential = build()
    token = openbadges.sign(credential, key=key, kid=kid(key))

    header, payload, signature = segments(token)
    assert decode(header) == {"alg": "EdDSA", "typ": "vc+jwt", "kid": kid(key)}
    assert decode(payload) == credential
    assert len(keys.b64url_decode(signature)) == 64


def test_sign_then_verify_is_valid(key):
    credential = build()
    result = check(openbadges.sign(credential, key=key, kid=kid(key)), key)

    assert result.status == Status.VALID
    assert result.valid is True
    assert result.credential == credential
    assert result.message == "This credential is genuine: ICLON issued it and has not revoked it."


def test_the_specifications_sample_signed_by_its_issuer_verifies(key):
    issuer_id = SPEC_SAMPLE["issuer"]["id"]
    token = openbadges.sign(SPEC_SAMPLE, key=key, kid=f"{issuer_id}#{keys.thumbprint(key.public_key())}")
    known = {f"{issuer_id}#{keys.thumbprint(key.public_key())}": key.public_key()}

    result = openbadges.verify(
        token, issuer_id=issuer_id, resolve_key=known.get, revocation=lambda _id: Revocation(False), now=NOW
    )

    assert result.status == Status.VALID


@pytest.mark.parametrize("position", [0, 17, -1])
def test_one_changed_character_in_the_payload_is_tampered(key, position):
    token = openbadges.sign(build(), key=key, kid=kid(key))
    header, payload, signature = segments(token)
    index = position % len(payload)
    changed = payload[:index] + ("A" if payload[index] != "A" else "B") + payload[index + 1 :]

    result = check(f"{header}.{changed}.{signature}", key)

    assert result.status == Status.TAMPERED
    assert result.message == "The signature does not match: this credential has been changed after ICLON signed it."


def test_a_changed_claim_re_encoded_is_tampered(key):
    token = openbadges.sign(build(), key=key, kid=kid(key))
    header, payload, signature = segments(token)
    claims = decode(payload)
    claims["credentialSubject"]["achievement"]["creditsAvailable"] = 30

    result = check(f"{header}.{encode(claims)}.{signature}", key)

    assert result.status == Status.TAMPERED
    assert result.credential["credentialSubject"]["achievement"]["creditsAvailable"] == 30


def test_a_signature_of_another_key_is_tampered(key):
    other = Ed25519PrivateKey.generate()
    token = openbadges.sign(build(), key=other, kid=kid(key))

    assert check(token, key).status == Status.TAMPERED


@pytest.mark.parametrize("algorithm", ["none", "HS256", "ES256", None])
def test_a_header_with_another_algorithm_is_refused(key, algorithm):
    token = openbadges.sign(build(), key=key, kid=kid(key))
    header, payload, signature = segments(token)
    forged = encode({"alg": algorithm, "typ": "vc+jwt", "kid": kid(key)})

    for candidate in (f"{forged}.{payload}.{signature}", f"{forged}.{payload}."):
        result = check(candidate, key)
        assert result.status == Status.INVALID
        assert result.valid is False
        assert result.message == (
            f"The credential is refused: it must be signed with EdDSA (Ed25519), not with {json.dumps(algorithm)}."
        )


def test_a_header_of_another_type_is_refused(key):
    token = openbadges.sign(build(), key=key, kid=kid(key))
    _header, payload, signature = segments(token)
    forged = encode({"alg": "EdDSA", "typ": "JWT", "kid": kid(key)})

    result = check(f"{forged}.{payload}.{signature}", key)

    assert (result.status, result.message) == (Status.INVALID, "This is not a credential of type vc+jwt.")


def test_an_unknown_kid_is_an_unknown_issuer(key):
    token = openbadges.sign(build(), key=key, kid=f"{ISSUER_ID}#not-a-key-of-ours")

    result = check(token, key)

    assert result.status == Status.UNKNOWN_ISSUER
    assert result.message == "This credential was not signed with a key of ICLON, so it cannot be verified here."
    assert result.credential["name"] == "Formative assessment"


def test_a_kid_of_another_issuer_is_an_unknown_issuer_even_with_our_key_id(key):
    thumbprint = keys.thumbprint(key.public_key())
    token = openbadges.sign(build(), key=key, kid=f"https://elsewhere.example/issuer#{thumbprint}")

    assert check(token, key).status == Status.UNKNOWN_ISSUER


def test_a_revoked_credential_is_revoked_with_its_reason(key):
    token = openbadges.sign(build(), key=key, kid=kid(key))

    result = check(token, key, revoked=Revocation(revoked=True, reason="Attendance was corrected."))

    assert result.status == Status.REVOKED
    assert result.message == "ICLON has revoked this credential. Reason: Attendance was corrected."


def test_a_credential_the_issuer_has_no_record_of_is_invalid(key):
    token = openbadges.sign(build(), key=key, kid=kid(key))

    result = check(token, key, revoked=None)

    assert (result.status, result.message) == (Status.INVALID, "ICLON has no record of this credential.")


def test_an_expired_credential_is_expired(key):
    credential = build() | {"validUntil": "2027-06-01T00:00:00Z"}
    token = openbadges.sign(credential, key=key, kid=kid(key))

    assert check(token, key).status == Status.VALID
    result = check(token, key, now=datetime.datetime(2027, 6, 2, tzinfo=datetime.UTC))
    assert (result.status, result.message) == (Status.EXPIRED, "This credential has expired.")


def test_a_credential_from_the_future_is_not_valid_yet(key):
    token = openbadges.sign(build(), key=key, kid=kid(key))

    result = check(token, key, now=NOW - datetime.timedelta(days=1))

    assert (result.status, result.message) == (Status.INVALID, "This credential is not valid yet.")


def test_a_signed_but_incomplete_credential_is_invalid_with_the_missing_fields(key):
    credential = build()
    del credential["name"]

    result = check(openbadges.sign(credential, key=key, kid=kid(key)), key)

    assert result.status == Status.INVALID
    assert result.problems == ["name"]
    assert result.message == "This is not a complete Open Badges 3.0 credential; missing or wrong: name."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("hello", "This is not a signed credential (a JWT has three parts separated by dots)."),
        ("a.b", "This is not a signed credential (a JWT has three parts separated by dots)."),
        ("!!!.abc.def", "This is not a signed credential: its header cannot be read."),
        ("eyJhbGciOiJFZERTQSJ9.e30", "This is not a signed credential (a JWT has three parts separated by dots)."),
    ],
)
def test_garbage_is_not_a_credential(key, text, message):
    result = check(text, key)

    assert (result.status, result.message, result.credential) == (Status.INVALID, message, None)


# --- what the verifier accepts ---------------------------------------------------------------------


def test_the_verifier_takes_the_jwt_plain_or_wrapped_in_json(key):
    token = openbadges.sign(build(), key=key, kid=kid(key))

    assert openbadges.extract(f"  {token}\n") == token
    assert openbadges.extract(token.encode()) == token
    assert openbadges.extract(json.dumps({"jwt": token})) == token
    assert openbadges.extract({"credential": token}) == token
    assert openbadges.extract(json.dumps(token)) == token
    assert openbadges.extract(json.dumps(build())) == build()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Paste a credential or choose a file."),
        ("{not json", "This is not a credential: the JSON cannot be read."),
        (b"\xff\xfe", "The file is not a credential: it is not text."),
        ("[1, 2]", "This is not a credential."),
        ("x" * 200_001, "This is too long to be a credential."),
    ],
)
def test_the_verifier_refuses_what_holds_no_credential(value, message):
    with pytest.raises(openbadges.NotACredential) as error:
        openbadges.extract(value)

    assert str(error.value) == message


def test_a_key_is_published_as_an_okp_jwk_with_its_thumbprint(key):
    public = key.public_key()

    value = keys.jwk(public, kid="k")

    assert value == {
        "kty": "OKP",
        "crv": "Ed25519",
        "x": keys.b64url(keys.raw_public(public)),
        "kid": "k",
        "alg": "EdDSA",
        "use": "sig",
    }
    members = json.dumps({"crv": "Ed25519", "kty": "OKP", "x": value["x"]}, separators=(",", ":")).encode()
    assert keys.thumbprint(public) == keys.b64url(hashlib.sha256(members).digest())


def test_the_stored_private_key_is_encrypted_and_comes_back(settings, key):
    pem = keys.encrypt_private(key)

    assert pem.startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----")
    assert keys.raw_public(keys.decrypt_private(pem).public_key()) == keys.raw_public(key.public_key())
    settings.SECRET_KEY = "another secret key for the test, long enough to be a secret key"
    with pytest.raises(ValueError):
        keys.decrypt_private(pem)
