"""Factories of PAL student assistants, one per model. The rows are written directly (set-up, not
the workflow): test the workflow through the services.

`PalAssignmentFactory(confirmed=True)` is confirmed by both sides, on a confirmed request;
`PalRequestFactory()` runs from four weeks ago to eight weeks ahead, Monday to Wednesday."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from professionalisation.models import (
    PalAssignment,
    PalAssignmentStatus,
    PalHours,
    PalHoursStatus,
    PalRequest,
    PalRequestStatus,
    PalStudent,
    PalTask,
)
from tests.factories.accounts import UserFactory
from tests.factories.partnerships import EducationRegionFactory, SchoolFactory
from tests.factories.programmes import SchoolSubjectFactory


def this_monday() -> datetime.date:
    today = timezone.localdate()
    return today - datetime.timedelta(days=today.weekday())


class PalStudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PalStudent
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    trained = True
    trained_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=60))
    weekdays = factory.LazyFunction(lambda: ["mon", "tue", "wed"])
    region = factory.SubFactory(EducationRegionFactory)
    active = True

    @factory.post_generation
    def subjects(self, create, extracted, **kwargs):
        if create and extracted:
            self.subjects.set(extracted)


class PalRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PalRequest

    school = factory.SubFactory(SchoolFactory)
    tasks = factory.LazyFunction(lambda: [PalTask.HOMEWORK])
    subject = factory.SubFactory(SchoolSubjectFactory)
    hours_per_week = Decimal("6")
    starts_on = factory.LazyFunction(lambda: this_monday() - datetime.timedelta(weeks=4))
    ends_on = factory.LazyFunction(lambda: this_monday() + datetime.timedelta(weeks=8, days=4))
    weekdays = factory.LazyFunction(lambda: ["mon", "tue", "wed"])
    region = factory.LazyAttribute(lambda o: o.school.region or EducationRegionFactory())
    status = PalRequestStatus.REQUESTED


class PalAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PalAssignment

    class Params:
        confirmed = factory.Trait(
            status=PalAssignmentStatus.CONFIRMED,
            student_confirmed_at=factory.LazyFunction(timezone.now),
            school_confirmed_at=factory.LazyFunction(timezone.now),
            request=factory.SubFactory(PalRequestFactory, status=PalRequestStatus.CONFIRMED),
        )

    request = factory.SubFactory(PalRequestFactory, status=PalRequestStatus.ASSIGNED)
    student = factory.SubFactory(PalStudentFactory)
    hours_per_week = Decimal("6")
    status = PalAssignmentStatus.PROPOSED


class PalHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PalHours

    class Params:
        confirmed = factory.Trait(status=PalHoursStatus.CONFIRMED, confirmed_at=factory.LazyFunction(timezone.now))

    assignment = factory.SubFactory(PalAssignmentFactory, confirmed=True)
    year = factory.LazyFunction(lambda: (this_monday() - datetime.timedelta(weeks=1)).isocalendar()[0])
    week = factory.LazyFunction(lambda: (this_monday() - datetime.timedelta(weeks=1)).isocalendar()[1])
    hours = Decimal("5")
    status = PalHoursStatus.LOGGED
    logged_at = factory.LazyFunction(timezone.now)
    logged_by = factory.SelfAttribute("assignment.student.user")
