"""Factories of study progress (programmes/progress): a trainee's result of a module of their
pathway, their study plan and a planned module. The rows are made directly (no service, no
notification); the services are tested with their own calls."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from programmes.intake.models import ApplicationStatus
from programmes.progress.models import ModuleResult, Outcome, Pace, PlannedModule, ResultSource, StudyPlan
from tests.factories.accounts import StaffUserFactory
from tests.factories.programmes import ApplicationFactory, ModuleFactory

TRAINEE = ApplicationStatus.ENROLLED


class ModuleResultFactory(factory.django.DjangoModelFactory):
    """A passing grade of a module of the trainee's pathway, a week ago."""

    class Meta:
        model = ModuleResult

    trainee = factory.SubFactory(ApplicationFactory, status=TRAINEE)
    module = factory.SubFactory(ModuleFactory, pathway=factory.SelfAttribute("..trainee.pathway"))
    grade = Decimal("7.5")
    outcome = factory.LazyAttribute(lambda o: Outcome.PASS if o.grade is None or o.grade >= 5.5 else Outcome.FAIL)
    date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    examiner = factory.SubFactory(StaffUserFactory)
    recorded_by = factory.SelfAttribute("examiner")
    source = ResultSource.MANUAL


class StudyPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudyPlan

    trainee = factory.SubFactory(ApplicationFactory, status=TRAINEE)
    pace = Pace.FULL_TIME


class PlannedModuleFactory(factory.django.DjangoModelFactory):
    """A module of the plan's trainee's pathway, planned for the first semester of next academic year."""

    class Meta:
        model = PlannedModule

    plan = factory.SubFactory(StudyPlanFactory)
    module = factory.SubFactory(ModuleFactory, pathway=factory.SelfAttribute("..plan.trainee.pathway"))
    academic_year = factory.LazyFunction(lambda: timezone.localdate().year + 1)
    semester = 1
