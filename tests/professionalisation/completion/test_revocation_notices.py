"""What the participant is told when what they earned is taken back or given back: "certificate
revoked" (staff revoke it), "completion withdrawn" (a correction of attendance or assignment) and
"completion recorded again" (a later correction, the certificate valid again). Each once, to the
participant, in their language, with the reason; nothing when the service refuses."""

import datetime

import pytest
import time_machine

from iclon.core.errors import Conflict, NotAllowed, PortalError
from iclon.notifications.models import Channel, Notification
from professionalisation.completion import notifications, services
from professionalisation.models import Certificate, Completion, CompletionAward
from tests.factories import RegistrationFactory, UserFactory
from tests.professionalisation.completion.conftest import REFUSED
from tests.professionalisation.helpers import in_language
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

CHANGE = "professionalisation.completion_change"
WRITES = (Certificate, Completion, Notification)


@pytest.fixture
def staff(professionalisation_coordinator):
    return professionalisation_coordinator


@pytest.fixture(params=["nl", "en"])
def language(request):
    return request.param


@pytest.fixture
def person(language, participant):
    """The participant, Dutch or English (the notices are rendered in their language)."""
    participant.language = language
    participant.save(update_fields=["language"])
    return participant


def mark(meetings, registration, staff, *presents):
    for meeting, present in zip(meetings, presents, strict=False):
        services.attendance_record(meeting=meeting, registration=registration, present=present, actor=staff)


def changes(**filters):
    return Notification.objects.filter(category=CHANGE, **filters)


def the_email(**filters) -> Notification:
    """The one e-mail of the category (fails when there are none or several)."""
    return changes(channel=Channel.EMAIL, **filters).get()


def title(language: str) -> str:
    return {"nl": "Formatief handelen", "en": "Formative assessment"}[language]


@pytest.fixture
def certificate(meetings, registration, staff):
    mark(meetings, registration, staff, True, True, True)
    return Completion.objects.get(registration=registration).certificate


# --- certificate revoked -----------------------------------------------------------------------


def test_revoking_tells_the_participant_once_in_their_language_with_the_reason(person, language, certificate, staff):
    services.certificate_revoke(certificate=certificate, reason="  Uitgereikt aan de   verkeerde persoon ", actor=staff)

    certificate.refresh_from_db()
    rows = changes()
    assert {(row.recipient, row.channel) for row in rows} == {(person, Channel.EMAIL), (person, Channel.IN_APP)}
    assert {row.language for row in rows} == {language}
    email = the_email()
    assert email.email == person.email
    assert email.subject == in_language(
        language, "Your certificate %(number)s has been revoked", number=certificate.number
    )
    assert certificate.number in email.body_text
    assert title(language) in email.body_text
    # The reason as the service stored it (its spaces tidied).
    assert certificate.revoke_reason == "Uitgereikt aan de verkeerde persoon"
    assert certificate.revoke_reason in email.body_text
    assert f"/professionalisation/verify/{certificate.code}/" in email.body_text
    assert email.idempotency_key == (
        f"{CHANGE}:certificate-revoked:{certificate.pk}:{certificate.revoked_at.isoformat()}"
    )
    assert email.url == "/professionalisation/mine/certificates/"


def test_the_english_notice_reads_as_written(certificate, participant, staff):
    participant.language = "en"
    participant.save(update_fields=["language"])

    services.certificate_revoke(certificate=certificate, reason="Issued to the wrong person", actor=staff)

    body = the_email().body_text
    assert "Dear Dana Docent," in body
    assert f"ICLON has revoked your certificate {certificate.number} of Formative assessment" in body
    assert "The reason: Issued to the wrong person" in body


def test_the_revocation_is_told_once_even_when_asked_again(certificate, staff):
    services.certificate_revoke(certificate=certificate, reason="Fraude", actor=staff)
    with pytest.raises(Conflict):
        services.certificate_revoke(certificate=certificate, reason="Nogmaals", actor=staff)

    assert changes(channel=Channel.EMAIL).count() == 1
    assert "Nogmaals" not in the_email().body_text


@pytest.mark.parametrize("name", ["participant", *REFUSED])
def test_a_refused_revocation_tells_nobody(name, role, certificate):
    with nothing_written(*WRITES), pytest.raises(NotAllowed):
        services.certificate_revoke(certificate=certificate, reason="Fout", actor=role(name))


def test_a_revocation_without_a_reason_tells_nobody(certificate, staff):
    with nothing_written(*WRITES), pytest.raises(PortalError):
        services.certificate_revoke(certificate=certificate, reason="   ", actor=staff)


