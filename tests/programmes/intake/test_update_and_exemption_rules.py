"""Rules of the applicant's draft update, the answer to a request, internal notes and exemptions.

The services are called directly; messages are compared as written in the code (English)."""

import datetime

import pytest
from django.utils import translation

from iclon.core.errors import Conflict, PortalError
from programmes.intake.services import applications as intake
from programmes.models import (
    Application,
    ApplicationStatus,
    DutchProficiency,
    Exemption,
    InformationRequest,
    InternalNote,
)
from tests.factories import (
    ApplicationFactory,
    InformationRequestFactory,
    ModuleFactory,
    PathwayFactory,
    SchoolSubjectFactory,
    StartMomentFactory,
    UserFactory,
)
from tests.utils import nothing_written

S = ApplicationStatus

pytestmark = pytest.mark.django_db


def _route_with_two_subjects_and_two_starts():
    first, second = SchoolSubjectFactory(), SchoolSubjectFactory()
    pathway = PathwayFactory(subjects=[first, second], start=False)
    first_start = StartMomentFactory(pathway=pathway)
    later_start = StartMomentFactory(pathway=pathway, starts_on=first_start.starts_on + datetime.timedelta(days=180))
    starts = [first_start, later_start]
    return pathway, (first, second), starts


def _update(application, actor, **fields):
    with translation.override("en"):
        return intake.application_update(application=application, actor=actor, **fields)


# --- application_update: what is saved ---------------------------------------------------------


def test_the_applicant_saves_every_field_of_the_draft(school_a):
    pathway, (_first, second), (_start, later_start) = _route_with_two_subjects_and_two_starts()
    application = ApplicationFactory(pathway=pathway, start_moment=_start, subject=_first)

    _update(
        application,
        application.applicant,
        first_name="Sanne",
        last_name="de Vries",
        date_of_birth=datetime.date(1990, 1, 2),
        phone="06 1234 5678",
        street="Rapenburg 70",
        postcode="2311 EZ",
        city="Leiden",
        country="België",
        employed_as_teacher=True,
        employing_school=school_a,
        employer_name="Stichting Onderwijs",
        employment_hours=24,
        dutch_proficiency=DutchProficiency.NT2_II,
        english_proficiency_notes="IELTS 7.5",
        motivation="Ik wil scheikunde geven.",
        subject=second,
        start_moment=later_start,
    )

    stored = Application.objects.get(pk=application.pk)
    assert (
        stored.first_name,
        stored.last_name,
        stored.date_of_birth,
        stored.phone,
        stored.street,
        stored.postcode,
        stored.city,
        stored.country,
    ) == ("Sanne", "de Vries", datetime.date(1990, 1, 2), "06 1234 5678", "Rapenburg 70", "2311 EZ", "Leiden", "België")
    assert stored.employed_as_teacher is True
    assert stored.employing_school == school_a
    assert stored.employer_name == "Stichting Onderwijs"
    assert stored.employment_hours == 24
    assert stored.dutch_proficiency == DutchProficiency.NT2_II
    assert stored.english_proficiency_notes == "IELTS 7.5"
    assert stored.motivation == "Ik wil scheikunde geven."
    assert stored.subject == second
    assert stored.start_moment == later_start
    assert stored.status == S.DRAFT
    assert stored.pathway == pathway


def test_saying_one_is_not_employed_as_a_teacher_clears_the_job(school_a):
    application = ApplicationFactory(
        employed_as_teacher=True, employing_school=school_a, employer_name="Stichting Onderwijs", employment_hours=20
    )

    _update(application, application.applicant, employed_as_teacher=False)

    stored = Application.objects.get(pk=application.pk)
    assert stored.employed_as_teacher is False
    assert stored.employing_school is None
    assert stored.employer_name == ""
    assert stored.employment_hours is None


