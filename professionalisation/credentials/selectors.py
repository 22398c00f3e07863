"""Reads of microcredentials: the credentials a viewer may see (one scoped queryset), the issuer's
profile and published keys, the revocation list, and verification of a credential someone pastes
or uploads (a read: it writes nothing)."""

from __future__ import annotations

import datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from iclon.accounts.models import User
from professionalisation.activities.models import Activity
from professionalisation.credentials import keys, openbadges
from professionalisation.credentials.models import Microcredential, MicrocredentialSpec, SigningKey
from professionalisation.credentials.permissions import Viewer, sees_all_credentials

#: The awarding body. Its address is ICLON's; its id is the issuer profile's stable URL.
ISSUER_NAME = "ICLON – Leiden University Graduate School of Teaching"
ISSUER_URL = "https://www.universiteitleiden.nl/iclon"
ISSUER_EMAIL = "nascholing@iclon.leidenuniv.nl"


def absolute(path: str) -> str:
    return f"{settings.PORTAL_BASE_URL}{path}"


def issuer_id() -> str:
    """The issuer profile's URL: the `issuer.id` of every credential and the base of its `kid`."""
    return absolute(reverse("credentials:issuer"))


def status_url() -> str:
    return absolute(reverse("credentials:status"))


def issuer_facts() -> openbadges.Issuer:
    return openbadges.Issuer(
        id=issuer_id(),
        name=ISSUER_NAME,
        url=ISSUER_URL,
        email=ISSUER_EMAIL,
        country=_("the Netherlands"),
        country_code="NL",
        region="Zuid-Holland",
        locality="Leiden",
        street="Kolffpad 1",
        postal_code="2333 BN",
        description=_("The teacher education and professional development institute of Leiden University."),
        parent_name="Leiden University",
        parent_url="https://www.universiteitleiden.nl",
    )


def kid_of(key: SigningKey) -> str:
    return f"{issuer_id()}#{key.key_id}"


def published_keys() -> list[SigningKey]:
    """Every key ever used, active first: old credentials keep verifying after a rotation."""
    return list(SigningKey.objects.order_by("-active", "-created_at", "pk"))


def public_jwks() -> list[tuple[str, dict]]:
    return [(kid_of(key), keys.jwk(keys.load_public(key.public_key_pem), kid=kid_of(key))) for key in published_keys()]


def issuer_document() -> dict:
    return openbadges.issuer_document(issuer_facts(), public_jwks())


def jwks_document() -> dict:
    return {"keys": [jwk for _kid, jwk in public_jwks()]}


def revocation_list() -> dict:
    """The 1EdTech Revocation List of the issuer: every revoked credential with its reason."""
    revoked = Microcredential.objects.filter(revoked_at__isnull=False).order_by("revoked_at", "pk")
    return {
        "id": status_url(),
        "issuer": issuer_id(),
        "revokedCredentials": [
            {"id": credential_id, "revoked": True, "revocationReason": reason}
            for credential_id, reason in revoked.values_list("credential_id", "revoke_reason")
        ],
    }


# --- the credentials a viewer sees ----------------------------------------------------------------


def microcredential_list_for_user(*, user: Viewer) -> QuerySet[Microcredential]:
    """The credentials `user` may see, newest first, with what the pages and the API show: the
    learner their own, staff with the view permission all, everybody else none."""
    rows = Microcredential.objects.select_related(
        "participant", "revoked_by", "completion__registration__session__activity"
    ).order_by("-issued_at", "pk")
    if sees_all_credentials(user):
        return rows
    if user is None or not user.is_authenticated or not user.is_active:
        return rows.none()
    assert isinstance(user, User)
    return rows.filter(participant=user)


def microcredential_get_for_user(*, user: Viewer, uuid: str) -> Microcredential:
    """One credential the viewer may see, by the uuid of its id; DoesNotExist otherwise."""
    return microcredential_list_for_user(user=user).get(credential_id=f"urn:uuid:{uuid}")


# --- verification ---------------------------------------------------------------------------------


def _resolve_key(kid: str) -> Ed25519PublicKey | None:
    key = SigningKey.objects.filter(key_id=kid.partition("#")[2]).first()
    return keys.load_public(key.public_key_pem) if key else None


def _revocation(credential_id: str) -> openbadges.Revocation | None:
    row = Microcredential.objects.filter(credential_id=credential_id).values("revoked_at", "revoke_reason").first()
    if row is None:
        return None
    return openbadges.Revocation(revoked=row["revoked_at"] is not None, reason=row["revoke_reason"])


def _check_unsigned(credential: dict, now: datetime.datetime) -> openbadges.Result:
    """A decoded credential without its signature: genuine only if it is exactly what ICLON
    issued under that id (ICLON keeps each credential it signed)."""
    stored = Microcredential.objects.filter(credential_id=str(credential.get("id", ""))).first()
    if stored is None:
        problems = openbadges.structure_problems(credential)
        if problems:
            return openbadges.Result(
                openbadges.Status.INVALID,
                _("This is not a complete Open Badges 3.0 credential; missing or wrong: %(fields)s.")
                % {"fields": ", ".join(problems)},
                credential=credential,
                problems=problems,
            )
        return openbadges.Result(
            openbadges.Status.UNKNOWN_ISSUER,
            _("ICLON has no record of this credential, and it carries no signature that could be checked."),
            credential=credential,
        )
    if stored.credential != credential:
        return openbadges.Result(
            openbadges.Status.TAMPERED,
            _("This credential differs from the one ICLON issued under this id: it has been changed."),
            credential=credential,
        )
    return openbadges.check_signed(credential, issuer_id=issuer_id(), revocation=_revocation, now=now)


def credential_verify(value: str | bytes | dict, *, now: datetime.datetime | None = None) -> openbadges.Result:
    """Verify what someone pasted or uploaded: a compact `vc+jwt`, JSON holding one
    (`{"jwt": …}`, `{"credential": …}`), or a decoded credential (compared with ICLON's record)."""
    now = now or timezone.now()
    try:
        extracted = openbadges.extract(value)
    except openbadges.NotACredential as error:
        return openbadges.Result(openbadges.Status.INVALID, str(error))
    if isinstance(extracted, dict):
        return _check_unsigned(extracted, now)
    return openbadges.verify(
        extracted, issuer_id=issuer_id(), resolve_key=_resolve_key, revocation=_revocation, now=now
    )


# --- the Open Badges 2.0 export (views.py, ob2.py) ----------------------------------------------


def badge_activity(activity_id: int) -> tuple[Activity, MicrocredentialSpec | None]:
    """The activity of a BadgeClass with its microcredential description (one query), also when the
    description was removed after the activity gave credentials (their Assertions keep pointing to
    its BadgeClass; a second query); Http404 for any other activity."""
    activity = Activity.objects.select_related("microcredential_spec").filter(pk=activity_id).first()
    if activity is None:
        raise Http404
    try:
        return activity, activity.microcredential_spec
    except MicrocredentialSpec.DoesNotExist:
        if not Microcredential.objects.filter(completion__registration__session__activity=activity).exists():
            raise Http404 from None
        return activity, None


def microcredential_by_uuid(uuid: object) -> Microcredential:
    """A credential by the uuid of its id, for its public hosted Assertion (the uuid is the secret
    of the address), with its session joined; Http404 when there is none."""
    credential = (
        Microcredential.objects.select_related("completion__registration__session")
        .filter(credential_id=f"urn:uuid:{uuid}")
        .first()
    )
    if credential is None:
        raise Http404
    return credential
