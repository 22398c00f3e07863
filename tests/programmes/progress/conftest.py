"""Fixtures of study progress: the two new staff groups, a trainee (enrolled, with the demo
applicant's account) on a pathway of four modules, another trainee, and a helper that makes a
trainee with a plan and results in a few lines."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from iclon.accounts.roles import StaffGroup
from programmes.intake.models import ApplicationStatus
from programmes.progress.models import Outcome, next_semester, semester_of
from tests.factories import ApplicationFactory, StaffUserFactory
from tests.factories.programmes import ExemptionFactory, ModuleFactory, StartMomentFactory
from tests.factories.progress import ModuleResultFactory, PlannedModuleFactory, StudyPlanFactory

TODAY = timezone.localdate()
CURRENT = semester_of(TODAY)
NEXT = next_semester(*CURRENT)


def previous(semester=CURRENT):
    year, number = semester
    return (year, 1) if number == 2 else (year - 1, 2)


PREVIOUS = previous()
#: The trainees of these tests started in September 2024 (a result may not be dated before).
STARTED = datetime.date(2024, 9, 1)


def started(application):
    """`application` with a start moment of its pathway in the past (the pathway's first one then,
    so later trainees of the pathway made by ApplicationFactory start then as well)."""
    application.start_moment = StartMomentFactory(
        pathway=application.pathway, starts_on=STARTED, application_deadline=STARTED - datetime.timedelta(days=60)
    )
    application.save(update_fields=["start_moment"])
    return application


@pytest.fixture
def study_adviser(db):
    return StaffUserFactory(group=StaffGroup.STUDY_ADVISER, full_name="Stijn Studieadviseur")


@pytest.fixture
def teacher_educator(db):
    return StaffUserFactory(group=StaffGroup.TEACHER_EDUCATOR, full_name="Lotte Lerarenopleider")


@pytest.fixture
def trainee(applicant):
    application = started(ApplicationFactory(applicant=applicant, status=ApplicationStatus.ENROLLED))
    for order, ec in enumerate((5, 10, 15, 30), start=1):
        ModuleFactory(pathway=application.pathway, ec=ec, order=order)
    return application


@pytest.fixture
def modules(trainee):
    return list(trainee.pathway.modules.order_by("order"))


@pytest.fixture
def other_trainee(outsider, trainee):
    """A trainee of the same pathway (another person)."""
    return ApplicationFactory(applicant=outsider, pathway=trainee.pathway, status=ApplicationStatus.ADMITTED)


def plan(trainee, *planned, pace="full_time"):
    """A plan for `trainee`: (module, (year, semester)) pairs."""
    study_plan = StudyPlanFactory(trainee=trainee, pace=pace)
    for module, (year, number) in planned:
        PlannedModuleFactory(plan=study_plan, module=module, academic_year=year, semester=number)
    return study_plan


def result(trainee, module, grade="7.5", days_ago=7, **fields):
    grade = Decimal(grade) if grade is not None else None
    outcome = fields.pop("outcome", None) or (Outcome.PASS if grade is None or grade >= 5.5 else Outcome.FAIL)
    return ModuleResultFactory(
        trainee=trainee,
        module=module,
        grade=grade,
        outcome=outcome,
        date=TODAY - datetime.timedelta(days=days_ago),
        **fields,
    )


def exempt(trainee, module):
    return ExemptionFactory(application=trainee, module=module, ec=module.ec)


def behind_trainee(pathway=None, **fields):
    """A new trainee with a module planned for last semester and no result: behind the plan."""
    extra = {"pathway": pathway} if pathway is not None else {}
    someone = ApplicationFactory(status=ApplicationStatus.ENROLLED, **extra, **fields)
    module = someone.pathway.modules.first() or ModuleFactory(pathway=someone.pathway, ec=10)
    plan(someone, (module, PREVIOUS))
    return someone