def test_the_job_is_kept_while_one_is_employed_or_does_not_say(school_a):
    application = ApplicationFactory(
        employed_as_teacher=True, employing_school=school_a, employer_name="Stichting Onderwijs", employment_hours=20
    )

    _update(application, application.applicant, city="Delft")
    _update(application, application.applicant, employed_as_teacher=True, employment_hours=32)

    stored = Application.objects.get(pk=application.pk)
    assert stored.city == "Delft"
    assert stored.employed_as_teacher is True
    assert stored.employing_school == school_a
    assert stored.employer_name == "Stichting Onderwijs"
    assert stored.employment_hours == 32


def test_a_route_without_subjects_takes_no_subject():
    pathway = PathwayFactory(subjects=[], start=False)
    application = ApplicationFactory(pathway=pathway, subject=SchoolSubjectFactory())

    _update(application, application.applicant, subject=None)

    assert Application.objects.get(pk=application.pk).subject is None


def test_a_draft_assigned_to_someone_without_staff_status_can_still_be_saved():
    """Who the draft is assigned to is not the applicant's to check (nor who decided it)."""
    assignee = UserFactory(is_staff=False)
    application = ApplicationFactory(assigned_to=assignee)

    _update(application, application.applicant, city="Utrecht")

    stored = Application.objects.get(pk=application.pk)
    assert stored.city == "Utrecht"
    assert stored.assigned_to == assignee


# --- application_update: what is refused -------------------------------------------------------


def test_fields_outside_the_draft_are_refused_and_named():
    application = ApplicationFactory()

    with nothing_written(Application), pytest.raises(PortalError) as error:
        _update(application, application.applicant, status=S.ADMITTED, assigned_to=None, city="Delft")

    assert str(error.value) == "These fields cannot be changed here: assigned_to, status"
    assert error.value.field is None


def test_a_start_moment_of_another_route_is_refused():
    application = ApplicationFactory()
    other_start = StartMomentFactory()

    with nothing_written(Application), pytest.raises(PortalError) as error:
        _update(application, application.applicant, start_moment=other_start)

    assert str(error.value) == "Choose a start moment of this route."
    assert error.value.field == "start_moment"


@pytest.mark.parametrize("offered", [False, None], ids=["another subject", "no subject"])
def test_a_subject_the_route_is_not_offered_for_is_refused(offered):
    pathway, _subjects, (start, _later) = _route_with_two_subjects_and_two_starts()
    application = ApplicationFactory(pathway=pathway, start_moment=start)
    subject = SchoolSubjectFactory() if offered is False else None

    with nothing_written(Application), pytest.raises(PortalError) as error:
        _update(application, application.applicant, subject=subject)

    assert str(error.value) == "Choose one of the subjects this route is offered for."
    assert error.value.field == "subject"


def test_moving_to_a_start_one_already_applied_for_is_a_conflict(applicant):
    pathway, (subject, _second), (start, later_start) = _route_with_two_subjects_and_two_starts()
    ApplicationFactory(applicant=applicant, pathway=pathway, start_moment=start, subject=subject)
    second = ApplicationFactory(applicant=applicant, pathway=pathway, start_moment=later_start, subject=subject)

    with nothing_written(Application), pytest.raises(PortalError) as error:
        _update(second, applicant, start_moment=start)

    assert type(error.value) is Conflict
    assert str(error.value) == "You already have an application for this route and start."


# --- information_request_answer ------------------------------------------------------------------


def _answer(request, answer, actor):
    with translation.override("en"):
        return intake.information_request_answer(request=request, answer=answer, actor=actor)


def test_the_answer_is_stored_trimmed_and_a_second_answer_is_refused():
    request = InformationRequestFactory()
    applicant = request.application.applicant

    _answer(request, "  Hierbij de cijferlijst.  ", applicant)

    stored = InformationRequest.objects.get(pk=request.pk)
    assert stored.answer == "Hierbij de cijferlijst."
    assert stored.answered_at is not None

    with nothing_written(InformationRequest), pytest.raises(Conflict) as error:
        _answer(request, "Nog een antwoord.", applicant)
    assert str(error.value) == "This request has been answered already."


