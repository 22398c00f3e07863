"""Open Badges 2.0 export of microcredentials: hosted JSON-LD documents that Edubadges (SURF) and
other Badgr-based backpacks import by URL. Pure functions, no ORM: the views pass what they read.

Those backpacks import OB 2.0 Assertions with hosted verification: they fetch the Assertion at
its `id`, then its BadgeClass and the issuer Profile, and fetch the Assertion again whenever they
re-check it. So the three documents are public, at stable URLs on the portal's origin (the
default verification scope of an issuer Profile without a `verification` object):

- the Issuer Profile of ICLON (`name`, `url`, `email` are required of an issuer);
- a BadgeClass per activity and language (the credential's language), its `criteria` the
  learning outcomes and the activity's page, its `image` an SVG the portal draws (badge_image);
- an Assertion per microcredential, at its unguessable uuid. The recipient is the learner's
  e-mail address hashed with a salt (`sha256$` + sha256(e-mail + salt)), never the address in
  clear. The salt is an HMAC of the credential id with the portal's SECRET_KEY: the same for a
  credential on every request, different for each credential, and not stored anywhere.
  A revoked Assertion is answered with 410 Gone and `{id, revoked: true, revocationReason}`.

The signed OB 3.0 credential (openbadges.py) stays the credential of record; this is an export.
"""

from __future__ import annotations

import datetime
import textwrap
from dataclasses import dataclass, field
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.crypto import salted_hmac
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from professionalisation.credentials.openbadges import EQF_URL, Issuer, identity_hash

CONTEXT = "https://w3id.org/openbadges/v2"
#: The key salt of the recipient salt's HMAC (with SECRET_KEY): changing it changes every salt.
SALT_PURPOSE = "professionalisation.credentials.ob2.recipient-salt"
EQF_FRAMEWORK = "European Qualifications Framework"
#: The image's title: at most this many lines of about this many characters.
IMAGE_LINES = 3
IMAGE_LINE_WIDTH = 20


@dataclass(frozen=True)
class Badge:
    """What a BadgeClass says, in one language: the activity and its microcredential description."""

    id: str
    issuer_id: str
    name: str
    description: str
    image: str
    criteria_url: str
    language: str
    learning_outcomes: list[str] = field(default_factory=list)
    eqf_level: int | None = None
    assessment_label: str = ""
    credits_ec: Decimal | None = None
    hours: int | None = None


def moment(value: datetime.datetime) -> str:
    """An ISO 8601 DateTime with a time zone, in UTC, as OB 2.0 requires."""
    return value.astimezone(datetime.UTC).replace(microsecond=0).isoformat()


def recipient_salt(credential_id: str) -> str:
    """The salt of a credential's hashed recipient: stable per credential, derived (not stored)."""
    return salted_hmac(SALT_PURPOSE, credential_id, algorithm="sha256").hexdigest()[:32]


def recipient(email: str, salt: str) -> dict:
    """The IdentityObject: the e-mail address (trimmed, lower case) hashed with the salt."""
    return {
        "type": "email",
        "hashed": True,
        "salt": salt,
        "identity": identity_hash(email.strip().lower(), salt),
    }


def issuer_profile(issuer: Issuer, *, id: str, image: str = "") -> dict:
    """ICLON as an OB 2.0 Issuer Profile hosted at `id`."""
    profile: dict[str, object] = {
        "@context": CONTEXT,
        "type": "Issuer",
        "id": id,
        "name": issuer.name,
        "url": issuer.url,
        "email": issuer.email,
    }
    if issuer.description:
        profile["description"] = issuer.description
    if image:
        profile["image"] = image
    return profile


def _plain(value: Decimal) -> Decimal | int:
    return int(value) if value == value.to_integral_value() else value.normalize()


def facts(badge: Badge) -> list[str]:
    """The workload and level as short phrases: "2.5 EC", "70 hours", "EQF level 6"."""
    phrases = []
    if badge.credits_ec is not None:
        phrases.append(_("%(credits)s EC") % {"credits": number_format(_plain(badge.credits_ec))})
    if badge.hours is not None:
        phrases.append(_("%(hours)s hours") % {"hours": badge.hours})
    if badge.eqf_level is not None:
        phrases.append(_("EQF level %(level)s") % {"level": badge.eqf_level})
    return phrases


def criteria_narrative(badge: Badge) -> str:
    """The criteria in Markdown: what was completed, the learning outcomes, the assessment."""
    if badge.learning_outcomes:
        parts = [
            _("Completed the activity and its assessment; the learning outcomes achieved:"),
            "\n".join(f"- {outcome}" for outcome in badge.learning_outcomes),
        ]
    else:
        parts = [_("Completed the activity and its assessment.")]
    if badge.assessment_label:
        parts.append(_("Type of assessment: %(type)s.") % {"type": badge.assessment_label})
    return "\n\n".join(parts)


