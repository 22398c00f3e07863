"""Factories of placements: periods, offers, placements, trainees' wishes, evaluations.

A trainee is an admitted applicant (ApplicationFactory(status=admitted)); a placement from an
offer takes its school and period from the offer, and the offer's subject from the trainee, so
that `PlacementFactory()` is a consistent row the services accept. The rows are written directly
(factories are set-up, not the workflow): use the services to test the workflow itself."""

import datetime

import factory
from django.utils import timezone

from programmes.models import (
    ApplicationStatus,
    Evaluation,
    Placement,
    PlacementOffer,
    PlacementPeriod,
    PlacementStatus,
    PlacementWish,
)
from tests.factories.partnerships import SchoolFactory
from tests.factories.programmes import ApplicationFactory, SchoolSubjectFactory


class PlacementPeriodFactory(factory.django.DjangoModelFactory):
    """A coming semester: it starts in a month and lasts about five months."""

    class Meta:
        model = PlacementPeriod

    slug = factory.Sequence(lambda n: f"periode-{n}")
    name_nl = factory.Sequence(lambda n: f"Semester {n}")
    name_en = factory.Sequence(lambda n: f"Semester {n}")
    kind = PlacementPeriod.Kind.SEMESTER
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=150))


class PlacementOfferFactory(factory.django.DjangoModelFactory):
    """Two places for one subject; pass mentors=[user, …] (members of the school) to name mentors."""

    class Meta:
        model = PlacementOffer
        skip_postgeneration_save = True

    school = factory.SubFactory(SchoolFactory)
    subject = factory.SubFactory(SchoolSubjectFactory)
    period = factory.SubFactory(PlacementPeriodFactory)
    places = 2
    days_available = factory.LazyFunction(lambda: ["tue", "wed", "thu"])
    paid_job_possible = False
    notes = ""

    @factory.post_generation
    def mentors(self, create, extracted, **kwargs):
        if create and extracted:
            self.mentors.set(extracted)


class PlacementFactory(factory.django.DjangoModelFactory):
    """A proposed placement of an admitted trainee on an offer of the trainee's subject."""

    class Meta:
        model = Placement

    trainee = factory.SubFactory(ApplicationFactory, status=ApplicationStatus.ADMITTED)
    offer = factory.SubFactory(PlacementOfferFactory, subject=factory.SelfAttribute("..trainee.subject"))
    school = factory.LazyAttribute(lambda o: o.offer.school if o.offer else SchoolFactory())
    period = factory.LazyAttribute(lambda o: o.offer.period if o.offer else PlacementPeriodFactory())
    kind = Placement.Kind.OFFER
    status = PlacementStatus.PROPOSED
    match_reasons = factory.LazyFunction(lambda: ["Same subject"])

    class Params:
        # PlacementFactory(employment=True, school=…): the trainee's own paid job, without an offer.
        employment = factory.Trait(offer=None, kind=Placement.Kind.EMPLOYMENT, employment_hours=16)


class PlacementWishFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlacementWish

    trainee = factory.SubFactory(ApplicationFactory, status=ApplicationStatus.ADMITTED)
    municipality = "Leiden"
    days_available = factory.LazyFunction(lambda: ["tue", "wed"])
    notes = ""


class EvaluationFactory(factory.django.DjangoModelFactory):
    """The workplace mentor's mid-term evaluation of a confirmed placement, due in two weeks, not
    yet written; pass submitted=True for a written one (and released=True to show it)."""

    class Meta:
        model = Evaluation

    placement = factory.SubFactory(PlacementFactory, status=PlacementStatus.CONFIRMED)
    moment = Evaluation.Moment.MIDTERM
    author_role = Evaluation.Author.WORKPLACE_MENTOR
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))

    class Params:
        submitted = factory.Trait(
            strengths="Duidelijke uitleg en goed klassenmanagement.",
            development_points="Meer differentiëren.",
            judgement=Evaluation.Judgement.GOOD,
            submitted_at=factory.LazyFunction(timezone.now),
        )
        released = factory.Trait(
            submitted=True,
            released_at=factory.LazyFunction(timezone.now),
        )
