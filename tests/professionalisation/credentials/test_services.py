"""Issuing, revoking and key rotation through the services, and the completion events that drive
them (receivers → tasks, eager in tests). Every refusal writes nothing."""

import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.contrib.auth.models import AnonymousUser
from django.core import mail

from iclon.core.errors import Conflict, NotAllowed, PortalError
from iclon.notifications.models import Notification
from professionalisation.completion.signals import completion_recorded, completion_withdrawn
from professionalisation.credentials import keys, selectors, services, tasks
from professionalisation.credentials.openbadges import Status
from professionalisation.models import (
    ActivityFormat,
    CompletionAward,
    KeySource,
    Microcredential,
    MicrocredentialSpec,
    SigningKey,
)
from tests.factories import UserFactory
from tests.factories.professionalisation_credentials import CompletionFactory
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db


def test_issuing_signs_a_credential_that_verifies(credential, completion, teacher):
    assert credential.completion == completion
    assert credential.participant == teacher
    assert credential.learner_name == "Tessa Teacher"
    assert credential.learner_email == "tessa@example.org"
    assert credential.language == "en"
    assert credential.credential_id.startswith("urn:uuid:")
    assert credential.credential["id"] == credential.credential_id
    assert credential.credential["name"] == "Formative assessment"
    assert credential.signing_key.active is True
    assert selectors.credential_verify(credential.jwt).status == Status.VALID
    assert credential.history.count() == 1


def test_the_credential_maps_the_activity_and_its_spec(credential, completion):
    activity = completion.registration.session.activity
    body = credential.credential["credentialSubject"]["achievement"]

    assert body["id"] == f"http://127.0.0.1:8000/professionalisation/activities/{activity.slug}/"
    assert body["creditsAvailable"] == 2.5
    assert body["inLanguage"] == "en"
    assert body["euMicrocredential"]["learningOutcomes"] == [
        "Applies formative assessment in class.",
        "Underpins choices with research.",
    ]
    assert body["euMicrocredential"]["eqfLevel"] == 6
    assert body["euMicrocredential"]["assessmentType"] == {"code": "portfolio", "label": "Portfolio"}
    # The participation form defaults to the activity's format.
    assert body["euMicrocredential"]["participationForm"] == {"code": "on_site", "label": "On site"}
    assert body["euMicrocredential"]["workloadHours"] == 70
    assert credential.credential["issuer"]["id"] == "http://127.0.0.1:8000/credentials/issuer/"
    assert credential.credential["issuer"]["parentOrg"] == {
        "id": "https://www.universiteitleiden.nl",
        "type": ["Profile"],
        "name": "Leiden University",
        "address": {"type": ["Address"], "addressCountryCode": "NL"},
    }
    assert credential.credential["credentialStatus"]["id"] == "http://127.0.0.1:8000/credentials/status/"


def test_a_dutch_learner_gets_the_credential_in_dutch():
    learner = UserFactory(full_name="Daan de Vries", language="nl")
    completion = CompletionFactory(
        registration__participant=learner,
        registration__session__activity__title_nl="Formatief handelen",
        registration__session__activity__format=ActivityFormat.ONLINE,
    )

    credential = services.microcredential_issue(completion=completion)

    body = credential.credential["credentialSubject"]["achievement"]
    assert credential.credential["name"] == "Formatief handelen"
    assert body["inLanguage"] == "nl"
    assert body["euMicrocredential"]["learningOutcomes"][0] == "Past formatief handelen toe in de les."
    assert body["euMicrocredential"]["participationForm"] == {"code": "online", "label": "Online"}
    assert body["fieldOfStudy"] == "Onderwijs"


def test_issuing_twice_returns_the_same_credential(credential, completion):
    with nothing_written(Microcredential, SigningKey):
        again = services.microcredential_issue(completion=completion)

    assert again == credential


