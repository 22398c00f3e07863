"""Factories of microcredentials, and the completions they need.

`CompletionFactory` writes a Completion row directly (the completion slice's own factories are not
ours to lean on): a registration of a session of an activity that gives a microcredential, with
its MicrocredentialSpec. Issue credentials through the service (`issued(...)`)."""

from decimal import Decimal

import factory
from django.utils import timezone

from professionalisation.credentials import keys
from professionalisation.credentials.services import microcredential_issue
from professionalisation.models import (
    AssessmentType,
    Completion,
    CompletionAward,
    KeySource,
    Microcredential,
    MicrocredentialSpec,
    SigningKey,
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


class SigningKeyFactory(factory.django.DjangoModelFactory):
    """A signing key kept in the database (encrypted with the portal's secret), not active unless
    `active=True`: the issuing service makes and activates its own key when none is active."""

    class Meta:
        model = SigningKey
        exclude = ["private"]

    private = factory.LazyFunction(keys.generate)
    key_id = factory.LazyAttribute(lambda o: keys.thumbprint(o.private.public_key()))
    public_key_pem = factory.LazyAttribute(lambda o: keys.public_pem(o.private.public_key()))
    private_key_pem = factory.LazyAttribute(lambda o: keys.encrypt_private(o.private))
    source = KeySource.DATABASE
    active = False


class MicrocredentialFactory(factory.django.DjangoModelFactory):
    """A microcredential issued and signed by the service (`microcredential_issue`) for a completion
    (a new one of a microcredential activity unless `completion=` is given): a row written by hand
    would carry no valid signature."""

    class Meta:
        model = Microcredential

    completion = factory.SubFactory(CompletionFactory)

    @classmethod
    def _create(cls, model_class, completion, **kwargs):
        return microcredential_issue(completion=completion)