def badge_class(badge: Badge) -> dict:
    """The OB 2.0 BadgeClass of an activity's microcredential, hosted at `badge.id`."""
    description = badge.description.strip()
    phrases = facts(badge)
    if phrases:
        summary = _("Microcredential of ICLON, Leiden University: %(facts)s.") % {"facts": ", ".join(phrases)}
        description = f"{description}\n\n{summary}" if description else summary
    tags = ["Microcredential", "ICLON"]
    if badge.credits_ec is not None:
        tags.append(f"{_plain(badge.credits_ec)} EC")
    if badge.eqf_level is not None:
        tags.append(f"EQF {badge.eqf_level}")
    document: dict[str, object] = {
        "@context": CONTEXT,
        "type": "BadgeClass",
        "id": badge.id,
        "name": badge.name,
        "description": description,
        "image": badge.image,
        "criteria": {"id": badge.criteria_url, "narrative": criteria_narrative(badge)},
        "issuer": badge.issuer_id,
        "tags": tags,
    }
    if badge.eqf_level is not None:
        document["alignment"] = [
            {
                "targetName": f"EQF {badge.eqf_level}",
                "targetUrl": EQF_URL,
                "targetDescription": _("Level %(level)s of the European Qualifications Framework")
                % {"level": badge.eqf_level},
                "targetFramework": EQF_FRAMEWORK,
                "targetCode": str(badge.eqf_level),
            }
        ]
    return document


def assertion(*, id: str, badge_id: str, email: str, salt: str, issued_at: datetime.datetime) -> dict:
    """The hosted OB 2.0 Assertion of one credential (`id` is the URL it is served at)."""
    return {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": id,
        "recipient": recipient(email, salt),
        "badge": badge_id,
        "verification": {"type": "hosted"},
        "issuedOn": moment(issued_at),
    }


def revoked_assertion(*, id: str, reason: str) -> dict:
    """What a revoked hosted Assertion answers (with 410 Gone): only `id` and `revoked` are required."""
    document: dict[str, object] = {"@context": CONTEXT, "type": "Assertion", "id": id, "revoked": True}
    if reason:
        document["revocationReason"] = reason
    return document


def image_caption(badge: Badge) -> str:
    """The image's caption: the workload in EC and the level ("2.5 EC · EQF 6")."""
    parts = [f"{number_format(_plain(badge.credits_ec))} EC"] if badge.credits_ec is not None else []
    if badge.eqf_level is not None:
        parts.append(f"EQF {badge.eqf_level}")
    return " · ".join(parts) or "ICLON"


def _title_lines(name: str) -> list[str]:
    lines = textwrap.wrap(name, IMAGE_LINE_WIDTH, break_long_words=True) or [""]
    if len(lines) > IMAGE_LINES:
        lines = lines[:IMAGE_LINES]
        lines[-1] = lines[-1][: IMAGE_LINE_WIDTH - 1].rstrip() + "…"
    return lines


def badge_image(*, name: str, caption: str) -> str:
    """The badge's image: a round SVG with ICLON's mark, the title and a caption (workload, level).
    No script, no external reference (backpacks store and sanitise it)."""
    lines = _title_lines(name)
    size = 26 if len(lines) < IMAGE_LINES else 23
    first = 188 - (len(lines) - 1) * (size + 6) / 2
    title = "".join(
        f'<tspan x="200" y="{first + index * (size + 6):.0f}">{escape(line)}</tspan>'
        for index, line in enumerate(lines)
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400">'
        f"<title>{escape(name)}</title>"
        '<circle cx="200" cy="200" r="198" fill="#001158"/>'
        '<circle cx="200" cy="200" r="182" fill="#ffffff"/>'
        '<circle cx="200" cy="200" r="172" fill="none" stroke="#7fcbef" stroke-width="4"/>'
        '<g transform="translate(150 22) scale(2.5)">'
        '<path d="M7.5 13.2c4.3-1.7 8.5-1.3 12.5 1.2v16.4c-4-2.5-8.2-2.9-12.5-1.2z" fill="#001158"/>'
        '<path d="M32.5 13.2c-4.3-1.7-8.5-1.3-12.5 1.2v16.4c4-2.5 8.2-2.9 12.5-1.2z" fill="#7fcbef"/>'
        '<circle cx="20" cy="7.6" r="2.6" fill="#7fcbef"/></g>'
        f'<text text-anchor="middle" font-family="Arial, Helvetica, sans-serif" font-size="{size}" '
        f'font-weight="700" fill="#001158">{title}</text>'
        '<rect x="56" y="262" width="288" height="42" rx="6" fill="#001158"/>'
        '<text x="200" y="290" text-anchor="middle" font-family="Arial, Helvetica, sans-serif" font-size="18" '
        'font-weight="700" letter-spacing="2" fill="#ffffff">MICROCREDENTIAL</text>'
        '<text x="200" y="334" text-anchor="middle" font-family="Arial, Helvetica, sans-serif" font-size="17" '
        f'fill="#001158">{escape(caption)}</text>'
        "</svg>"
    )
