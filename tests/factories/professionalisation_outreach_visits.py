"""Factories of Meet the Professor, one per model. `VisitRequestFactory()` is a fresh request
(status requested) of an active school with one preferred date in three weeks; the rows are
written directly (set-up, not the workflow): test the workflow through the services."""

import datetime
import hashlib

import factory
from django.utils import timezone

from professionalisation.models import (
    EvaluationSide,
    ResearcherProfile,
    ResearcherUnavailability,
    VisitEvaluation,
    VisitPreferredDate,
    VisitRequest,
    VisitStatus,
)
from professionalisation.outreach.models.visits import VisitSubmission
from tests.factories.accounts import StaffUserFactory
from tests.factories.partnerships import SchoolFactory


class ResearcherProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResearcherProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(StaffUserFactory)
    discipline = "Biologie"
    topics = "evolutie, dinosaurussen, klimaat"
    languages = "nl, en"
    max_visits_per_year = 4

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.set(extracted)


class ResearcherUnavailabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResearcherUnavailability

    researcher = factory.SubFactory(ResearcherProfileFactory)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=7))


class VisitRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitRequest
        skip_postgeneration_save = True

    school = factory.SubFactory(SchoolFactory)
    contact_name = "Sanne de Vries"
    contact_email = factory.Sequence(lambda n: f"contact{n}@school.example.org")
    group_label = "Groep 7"
    pupils = 28
    wishes = "Iets over dinosaurussen of het klimaat"
    status = VisitStatus.REQUESTED

    @factory.post_generation
    def preferred(self, create, extracted, **kwargs):
        """`preferred=[dates]` (default: one date in three weeks)."""
        if not create:
            return
        days = extracted if extracted is not None else [timezone.localdate() + datetime.timedelta(days=21)]
        for day in days:
            VisitPreferredDate.objects.create(request=self, date=day)


class VisitPreferredDateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitPreferredDate

    request = factory.SubFactory(VisitRequestFactory, preferred=[])
    date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=28))


class VisitEvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitEvaluation

    request = factory.SubFactory(VisitRequestFactory)
    side = EvaluationSide.SCHOOL
    rating = 4
    text = "De leerlingen vonden het prachtig."


class VisitSubmissionFactory(factory.django.DjangoModelFactory):
    """A request of the public form waiting for its address to be verified (its token is
    `submission-<n>`; the service makes real ones: services/visit_public.py)."""

    class Meta:
        model = VisitSubmission

    school = factory.SubFactory(SchoolFactory)
    contact_name = "Juf Jansen"
    contact_email = factory.Sequence(lambda n: f"teacher{n}@school.example.org")
    group_label = "Groep 8"
    pupils = 27
    wishes = "Vulkanen"
    preferred_dates = factory.LazyFunction(
        lambda: [[(timezone.localdate() + datetime.timedelta(days=21)).isoformat(), "any"]]
    )
    token_hash = factory.Sequence(lambda n: hashlib.sha256(f"submission-{n}".encode()).hexdigest())
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))
