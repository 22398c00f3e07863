"""Factories of research questions (research/questions), one per model. The rows are written
directly (set-up, not the workflow): test the workflow through the services.
`ResearchQuestionFactory()` is a submitted question of a new school, by nobody (a contact only)."""

import datetime

import factory
from django.utils import timezone

from research.questions.models import QuestionSubmission, ResearchQuestion
from research.questions.public import token_hash
from tests.factories.partnerships import SchoolFactory


class ResearchQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResearchQuestion
        skip_postgeneration_save = True

    school = factory.SubFactory(SchoolFactory)
    title = factory.Sequence(lambda n: f"Hoe geven we feedback die leerlingen gebruiken? ({n})")
    context = "In de onderbouw lezen leerlingen de feedback op hun toetsen nauwelijks."
    subject = "Nederlands"
    sector = "vo"
    intended_use = "Ons toetsbeleid aanpassen."
    urgency = "medium"
    contact_name = "Sanne de Vries"
    contact_email = factory.Sequence(lambda n: f"docent{n}@school.example.org")

    @factory.post_generation
    def principles(self, create, extracted, **kwargs):
        if create and extracted:
            self.principles.set(extracted)


class QuestionSubmissionFactory(factory.django.DjangoModelFactory):
    """A submission of the public form waiting for its address to be verified; its secret token is
    `token` (pass token="…" to choose it)."""

    class Meta:
        model = QuestionSubmission
        exclude = ["token"]

    token = factory.Sequence(lambda n: f"secret-token-{n}")
    school = factory.SubFactory(SchoolFactory)
    title = "Werkt een vaste leesroutine in alle vakken?"
    context = "We willen tien minuten lezen aan het begin van elke les invoeren."
    sector = "vo"
    intended_use = "Besluiten of we de leesroutine invoeren."
    urgency = "high"
    contact_name = "Youssef Amrani"
    contact_email = factory.Sequence(lambda n: f"leraar{n}@school.example.org")
    token_hash = factory.LazyAttribute(lambda row: token_hash(row.token))
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))
