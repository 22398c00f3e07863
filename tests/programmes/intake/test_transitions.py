"""The intake state machine as a table: every move allowed and refused, for every role.

The expected outcomes are written out here from the issue, not computed from the service's own
table, so a change to TRANSITIONS that the issue does not allow fails a test."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation

from iclon.core.errors import Conflict, NotAllowed, PortalError
from programmes.intake.services import applications as intake
from programmes.intake.services.documents import BadDocument, check_upload
from programmes.models import (
    AdmissionCondition,
    ApplicationStatus,
    ApplicationTransition,
    AptitudeAssessment,
    DocumentKind,
)
from tests.factories import (
    AdmissionConditionFactory,
    ApplicationFactory,
    AptitudeAssessmentFactory,
    PathwayFactory,
    StartMomentFactory,
    UserFactory,
)
from tests.factories.programmes import PDF_BYTES

S = ApplicationStatus
AMSTERDAM = ZoneInfo("Europe/Amsterdam")

OWNER = "owner"
ROLES = [
    OWNER,
    "other_applicant",
    "intake_officer",
    "administrator",
    "programme_coordinator",
    "placement_coordinator",
    "school_a_contact",
]
STAFF_DECIDERS = {"intake_officer", "administrator"}
EITHER = STAFF_DECIDERS | {OWNER}

# (from, to) → the roles that may make the move. Every other pair is no move at all.
ALLOWED = {
    (S.DRAFT, S.SUBMITTED): {OWNER},
    (S.SUBMITTED, S.IN_REVIEW): STAFF_DECIDERS,
    (S.IN_REVIEW, S.APTITUDE_ASSESSMENT): STAFF_DECIDERS,
    (S.IN_REVIEW, S.ADMITTED): STAFF_DECIDERS,
    (S.IN_REVIEW, S.ADMITTED_WITH_CONDITIONS): STAFF_DECIDERS,
    (S.IN_REVIEW, S.REJECTED): STAFF_DECIDERS,
    (S.APTITUDE_ASSESSMENT, S.ADMITTED): STAFF_DECIDERS,
    (S.APTITUDE_ASSESSMENT, S.ADMITTED_WITH_CONDITIONS): STAFF_DECIDERS,
    (S.APTITUDE_ASSESSMENT, S.REJECTED): STAFF_DECIDERS,
    (S.ADMITTED, S.ENROLLED): STAFF_DECIDERS,
    (S.ADMITTED_WITH_CONDITIONS, S.ENROLLED): STAFF_DECIDERS,
    **{
        (source, S.WITHDRAWN): EITHER
        for source in (
            S.DRAFT,
            S.SUBMITTED,
            S.IN_REVIEW,
            S.APTITUDE_ASSESSMENT,
            S.ADMITTED,
            S.ADMITTED_WITH_CONDITIONS,
        )
    },
}

ALLOWED_CASES = [(source, target, role) for (source, target), roles in ALLOWED.items() for role in ROLES]
NO_MOVE_CASES = [
    (source, target, role)
    for source in S.values
    for target in S.values
    if (source, target) not in ALLOWED
    for role in (OWNER, "intake_officer")
]


def _actor(role, application, persona):
    if role == OWNER:
        return application.applicant
    if role == "other_applicant":
        return UserFactory()
    return persona(role)


def _application_in(source, target):
    """An application in `source`, with whatever the move to `target` needs to pass its rules."""
    needs_assessment = S.APTITUDE_ASSESSMENT in (source, target)
    pathway = PathwayFactory(requires_aptitude_assessment=needs_assessment, start=False)
    application = ApplicationFactory(pathway=pathway, status=source)
    if source == S.APTITUDE_ASSESSMENT:
        AptitudeAssessmentFactory(application=application, outcome=AptitudeAssessment.Outcome.SUITABLE)
    if target == S.ADMITTED_WITH_CONDITIONS or source == S.ADMITTED_WITH_CONDITIONS:
        status = AdmissionCondition.Status.MET if target == S.ENROLLED else AdmissionCondition.Status.OPEN
        AdmissionConditionFactory(application=application, status=status)
    return application


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target", "role"), ALLOWED_CASES)
def test_each_move_is_made_only_by_the_roles_that_may_make_it(source, target, role, persona):
    application = _application_in(source, target)
    actor = _actor(role, application, persona)
    reason = "Onvoldoende vakinhoud." if target == S.REJECTED else ""

    if role in ALLOWED[(source, target)]:
        intake.application_transition(application=application, to_status=target, actor=actor, reason=reason)
        application.refresh_from_db()
        assert application.status == target
        transition = ApplicationTransition.objects.get(application=application)
        assert (transition.from_status, transition.to_status, transition.actor) == (source, target, actor)
    else:
        with pytest.raises(NotAllowed):
            intake.application_transition(application=application, to_status=target, actor=actor, reason=reason)
        application.refresh_from_db()
        assert application.status == source
        assert not ApplicationTransition.objects.filter(application=application).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target", "role"), NO_MOVE_CASES)
def test_a_move_that_does_not_exist_is_refused_for_everybody(source, target, role, persona):
    application = _application_in(source, target)
    actor = _actor(role, application, persona)

    with pytest.raises(Conflict):
        intake.application_transition(application=application, to_status=target, actor=actor, reason="x")
    application.refresh_from_db()
    assert application.status == source
    assert not ApplicationTransition.objects.exists()


@pytest.mark.django_db
def test_allowed_transitions_lists_exactly_the_moves_the_actor_may_make(intake_officer, programme_coordinator):
    application = _application_in(S.IN_REVIEW, S.ADMITTED)

    assert set(intake.allowed_transitions(application, intake_officer)) == {
        S.ADMITTED,
        S.REJECTED,
        S.WITHDRAWN,
    }  # not with conditions (none recorded), not the assessment (the route has none)
    assert intake.allowed_transitions(application, programme_coordinator) == []
    assert intake.allowed_transitions(application, application.applicant) == [S.WITHDRAWN]


# --- the rules of single moves ----------------------------------------------------------------


@pytest.mark.django_db
def test_the_aptitude_assessment_is_only_for_routes_that_ask_for_it(intake_officer):
    application = ApplicationFactory(status=S.IN_REVIEW, pathway=PathwayFactory(requires_aptitude_assessment=False))

    with pytest.raises(PortalError, match="no aptitude assessment"):
        intake.application_transition(application=application, to_status=S.APTITUDE_ASSESSMENT, actor=intake_officer)


@pytest.mark.django_db
def test_a_route_with_an_assessment_is_not_decided_before_its_outcome(intake_officer):
    application = ApplicationFactory(status=S.IN_REVIEW, pathway=PathwayFactory(requires_aptitude_assessment=True))

    with pytest.raises(PortalError, match="aptitude assessment"):
        intake.application_transition(application=application, to_status=S.ADMITTED, actor=intake_officer)

    application.status = S.APTITUDE_ASSESSMENT
    application.save()
    AptitudeAssessmentFactory(application=application, outcome=AptitudeAssessment.Outcome.PENDING)
    with pytest.raises(PortalError, match="outcome"):
        intake.application_transition(application=application, to_status=S.ADMITTED, actor=intake_officer)


@pytest.mark.django_db
def test_an_unsuitable_assessment_cannot_lead_to_admission_but_to_rejection(intake_officer):
    application = ApplicationFactory(
        status=S.APTITUDE_ASSESSMENT, pathway=PathwayFactory(requires_aptitude_assessment=True)
    )
    AptitudeAssessmentFactory(application=application, outcome=AptitudeAssessment.Outcome.NOT_SUITABLE)

    with pytest.raises(PortalError, match="not suitable"):
        intake.application_transition(application=application, to_status=S.ADMITTED, actor=intake_officer)
    intake.application_transition(
        application=application, to_status=S.REJECTED, actor=intake_officer, reason="Niet geschikt bevonden."
    )
    application.refresh_from_db()
    assert application.status == S.REJECTED


@pytest.mark.django_db
def test_rejection_needs_a_reason_which_becomes_the_explanation(intake_officer):
    application = ApplicationFactory(status=S.IN_REVIEW)

    with pytest.raises(PortalError, match="reason"):
        intake.application_transition(application=application, to_status=S.REJECTED, actor=intake_officer, reason=" ")
    intake.application_transition(
        application=application, to_status=S.REJECTED, actor=intake_officer, reason="Geen verwante master."
    )
    application.refresh_from_db()
    assert application.decision_explanation == "Geen verwante master."
    assert application.decided_by == intake_officer
    assert application.decided_at is not None


@pytest.mark.django_db
def test_admission_with_conditions_needs_a_condition(intake_officer):
    application = ApplicationFactory(status=S.IN_REVIEW)

    with pytest.raises(PortalError, match="conditions"):
        intake.application_transition(
            application=application, to_status=S.ADMITTED_WITH_CONDITIONS, actor=intake_officer
        )

    intake.condition_add(application=application, kind=AdmissionCondition.Kind.DUTCH_PROFICIENCY, actor=intake_officer)
    intake.application_transition(application=application, to_status=S.ADMITTED_WITH_CONDITIONS, actor=intake_officer)
    application.refresh_from_db()
    assert application.status == S.ADMITTED_WITH_CONDITIONS


@pytest.mark.django_db
def test_enrolment_waits_until_every_condition_is_met_or_waived(intake_officer):
    application = ApplicationFactory(status=S.ADMITTED_WITH_CONDITIONS)
    course = AdmissionConditionFactory(application=application, status=AdmissionCondition.Status.OPEN)
    dutch = AdmissionConditionFactory(application=application, status=AdmissionCondition.Status.OPEN)

    with pytest.raises(PortalError, match="met or waived"):
        intake.application_transition(application=application, to_status=S.ENROLLED, actor=intake_officer)

    intake.condition_set_status(condition=course, status=AdmissionCondition.Status.MET, actor=intake_officer)
    intake.condition_set_status(condition=dutch, status=AdmissionCondition.Status.WAIVED, actor=intake_officer)
    intake.application_transition(application=application, to_status=S.ENROLLED, actor=intake_officer)
    application.refresh_from_db()
    assert application.status == S.ENROLLED
    assert application.enrolled_at is not None


@pytest.mark.django_db
def test_a_second_move_from_a_stale_copy_is_refused(intake_officer):
    application = ApplicationFactory(status=S.SUBMITTED)
    stale = type(application).objects.get(pk=application.pk)

    intake.application_transition(application=application, to_status=S.IN_REVIEW, actor=intake_officer)

    # The stale copy still says "submitted"; the service reads the locked row and refuses.
    with pytest.raises(Conflict):
        intake.application_transition(application=stale, to_status=S.IN_REVIEW, actor=intake_officer)
    assert ApplicationTransition.objects.filter(application=application).count() == 1


# --- submitting: completeness and the deadline -------------------------------------------------


@pytest.mark.django_db
def test_an_incomplete_draft_cannot_be_submitted_and_says_what_is_missing():
    application = ApplicationFactory(complete=False, motivation="")

    with pytest.raises(intake.Incomplete) as refused:
        intake.application_submit(application=application, actor=application.applicant)

    message = str(refused.value.message)
    assert "degree" in message
    assert "motivation" in message
    assert "Diploma" in message
    application.refresh_from_db()
    assert application.status == S.DRAFT


@pytest.mark.django_db
def test_lateral_entry_needs_the_employing_school_and_the_contract(school_a):
    pathway = PathwayFactory(requires_teaching_job=True, start=False)
    application = ApplicationFactory(pathway=pathway)

    assert DocumentKind.EMPLOYMENT_CONTRACT in intake.required_document_kinds(application)
    missing = " ".join(intake.application_missing(application))
    assert "school that employs you" in missing
    assert "Employment contract" in missing


@pytest.mark.django_db
def test_proof_of_dutch_is_required_unless_the_applicant_has_a_dutch_diploma():
    application = ApplicationFactory(dutch_proficiency="nt2_ii")
    assert DocumentKind.DUTCH_PROFICIENCY in intake.required_document_kinds(application)

    application.dutch_proficiency = "secondary_diploma"
    assert DocumentKind.DUTCH_PROFICIENCY not in intake.required_document_kinds(application)


def _deadline_application(deadline: datetime.date):
    pathway = PathwayFactory(start=False)
    start = StartMomentFactory(
        pathway=pathway, application_deadline=deadline, starts_on=deadline + datetime.timedelta(days=60)
    )
    return ApplicationFactory(pathway=pathway, start_moment=start)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "deadline",
    [datetime.date(2027, 1, 15), datetime.date(2027, 6, 1)],
    ids=["winter-CET", "summer-CEST"],
)
def test_submitting_is_open_until_the_end_of_the_deadline_day_in_amsterdam(deadline):
    last_second = datetime.datetime.combine(deadline, datetime.time(23, 59, 59), tzinfo=AMSTERDAM)
    on_time = _deadline_application(deadline)
    too_late = _deadline_application(deadline)

    with time_machine.travel(last_second, tick=False):
        intake.application_submit(application=on_time, actor=on_time.applicant)
    with (
        time_machine.travel(last_second + datetime.timedelta(seconds=1), tick=False),
        pytest.raises(intake.DeadlinePassed),
    ):
        intake.application_submit(application=too_late, actor=too_late.applicant)

    on_time.refresh_from_db()
    too_late.refresh_from_db()
    assert on_time.status == S.SUBMITTED
    assert too_late.status == S.DRAFT


@pytest.mark.django_db
def test_the_deadline_is_amsterdam_time_not_utc():
    deadline = datetime.date(2027, 6, 1)
    application = _deadline_application(deadline)
    # 22:30 UTC on the deadline day is already 00:30 the next day in Amsterdam (CEST).
    with (
        time_machine.travel(datetime.datetime(2027, 6, 1, 22, 30, tzinfo=datetime.UTC), tick=False),
        pytest.raises(intake.DeadlinePassed),
    ):
        intake.application_submit(application=application, actor=application.applicant)


@pytest.mark.django_db
def test_an_application_cannot_be_started_after_the_deadline(applicant):
    pathway = PathwayFactory(start=False)
    start = StartMomentFactory(
        pathway=pathway,
        application_deadline=datetime.date(2027, 3, 1),
        starts_on=datetime.date(2027, 9, 1),
    )
    with (
        time_machine.travel(datetime.datetime(2027, 3, 2, 9, 0, tzinfo=AMSTERDAM), tick=False),
        pytest.raises(intake.DeadlinePassed),
    ):
        intake.application_start(applicant=applicant, pathway=pathway, start_moment=start)


@pytest.mark.django_db
def test_a_second_live_application_for_the_same_route_and_start_is_a_conflict(applicant):
    pathway = PathwayFactory()
    start = pathway.start_moments.get()

    first = intake.application_start(applicant=applicant, pathway=pathway, start_moment=start)
    with pytest.raises(Conflict):
        intake.application_start(applicant=applicant, pathway=pathway, start_moment=start)

    intake.application_withdraw(application=first, actor=applicant)
    again = intake.application_start(applicant=applicant, pathway=pathway, start_moment=start)
    assert again.pk != first.pk


@pytest.mark.django_db
def test_starting_prefills_the_name_and_the_only_subject(applicant):
    pathway = PathwayFactory()

    start = pathway.start_moments.get()
    application = intake.application_start(applicant=applicant, pathway=pathway, start_moment=start)

    assert (application.first_name, application.last_name) == ("Ayla", "Applicant")
    assert application.subject == pathway.subjects.get()
    assert application.status == S.DRAFT


@pytest.mark.django_db
def test_only_the_owner_edits_a_draft_and_only_while_it_is_a_draft(outsider, intake_officer):
    application = ApplicationFactory()

    with pytest.raises(NotAllowed):
        intake.application_update(application=application, actor=outsider, city="Delft")
    with pytest.raises(NotAllowed):
        intake.application_update(application=application, actor=intake_officer, city="Delft")
    with pytest.raises(PortalError, match="cannot be changed here"):
        intake.application_update(application=application, actor=application.applicant, status="admitted")

    intake.application_submit(application=application, actor=application.applicant)
    with pytest.raises(Conflict):
        intake.application_update(application=application, actor=application.applicant, city="Delft")
    application.refresh_from_db()
    assert application.city == "Leiden"


# --- documents: checked by content --------------------------------------------------------------


def _image_bytes(kind: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, kind)
    return buffer.getvalue()


PNG_BYTES = _image_bytes("PNG")


@pytest.fixture(autouse=True)
def _english():
    # The refusals are asserted in English; the portal's default language is Dutch.
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("diploma.pdf", PDF_BYTES, "application/pdf"),
        ("scan.png", PNG_BYTES, "image/png"),
        ("foto.jpg", None, "image/jpeg"),
        # The name does not decide: a real PNG called .pdf is a PNG.
        ("misnamed.pdf", PNG_BYTES, "image/png"),
    ],
)
def test_pdf_jpeg_and_png_are_accepted_by_their_content(name, content, content_type):
    upload = SimpleUploadedFile(name, content or _image_bytes("JPEG"), content_type="application/octet-stream")
    assert check_upload(upload) == content_type


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("diploma.pdf", b"<html><script>alert(1)</script></html>", "PDF, JPEG or PNG"),
        ("cv.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "PDF, JPEG or PNG"),
        ("cv.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "PDF, JPEG or PNG"),
        ("empty.pdf", b"", "empty"),
        ("half.pdf", PDF_BYTES[:40], "damaged"),
        ("broken.png", PNG_BYTES[:30], "damaged"),
    ],
    ids=["html-named-pdf", "exe-named-pdf", "gif", "empty", "truncated-pdf", "truncated-png"],
)
def test_other_content_is_refused_whatever_the_name(name, content, message):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    with pytest.raises(BadDocument, match=message):
        check_upload(upload)


@override_settings(APPLICATION_DOCUMENT_MAX_BYTES=1000)
def test_a_file_over_the_limit_is_refused_with_both_sizes():
    upload = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * 2000 + b"\n%%EOF", content_type="application/pdf")
    with pytest.raises(BadDocument, match="too big"):
        check_upload(upload)


@pytest.mark.django_db
def test_a_refused_upload_stores_nothing():
    application = ApplicationFactory(complete=False)
    upload = SimpleUploadedFile("cv.pdf", b"<html></html>", content_type="application/pdf")

    with pytest.raises(BadDocument):
        intake.document_add(application=application, kind=DocumentKind.CV, upload=upload, actor=application.applicant)
    assert not application.documents.exists()


@pytest.mark.django_db
def test_documents_are_stored_under_a_random_name_without_a_public_url():
    application = ApplicationFactory(complete=False)
    upload = SimpleUploadedFile("Jan de Vries diploma.pdf", PDF_BYTES, content_type="application/pdf")

    document = intake.document_add(
        application=application, kind=DocumentKind.DIPLOMA, upload=upload, actor=application.applicant
    )

    assert "Vries" not in document.file.name
    assert document.original_name == "Jan de Vries diploma.pdf"
    assert document.file.read() == PDF_BYTES
    with pytest.raises(ValueError):
        document.file.url  # noqa: B018  (the private storage has no base URL)
