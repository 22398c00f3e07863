"""Factories of the second wave of teacher education and the API's safe retries: the year
rollover's record, shortage statuses, certificates of conduct and their rules, the support desk's
questions, replies and articles, and the kept answers of Idempotency-Key."""

import datetime
import hashlib

import factory
from django.utils import timezone

from iclon.core.models import IdempotencyRecord
from programmes.cycle.models import YearRollover
from programmes.intake.models import ApplicationStatus
from programmes.placements.models import Placement
from programmes.supply.models import ShortageLevel, ShortageStatus
from programmes.support.models import SupportArticle, SupportQuestion, SupportReply, SupportTopic
from programmes.vog.models import VogCertificate, VogRule
from tests.factories.accounts import StaffUserFactory, UserFactory
from tests.factories.partnerships import EducationRegionFactory
from tests.factories.programmes import PDF_BYTES, ApplicationFactory, SchoolSubjectFactory


class IdempotencyRecordFactory(factory.django.DjangoModelFactory):
    """The kept answer of a POST with an Idempotency-Key (the middleware writes real ones)."""

    class Meta:
        model = IdempotencyRecord

    owner = factory.Sequence(lambda n: hashlib.sha256(f"owner-{n}".encode()).hexdigest())
    key = factory.Sequence(lambda n: f"key-{n}")
    fingerprint = factory.Sequence(lambda n: hashlib.sha256(f"request-{n}".encode()).hexdigest())
    method = "POST"
    path = "/api/v1/registrations/"
    status_code = 201
    content_type = "application/json"
    body = b"{}"


class YearRolloverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YearRollover

    from_year = 2026
    performed_by = factory.SubFactory(StaffUserFactory)


class ShortageStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShortageStatus

    subject = factory.SubFactory(SchoolSubjectFactory)
    region = factory.SubFactory(EducationRegionFactory)
    level = ShortageLevel.SHORTAGE
    source = "Regionale arbeidsmarktbarometer"
    measured_on = datetime.date(2026, 10, 1)


class VogRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VogRule
        django_get_or_create = ("placement_kind",)

    placement_kind = Placement.Kind.OFFER
    max_age_months = 6


class VogCertificateFactory(factory.django.DjangoModelFactory):
    """An uploaded certificate waiting for a check (the service makes real ones: programmes/vog)."""

    class Meta:
        model = VogCertificate

    trainee = factory.SubFactory(ApplicationFactory, status=ApplicationStatus.ADMITTED)
    issued_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=14))
    file = factory.django.FileField(filename="vog.pdf", data=PDF_BYTES)
    original_name = "vog.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)


class SupportQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportQuestion

    asker = factory.SubFactory(StaffUserFactory)
    topic = SupportTopic.CURRICULUM
    title = factory.Sequence(lambda n: f"Vraag {n} over het curriculum")
    body = "Hoe verdelen we de opdrachten van de basismodule over het semester?"


class SupportReplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportReply

    question = factory.SubFactory(SupportQuestionFactory)
    author = factory.SubFactory(UserFactory)
    text = "Dat kan per week; zie de studiehandleiding."


class SupportArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportArticle

    slug = factory.Sequence(lambda n: f"artikel-{n}")
    title_nl = factory.Sequence(lambda n: f"Artikel {n}")
    body_nl = "Zo werkt het."
    topic = SupportTopic.SYSTEMS
