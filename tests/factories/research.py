"""Factories of research (Samen onderzoeken): the teaching-learning principles."""

import factory

from research.models import TeachingLearningPrinciple


class TeachingLearningPrincipleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeachingLearningPrinciple
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"principe-{n}")
    name_nl = factory.Sequence(lambda n: f"Activerend leren {n}")
    name_en = factory.Sequence(lambda n: f"Active learning {n}")
    statement_nl = "Leren wordt bevorderd als leerlingen actief met de stof bezig zijn."
    statement_en = "Learning is promoted when pupils work actively with the subject matter."
    order = factory.Sequence(lambda n: n)
