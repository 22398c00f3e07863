"""Factories of research, one per model (the principles are reference data: take one from the
table). The rows are written directly (set-up, not the workflow): test the workflow through the
services. `ResearchProjectFactory()` is a published, running PhD project."""

import datetime

import factory

from research.knowledge.principles import PRINCIPLES
from research.models import (
    MemberRole,
    ProjectKind,
    ProjectMember,
    ProjectOutput,
    ProjectStatus,
    Researcher,
    ResearcherRole,
    ResearchProject,
    TeachingLearningPrinciple,
)
from research.publications.models import (
    DuplicateSuspicion,
    Publication,
    PublicationAuthor,
    PublicationCategory,
    PublicationType,
)
from research.publications.normalise import title_key


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


class ResearcherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Researcher
        skip_postgeneration_save = True

    full_name = factory.Sequence(lambda n: f"Onderzoeker {n}")
    slug = factory.Sequence(lambda n: f"onderzoeker-{n}")
    role = ResearcherRole.ASSISTANT_PROFESSOR
    expertise_nl = "Formatief evalueren in het voortgezet onderwijs."
    expertise_en = "Formative assessment in secondary education."
    languages = "nl, en"
    active = True

    @factory.post_generation
    def principles(self, create, extracted, **kwargs):
        if create and extracted:
            self.principles.set(extracted)


class ResearchProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResearchProject
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"project-{n}")
    kind = ProjectKind.PHD
    title_nl = factory.Sequence(lambda n: f"Onderzoeksproject {n}")
    title_en = factory.Sequence(lambda n: f"Research project {n}")
    summary_nl = "Een promotieonderzoek naar feedback in de klas."
    summary_en = "A PhD study of feedback in the classroom."
    status = ProjectStatus.RUNNING
    start_date = datetime.date(2023, 9, 1)
    published = True

    @factory.post_generation
    def principles(self, create, extracted, **kwargs):
        if create and extracted:
            self.principles.set(extracted)

    @factory.post_generation
    def partner_schools(self, create, extracted, **kwargs):
        if create and extracted:
            self.partner_schools.set(extracted)


class ProjectMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectMember

    project = factory.SubFactory(ResearchProjectFactory)
    researcher = factory.SubFactory(ResearcherFactory)
    role = MemberRole.MEMBER
    order = 1


class ProjectOutputFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectOutput

    project = factory.SubFactory(ResearchProjectFactory)
    title = "Handreiking feedback geven"
    kind = "tool"
    url = "https://www.universiteitleiden.nl/iclon"


class PublicationFactory(factory.django.DjangoModelFactory):
    """A published scientific article, its title key made as the import makes it."""

    class Meta:
        model = Publication

    category = PublicationCategory.SCIENTIFIC
    type = PublicationType.ARTICLE
    title = factory.Sequence(lambda n: f"Feedback in the classroom, part {n}")
    title_key = factory.LazyAttribute(lambda row: title_key(row.title))
    year = 2022
    venue = "Teaching and Teacher Education"


class PublicationAuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicationAuthor

    publication = factory.SubFactory(PublicationFactory)
    position = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Jansen, Hendrik {n}")


class DuplicateSuspicionFactory(factory.django.DjangoModelFactory):
    """An open suspicion: an imported entry that looks like an existing publication."""

    class Meta:
        model = DuplicateSuspicion

    publication = factory.SubFactory(PublicationFactory)
    entry = factory.LazyAttribute(lambda row: {"title": row.publication.title, "year": row.publication.year})
    entry_key = factory.Sequence(lambda n: f"{n:064x}")
    source = "tests.bib, entry 1"


def the_twelve():
    """The principles as their migration loads them (a transactional test before this one emptied
    the tables)."""
    for order, (slug, name_nl, name_en, statement_nl, statement_en) in enumerate(PRINCIPLES, start=1):
        TeachingLearningPrinciple.objects.get_or_create(
            slug=slug,
            defaults={
                "name_nl": name_nl,
                "name_en": name_en,
                "statement_nl": statement_nl,
                "statement_en": statement_en,
                "order": order,
            },
        )
