"""Factories of microcredentials, and the completions they need.

`CompletionFactory` writes a Completion row directly (the completion slice's own factories are not
ours to lean on): a registration of a session of an activity that gives a microcredential, with
its MicrocredentialSpec. Issue credentials through the service (`issued(...)`)."""

from decimal import Decimal

import factory
from django.utils import timezone

from professionalisation.models import (
    AssessmentType,
    Completion,
    CompletionAward,
    MicrocredentialSpec,
)
from tests.factories.professionalisation import ActivityFactory, RegistrationFactory, SessionFactory


class MicrocredentialActivityFactory(ActivityFactory):
    """A course whose completion gives a microcredential (2.5 EC, 70 hours)."""

    award = CompletionAward.MICROCREDENTIAL
    study_load_ec = Decimal("2.5")
    study_load_hours = 70
    title_nl = factory.Sequence(lambda n: f"Formatief handelen {n}")
    title_en = factory.Sequence(lambda n: f"Formative assessment {n}")


class MicrocredentialSpecFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MicrocredentialSpec

    activity = factory.SubFactory(MicrocredentialActivityFactory)
    learning_outcomes_nl = "Past formatief handelen toe in de les.\nOnderbouwt keuzes met onderzoek."
    learning_outcomes_en = "Applies formative assessment in class.\nUnderpins choices with research."
    eqf_level = 6
    assessment_type = AssessmentType.PORTFOLIO


class CompletionFactory(factory.django.DjangoModelFactory):
    """A valid completion of a microcredential activity that has its spec (pass
    `registration__session__activity=…` for another activity)."""

    class Meta:
        model = Completion
        skip_postgeneration_save = True

    registration = factory.SubFactory(
        RegistrationFactory,
        session=factory.SubFactory(SessionFactory, activity=factory.SubFactory(MicrocredentialActivityFactory)),
    )
    completed_at = factory.LazyFunction(timezone.now)
    meetings_attended = 1
    meetings_total = 1

    @factory.post_generation
    def spec(self, create, extracted, **kwargs):
        """The activity's MicrocredentialSpec, made unless `spec=False` (or one exists)."""
        activity = self.registration.session.activity
        if create and extracted is not False and not MicrocredentialSpec.objects.filter(activity=activity).exists():
            MicrocredentialSpecFactory(activity=activity)


def completions_of(participant, count: int, *, activity=None) -> list[Completion]:
    """`count` completions of `participant`, each of its own session of one activity (a person
    holds one live registration per session)."""
    activity = activity or MicrocredentialSpecFactory().activity
    return [
        CompletionFactory(
            registration__participant=participant,
            registration__session=SessionFactory(activity=activity, meetings=0),
        )
        for _number in range(count)
    ]