def test_issuing_notifies_the_learner_once(completion, teacher, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        credential = services.microcredential_issue(completion=completion)
    with django_capture_on_commit_callbacks(execute=True):
        services.microcredential_issue(completion=completion)

    notes = Notification.objects.filter(recipient=teacher, category="professionalisation.credential")
    assert notes.count() == 2  # e-mail and in-app
    sent = [message for message in mail.outbox if message.to == ["tessa@example.org"]]
    assert [message.subject for message in sent] == ["Your microcredential: Formative assessment"]
    assert f"/credentials/{credential.uuid}/" in sent[0].body
    assert "/credentials/verify/" in sent[0].body


def test_no_credential_for_a_withdrawn_completion():
    completion = CompletionFactory(withdrawn_at="2027-01-01T00:00:00Z", withdraw_reason="Attendance corrected.")

    with nothing_written(Microcredential, SigningKey), pytest.raises(Conflict) as error:
        services.microcredential_issue(completion=completion)

    assert str(error.value.message) == "This completion has been withdrawn: it gives no microcredential."


def test_no_credential_for_an_activity_that_gives_a_certificate():
    completion = CompletionFactory(registration__session__activity__award=CompletionAward.CERTIFICATE)

    with nothing_written(Microcredential, SigningKey), pytest.raises(Conflict) as error:
        services.microcredential_issue(completion=completion)

    assert str(error.value.message) == "This activity gives no microcredential."


def test_no_credential_without_the_activitys_description():
    completion = CompletionFactory(spec=False)

    with nothing_written(Microcredential, SigningKey), pytest.raises(Conflict) as error:
        services.microcredential_issue(completion=completion)

    assert str(error.value.message) == (
        "This activity has no microcredential description (learning outcomes, EQF level) yet."
    )


@pytest.mark.parametrize("actor", ["teacher", "school_a_contact", "placement_coordinator"])
def test_only_staff_who_manage_credentials_issue_them_by_hand(completion, persona, actor):
    with nothing_written(Microcredential, SigningKey), pytest.raises(NotAllowed):
        services.microcredential_issue(completion=completion, actor=persona(actor))


def test_a_coordinator_may_issue(completion, professionalisation_coordinator):
    credential = services.microcredential_issue(completion=completion, actor=professionalisation_coordinator)

    assert credential.history.get().history_user == professionalisation_coordinator


# --- revoking --------------------------------------------------------------------------------------


def test_revoking_keeps_the_reason_and_makes_the_credential_revoked(credential, professionalisation_coordinator):
    revoked = services.microcredential_revoke(
        credential=credential, reason="  Attendance was corrected.  ", actor=professionalisation_coordinator
    )

    assert revoked.revoked_at is not None
    assert revoked.revoke_reason == "Attendance was corrected."
    assert revoked.revoked_by == professionalisation_coordinator
    result = selectors.credential_verify(credential.jwt)
    assert result.status == Status.REVOKED
    assert result.message == "ICLON has revoked this credential. Reason: Attendance was corrected."
    assert selectors.revocation_list()["revokedCredentials"] == [
        {"id": credential.credential_id, "revoked": True, "revocationReason": "Attendance was corrected."}
    ]


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Give a reason for revoking the microcredential."),
        ("   ", "Give a reason for revoking the microcredential."),
        ("x" * 201, "The reason may be at most 200 characters long."),
    ],
)
def test_revoking_needs_a_reason(credential, professionalisation_coordinator, reason, message):
    with nothing_written(Microcredential), pytest.raises(PortalError) as error:
        services.microcredential_revoke(credential=credential, reason=reason, actor=professionalisation_coordinator)

    assert (str(error.value.message), error.value.field) == (message, "reason")


@pytest.mark.parametrize("actor", ["teacher", "school_a_contact", "outsider", "researcher"])
def test_only_staff_who_manage_credentials_revoke(credential, persona, actor):
    with nothing_written(Microcredential), pytest.raises(NotAllowed) as error:
        services.microcredential_revoke(credential=credential, reason="No.", actor=persona(actor))

    assert str(error.value.message) == "You are not allowed to revoke microcredentials."


def test_an_anonymous_actor_may_not_revoke(credential):
    with nothing_written(Microcredential), pytest.raises(NotAllowed):
        services.microcredential_revoke(credential=credential, reason="No.", actor=AnonymousUser())


def test_revoking_twice_is_refused(credential, professionalisation_coordinator):
    services.microcredential_revoke(credential=credential, reason="Once.", actor=professionalisation_coordinator)

    with nothing_written(Microcredential), pytest.raises(Conflict) as error:
        services.microcredential_revoke(credential=credential, reason="Twice.", actor=professionalisation_coordinator)

    assert str(error.value.message) == "This microcredential has already been revoked."


# --- keys ------------------------------------------------------------------------------------------


def test_the_first_credential_makes_an_encrypted_key(credential):
    key = SigningKey.objects.get()

    assert key.active is True
    assert key.source == KeySource.DATABASE
    assert key.private_key_pem.startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----")
    assert credential.signing_key == key
    header = json.loads(keys.b64url_decode(credential.jwt.split(".")[0]))
    assert header == {"alg": "EdDSA", "typ": "vc+jwt", "kid": f"http://127.0.0.1:8000/credentials/issuer/#{key.key_id}"}


