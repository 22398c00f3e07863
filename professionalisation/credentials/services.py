"""Every write of microcredentials: issue one for a completion, revoke one, rotate the signing key.

Issuing is triggered by the completion slice's `completion_recorded` (receivers.py, through a
Celery task) and may be repeated safely: a completion has at most one live credential (a partial
unique constraint), and a second call returns it. The credential is built by openbadges.py from the
activity, its MicrocredentialSpec and the learner, signed with ICLON's active key, and stored with
the JWT text exactly as signed.

Revoking by staff (`microcredential_revoke`) tells the holder ("microcredential revoked"). The
system's revocation of a withdrawn completion's credentials (`completion_credentials_revoke`, from
receivers.py) tells nobody: the completion slice's "completion withdrawn" is the participant's one
message about the withdrawal and names the microcredential (see notifications.py).
"""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from iclon.accounts.models import User
from iclon.core.errors import Conflict, NotAllowed, PortalError
from iclon.core.history import history_author, record_history_as
from professionalisation.activities.models import ActivityFormat, CompletionAward
from professionalisation.completion.models import Completion
from professionalisation.credentials import keys, notifications, openbadges, selectors
from professionalisation.credentials.models import (
    REASON_LENGTH,
    AssessmentType,
    KeySource,
    Microcredential,
    MicrocredentialSpec,
    SigningKey,
)
from professionalisation.credentials.permissions import manages_credentials, manages_keys

# --- keys ----------------------------------------------------------------------------------------


def _new_key(*, actor: User | AnonymousUser | None) -> SigningKey:
    private = keys.generate()
    row = SigningKey(
        key_id=keys.thumbprint(private.public_key()),
        public_key_pem=keys.public_pem(private.public_key()),
        private_key_pem=keys.encrypt_private(private),
        source=KeySource.DATABASE,
        active=True,
    )
    record_history_as(row, history_author(actor))
    row.save()
    return row


def _retire_active(*, actor: User | AnonymousUser | None) -> None:
    for row in SigningKey.objects.select_for_update().filter(active=True):
        row.active, row.retired_at = False, timezone.now()
        record_history_as(row, history_author(actor))
        row.save(update_fields=["active", "retired_at", "updated_at"])


def _signing_key(*, actor: User | AnonymousUser | None) -> tuple[SigningKey, keys.Ed25519PrivateKey]:
    """The active key with its private half, inside the caller's transaction: the key from
    ICLON_CREDENTIAL_KEY when it is set (its public half recorded and published), else the active
    stored key, else a new one."""
    from_environment = keys.environment_key()
    if from_environment is not None:
        key_id = keys.thumbprint(from_environment.public_key())
        row = SigningKey.objects.select_for_update().filter(key_id=key_id).first()
        if row is None or not row.active:
            _retire_active(actor=actor)
        if row is None:
            row = SigningKey(
                key_id=key_id,
                public_key_pem=keys.public_pem(from_environment.public_key()),
                source=KeySource.ENVIRONMENT,
                active=True,
            )
            record_history_as(row, history_author(actor))
            row.save()
        elif not row.active:
            row.active, row.retired_at = True, None
            row.save(update_fields=["active", "retired_at", "updated_at"])
        return row, from_environment
    row = SigningKey.objects.select_for_update().filter(active=True).first()
    if row is None or row.source == KeySource.ENVIRONMENT or not row.private_key_pem:
        # The environment's key is gone: sign with a key of our own from now on.
        _retire_active(actor=actor)
        row = _new_key(actor=actor)
    return row, keys.decrypt_private(row.private_key_pem)


def signing_key_rotate(*, actor: User | AnonymousUser | None) -> SigningKey:
    """Retire the active signing key and make a new one; the retired key stays published, so the
    credentials it signed keep verifying. Refused to anyone but staff who manage keys, and while
    the key comes from ICLON_CREDENTIAL_KEY (change the variable instead)."""
    if not manages_keys(actor):
        raise NotAllowed(_("You are not allowed to rotate the signing key."))
    if keys.environment_key() is not None:
        raise Conflict(_("The signing key comes from ICLON_CREDENTIAL_KEY: change the key there."))
    with transaction.atomic():
        _retire_active(actor=actor)
        return _new_key(actor=actor)


# --- issuing -------------------------------------------------------------------------------------


def _achievement(spec: MicrocredentialSpec, *, language: str) -> openbadges.Achievement:
    activity = spec.activity
    with translation.override(language):
        return openbadges.Achievement(
            id=selectors.absolute(reverse("activities:detail", kwargs={"slug": activity.slug})),
            name=activity.title,
            description=activity.description,
            language=language,
            learning_outcomes=[line.strip() for line in spec.learning_outcomes.splitlines() if line.strip()],
            eqf_level=spec.eqf_level,
            assessment_type=spec.assessment_type,
            assessment_label=str(AssessmentType(spec.assessment_type).label),
            participation_form=spec.participation,
            participation_label=str(ActivityFormat(spec.participation).label),
            quality_assurance=spec.quality_assurance,
            field_of_study=gettext("Education"),
            credits_ec=activity.study_load_ec,
            hours=activity.study_load_hours,
            region=activity.region.name if activity.region else "",
            criteria_intro=gettext("Completed the activity and its assessment; the learning outcomes achieved:"),
        )


