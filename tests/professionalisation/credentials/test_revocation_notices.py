"""What the holder of a microcredential is told when it is revoked: by staff, "microcredential
revoked" (once, to the holder, in their language, with the reason; nothing when refused); because
the completion was withdrawn, nothing from this slice: the completion slice's "completion
withdrawn" is the one message, and it names the microcredential."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from iclon.core.errors import Conflict, NotAllowed, PortalError
from iclon.notifications.models import Channel, Notification
from professionalisation.completion import services as completion_services
from professionalisation.credentials import selectors, services
from professionalisation.credentials.openbadges import Status
from professionalisation.models import Completion, CompletionAward, Microcredential
from tests.factories import RegistrationFactory, UserFactory
from tests.factories.professionalisation_completion import past_session
from tests.factories.professionalisation_credentials import MicrocredentialSpecFactory
from tests.professionalisation.helpers import in_language
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

REVOKED = "professionalisation.credential_revoked"
CHANGE = "professionalisation.completion_change"
WRITES = (Microcredential, Notification)
MICROCREDENTIAL_REVOKED_WITH_IT = (
    "A microcredential issued to you for this activity is revoked with it: it no longer verifies."
)


def emails(**filters):
    return Notification.objects.filter(channel=Channel.EMAIL, **filters)


# --- revoked by staff --------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["nl", "en"])
def test_staff_revoking_tells_the_holder_once_in_their_language_with_the_reason(
    language, credential, teacher, professionalisation_coordinator
):
    teacher.language = language
    teacher.save(update_fields=["language"])

    services.microcredential_revoke(
        credential=credential, reason="  Attendance was corrected.  ", actor=professionalisation_coordinator
    )

    rows = Notification.objects.filter(category=REVOKED)
    assert {(row.recipient, row.channel, row.language) for row in rows} == {
        (teacher, Channel.EMAIL, language),
        (teacher, Channel.IN_APP, language),
    }
    email = rows.get(channel=Channel.EMAIL)
    assert email.email == "tessa@example.org"
    assert email.subject == in_language(
        language, "Your microcredential has been revoked: %(title)s", title=credential.name
    )
    assert "Attendance was corrected." in email.body_text
    assert f"/credentials/{credential.uuid}/" in email.body_text
    assert email.idempotency_key == f"{REVOKED}:{credential.pk}"
    assert email.url == f"/credentials/{credential.uuid}/"


def test_the_english_notice_reads_as_written(credential, professionalisation_coordinator):
    staff = professionalisation_coordinator
    services.microcredential_revoke(credential=credential, reason="Issued in error.", actor=staff)

    body = emails(category=REVOKED).get().body_text
    assert "Dear Tessa Teacher," in body
    assert "ICLON has revoked the microcredential Formative assessment that was issued to you." in body
    assert "The reason: Issued in error." in body


def test_a_superuser_revokes_and_the_holder_is_told(credential, teacher, superuser):
    services.microcredential_revoke(credential=credential, reason="Dubbel.", actor=superuser)

    assert emails(category=REVOKED).get().recipient == teacher


def test_revoking_twice_tells_once(credential, professionalisation_coordinator):
    services.microcredential_revoke(credential=credential, reason="Once.", actor=professionalisation_coordinator)
    with nothing_written(*WRITES), pytest.raises(Conflict):
        services.microcredential_revoke(credential=credential, reason="Twice.", actor=professionalisation_coordinator)

    assert emails(category=REVOKED).count() == 1


@pytest.mark.parametrize("actor", ["teacher", "other_teacher", "school_a_contact", "outsider", "researcher"])
def test_a_refused_revocation_tells_nobody(credential, persona, actor):
    with nothing_written(*WRITES), pytest.raises(NotAllowed):
        services.microcredential_revoke(credential=credential, reason="No.", actor=persona(actor))


def test_an_anonymous_revocation_tells_nobody(credential):
    with nothing_written(*WRITES), pytest.raises(NotAllowed):
        services.microcredential_revoke(credential=credential, reason="No.", actor=AnonymousUser())


@pytest.mark.parametrize("reason", ["", "   ", "x" * 201])
def test_a_revocation_without_a_proper_reason_tells_nobody(credential, professionalisation_coordinator, reason):
    with nothing_written(*WRITES), pytest.raises(PortalError):
        services.microcredential_revoke(credential=credential, reason=reason, actor=professionalisation_coordinator)


def test_the_systems_revocation_of_a_withdrawn_completion_tells_nobody_itself(credential, completion):
    with nothing_written(Notification):
        assert services.completion_credentials_revoke(completion=completion, reason="Attended 1 of 3.") == 1

    credential.refresh_from_db()
    assert (credential.valid, credential.revoke_reason) == (False, "Attended 1 of 3.")


# --- withdrawn with the completion: one message ------------------------------------------------


@pytest.fixture
def held():
    """A session of a microcredential course whose three meetings were held, with its spec."""
    session = past_session(
        meetings=3,
        award=CompletionAward.MICROCREDENTIAL,
        title_nl="Formatief handelen",
        title_en="Formative assessment",
        study_load_ec=Decimal("1"),
        study_load_hours=28,
    )
    MicrocredentialSpecFactory(activity=session.activity)
    return session


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_withdrawal_with_a_microcredential_tells_the_participant_once(
    language, held, professionalisation_coordinator, django_capture_on_commit_callbacks
):
    participant = UserFactory(full_name="Dana Docent", language=language)
    registration = RegistrationFactory(session=held, participant=participant)
    meetings = list(held.meetings.order_by("date"))
    staff = professionalisation_coordinator
    with django_capture_on_commit_callbacks(execute=True):
        for meeting in meetings:
            completion_services.attendance_record(meeting=meeting, registration=registration, present=True, actor=staff)
    credential = Microcredential.objects.get(participant=participant)
    assert selectors.credential_verify(credential.jwt).status == Status.VALID
    before = set(Notification.objects.values_list("pk", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        completion_services.attendance_record(
            meeting=meetings[0], registration=registration, present=False, actor=staff
        )

    credential.refresh_from_db()
    completion = Completion.objects.get(registration=registration)
    assert not completion.valid and not credential.valid
    assert credential.revoke_reason == completion.withdraw_reason == "Attended 2 of the 3 meetings required."
    assert selectors.credential_verify(credential.jwt).status == Status.REVOKED
    new = Notification.objects.exclude(pk__in=before)
    # One message (its e-mail and its in-app copy), to the participant, in their language.
    assert {(row.category, row.channel, row.recipient, row.language) for row in new} == {
        (CHANGE, Channel.EMAIL, participant, language),
        (CHANGE, Channel.IN_APP, participant, language),
    }
    body = new.get(channel=Channel.EMAIL).body_text
    assert (
        in_language(language, "Attended %(attended)d of the %(required)d meetings required.", attended=2, required=3)
        in body
    )
    assert in_language(language, MICROCREDENTIAL_REVOKED_WITH_IT) in body
    assert not Notification.objects.filter(category=REVOKED).exists()


def test_recorded_again_a_new_credential_is_issued_and_told(
    held, professionalisation_coordinator, django_capture_on_commit_callbacks
):
    participant = UserFactory(language="en")
    registration = RegistrationFactory(session=held, participant=participant)
    meetings = list(held.meetings.order_by("date"))
    staff = professionalisation_coordinator
    with django_capture_on_commit_callbacks(execute=True):
        for meeting in meetings:
            completion_services.attendance_record(meeting=meeting, registration=registration, present=True, actor=staff)
    with django_capture_on_commit_callbacks(execute=True):
        completion_services.attendance_record(
            meeting=meetings[0], registration=registration, present=False, actor=staff
        )

    with django_capture_on_commit_callbacks(execute=True):
        completion_services.attendance_record(meeting=meetings[0], registration=registration, present=True, actor=staff)

    live = Microcredential.objects.get(participant=participant, revoked_at__isnull=True)
    assert selectors.credential_verify(live.jwt).status == Status.VALID
    again = emails(category=CHANGE, idempotency_key__contains=":recorded-again:").get()
    assert "A new microcredential is issued to you for this activity" in again.body_text
    assert "is valid again" in again.body_text
    issued = emails(category="professionalisation.credential", recipient=participant)
    assert issued.count() == 2  # the first credential and the new one, each told once
    assert not Notification.objects.filter(category=REVOKED).exists()