def test_a_superuser_revokes_and_the_participant_is_told(certificate, superuser, participant):
    services.certificate_revoke(certificate=certificate, reason="Dubbel uitgereikt", actor=superuser)

    assert the_email().recipient == participant


# --- completion withdrawn ----------------------------------------------------------------------


def test_a_correction_tells_the_participant_of_the_withdrawal_and_the_certificate(
    person, language, certificate, meetings, registration, staff
):
    services.attendance_record(meeting=meetings[1], registration=registration, present=False, actor=staff)

    completion = Completion.objects.get(registration=registration)
    rows = changes()
    assert {(row.recipient, row.channel) for row in rows} == {(person, Channel.EMAIL), (person, Channel.IN_APP)}
    assert {row.language for row in rows} == {language}
    email = the_email()
    assert email.subject == in_language(language, "Your completion withdrawn: %(title)s", title=title(language))
    # Stored as staff read it (these tests run in English); told in the participant's language.
    assert completion.withdraw_reason == "Attended 2 of the 3 meetings required."
    reason = in_language(
        language, "Attended %(attended)d of the %(required)d meetings required.", attended=2, required=3
    )
    assert reason in email.body_text
    assert certificate.number in email.body_text
    assert (
        in_language(
            language,
            "Your certificate %(number)s is no longer valid: it has been revoked with the completion.",
            number=certificate.number,
        )
        in email.body_text
    )
    # A certificate, no microcredential: nothing about one.
    assert "microcredential" not in email.body_text.lower()
    assert email.idempotency_key == f"{CHANGE}:withdrawn:{completion.pk}:{completion.withdrawn_at.isoformat()}"


def test_the_english_withdrawal_reads_as_written(certificate, meetings, registration, participant, staff):
    participant.language = "en"
    participant.save(update_fields=["language"])

    services.attendance_record(meeting=meetings[1], registration=registration, present=False, actor=staff)

    body = the_email().body_text
    assert "your completion has been withdrawn" in body
    assert "The reason: Attended 2 of the 3 meetings required." in body
    assert f"Your certificate {certificate.number} is no longer valid" in body


def test_a_failed_assignment_tells_its_reason(session, meetings, registration, staff):
    session.activity.assignment_required = True
    session.activity.save()
    mark(meetings, registration, staff, True, True, True)
    services.assignment_record(registration=registration, passed=True, actor=staff)

    services.assignment_record(registration=registration, passed=False, actor=staff)

    # The participant reads Dutch (the staff member's English is what is stored).
    assert in_language("nl", "The assignment has not been passed.") in the_email().body_text


def test_a_correction_that_changes_nothing_more_tells_nothing_more(certificate, meetings, registration, staff):
    services.attendance_record(meeting=meetings[1], registration=registration, present=False, actor=staff)
    # Still not enough (and the same mark again): the completion stays withdrawn, told once.
    services.attendance_record(meeting=meetings[2], registration=registration, present=False, actor=staff)
    services.attendance_record(meeting=meetings[1], registration=registration, present=False, actor=staff)

    assert changes(channel=Channel.EMAIL).count() == 1
    assert changes(channel=Channel.IN_APP).count() == 1


def test_without_a_certificate_the_withdrawal_names_none(session, meetings, registration, participant, staff):
    participant.language = "en"
    participant.save(update_fields=["language"])
    session.activity.award = CompletionAward.NOTHING
    session.activity.save()
    mark(meetings, registration, staff, True, True, True)

    services.attendance_record(meeting=meetings[0], registration=registration, present=False, actor=staff)

    body = the_email().body_text
    assert "Attended 2 of the 3 meetings required." in body
    assert "your completion has been withdrawn" in body
    assert "Your certificate" not in body
    assert "microcredential" not in body


def test_a_certificate_staff_revoked_before_is_not_revoked_again_by_the_withdrawal(
    certificate, meetings, registration, staff
):
    services.certificate_revoke(certificate=certificate, reason="Fraude", actor=staff)

    services.attendance_record(meeting=meetings[0], registration=registration, present=False, actor=staff)

    withdrawn = changes(channel=Channel.EMAIL, idempotency_key__contains=":withdrawn:").get()
    assert "is no longer valid" not in withdrawn.body_text
    assert changes(channel=Channel.EMAIL).count() == 2  # the revocation, then the withdrawal


