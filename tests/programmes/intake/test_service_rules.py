"""Rules of single intake services: the decision moves, removing a document, adding a degree.

TRANSITIONS is filled once, when the services module loads. The decision moves in it come from
`_decide_from`; the fixture below puts them in again as `_decide_from` builds them now, so these
tests read the rules as that function states them (also in a process that loaded the module
before the function changed)."""

import pytest
from django.utils import translation

from iclon.core.errors import NotAllowed, PortalError
from programmes.intake.services import applications as intake
from programmes.models import (
    AdmissionCondition,
    Application,
    ApplicationDocument,
    ApplicationStatus,
    ApplicationTransition,
    AptitudeAssessment,
    PriorDegree,
)
from tests.factories import (
    AdmissionConditionFactory,
    ApplicationDocumentFactory,
    ApplicationFactory,
    AptitudeAssessmentFactory,
    DegreeFieldFactory,
    PathwayFactory,
)
from tests.utils import nothing_written

S = ApplicationStatus
DECISIONS = [S.ADMITTED, S.ADMITTED_WITH_CONDITIONS, S.REJECTED]
DECIDED_FROM = [S.IN_REVIEW, S.APTITUDE_ASSESSMENT]


@pytest.fixture(autouse=True)
def decision_moves(monkeypatch):
    for source in DECIDED_FROM:
        for key, move in intake._decide_from(source).items():
            monkeypatch.setitem(intake.TRANSITIONS, key, move)


pytestmark = pytest.mark.usefixtures("private_storage")


def _ready_to_decide(source, target, *, assessment=AptitudeAssessment.Outcome.SUITABLE):
    """An application in `source` with what a decision to `target` needs: from the assessment,
    its outcome; for an admission with conditions, a condition."""
    assesses = source == S.APTITUDE_ASSESSMENT
    application = ApplicationFactory(status=source, pathway=PathwayFactory(requires_aptitude_assessment=assesses))
    if assesses:
        AptitudeAssessmentFactory(application=application, outcome=assessment)
    if target == S.ADMITTED_WITH_CONDITIONS:
        AdmissionConditionFactory(application=application, kind=AdmissionCondition.Kind.DUTCH_PROFICIENCY)
    return application


# --- the decision moves -----------------------------------------------------------------------


@pytest.mark.parametrize("source", DECIDED_FROM)
def test_the_decisions_open_from_review_and_from_the_assessment_are_the_same_three(source):
    assert list(intake._decide_from(source)) == [(source, target) for target in DECISIONS]


@pytest.mark.django_db
@pytest.mark.parametrize("source", DECIDED_FROM)
@pytest.mark.parametrize("target", DECISIONS)
def test_an_intake_officer_decides_and_the_decision_is_recorded(source, target, intake_officer):
    application = _ready_to_decide(source, target)

    intake.application_transition(
        application=application, to_status=target, actor=intake_officer, reason="Zo besloten."
    )

    application.refresh_from_db()
    assert (application.status, application.decided_by) == (target, intake_officer)
    transition = ApplicationTransition.objects.get(application=application)
    assert (transition.from_status, transition.to_status, transition.actor) == (source, target, intake_officer)


@pytest.mark.django_db
@pytest.mark.parametrize("source", DECIDED_FROM)
@pytest.mark.parametrize("target", DECISIONS)
@pytest.mark.parametrize("role", ["owner", "programme_coordinator", "placement_coordinator"])
def test_only_staff_who_may_decide_make_a_decision(source, target, role, persona):
    application = _ready_to_decide(source, target)
    actor = application.applicant if role == "owner" else persona(role)

    with nothing_written(Application, ApplicationTransition), pytest.raises(NotAllowed):
        intake.application_transition(application=application, to_status=target, actor=actor, reason="Zo besloten.")


@pytest.mark.django_db
@pytest.mark.parametrize("target", DECISIONS)
def test_no_decision_while_the_assessment_has_no_outcome(target, intake_officer):
    application = _ready_to_decide(S.APTITUDE_ASSESSMENT, target, assessment=AptitudeAssessment.Outcome.PENDING)

    with (
        nothing_written(Application, ApplicationTransition),
        pytest.raises(PortalError) as error,
        translation.override("en"),
    ):
        intake.application_transition(
            application=application, to_status=target, actor=intake_officer, reason="Zo besloten."
        )

    assert str(error.value) == "Record the outcome of the aptitude assessment first."


@pytest.mark.django_db
def test_no_admission_after_an_unsuitable_assessment(intake_officer):
    application = _ready_to_decide(
        S.APTITUDE_ASSESSMENT, S.ADMITTED, assessment=AptitudeAssessment.Outcome.NOT_SUITABLE
    )

    with (
        nothing_written(Application, ApplicationTransition),
        pytest.raises(PortalError) as error,
        translation.override("en"),
    ):
        intake.application_transition(application=application, to_status=S.ADMITTED, actor=intake_officer)

    assert str(error.value) == "The aptitude assessment found the applicant not suitable."


