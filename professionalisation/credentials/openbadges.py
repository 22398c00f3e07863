"""Open Badges 3.0 credentials as VC-JOSE (`vc+jwt`): build, sign, verify. Pure functions, no ORM.

The credential is an `OpenBadgeCredential` (OB 3.0.3, W3C Verifiable Credentials 2.0). It is
secured as VC-JOSE-COSE prescribes: a JWS in compact serialisation whose protected header is
`{"alg": "EdDSA", "typ": "vc+jwt", "kid": "<issuer profile URL>#<key id>"}` and whose payload IS
the credential JSON (not wrapped in a "vc" claim). The signature is Ed25519 (RFC 8037), made and
checked with `cryptography`.

Where the EU Council Recommendation's mandatory elements go:

| element | field |
| --- | --- |
| learner | `credentialSubject.identifier`: the e-mail address hashed with a salt (sha256$…) and the name |
| title | `name`, `credentialSubject.achievement.name` |
| country/region of the issuer | `issuer.address` (`addressCountryCode` "NL", `addressRegion`) |
| awarding body | `issuer` (and `achievement.creator`) |
| date of issuing | `validFrom` |
| learning outcomes | `achievement.criteria.narrative` (a list) and `euMicrocredential.learningOutcomes` |
| notional workload | `achievement.creditsAvailable` (ECTS), `credentialSubject.creditsEarned`, hours in the extension |
| level (EQF) | `achievement.alignment` to the European Qualifications Framework, and the extension |
| type of assessment, form of participation, type of quality assurance | `achievement.euMicrocredential` |

`euMicrocredential` is an extension object on the Achievement (the OB 3.0 JSON schema allows
additional properties there; the VC 2.0 context's `@vocab` maps its terms to issuer-dependent
IRIs). Its `type` is "EUMicrocredentialElements".

Revocation: `credentialStatus` is a 1EdTech Revocation List entry pointing at the issuer's list.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.utils.translation import gettext as _

from professionalisation.credentials.keys import b64url, b64url_decode

CONTEXTS = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
CREDENTIAL_TYPES = ["VerifiableCredential", "OpenBadgeCredential"]
SCHEMA = {
    "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
    "type": "1EdTechJsonSchemaValidator2019",
}
STATUS_TYPE = "1EdTechRevocationList"
ALGORITHM = "EdDSA"
MEDIA_TYPE = "vc+jwt"
EQF_URL = "https://europa.eu/europass/en/description-eight-eqf-levels"
EXTENSION = "euMicrocredential"
#: Clock difference tolerated between issuer and verifier.
LEEWAY = datetime.timedelta(minutes=5)
#: A credential longer than this is not ours (ours are a few kilobytes).
MAX_LENGTH = 200_000


class Status:
    VALID = "valid"
    REVOKED = "revoked"
    TAMPERED = "tampered"
    INVALID = "invalid"
    UNKNOWN_ISSUER = "unknown_issuer"
    EXPIRED = "expired"


STATUSES = [
    Status.VALID,
    Status.REVOKED,
    Status.TAMPERED,
    Status.INVALID,
    Status.UNKNOWN_ISSUER,
    Status.EXPIRED,
]


# --- building ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Issuer:
    id: str
    name: str
    url: str
    email: str
    country: str
    country_code: str
    region: str
    locality: str
    street: str
    postal_code: str
    description: str = ""
    parent_name: str = ""
    parent_url: str = ""


@dataclass(frozen=True)
class Learner:
    name: str
    email: str
    salt: str = field(default_factory=lambda: secrets.token_hex(16))


@dataclass(frozen=True)
class Achievement:
    id: str
    name: str
    description: str
    language: str
    learning_outcomes: list[str]
    eqf_level: int
    assessment_type: str
    assessment_label: str
    participation_form: str
    participation_label: str
    quality_assurance: str
    field_of_study: str
    credits_ec: Decimal | None = None
    hours: int | None = None
    region: str = ""
    criteria_intro: str = ""


def identity_hash(value: str, salt: str) -> str:
    """OB 3.0 IdentityHash: "sha256$" and the hex SHA-256 of the value followed by the salt."""
    return "sha256$" + hashlib.sha256((value + salt).encode("utf-8")).hexdigest()


def moment(value: datetime.datetime) -> str:
    """A DateTimeZ as VC 2.0 wants it: UTC, seconds, a Z."""
    return value.astimezone(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def issuer_profile(issuer: Issuer) -> dict:
    """The issuer as an OB 3.0 Profile (embedded in each credential)."""
    profile = {
        "id": issuer.id,
        "type": ["Profile"],
        "name": issuer.name,
        "url": issuer.url,
        "email": issuer.email,
        "address": {
            "type": ["Address"],
            "addressCountry": issuer.country,
            "addressCountryCode": issuer.country_code,
            "addressRegion": issuer.region,
            "addressLocality": issuer.locality,
            "streetAddress": issuer.street,
            "postalCode": issuer.postal_code,
        },
    }
    if issuer.description:
        profile["description"] = issuer.description
    if issuer.parent_name:
        # The institution the issuer belongs to (where Edubadges' OB 3.0 model puts it too).
        profile["parentOrg"] = {
            "id": issuer.parent_url,
            "type": ["Profile"],
            "name": issuer.parent_name,
            "address": {"type": ["Address"], "addressCountryCode": issuer.country_code},
        }
    return profile


def issuer_document(issuer: Issuer, public_keys: list[tuple[str, dict]]) -> dict:
    """The issuer profile published at its id: the Profile with the verification methods of every
    published key (`(kid, jwk)`); a credential's `kid` is the URL of one of them."""
    return {
        "@context": CONTEXTS,
        **issuer_profile(issuer),
        "verificationMethod": [
            {"id": kid, "type": "JsonWebKey", "controller": issuer.id, "publicKeyJwk": jwk} for kid, jwk in public_keys
        ],
    }