@pytest.mark.parametrize("answer", [None, "", "   "])
def test_an_empty_answer_is_refused(answer):
    request = InformationRequestFactory()

    with nothing_written(InformationRequest), pytest.raises(PortalError) as error:
        _answer(request, answer, request.application.applicant)

    assert str(error.value) == "Write your answer."
    assert error.value.field == "answer"


# --- note_add ----------------------------------------------------------------------------------


def test_a_note_is_stored_trimmed_with_its_author(intake_officer):
    application = ApplicationFactory(status=S.IN_REVIEW)

    note = intake.note_add(application=application, text="  Diploma gezien.  ", actor=intake_officer)

    stored = InternalNote.objects.get(pk=note.pk)
    assert (stored.application, stored.author, stored.text) == (application, intake_officer, "Diploma gezien.")


@pytest.mark.parametrize("text", [None, "", "  "])
def test_an_empty_note_is_refused(intake_officer, text):
    application = ApplicationFactory(status=S.IN_REVIEW)

    with nothing_written(InternalNote), pytest.raises(PortalError) as error, translation.override("en"):
        intake.note_add(application=application, text=text, actor=intake_officer)

    assert str(error.value) == "Write the note."
    assert error.value.field == "text"


# --- exemption_grant ---------------------------------------------------------------------------


def _grant(application, module, ec, reason, actor):
    with translation.override("en"):
        return intake.exemption_grant(application=application, module=module, ec=ec, reason=reason, actor=actor)


@pytest.mark.parametrize("ec", [1, 10])
def test_an_exemption_of_one_ec_up_to_the_modules_ec_is_granted(intake_officer, ec):
    application = ApplicationFactory(status=S.IN_REVIEW)
    module = ModuleFactory(pathway=application.pathway, ec=10)

    exemption = _grant(application, module, ec, "  Eerder behaald (EVC).  ", intake_officer)

    stored = Exemption.objects.get(pk=exemption.pk)
    assert (stored.application, stored.module, stored.ec, stored.reason, stored.granted_by) == (
        application,
        module,
        ec,
        "Eerder behaald (EVC).",
        intake_officer,
    )


@pytest.mark.parametrize("ec", [None, 0, -1, 11])
def test_an_exemption_outside_one_to_the_modules_ec_is_refused(intake_officer, ec):
    application = ApplicationFactory(status=S.IN_REVIEW)
    module = ModuleFactory(pathway=application.pathway, ec=10)

    with nothing_written(Exemption), pytest.raises(PortalError) as error:
        _grant(application, module, ec, "EVC", intake_officer)

    assert str(error.value) == "The exemption is between 1 and 10 EC."
    assert error.value.field == "ec"


def test_an_exemption_from_a_module_of_another_route_is_refused(intake_officer):
    application = ApplicationFactory(status=S.IN_REVIEW)
    module = ModuleFactory(ec=10)

    with nothing_written(Exemption), pytest.raises(PortalError) as error:
        _grant(application, module, 5, "EVC", intake_officer)

    assert str(error.value) == "Choose a module of this route."
    assert error.value.field == "module"


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_an_exemption_needs_a_reason(intake_officer, reason):
    application = ApplicationFactory(status=S.IN_REVIEW)
    module = ModuleFactory(pathway=application.pathway, ec=10)

    with nothing_written(Exemption), pytest.raises(PortalError) as error:
        _grant(application, module, 5, reason, intake_officer)

    assert str(error.value) == "Give the reason for the exemption."
    assert error.value.field == "reason"


def test_a_module_is_exempted_only_once(intake_officer):
    application = ApplicationFactory(status=S.IN_REVIEW)
    module = ModuleFactory(pathway=application.pathway, ec=10)
    _grant(application, module, 5, "EVC", intake_officer)

    with nothing_written(Exemption), pytest.raises(Conflict) as error:
        _grant(application, module, 3, "Nog eens", intake_officer)

    assert str(error.value) == "This module has been exempted already."