@pytest.mark.django_db
@pytest.mark.parametrize("source", DECIDED_FROM)
def test_admission_with_conditions_needs_the_conditions(source, intake_officer):
    application = _ready_to_decide(source, S.ADMITTED)  # no condition recorded

    with (
        nothing_written(Application, ApplicationTransition),
        pytest.raises(PortalError) as error,
        translation.override("en"),
    ):
        intake.application_transition(
            application=application, to_status=S.ADMITTED_WITH_CONDITIONS, actor=intake_officer
        )

    assert str(error.value) == "Add the conditions before admitting with conditions."


@pytest.mark.django_db
@pytest.mark.parametrize("source", DECIDED_FROM)
@pytest.mark.parametrize("reason", ["", "   "])
def test_a_rejection_needs_a_reason_but_an_admission_does_not(source, reason, intake_officer):
    application = _ready_to_decide(source, S.REJECTED)

    with (
        nothing_written(Application, ApplicationTransition),
        pytest.raises(PortalError) as error,
        translation.override("en"),
    ):
        intake.application_transition(
            application=application, to_status=S.REJECTED, actor=intake_officer, reason=reason
        )

    assert (str(error.value), error.value.field) == (
        "Give the reason; the applicant reads it in the decision.",
        "reason",
    )
    intake.application_transition(application=application, to_status=S.ADMITTED, actor=intake_officer, reason=reason)
    application.refresh_from_db()
    assert (application.status, application.decision_explanation) == (S.ADMITTED, "")


@pytest.mark.django_db
def test_the_options_offered_hold_back_the_decisions_that_are_not_possible_yet(intake_officer):
    application = _ready_to_decide(S.APTITUDE_ASSESSMENT, S.ADMITTED, assessment=AptitudeAssessment.Outcome.PENDING)

    with translation.override("en"):
        options = intake.transition_options(application, intake_officer)

    pending = "Record the outcome of the aptitude assessment first."
    assert [(o.to_status, o.reason_required, o.refusal) for o in options] == [
        (S.ADMITTED, False, pending),
        (S.ADMITTED_WITH_CONDITIONS, False, pending),
        (S.REJECTED, True, pending),
        (S.WITHDRAWN, False, None),
    ]


# --- removing a document ----------------------------------------------------------------------


@pytest.mark.django_db
def test_intake_staff_remove_a_document_of_a_submitted_application(
    intake_officer, private_storage, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(status=S.IN_REVIEW, complete=False)
    document = ApplicationDocumentFactory(application=application)
    kept = ApplicationDocumentFactory(application=application, original_name="ander.pdf")
    name = document.file.name

    with django_capture_on_commit_callbacks(execute=True):
        intake.document_remove(document=document, actor=intake_officer)

    assert list(ApplicationDocument.objects.filter(application=application)) == [kept]
    assert not private_storage.exists(name)
    assert private_storage.exists(kept.file.name)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["programme_coordinator", "school_a_contact", "outsider"])
def test_others_remove_no_document(role, persona, private_storage, django_capture_on_commit_callbacks):
    application = ApplicationFactory(status=S.IN_REVIEW, complete=False)
    document = ApplicationDocumentFactory(application=application)

    with (
        nothing_written(ApplicationDocument),
        pytest.raises(NotAllowed),
        django_capture_on_commit_callbacks(execute=True),
    ):
        intake.document_remove(document=document, actor=persona(role))

    assert private_storage.exists(document.file.name)


# --- adding a degree --------------------------------------------------------------------------


def _degree(**fields):
    return {"level": "wo_master", "institution": "Universiteit Leiden", "year": 2020, **fields}


@pytest.mark.django_db
def test_a_degree_needs_its_field_chosen_or_described(applicant):
    application = ApplicationFactory(applicant=applicant, complete=False)

    with nothing_written(PriorDegree), pytest.raises(PortalError) as error, translation.override("en"):
        intake.degree_add(application=application, actor=applicant, **_degree())

    assert (str(error.value), error.value.field) == ("Choose the field of the degree, or describe it.", "field")
    described = intake.degree_add(application=application, actor=applicant, **_degree(field_other="Sterrenkunde"))
    chosen = intake.degree_add(application=application, actor=applicant, **_degree(field=DegreeFieldFactory()))
    assert set(application.degrees.all()) == {described, chosen}


@pytest.mark.django_db
def test_a_degree_from_1950_is_accepted_and_one_from_1949_is_not(applicant):
    application = ApplicationFactory(applicant=applicant, complete=False)

    degree = intake.degree_add(application=application, actor=applicant, **_degree(field_other="Wiskunde", year=1950))
    with nothing_written(PriorDegree), pytest.raises(PortalError) as error:
        intake.degree_add(application=application, actor=applicant, **_degree(field_other="Wiskunde", year=1949))

    assert list(application.degrees.all()) == [degree]
    assert error.value.field == "year"
