"""Factories for the catalogue of routes and for intake."""

import datetime

import factory
from django.utils import timezone

from programmes.intake.demo import DEMO_PDF
from programmes.models import (
    AdmissionCondition,
    Application,
    ApplicationDocument,
    ApplicationStatus,
    ApplicationTransition,
    AptitudeAssessment,
    ChecklistCheck,
    ChecklistItem,
    DeficiencyCourse,
    DegreeField,
    DegreeRelatedness,
    DocumentKind,
    DutchProficiency,
    Exemption,
    InformationRequest,
    InternalNote,
    Module,
    Pathway,
    PriorDegree,
    PriorEducation,
    PriorEducationRule,
    Programme,
    Qualification,
    SchoolSubject,
    Sector,
    StartMoment,
    StudyMode,
    SubjectDomain,
)
from tests.factories.accounts import UserFactory

# A valid PDF the document check accepts: one blank A4 page (the demo's document).
PDF_BYTES = DEMO_PDF


class SchoolSubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolSubject
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"vak-{n}")
    name_nl = factory.Sequence(lambda n: f"Vak {n}")
    name_en = factory.Sequence(lambda n: f"Subject {n}")
    domain = SubjectDomain.BETA


class QualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Qualification
        django_get_or_create = ("kind",)

    kind = Qualification.Kind.FIRST_DEGREE
    slug = factory.LazyAttribute(lambda o: o.kind.replace("_", "-"))
    sector = Sector.VO
    name_nl = "Eerstegraads bevoegdheid"
    name_en = "First-degree qualification"


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    slug = factory.Sequence(lambda n: f"opleiding-{n}")
    name_nl = factory.Sequence(lambda n: f"Opleiding {n}")
    name_en = factory.Sequence(lambda n: f"Programme {n}")


class PathwayFactory(factory.django.DjangoModelFactory):
    """A published full-time pathway for one subject, open to university masters, with one open
    start moment; pass subjects=[...] to choose them."""

    class Meta:
        model = Pathway
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    qualification = factory.SubFactory(QualificationFactory)
    slug = factory.Sequence(lambda n: f"traject-{n}")
    name_nl = factory.Sequence(lambda n: f"Traject {n}")
    name_en = factory.Sequence(lambda n: f"Pathway {n}")
    summary_nl = "Een route naar het leraarschap."
    summary_en = "A route into teaching."
    sector = Sector.VO
    mode = StudyMode.FULL_TIME
    ec = 60
    duration_months = 12
    is_published = True

    @factory.post_generation
    def subjects(self, create, extracted, **kwargs):
        if create:
            self.subjects.set(extracted if extracted is not None else [SchoolSubjectFactory()])

    @factory.post_generation
    def rules(self, create, extracted, **kwargs):
        if create:
            for level in extracted if extracted is not None else [PriorEducation.WO_MASTER]:
                PriorEducationRule.objects.create(pathway=self, prior_education=level)

    @factory.post_generation
    def start(self, create, extracted, **kwargs):
        if create and extracted is not False:
            StartMomentFactory(pathway=self)


class PriorEducationRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorEducationRule

    pathway = factory.SubFactory(PathwayFactory)
    prior_education = PriorEducation.WO_BACHELOR


class StartMomentFactory(factory.django.DjangoModelFactory):
    """A start three months ahead with its deadline a month ahead."""

    class Meta:
        model = StartMoment

    pathway = factory.SubFactory(PathwayFactory, start=False)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=90))
    application_deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module

    pathway = factory.SubFactory(PathwayFactory)
    name_nl = factory.Sequence(lambda n: f"Module {n}")
    name_en = factory.Sequence(lambda n: f"Module {n}")
    ec = 10
    order = factory.Sequence(int)


class DegreeFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DegreeField
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"studierichting-{n}")
    name_nl = factory.Sequence(lambda n: f"Studierichting {n}")
    name_en = factory.Sequence(lambda n: f"Field {n}")


class DeficiencyCourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeficiencyCourse

    slug = factory.Sequence(lambda n: f"deficientie-{n}")
    name_nl = factory.Sequence(lambda n: f"Deficiëntiecursus {n}")
    name_en = factory.Sequence(lambda n: f"Deficiency course {n}")
    provider = DeficiencyCourse.Provider.BETA4ALL
    subject = factory.SubFactory(SchoolSubjectFactory)
    ec = 5


class DegreeRelatednessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DegreeRelatedness

    degree_field = factory.SubFactory(DegreeFieldFactory)
    subject = factory.SubFactory(SchoolSubjectFactory)
    relation = DegreeRelatedness.Relation.DIRECT


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A complete draft (details, a degree, motivation, the three documents everyone needs), ready
    to submit; pass status=... for a later state (no transition rows are written for it)."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    applicant = factory.SubFactory(UserFactory)
    pathway = factory.SubFactory(PathwayFactory, start=False)
    # The pathway's first start moment, or a new open one.
    start_moment = factory.LazyAttribute(
        lambda o: o.pathway.start_moments.first() or StartMomentFactory(pathway=o.pathway)
    )
    subject = factory.LazyAttribute(lambda o: o.pathway.subjects.first())
    status = ApplicationStatus.DRAFT
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    date_of_birth = datetime.date(1995, 5, 17)
    phone = "071 527 3400"
    street = "Kolffpad 1"
    postcode = "2333 BN"
    city = "Leiden"
    dutch_proficiency = DutchProficiency.SECONDARY_DIPLOMA
    motivation = "Ik wil graag leraar worden omdat ik mijn liefde voor het vak wil delen met leerlingen."

    @factory.post_generation
    def complete(self, create, extracted, **kwargs):
        """Adds a master degree and the diploma, transcript and CV unless complete=False."""
        if not create or extracted is False:
            return
        PriorDegreeFactory(application=self)
        for kind in (DocumentKind.DIPLOMA, DocumentKind.TRANSCRIPT, DocumentKind.CV):
            ApplicationDocumentFactory(application=self, kind=kind)


class PriorDegreeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorDegree

    application = factory.SubFactory(ApplicationFactory, complete=False)
    level = PriorEducation.WO_MASTER
    field = factory.SubFactory(DegreeFieldFactory)
    institution = "Universiteit Leiden"
    year = 2020


class ApplicationDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationDocument

    application = factory.SubFactory(ApplicationFactory, complete=False)
    kind = DocumentKind.DIPLOMA
    file = factory.django.FileField(filename="diploma.pdf", data=PDF_BYTES)
    original_name = "diploma.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)


class ApplicationTransitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationTransition

    application = factory.SubFactory(ApplicationFactory)
    from_status = ApplicationStatus.DRAFT
    to_status = ApplicationStatus.SUBMITTED


class InformationRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InformationRequest

    application = factory.SubFactory(ApplicationFactory, status=ApplicationStatus.IN_REVIEW)
    question = "Kun je je cijferlijst van de master nasturen?"


class InternalNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InternalNote

    application = factory.SubFactory(ApplicationFactory)
    text = "Vooropleiding nagekeken."


class ChecklistItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChecklistItem

    pathway = factory.SubFactory(PathwayFactory)
    label_nl = factory.Sequence(lambda n: f"Controle {n}")
    label_en = factory.Sequence(lambda n: f"Check {n}")


class ChecklistCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChecklistCheck

    application = factory.SubFactory(ApplicationFactory)
    item = factory.SubFactory(ChecklistItemFactory, pathway=factory.SelfAttribute("..application.pathway"))


class AptitudeAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AptitudeAssessment

    application = factory.SubFactory(ApplicationFactory, status=ApplicationStatus.APTITUDE_ASSESSMENT)
    scheduled_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    outcome = AptitudeAssessment.Outcome.PENDING


class ExemptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exemption

    application = factory.SubFactory(ApplicationFactory, status=ApplicationStatus.IN_REVIEW)
    module = factory.SubFactory(ModuleFactory, pathway=factory.SelfAttribute("..application.pathway"))
    ec = 5
    reason = "EVC: eerdere pedagogische scholing."


class AdmissionConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdmissionCondition

    application = factory.SubFactory(ApplicationFactory, status=ApplicationStatus.IN_REVIEW)
    kind = AdmissionCondition.Kind.DUTCH_PROFICIENCY