def test_rotation_keeps_old_credentials_valid(credential, administrator, teacher):
    old = credential.signing_key

    new = services.signing_key_rotate(actor=administrator)
    later = services.microcredential_issue(completion=CompletionFactory(registration__participant=teacher))

    old.refresh_from_db()
    assert (old.active, new.active) == (False, True)
    assert old.retired_at is not None
    assert later.signing_key == new
    assert selectors.credential_verify(credential.jwt).status == Status.VALID
    assert selectors.credential_verify(later.jwt).status == Status.VALID
    assert {jwk["kid"].rpartition("#")[2] for jwk in selectors.jwks_document()["keys"]} == {old.key_id, new.key_id}


@pytest.mark.parametrize("actor", ["professionalisation_coordinator", "teacher", "anonymous"])
def test_only_administrators_rotate_the_key(credential, persona, actor):
    with nothing_written(SigningKey), pytest.raises(NotAllowed) as error:
        services.signing_key_rotate(actor=persona(actor))

    assert str(error.value.message) == "You are not allowed to rotate the signing key."


def _environment_pem(key: Ed25519PrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def test_a_key_from_the_environment_signs_and_is_not_stored(
    monkeypatch, credential, completion, teacher, administrator
):
    outside = Ed25519PrivateKey.generate()
    monkeypatch.setenv("ICLON_CREDENTIAL_KEY", _environment_pem(outside))

    later = services.microcredential_issue(completion=CompletionFactory(registration__participant=teacher))

    assert later.signing_key.key_id == keys.thumbprint(outside.public_key())
    assert later.signing_key.source == KeySource.ENVIRONMENT
    assert later.signing_key.private_key_pem == ""
    assert SigningKey.objects.filter(active=True).get() == later.signing_key
    assert selectors.credential_verify(later.jwt).status == Status.VALID
    assert selectors.credential_verify(credential.jwt).status == Status.VALID
    with nothing_written(SigningKey), pytest.raises(Conflict) as error:
        services.signing_key_rotate(actor=administrator)
    assert str(error.value.message) == "The signing key comes from ICLON_CREDENTIAL_KEY: change the key there."


# --- the completion's events -------------------------------------------------------------------------


def test_a_recorded_completion_is_issued_its_credential():
    completion = CompletionFactory()

    completion_recorded.send(sender=type(completion), completion=completion)

    assert Microcredential.objects.get().completion == completion


def test_a_recorded_completion_of_a_certificate_activity_gets_none():
    completion = CompletionFactory(registration__session__activity__award=CompletionAward.CERTIFICATE)

    with nothing_written(Microcredential, SigningKey):
        completion_recorded.send(sender=type(completion), completion=completion)


def test_the_issue_task_run_twice_issues_once():
    completion = CompletionFactory()

    assert tasks.microcredential_issue_task(completion.pk) is True
    assert tasks.microcredential_issue_task(completion.pk) is True
    assert Microcredential.objects.filter(completion=completion).count() == 1
    assert tasks.microcredential_issue_task(0) is False


def test_the_issue_task_logs_and_stops_when_nothing_is_due():
    completion = CompletionFactory(spec=False)

    assert tasks.microcredential_issue_task(completion.pk) is False
    assert not Microcredential.objects.exists()


def test_a_withdrawn_completion_revokes_its_credential_with_the_reason(credential, completion):
    completion_withdrawn.send(sender=type(completion), completion=completion, reason="Attendance was corrected.")

    credential.refresh_from_db()
    assert credential.revoked_at is not None
    assert credential.revoke_reason == "Attendance was corrected."
    assert credential.revoked_by is None
    assert tasks.microcredential_revoke_task(completion.pk, "Again.") == 0


def test_a_completion_recorded_again_gets_a_new_credential_and_the_old_stays_revoked(credential, completion):
    completion_withdrawn.send(sender=type(completion), completion=completion, reason="")
    completion.withdrawn_at = None
    completion.save()

    completion_recorded.send(sender=type(completion), completion=completion)

    credential.refresh_from_db()
    new = Microcredential.objects.get(completion=completion, revoked_at__isnull=True)
    assert new != credential
    assert credential.revoke_reason == "The completion was withdrawn."
    assert selectors.credential_verify(credential.jwt).status == Status.REVOKED
    assert selectors.credential_verify(new.jwt).status == Status.VALID


def test_a_spec_without_a_form_of_participation_follows_the_activity():
    spec = CompletionFactory(
        registration__session__activity__format=ActivityFormat.HYBRID
    ).registration.session.activity
    assert MicrocredentialSpec.objects.get(activity=spec).participation == ActivityFormat.HYBRID


def test_the_issuers_country_is_named_in_the_learners_language(credential):
    assert credential.credential["issuer"]["address"]["addressCountry"] == "the Netherlands"
    assert credential.credential["issuer"]["address"]["addressCountryCode"] == "NL"
