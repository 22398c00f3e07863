"""aptitude_assessment_save: who plans and records the aptitude assessment, when, and what is stored.

The service is called directly; messages are compared as written in the code (English)."""

import datetime
import zoneinfo

import pytest
from django.utils import translation

from iclon.accounts.roles import StaffGroup
from iclon.core.errors import Conflict, NotAllowed, PortalError
from iclon.notifications.models import Notification
from programmes.intake.services import applications as intake
from programmes.models import Application, ApplicationStatus, ApplicationTransition, AptitudeAssessment
from tests.factories import ApplicationFactory, AptitudeAssessmentFactory, PathwayFactory, StaffUserFactory
from tests.utils import nothing_written

S = ApplicationStatus
Outcome = AptitudeAssessment.Outcome

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
ON = datetime.datetime(2031, 3, 4, 10, 30, tzinfo=AMSTERDAM)
NOT_ASSESSING = "The aptitude assessment is recorded while the application is being assessed."


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def assessed(status=S.IN_REVIEW, *, assesses=True):
    """An application in `status` on a route that does (or does not) ask for an aptitude assessment."""
    return ApplicationFactory(
        status=status, pathway=PathwayFactory(requires_aptitude_assessment=assesses), complete=False
    )


def stored(application):
    assessment = AptitudeAssessment.objects.get(application=application)
    return assessment.scheduled_at, assessment.outcome, assessment.advice, set(assessment.assessors.all())


def history(application):
    assessment = AptitudeAssessment.objects.get(application=application)
    return list(
        AptitudeAssessment.history.filter(id=assessment.pk)
        .order_by("history_id")
        .values_list("history_type", "outcome", "advice")
    )


def refusal(error):
    return type(error.value), str(error.value.message), error.value.field


# --- what is stored ----------------------------------------------------------------------------


@pytest.mark.parametrize("status", [S.IN_REVIEW, S.APTITUDE_ASSESSMENT])
def test_an_officer_plans_the_assessment_with_its_date_and_assessors_and_no_outcome_or_advice_yet(
    status, intake_officer
):
    application = assessed(status)
    colleague = StaffUserFactory(group=StaffGroup.INTAKE_OFFICER)

    with nothing_written(Application, ApplicationTransition, Notification):
        assessment = intake.aptitude_assessment_save(
            application=application, actor=intake_officer, scheduled_at=ON, assessors=[intake_officer, colleague]
        )

    assert assessment.application == application
    assert stored(application) == (ON, Outcome.PENDING, "", {intake_officer, colleague})
    assert history(application) == [("+", Outcome.PENDING, "")]


def test_an_assessment_is_planned_without_a_date_while_its_outcome_is_pending(intake_officer):
    application = assessed()

    intake.aptitude_assessment_save(application=application, actor=intake_officer)

    assert stored(application) == (None, Outcome.PENDING, "", set())


@pytest.mark.parametrize("outcome", [Outcome.SUITABLE, Outcome.SUITABLE_WITH_ADVICE, Outcome.NOT_SUITABLE])
def test_recording_the_outcome_updates_the_one_assessment_and_keeps_its_assessors(outcome, intake_officer):
    application = assessed(S.APTITUDE_ASSESSMENT)
    intake.aptitude_assessment_save(
        application=application, actor=intake_officer, scheduled_at=ON, assessors=[intake_officer]
    )

    intake.aptitude_assessment_save(
        application=application,
        actor=intake_officer,
        scheduled_at=ON,
        outcome=outcome,
        advice="Extra begeleiding bij klassenmanagement.",
    )

    assert AptitudeAssessment.objects.filter(application=application).count() == 1
    assert stored(application) == (ON, outcome, "Extra begeleiding bij klassenmanagement.", {intake_officer})
    assert history(application) == [
        ("+", Outcome.PENDING, ""),
        ("~", outcome, "Extra begeleiding bij klassenmanagement."),
    ]


def test_an_empty_list_of_assessors_removes_them(intake_officer):
    application = assessed()
    intake.aptitude_assessment_save(
        application=application, actor=intake_officer, scheduled_at=ON, assessors=[intake_officer]
    )

    intake.aptitude_assessment_save(application=application, actor=intake_officer, scheduled_at=ON, assessors=[])

    assert stored(application) == (ON, Outcome.PENDING, "", set())


# --- what is refused ---------------------------------------------------------------------------


@pytest.mark.parametrize("outcome", [Outcome.SUITABLE, Outcome.SUITABLE_WITH_ADVICE, Outcome.NOT_SUITABLE])
def test_an_outcome_needs_the_date_of_the_assessment(outcome, intake_officer):
    application = assessed()
    planned = AptitudeAssessmentFactory(application=application, scheduled_at=None)

    with nothing_written(AptitudeAssessment, planned), pytest.raises(PortalError) as error:
        intake.aptitude_assessment_save(application=application, actor=intake_officer, outcome=outcome)

    assert refusal(error) == (PortalError, "Enter the date of the assessment.", "scheduled_at")


@pytest.mark.parametrize("outcome", ["", "geschikt", "SUITABLE"])
def test_an_unknown_outcome_is_refused(outcome, intake_officer):
    application = assessed()

    with nothing_written(AptitudeAssessment), pytest.raises(PortalError) as error:
        intake.aptitude_assessment_save(application=application, actor=intake_officer, scheduled_at=ON, outcome=outcome)

    assert refusal(error) == (PortalError, "Choose the outcome.", "outcome")


@pytest.mark.parametrize("role", ["owner", "programme_coordinator", "placement_coordinator", "outsider"])
def test_only_intake_staff_plan_or_record_the_assessment(role, persona):
    application = assessed()
    actor = application.applicant if role == "owner" else persona(role)

    with nothing_written(AptitudeAssessment), pytest.raises(NotAllowed):
        intake.aptitude_assessment_save(application=application, actor=actor, scheduled_at=ON, outcome=Outcome.SUITABLE)


def test_a_route_without_an_aptitude_assessment_records_none(intake_officer):
    application = assessed(assesses=False)

    with nothing_written(AptitudeAssessment), pytest.raises(PortalError) as error:
        intake.aptitude_assessment_save(application=application, actor=intake_officer, scheduled_at=ON)

    assert refusal(error) == (PortalError, "This route has no aptitude assessment.", None)


@pytest.mark.parametrize(
    "status", [S.DRAFT, S.SUBMITTED, S.ADMITTED, S.ADMITTED_WITH_CONDITIONS, S.REJECTED, S.ENROLLED, S.WITHDRAWN]
)
def test_the_assessment_is_recorded_only_while_the_application_is_assessed(status, intake_officer):
    application = assessed(status)

    with nothing_written(AptitudeAssessment), pytest.raises(PortalError) as error:
        intake.aptitude_assessment_save(
            application=application, actor=intake_officer, scheduled_at=ON, outcome=Outcome.SUITABLE
        )

    assert refusal(error) == (Conflict, NOT_ASSESSING, None)


def test_a_recorded_outcome_is_not_changed_after_the_decision(intake_officer):
    application = assessed(S.ADMITTED)
    recorded = AptitudeAssessmentFactory(application=application, scheduled_at=ON, outcome=Outcome.SUITABLE)

    with nothing_written(AptitudeAssessment, recorded), pytest.raises(Conflict) as error:
        intake.aptitude_assessment_save(
            application=application, actor=intake_officer, scheduled_at=ON, outcome=Outcome.NOT_SUITABLE
        )

    assert str(error.value.message) == NOT_ASSESSING