def test_a_refused_correction_tells_nobody(certificate, meetings, registration, participant):
    with nothing_written(*WRITES), pytest.raises(NotAllowed):
        services.attendance_record(meeting=meetings[0], registration=registration, present=False, actor=participant)


def test_the_withdrawal_is_written_with_the_outbox_in_one_transaction(
    certificate, meetings, registration, staff, monkeypatch
):
    """Should queuing the notice fail, the withdrawal is not written either."""

    def broken(**kwargs):
        raise RuntimeError("outbox down")

    monkeypatch.setattr(notifications, "notify", broken)
    with nothing_written(*WRITES), pytest.raises(RuntimeError):
        services.attendance_record(meeting=meetings[1], registration=registration, present=False, actor=staff)


# --- recorded again: the certificate valid again -----------------------------------------------


def test_recording_again_tells_that_the_certificate_is_valid_again(
    person, language, certificate, meetings, registration, staff
):
    services.attendance_record(meeting=meetings[1], registration=registration, present=False, actor=staff)

    services.attendance_record(meeting=meetings[1], registration=registration, present=True, actor=staff)

    completion = Completion.objects.get(registration=registration)
    again = changes(idempotency_key__contains=":recorded-again:")
    assert {(row.recipient, row.channel, row.language) for row in again} == {
        (person, Channel.EMAIL, language),
        (person, Channel.IN_APP, language),
    }
    email = again.get(channel=Channel.EMAIL)
    assert email.subject == in_language(language, "Your completion recorded again: %(title)s", title=title(language))
    assert (
        in_language(
            language,
            "Your certificate %(number)s is valid again, with the same number and address. Download it (PDF) here:",
            number=certificate.number,
        )
        in email.body_text
    )
    assert f"/professionalisation/verify/{certificate.code}/" in email.body_text
    assert email.idempotency_key == f"{CHANGE}:recorded-again:{completion.pk}:{completion.completed_at.isoformat()}"
    # Not announced as issued a second time.
    assert Notification.objects.filter(category=notifications.CERTIFICATE, channel=Channel.EMAIL).count() == 1


def test_each_withdrawal_and_each_recording_again_is_told_once(certificate, meetings, registration, staff, now):
    for hours in (1, 2):
        with time_machine.travel(now + datetime.timedelta(hours=hours), tick=False):
            services.attendance_record(meeting=meetings[1], registration=registration, present=False, actor=staff)
            services.attendance_record(meeting=meetings[1], registration=registration, present=True, actor=staff)

    emails = changes(channel=Channel.EMAIL)
    assert emails.filter(idempotency_key__contains=":withdrawn:").count() == 2
    assert emails.filter(idempotency_key__contains=":recorded-again:").count() == 2


def test_a_certificate_staff_revoked_stays_revoked_and_the_notice_says_so(certificate, meetings, registration, staff):
    services.certificate_revoke(certificate=certificate, reason="Fraude", actor=staff)
    services.attendance_record(meeting=meetings[0], registration=registration, present=False, actor=staff)

    services.attendance_record(meeting=meetings[0], registration=registration, present=True, actor=staff)

    body = changes(channel=Channel.EMAIL, idempotency_key__contains=":recorded-again:").get().body_text
    assert (
        in_language(
            "nl",
            "Your certificate %(number)s stays revoked: ICLON revoked it earlier for another reason.",
            number=certificate.number,
        )
        in body
    )
    assert "is valid again" not in body


def test_a_first_completion_is_not_told_as_recorded_again(certificate):
    assert not changes().exists()
    assert Notification.objects.filter(category=notifications.CERTIFICATE, channel=Channel.EMAIL).count() == 1


def test_an_english_participant_and_a_dutch_one_each_hear_in_their_own_language(session, meetings, staff):
    dutch = RegistrationFactory(session=session, participant=UserFactory(language="nl"))
    english = RegistrationFactory(session=session, participant=UserFactory(language="en"))
    services.attendance_all_present(meeting=meetings[0], actor=staff)
    services.attendance_all_present(meeting=meetings[1], actor=staff)
    services.attendance_all_present(meeting=meetings[2], actor=staff)

    services.attendance_record_many(meeting=meetings[2], present_ids=[], absent_ids=[dutch.pk, english.pk], actor=staff)

    emails = changes(channel=Channel.EMAIL)
    assert {(row.recipient, row.language) for row in emails} == {
        (dutch.participant, "nl"),
        (english.participant, "en"),
    }
    assert "Formatief handelen" in emails.get(recipient=dutch.participant).subject
    assert emails.get(recipient=english.participant).subject == "Your completion withdrawn: Formative assessment"