def microcredential_issue(*, completion: Completion, actor: User | AnonymousUser | None = None) -> Microcredential:
    """Issue the microcredential of `completion`: build the OB 3.0 credential in the learner's
    language, sign it with ICLON's active key, store it and queue the "microcredential issued"
    notification on commit. Idempotent: the completion's live credential is returned if it has
    one. Refused (Conflict) when the completion is withdrawn, its activity gives no
    microcredential or has no microcredential description; NotAllowed to an actor who is not
    staff managing credentials (tasks act as nobody)."""
    if actor is not None and not manages_credentials(actor):
        raise NotAllowed(_("You are not allowed to issue microcredentials."))
    with transaction.atomic():
        completion = (
            Completion.objects.select_for_update(of=("self",))
            .select_related("registration__participant", "registration__session__activity__region")
            .get(pk=completion.pk)
        )
        existing = Microcredential.objects.filter(completion=completion, revoked_at__isnull=True).first()
        if existing is not None:
            return existing
        if not completion.valid:
            raise Conflict(_("This completion has been withdrawn: it gives no microcredential."))
        activity = completion.registration.session.activity
        if activity.award != CompletionAward.MICROCREDENTIAL:
            raise Conflict(_("This activity gives no microcredential."))
        spec = MicrocredentialSpec.objects.filter(activity=activity).select_related("activity__region").first()
        if spec is None:
            raise Conflict(_("This activity has no microcredential description (learning outcomes, EQF level) yet."))
        participant = completion.registration.participant
        language = participant.language or "nl"
        signing_key, private = _signing_key(actor=actor)
        issued_at = timezone.now()
        credential_id = f"urn:uuid:{uuid.uuid4()}"
        with translation.override(language):
            credential = openbadges.credential_build(
                credential_id=credential_id,
                issuer=selectors.issuer_facts(),
                learner=openbadges.Learner(name=participant.full_name or participant.email, email=participant.email),
                achievement=_achievement(spec, language=language),
                issued_at=issued_at,
                status_url=selectors.status_url(),
            )
        row = Microcredential(
            completion=completion,
            participant=participant,
            credential_id=credential_id,
            learner_name=participant.full_name or participant.email,
            learner_email=participant.email,
            language=language,
            issued_at=issued_at,
            signing_key=signing_key,
            jwt=openbadges.sign(credential, key=private, kid=selectors.kid_of(signing_key)),
            credential=credential,
        )
        record_history_as(row, history_author(actor))
        row.save()
        notifications.microcredential_issued(credential=row)
        return row


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise PortalError(_("Give a reason for revoking the microcredential."), field="reason")
    if len(reason) > REASON_LENGTH:
        raise PortalError(
            _("The reason may be at most %(max)d characters long.") % {"max": REASON_LENGTH}, field="reason"
        )
    return reason


def _revoke(*, credential: Microcredential, reason: str, actor: User | AnonymousUser | None) -> Microcredential:
    """Revoke `credential` (locked here) with a checked reason, inside the caller's transaction."""
    row = (
        Microcredential.objects.select_for_update(of=("self",))
        .select_related("participant", "completion__registration__session__activity")
        .get(pk=credential.pk)
    )
    if row.revoked_at is not None:
        raise Conflict(_("This microcredential has already been revoked."))
    row.revoked_at, row.revoke_reason, row.revoked_by = timezone.now(), reason, history_author(actor)
    record_history_as(row, history_author(actor))
    row.save(update_fields=["revoked_at", "revoke_reason", "revoked_by", "updated_at"])
    return row


def microcredential_revoke(
    *, credential: Microcredential, reason: str, actor: User | AnonymousUser | None
) -> Microcredential:
    """Revoke a credential with a reason (kept, and published on the revocation list), and queue
    "microcredential revoked" for its holder. For staff who manage credentials (`actor=None`: the
    system). Refused, queuing nothing: no reason, a reason over 200 characters, an already revoked
    credential."""
    if actor is not None and not manages_credentials(actor):
        raise NotAllowed(_("You are not allowed to revoke microcredentials."))
    reason = _reason(reason)
    with transaction.atomic():
        row = _revoke(credential=credential, reason=reason, actor=actor)
        notifications.microcredential_revoked(credential=row)
        return row


def completion_credentials_revoke(*, completion: Completion, reason: str) -> int:
    """The system's revocation when a completion is withdrawn: its live credentials, with the
    completion's reason (or a general one). Returns how many were revoked. Queues no message: the
    completion slice's "completion withdrawn" tells the participant, microcredential included
    (notifications.py), so that a withdrawal is told once."""
    reason = ((reason or "").strip() or gettext("The completion was withdrawn."))[:REASON_LENGTH]
    with transaction.atomic():
        live = list(Microcredential.objects.filter(completion=completion, revoked_at__isnull=True))
        for row in live:
            _revoke(credential=row, reason=reason, actor=None)
        return len(live)
