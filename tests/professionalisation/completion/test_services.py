"""The completion services: attendance by staff only, for confirmed registrations of the meeting's
session from the meeting's day on; the rule (N of M meetings, with or without an assignment)
evaluated at every change; completion recorded, withdrawn on a correction and recorded again;
certificates numbered in order per year, in the participant's language, announced once; the
signals sent once after commit; revoking; and the evaluation's rules."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from iclon.core.errors import Conflict, NotAllowed, PortalError
from iclon.notifications.models import Notification
from professionalisation.completion import services
from professionalisation.completion.signals import completion_recorded, completion_withdrawn
from professionalisation.models import (
    AssignmentResult,
    Attendance,
    Certificate,
    Completion,
    CompletionAward,
    Evaluation,
    RegistrationStatus,
)
from tests.factories import MeetingFactory, RegistrationFactory, UserFactory
from tests.factories.professionalisation_completion import CertificateFactory, past_session
from tests.professionalisation.completion.conftest import REFUSED, STAFF
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

WRITES = (Attendance, Completion, Certificate, AssignmentResult, Notification)


@pytest.fixture
def staff(professionalisation_coordinator):
    return professionalisation_coordinator


def mark(meetings, registration, staff, *presents):
    for meeting, present in zip(meetings, presents, strict=False):
        services.attendance_record(meeting=meeting, registration=registration, present=present, actor=staff)


def completion_of(registration):
    return Completion.objects.filter(registration=registration).first()


@pytest.fixture
def signals():
    """The completion signals received, as (name, completion id, reason)."""
    received = []

    def recorded(sender, completion, **kwargs):
        received.append(("recorded", completion.pk, None))

    def withdrawn(sender, completion, reason, **kwargs):
        received.append(("withdrawn", completion.pk, reason))

    completion_recorded.connect(recorded)
    completion_withdrawn.connect(withdrawn)
    yield received
    completion_recorded.disconnect(recorded)
    completion_withdrawn.disconnect(withdrawn)


# --- the rule ----------------------------------------------------------------------------------


def test_all_meetings_are_required_when_the_activity_names_no_number(meetings, registration, staff):
    mark(meetings, registration, staff, True, True, False)
    assert completion_of(registration) is None

    services.attendance_record(meeting=meetings[2], registration=registration, present=True, actor=staff)

    completion = completion_of(registration)
    assert (completion.meetings_attended, completion.meetings_total, completion.valid) == (3, 3, True)
    certificate = completion.certificate
    assert certificate.valid and certificate.language == "nl"
    assert certificate.number == f"ICLON-PD-{timezone.localdate().year}-00001"


def test_n_of_m_completes_once_n_meetings_are_attended(session, meetings, registration, staff):
    session.activity.meetings_required = 2
    session.activity.save()

    mark(meetings, registration, staff, True, False)
    assert completion_of(registration) is None
    services.attendance_record(meeting=meetings[2], registration=registration, present=True, actor=staff)

    completion = completion_of(registration)
    assert (completion.meetings_attended, completion.meetings_total) == (2, 3)


def test_a_number_above_the_sessions_meetings_asks_for_all_of_them(session, meetings, registration, staff):
    session.activity.meetings_required = 5
    session.activity.save()

    mark(meetings, registration, staff, True, True, True)

    assert completion_of(registration).meetings_attended == 3


def test_with_an_assignment_completion_waits_for_a_passed_assignment(session, meetings, registration, staff):
    session.activity.assignment_required = True
    session.activity.save()
    mark(meetings, registration, staff, True, True, True)
    assert completion_of(registration) is None

    services.assignment_record(registration=registration, passed=False, note="Nog niet af", actor=staff)
    assert completion_of(registration) is None
    services.assignment_record(registration=registration, passed=True, note="  Goed   gedaan ", actor=staff)

    assert completion_of(registration).valid
    assert AssignmentResult.objects.get(registration=registration).note == "Goed gedaan"


def test_a_failed_assignment_later_withdraws_the_completion(session, meetings, registration, staff):
    session.activity.assignment_required = True
    session.activity.save()
    mark(meetings, registration, staff, True, True, True)
    services.assignment_record(registration=registration, passed=True, actor=staff)

    services.assignment_record(registration=registration, passed=False, actor=staff)

    completion = completion_of(registration)
    assert completion.withdrawn_at is not None
    assert completion.withdraw_reason == "The assignment has not been passed."
    assert not completion.certificate.valid


def test_an_assignment_for_an_activity_without_one_is_refused(registration, staff):
    with nothing_written(*WRITES), pytest.raises(PortalError) as refused:
        services.assignment_record(registration=registration, passed=True, actor=staff)
    assert str(refused.value.message) == "This activity asks for no assignment."


def test_a_correction_withdraws_the_completion_and_revokes_its_certificate(meetings, registration, staff):
    mark(meetings, registration, staff, True, True, True)
    certificate = completion_of(registration).certificate

    services.attendance_record(meeting=meetings[1], registration=registration, present=False, actor=staff)

    completion = completion_of(registration)
    certificate.refresh_from_db()
    assert completion.withdrawn_at is not None
    assert completion.withdraw_reason == "Attended 2 of the 3 meetings required."
    assert certificate.revoked_at == completion.withdrawn_at
    assert certificate.revoke_reason == completion.withdraw_reason


def test_recording_again_restores_the_completion_and_the_same_certificate(meetings, registration, staff):
    mark(meetings, registration, staff, True, True, True)
    number = completion_of(registration).certificate.number
    services.attendance_record(meeting=meetings[1], registration=registration, present=False, actor=staff)

    services.attendance_record(meeting=meetings[1], registration=registration, present=True, actor=staff)

    completion = completion_of(registration)
    assert completion.valid and completion.withdraw_reason == ""
    assert Certificate.objects.get().number == number
    assert completion.certificate.valid and completion.certificate.revoke_reason == ""
    # Announced once: the certificate is the same.
    assert Notification.objects.filter(category="professionalisation.certificate").count() == 2  # e-mail, in-app


def test_a_certificate_staff_revoked_stays_revoked_when_completion_is_recorded_again(meetings, registration, staff):
    mark(meetings, registration, staff, True, True, True)
    certificate = completion_of(registration).certificate
    services.certificate_revoke(certificate=certificate, reason="Fraude", actor=staff)
    services.attendance_record(meeting=meetings[0], registration=registration, present=False, actor=staff)

    services.attendance_record(meeting=meetings[0], registration=registration, present=True, actor=staff)

    certificate.refresh_from_db()
    assert completion_of(registration).valid
    assert (certificate.valid, certificate.revoke_reason) == (False, "Fraude")


def test_recording_the_same_mark_again_writes_nothing(meetings, registration, staff):
    mark(meetings, registration, staff, True, True, True)

    with nothing_written(*WRITES):
        services.attendance_record(meeting=meetings[0], registration=registration, present=True, actor=staff)


def test_an_activity_that_gives_nothing_completes_without_a_certificate(session, meetings, registration, staff):
    session.activity.award = CompletionAward.NOTHING
    session.activity.save()

    mark(meetings, registration, staff, True, True, True)

    assert completion_of(registration).valid
    assert not Certificate.objects.exists()
    assert not Notification.objects.filter(category="professionalisation.certificate").exists()


def test_a_microcredential_comes_with_a_certificate(session, meetings, registration, staff):
    session.activity.award = CompletionAward.MICROCREDENTIAL
    session.activity.save()

    mark(meetings, registration, staff, True, True, True)

    assert completion_of(registration).certificate.valid


def test_a_session_without_meetings_never_completes(staff):
    session = past_session(meetings=0)
    registration = RegistrationFactory(session=session)

    assert services.completion_evaluate(registration=registration) is None
    assert not Completion.objects.exists()


# --- attendance rules ---------------------------------------------------------------------------


def test_a_meeting_on_a_later_day_is_refused_and_nothing_is_written(session, registration, staff):
    tomorrow = MeetingFactory(session=session, date=timezone.localdate() + datetime.timedelta(days=1))

    with nothing_written(*WRITES), pytest.raises(Conflict) as refused:
        services.attendance_record(meeting=tomorrow, registration=registration, present=True, actor=staff)
    assert str(refused.value.message) == (
        "This meeting has not taken place yet: attendance can be recorded from its day on."
    )


def test_a_meeting_of_today_can_be_recorded(session, registration, staff):
    today = MeetingFactory(session=session, date=timezone.localdate())

    mark_row = services.attendance_record(meeting=today, registration=registration, present=True, actor=staff)

    assert (mark_row.present, mark_row.recorded_by) == (True, staff)


def test_a_registration_of_another_session_is_refused(meetings, staff):
    elsewhere = RegistrationFactory(session=past_session(meetings=1))

    with nothing_written(*WRITES), pytest.raises(PortalError) as refused:
        services.attendance_record(meeting=meetings[0], registration=elsewhere, present=True, actor=staff)
    assert str(refused.value.message) == "This person is not registered for the session of this meeting."


def test_a_cancelled_registration_is_refused(meetings, registration, staff):
    registration.status = RegistrationStatus.CANCELLED
    registration.save()

    with nothing_written(*WRITES), pytest.raises(PortalError) as refused:
        services.attendance_record(meeting=meetings[0], registration=registration, present=True, actor=staff)
    assert str(refused.value.message) == "This registration has been cancelled."


@pytest.mark.parametrize("name", REFUSED)
def test_only_staff_record_attendance(name, role, meetings, registration):
    actor = role(name)

    with nothing_written(*WRITES), pytest.raises(NotAllowed):
        services.attendance_record(meeting=meetings[0], registration=registration, present=True, actor=actor)
    with nothing_written(*WRITES), pytest.raises(NotAllowed):
        services.attendance_all_present(meeting=meetings[0], actor=actor)
    with nothing_written(*WRITES), pytest.raises(NotAllowed):
        services.assignment_record(registration=registration, passed=True, actor=actor)


def test_an_anonymous_user_object_is_refused(meetings, registration):
    with nothing_written(*WRITES), pytest.raises(NotAllowed):
        services.attendance_record(meeting=meetings[0], registration=registration, present=True, actor=AnonymousUser())


@pytest.mark.parametrize("name", STAFF)
def test_staff_record_attendance(name, role, meetings, registration):
    actor = role(name)

    services.attendance_record(meeting=meetings[0], registration=registration, present=True, actor=actor)

    assert Attendance.objects.get().recorded_by == actor


def test_all_present_marks_every_confirmed_participant_and_no_one_else(session, meetings, registration, staff):
    others = RegistrationFactory.create_batch(2, session=session)
    cancelled = RegistrationFactory(session=session, status=RegistrationStatus.CANCELLED)

    marks = services.attendance_all_present(meeting=meetings[0], actor=staff)

    assert {m.registration_id for m in marks} == {registration.pk, *(o.pk for o in others)}
    assert all(m.present for m in marks)
    assert not Attendance.objects.filter(registration=cancelled).exists()


def test_the_day_list_records_present_and_absent_at_once(session, meetings, registration, staff):
    absent = RegistrationFactory(session=session)

    services.attendance_record_many(
        meeting=meetings[0], present_ids=[registration.pk], absent_ids=[absent.pk], actor=staff
    )

    assert dict(Attendance.objects.values_list("registration_id", "present")) == {
        registration.pk: True,
        absent.pk: False,
    }


def test_the_day_list_refuses_a_person_in_both_lists_or_outside_the_session(meetings, registration, staff):
    stranger = RegistrationFactory(session=past_session(meetings=1))

    with nothing_written(*WRITES), pytest.raises(PortalError) as both:
        services.attendance_record_many(
            meeting=meetings[0], present_ids=[registration.pk], absent_ids=[registration.pk], actor=staff
        )
    with nothing_written(*WRITES), pytest.raises(PortalError) as outside:
        services.attendance_record_many(
            meeting=meetings[0], present_ids=[registration.pk, stranger.pk], absent_ids=[], actor=staff
        )
    with nothing_written(*WRITES), pytest.raises(PortalError) as unknown:
        services.attendance_record_many(meeting=meetings[0], present_ids=[999999], absent_ids=[], actor=staff)
    assert str(both.value.message) == "A participant cannot be both present and absent."
    assert str(outside.value.message) == "This person is not registered for the session of this meeting."
    assert str(unknown.value.message) == "This person is not registered for the session of this meeting."


# --- certificates -------------------------------------------------------------------------------


def _complete(session, staff, participant=None):
    registration = RegistrationFactory(session=session, **({"participant": participant} if participant else {}))
    for meeting in session.meetings.all():
        services.attendance_record(meeting=meeting, registration=registration, present=True, actor=staff)
    return completion_of(registration).certificate


def test_certificate_numbers_are_unique_and_in_order_within_the_year(session, staff):
    year = timezone.localdate().year
    CertificateFactory(number=f"ICLON-PD-{year - 1}-00007")

    numbers = [_complete(session, staff).number for _ in range(3)]

    assert numbers == [f"ICLON-PD-{year}-{n:05d}" for n in (1, 2, 3)]


def test_numbering_starts_again_in_a_new_year(session, staff):
    first = _complete(session, staff)
    with time_machine.travel(datetime.datetime(timezone.localdate().year + 1, 1, 2, 12, tzinfo=datetime.UTC)):
        later = _complete(past_session(meetings=1), staff)

    assert first.number.endswith("-00001")
    assert later.number == f"ICLON-PD-{timezone.localdate().year + 1}-00001"


def test_the_certificate_and_its_notice_are_in_the_participants_language(session, staff):
    english = UserFactory(language="en", full_name="Kim Hoekstra")

    certificate = _complete(session, staff, participant=english)

    notices = Notification.objects.filter(category="professionalisation.certificate", recipient=english)
    assert certificate.language == "en"
    assert {n.language for n in notices} == {"en"}
    assert {n.subject for n in notices} == {"Your certificate: Formative assessment"}
    email = notices.get(channel="email")
    assert certificate.number in email.body_text
    assert f"/professionalisation/verify/{certificate.code}/" in email.body_text
    assert email.idempotency_key == f"professionalisation.certificate:issued:{certificate.pk}"


def test_a_dutch_participant_hears_in_dutch(session, staff, participant):
    certificate = _complete(session, staff, participant=participant)

    notice = Notification.objects.get(category="professionalisation.certificate", channel="email")
    assert (certificate.language, notice.language) == ("nl", "nl")
    assert "Formatief handelen" in notice.subject


def test_revoking_needs_staff_and_a_reason_and_happens_once(session, staff, participant):
    certificate = _complete(session, staff, participant=participant)

    with nothing_written(Certificate), pytest.raises(NotAllowed):
        services.certificate_revoke(certificate=certificate, reason="Fout", actor=participant)
    with nothing_written(Certificate), pytest.raises(PortalError) as no_reason:
        services.certificate_revoke(certificate=certificate, reason="   ", actor=staff)
    services.certificate_revoke(certificate=certificate, reason="Uitgereikt aan de verkeerde persoon", actor=staff)
    with nothing_written(Certificate), pytest.raises(Conflict) as twice:
        services.certificate_revoke(certificate=certificate, reason="Nogmaals", actor=staff)

    certificate.refresh_from_db()
    assert str(no_reason.value.message) == "Give a reason for revoking the certificate."
    assert str(twice.value.message) == "This certificate has been revoked already."
    assert (certificate.valid, certificate.revoke_reason) == (False, "Uitgereikt aan de verkeerde persoon")


# --- signals ------------------------------------------------------------------------------------


def test_completion_recorded_is_sent_once_after_commit(
    meetings, registration, staff, signals, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        mark(meetings, registration, staff, True, True, True)
    assert signals == []  # nothing before the commit
    for callback in callbacks:
        callback()

    assert signals == [("recorded", completion_of(registration).pk, None)]


def test_withdrawal_and_recording_again_send_one_signal_each(
    meetings, registration, staff, signals, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mark(meetings, registration, staff, True, True, True)
    with django_capture_on_commit_callbacks(execute=True):
        services.attendance_record(meeting=meetings[0], registration=registration, present=False, actor=staff)
        services.attendance_record(meeting=meetings[1], registration=registration, present=False, actor=staff)
    with django_capture_on_commit_callbacks(execute=True):
        mark(meetings, registration, staff, True, True)

    pk = completion_of(registration).pk
    assert signals == [
        ("recorded", pk, None),
        ("withdrawn", pk, "Attended 2 of the 3 meetings required."),
        ("recorded", pk, None),
    ]


def test_a_refused_change_sends_no_signal(meetings, registration, signals, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(NotAllowed):
        services.attendance_record(meeting=meetings[0], registration=registration, present=True, actor=None)

    assert signals == []


# --- evaluations --------------------------------------------------------------------------------


@pytest.fixture
def completed(meetings, registration, staff):
    mark(meetings, registration, staff, True, True, True)
    return registration


def test_the_participant_evaluates_a_completed_activity(completed, participant):
    evaluation = services.evaluation_submit(registration=completed, rating=4, comment="  Nuttig  ", actor=participant)

    assert (evaluation.rating, evaluation.comment) == (4, "Nuttig")


@pytest.mark.parametrize("name", ["anonymous", "other_participant", "professionalisation_coordinator", "superuser"])
def test_only_the_participant_evaluates(name, role, completed):
    with nothing_written(Evaluation), pytest.raises(NotAllowed):
        services.evaluation_submit(registration=completed, rating=4, actor=role(name))


def test_an_activity_not_completed_cannot_be_evaluated(registration, participant):
    with nothing_written(Evaluation), pytest.raises(Conflict) as refused:
        services.evaluation_submit(registration=registration, rating=4, actor=participant)
    assert str(refused.value.message) == "You can evaluate an activity once you have completed it."


def test_a_withdrawn_completion_cannot_be_evaluated(completed, meetings, participant, staff):
    services.attendance_record(meeting=meetings[0], registration=completed, present=False, actor=staff)

    with nothing_written(Evaluation), pytest.raises(Conflict):
        services.evaluation_submit(registration=completed, rating=4, actor=participant)


@pytest.mark.parametrize("rating", [0, 6, True, "5"])
def test_a_rating_outside_one_to_five_is_refused(rating, completed, participant):
    with nothing_written(Evaluation), pytest.raises(PortalError) as refused:
        services.evaluation_submit(registration=completed, rating=rating, actor=participant)
    assert (refused.value.field, str(refused.value.message)) == ("rating", "Give a rating from 1 to 5.")


def test_a_comment_too_long_is_refused(completed, participant):
    with nothing_written(Evaluation), pytest.raises(PortalError) as refused:
        services.evaluation_submit(registration=completed, rating=3, comment="x" * 2001, actor=participant)
    assert refused.value.field == "comment"


def test_one_evaluation_changed_within_thirty_days_and_not_after(completed, participant):
    services.evaluation_submit(registration=completed, rating=2, actor=participant)
    services.evaluation_submit(registration=completed, rating=5, comment="Toch goed", actor=participant)
    assert Evaluation.objects.get().rating == 5

    with (
        time_machine.travel(timezone.now() + datetime.timedelta(days=31)),
        nothing_written(Evaluation),
        pytest.raises(Conflict) as refused,
    ):
        services.evaluation_submit(registration=completed, rating=1, actor=participant)
    assert str(refused.value.message) == "Your evaluation can no longer be changed."
    assert Evaluation.objects.count() == 1