def _criteria(achievement: Achievement) -> str:
    lines = [achievement.criteria_intro] if achievement.criteria_intro else []
    lines += [f"- {outcome}" for outcome in achievement.learning_outcomes]
    return "\n".join(lines)


def _number(value: Decimal) -> float | int:
    return int(value) if value == value.to_integral_value() else float(value)


def credential_build(
    *,
    credential_id: str,
    issuer: Issuer,
    learner: Learner,
    achievement: Achievement,
    issued_at: datetime.datetime,
    status_url: str,
) -> dict:
    """The OpenBadgeCredential (unsigned) for `learner`'s `achievement` (see the module's table)."""
    profile = issuer_profile(issuer)
    extension = {
        "type": "EUMicrocredentialElements",
        "learningOutcomes": achievement.learning_outcomes,
        "eqfLevel": achievement.eqf_level,
        "assessmentType": {"code": achievement.assessment_type, "label": achievement.assessment_label},
        "participationForm": {"code": achievement.participation_form, "label": achievement.participation_label},
        "qualityAssurance": achievement.quality_assurance,
        "awardingBody": issuer.name,
        "issuerCountry": issuer.country_code,
    }
    if achievement.region:
        extension["region"] = achievement.region
    if achievement.hours is not None:
        extension["workloadHours"] = achievement.hours
    body = {
        "id": achievement.id,
        "type": ["Achievement"],
        "achievementType": "MicroCredential",
        "name": achievement.name,
        "description": achievement.description,
        "criteria": {"narrative": _criteria(achievement)},
        "creator": profile,
        "fieldOfStudy": achievement.field_of_study,
        "inLanguage": achievement.language,
        "alignment": [
            {
                "type": ["Alignment"],
                "targetName": f"EQF {achievement.eqf_level}",
                "targetUrl": EQF_URL,
                "targetFramework": "European Qualifications Framework",
                "targetCode": str(achievement.eqf_level),
                # An extended AlignmentTargetType (ext: prefix), the term Edubadges uses as well.
                "targetType": "ext:EQFLevel",
            }
        ],
        EXTENSION: extension,
    }
    subject = {
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityType": "emailAddress",
                "hashed": True,
                "identityHash": identity_hash(learner.email.strip().lower(), learner.salt),
                "salt": learner.salt,
            },
            {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": learner.name},
        ],
        "achievement": body,
    }
    if achievement.credits_ec is not None:
        body["creditsAvailable"] = _number(achievement.credits_ec)
        subject["creditsEarned"] = _number(achievement.credits_ec)
    return {
        "@context": CONTEXTS,
        "id": credential_id,
        "type": CREDENTIAL_TYPES,
        "issuer": profile,
        "validFrom": moment(issued_at),
        "name": achievement.name,
        "description": achievement.description,
        "credentialSubject": subject,
        "credentialStatus": {"id": status_url, "type": STATUS_TYPE},
        "credentialSchema": [SCHEMA],
    }


# --- signing -------------------------------------------------------------------------------------


def _encode(value: dict) -> str:
    return b64url(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))


