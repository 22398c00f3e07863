"""Factories of learning circles and development paths, one per model, and `completion_of`, a
valid completion of an activity (the completion slice's rows, written directly for set-up).

`CircleMembershipFactory()` is a current member (a teacher) for a school of the circle's region.
The rows are written directly (set-up, not the workflow): test the workflow through the services."""

import datetime

import factory
from django.utils import timezone

from professionalisation.models import (
    CircleMeeting,
    CircleMembership,
    CircleProduct,
    CircleRole,
    Completion,
    DevelopmentPath,
    LearningCircle,
    PathStep,
    PracticeQuestion,
    PriorModule,
    SchoolPosition,
)
from tests.factories.accounts import UserFactory
from tests.factories.partnerships import EducationRegionFactory, SchoolFactory
from tests.factories.professionalisation import RegistrationFactory, SessionFactory
from tests.factories.programmes import ModuleFactory


class LearningCircleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningCircle

    name_nl = factory.Sequence(lambda n: f"Leerkring {n}")
    name_en = factory.Sequence(lambda n: f"Learning circle {n}")
    region = factory.SubFactory(EducationRegionFactory)
    theme_nl = "Startende leraren behouden"
    theme_en = "Keeping starting teachers"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))


class CircleMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CircleMembership

    circle = factory.SubFactory(LearningCircleFactory)
    person = factory.SubFactory(UserFactory)
    role = CircleRole.MEMBER
    school = factory.LazyAttribute(lambda o: SchoolFactory(region=o.circle.region) if o.role == "member" else None)
    position = factory.LazyAttribute(lambda o: SchoolPosition.TEACHER if o.role == "member" else "")
    joined_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))


class CircleMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CircleMeeting

    circle = factory.SubFactory(LearningCircleFactory)
    date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
    starts_at = datetime.time(15, 30)
    ends_at = datetime.time(17, 30)
    place = "ICLON, Kolffpad 1, Leiden"


class PracticeQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeQuestion

    circle = factory.SubFactory(LearningCircleFactory)
    school = factory.LazyAttribute(lambda o: SchoolFactory(region=o.circle.region))
    title = factory.Sequence(lambda n: f"Praktijkvraag {n}")
    context = "Wat werkt bij het begeleiden van starters?"


class CircleProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CircleProduct

    meeting = factory.SubFactory(CircleMeetingFactory)
    title = factory.Sequence(lambda n: f"Verslag {n}")
    text = "Wat we bespraken."


class DevelopmentPathFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DevelopmentPath

    slug = factory.Sequence(lambda n: f"pad-{n}")
    name_nl = factory.Sequence(lambda n: f"Ontwikkelpad {n}")
    name_en = factory.Sequence(lambda n: f"Development path {n}")
    description_nl = "Stap voor stap verder."
    description_en = "Step by step."
    published = True


class PathStepFactory(factory.django.DjangoModelFactory):
    """A step; pass activities=[…] and modules=[…]."""

    class Meta:
        model = PathStep
        skip_postgeneration_save = True

    path = factory.SubFactory(DevelopmentPathFactory)
    order = factory.Sequence(lambda n: n + 1)
    title_nl = factory.Sequence(lambda n: f"Stap {n}")
    title_en = factory.Sequence(lambda n: f"Step {n}")

    @factory.post_generation
    def activities(self, create, extracted, **kwargs):
        if create and extracted:
            self.activities.set(extracted)

    @factory.post_generation
    def modules(self, create, extracted, **kwargs):
        if create and extracted:
            self.modules.set(extracted)


class PriorModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorModule

    person = factory.SubFactory(UserFactory)
    module = factory.SubFactory(ModuleFactory)
    completed_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=100))


def completion_of(person, activity, *, withdrawn: bool = False) -> Completion:
    """A completion of `activity` by `person` (withdrawn, if asked), with its registration."""
    registration = RegistrationFactory(participant=person, session=SessionFactory(activity=activity, meetings=0))
    return Completion.objects.create(
        registration=registration,
        completed_at=timezone.now() - datetime.timedelta(days=10),
        meetings_attended=2,
        meetings_total=2,
        withdrawn_at=timezone.now() if withdrawn else None,
    )
