"""Factories of higher-education research coordination, one per model. `SupportRequestFactory()`
is a fresh request (submitted, unassigned) for coordination of higher-education research by a
person without a school; `grant=True` makes it a grant proposal with funder, call and a deadline
in three weeks. The rows are written directly (set-up, not the workflow): test the workflow
through the services."""

import datetime

import factory
from django.utils import timezone

from research.coordination.models import SupportKind, SupportRequest, SupportRequestMessage, SupportStatus
from tests.factories.accounts import UserFactory


class SupportRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportRequest

    class Params:
        grant = factory.Trait(
            kind=SupportKind.GRANT_PROPOSAL,
            funder="NRO",
            grant_call="Comenius Teaching Fellows",
            submission_deadline=factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=21)),
        )

    requester = factory.SubFactory(UserFactory)
    kind = SupportKind.COORDINATION
    title = factory.Sequence(lambda n: f"Onderzoek naar activerend onderwijs {n}")
    description = "Wij zoeken ondersteuning bij de opzet van het onderzoek."
    department = "Instituut Psychologie"
    status = SupportStatus.SUBMITTED


class SupportRequestMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportRequestMessage

    request = factory.SubFactory(SupportRequestFactory)
    author = factory.LazyAttribute(lambda o: o.request.requester)
    from_team = False
    text = "Hierbij de tekst van de call."