def sign(credential: dict, *, key: Ed25519PrivateKey, kid: str) -> str:
    """The credential as a compact JWS (`vc+jwt`) signed with `key`."""
    signing_input = f"{_encode({'alg': ALGORITHM, 'typ': MEDIA_TYPE, 'kid': kid})}.{_encode(credential)}"
    return f"{signing_input}.{b64url(key.sign(signing_input.encode('ascii')))}"


# --- checking ------------------------------------------------------------------------------------


def _types(value) -> list:
    if isinstance(value, str):
        return [value]
    return value if isinstance(value, list) else []


def structure_problems(credential: dict) -> list[str]:
    """What an OpenBadgeCredential lacks of the fields OB 3.0.3 and VC 2.0 require (a small
    hand-written check of the JSON schema's `required` lists, no network)."""
    problems = []

    def need(obj, path: str, names: list[str]) -> None:
        for name in names:
            if not isinstance(obj, dict) or obj.get(name) in (None, "", [], {}):
                problems.append(f"{path}{name}")

    need(credential, "", ["@context", "id", "type", "issuer", "validFrom", "name", "credentialSubject"])
    contexts = credential.get("@context")
    if not isinstance(contexts, list) or contexts[:1] != CONTEXTS[:1]:
        problems.append("@context[0] = " + CONTEXTS[0])
    elif not any(
        isinstance(c, str) and c.startswith("https://purl.imsglobal.org/spec/ob/v3p0/context") for c in contexts
    ):
        problems.append("@context: Open Badges 3.0")
    types = _types(credential.get("type"))
    if "VerifiableCredential" not in types or not {"OpenBadgeCredential", "AchievementCredential"} & set(types):
        problems.append("type: VerifiableCredential, OpenBadgeCredential")
    issuer = credential.get("issuer")
    if isinstance(issuer, dict):
        need(issuer, "issuer.", ["id", "type"])
    subject = credential.get("credentialSubject")
    if isinstance(subject, dict):
        need(subject, "credentialSubject.", ["type", "achievement"])
        if not subject.get("id") and not subject.get("identifier"):
            problems.append("credentialSubject.id|identifier")
        for index, identity in enumerate(subject.get("identifier") or []):
            need(identity, f"credentialSubject.identifier[{index}].", ["type", "identityHash", "identityType"])
            if not isinstance(identity, dict) or not isinstance(identity.get("hashed"), bool):
                problems.append(f"credentialSubject.identifier[{index}].hashed")
        achievement = subject.get("achievement")
        if isinstance(achievement, dict):
            need(achievement, "credentialSubject.achievement.", ["id", "type", "name", "description", "criteria"])
            criteria = achievement.get("criteria")
            if isinstance(criteria, dict) and not (criteria.get("id") or criteria.get("narrative")):
                problems.append("credentialSubject.achievement.criteria.id|narrative")
    status = credential.get("credentialStatus")
    if status is not None:
        need(status, "credentialStatus.", ["id", "type"])
    return problems


def _parse_moment(value) -> datetime.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else None


# --- verifying -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Revocation:
    """What the issuer's records say of a credential id: revoked (with a reason) or not."""

    revoked: bool
    reason: str = ""


@dataclass(frozen=True)
class Result:
    status: str
    message: str
    credential: dict | None = None
    header: dict | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.status == Status.VALID


class NotACredential(ValueError):
    """The input holds no compact JWS or credential (its message is translated)."""


def extract(value) -> str | dict:
    """What the verifier was given, as the compact JWT text or, failing that, a credential JSON
    object: the compact text itself, JSON `{"jwt": …}` / `{"credential": …}`, a JSON string, or
    a decoded credential. Raises NotACredential otherwise."""
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            raise NotACredential(_("The file is not a credential: it is not text.")) from None
    if isinstance(value, str):
        text = value.strip()
        if not text:
            raise NotACredential(_("Paste a credential or choose a file."))
        if len(text) > MAX_LENGTH:
            raise NotACredential(_("This is too long to be a credential."))
        if text[:1] in '{["':
            try:
                value = json.loads(text)
            except ValueError:
                raise NotACredential(_("This is not a credential: the JSON cannot be read.")) from None
        else:
            return text
    if isinstance(value, str):
        return extract(value)
    if isinstance(value, dict):
        for wrapper in ("jwt", "credential", "vc"):
            inner = value.get(wrapper)
            if isinstance(inner, str | dict) and set(value) <= {"jwt", "credential", "vc", "type"}:
                return extract(inner) if isinstance(inner, str) else inner
        return value
    raise NotACredential(_("This is not a credential."))


