"""Factories of matching runs (programmes/matchruns): a draft run, a proposal of an admitted
trainee to an offer of their subject in the run's period, and a pin or forbid. Real runs are
computed by the service (programmes.matchruns.services.matching_run_create)."""

import factory

from programmes.intake.models import ApplicationStatus
from programmes.matchruns.models import ConstraintKind, Decision, MatchingConstraint, MatchingProposal, MatchingRun
from tests.factories.accounts import StaffUserFactory
from tests.factories.placements import PlacementOfferFactory, PlacementPeriodFactory
from tests.factories.programmes import ApplicationFactory


class MatchingRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchingRun

    period = factory.SubFactory(PlacementPeriodFactory)
    created_by = factory.SubFactory(StaffUserFactory)
    total_score = 0


class MatchingProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchingProposal

    run = factory.SubFactory(MatchingRunFactory)
    trainee = factory.SubFactory(ApplicationFactory, status=ApplicationStatus.ADMITTED)
    offer = factory.SubFactory(
        PlacementOfferFactory,
        subject=factory.SelfAttribute("..trainee.subject"),
        period=factory.SelfAttribute("..run.period"),
    )
    score = 20
    reasons = factory.LazyAttribute(
        lambda o: [
            {"code": "subject", "params": {"subject": {"nl": o.offer.subject.name_nl, "en": o.offer.subject.name_en}}}
        ]
    )
    decision = Decision.PROPOSED


class MatchingConstraintFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchingConstraint

    run = factory.SubFactory(MatchingRunFactory)
    trainee = factory.SubFactory(ApplicationFactory, status=ApplicationStatus.ADMITTED)
    offer = factory.SubFactory(
        PlacementOfferFactory,
        subject=factory.SelfAttribute("..trainee.subject"),
        period=factory.SelfAttribute("..run.period"),
    )
    kind = ConstraintKind.FORBID