def _json_part(part: str) -> dict | None:
    try:
        value = json.loads(b64url_decode(part).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
    return value if isinstance(value, dict) else None


def verify(
    token: str,
    *,
    issuer_id: str,
    resolve_key: Callable[[str], Ed25519PublicKey | None],
    revocation: Callable[[str], Revocation | None],
    now: datetime.datetime,
) -> Result:
    """Check a compact `vc+jwt`: its form, its header (EdDSA only; "none" and every other
    algorithm are refused), the key (`kid` must name a key of `issuer_id` that `resolve_key`
    knows), the Ed25519 signature, the credential's structure and dates, and its revocation
    (`revocation(credential id)`: None when the issuer has no record of it)."""
    parts = token.split(".")
    if len(parts) != 3 or not all(parts[:2]):
        return Result(Status.INVALID, _("This is not a signed credential (a JWT has three parts separated by dots)."))
    header = _json_part(parts[0])
    if header is None:
        return Result(Status.INVALID, _("This is not a signed credential: its header cannot be read."))
    algorithm = header.get("alg")
    if algorithm != ALGORITHM:
        return Result(
            Status.INVALID,
            _("The credential is refused: it must be signed with EdDSA (Ed25519), not with %(alg)s.")
            % {"alg": json.dumps(algorithm)},
            header=header,
        )
    if header.get("typ") != MEDIA_TYPE or "crit" in header:
        return Result(Status.INVALID, _("This is not a credential of type vc+jwt."), header=header)
    kid = header.get("kid")
    key = resolve_key(kid) if isinstance(kid, str) and kid.startswith(issuer_id + "#") else None
    if key is None:
        return Result(
            Status.UNKNOWN_ISSUER,
            _("This credential was not signed with a key of ICLON, so it cannot be verified here."),
            credential=_json_part(parts[1]),
            header=header,
        )
    try:
        signature = b64url_decode(parts[2])
        key.verify(signature, f"{parts[0]}.{parts[1]}".encode("ascii"))
    except (ValueError, UnicodeEncodeError, InvalidSignature):
        return Result(
            Status.TAMPERED,
            _("The signature does not match: this credential has been changed after ICLON signed it."),
            credential=_json_part(parts[1]),
            header=header,
        )
    credential = _json_part(parts[1])
    if credential is None:
        return Result(Status.INVALID, _("The signed content is not a credential."), header=header)
    return check_signed(credential, issuer_id=issuer_id, revocation=revocation, now=now, header=header)


def check_signed(
    credential: dict,
    *,
    issuer_id: str,
    revocation: Callable[[str], Revocation | None],
    now: datetime.datetime,
    header: dict | None = None,
) -> Result:
    """The checks after the signature: structure, issuer, dates, revocation."""
    problems = structure_problems(credential)
    if problems:
        return Result(
            Status.INVALID,
            _("This is not a complete Open Badges 3.0 credential; missing or wrong: %(fields)s.")
            % {"fields": ", ".join(problems)},
            credential=credential,
            header=header,
            problems=problems,
        )
    issuer = credential["issuer"]
    if (issuer.get("id") if isinstance(issuer, dict) else issuer) != issuer_id:
        return Result(Status.UNKNOWN_ISSUER, _("This credential names another issuer."), credential, header)
    valid_from = _parse_moment(credential.get("validFrom"))
    if valid_from is None or valid_from > now + LEEWAY:
        return Result(Status.INVALID, _("This credential is not valid yet."), credential, header)
    if "validUntil" in credential:
        valid_until = _parse_moment(credential["validUntil"])
        if valid_until is None or valid_until < now:
            return Result(Status.EXPIRED, _("This credential has expired."), credential, header)
    record = revocation(str(credential["id"]))
    if record is None:
        return Result(Status.INVALID, _("ICLON has no record of this credential."), credential, header)
    if record.revoked:
        return Result(
            Status.REVOKED,
            _("ICLON has revoked this credential. Reason: %(reason)s") % {"reason": record.reason},
            credential,
            header,
        )
    return Result(
        Status.VALID, _("This credential is genuine: ICLON issued it and has not revoked it."), credential, header
    )


def decoded(token: str) -> dict | None:
    """The payload of a compact JWS, unchecked (for showing what a refused credential claims)."""
    parts = token.split(".")
    return _json_part(parts[1]) if len(parts) == 3 else None
