import datetime

import factory
from django.utils import timezone

from partnerships.models import (
    Agreement,
    Alliance,
    EducationRegion,
    Faculty,
    Institution,
    MunicipalityRegion,
    School,
    SchoolBoard,
    SchoolInvitation,
    SchoolMembership,
    SchoolRole,
    TrainingSchoolPartnership,
)
from tests.factories.accounts import UserFactory

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def brin_for(n: int) -> str:
    """A valid, unique BRIN code for sequence number n (two digits, two letters or digits)."""
    return f"{10 + (n // 1296) % 90:02d}{_ALPHABET[(n // 36) % 36]}{_ALPHABET[n % 36]}"


class EducationRegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EducationRegion
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Onderwijsregio {n}")
    slug = factory.Sequence(lambda n: f"onderwijsregio-{n}")


class MunicipalityRegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MunicipalityRegion

    municipality_code = factory.Sequence(lambda n: f"{1000 + n:04d}")
    municipality_name = factory.Sequence(lambda n: f"Gemeente {n}")
    region = factory.SubFactory(EducationRegionFactory)


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Instituut {n}")
    slug = factory.Sequence(lambda n: f"instituut-{n}")
    kind = Institution.Kind.UNIVERSITY
    city = "Leiden"


class FacultyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Faculty

    institution = factory.SubFactory(InstitutionFactory)
    name = factory.Sequence(lambda n: f"Faculteit {n}")
    slug = factory.Sequence(lambda n: f"faculteit-{n}")


class AllianceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alliance

    name = factory.Sequence(lambda n: f"Alliantie {n}")
    slug = factory.Sequence(lambda n: f"alliantie-{n}")


class SchoolBoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolBoard

    number = factory.Sequence(lambda n: f"{40000 + n}")
    name = factory.Sequence(lambda n: f"Stichting Onderwijs {n}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    brin_code = factory.Sequence(brin_for)
    branch_number = "00"
    name = factory.Sequence(lambda n: f"Scholengemeenschap {n}")
    offers_vo = True
    street = "Breestraat"
    house_number = factory.Sequence(lambda n: str(n + 1))
    postcode = "2311 CS"
    city = "Leiden"
    municipality_code = "0546"
    municipality = "Leiden"
    board = factory.SubFactory(SchoolBoardFactory)
    region = factory.SubFactory(EducationRegionFactory)


class TrainingSchoolPartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSchoolPartnership
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Opleidingsschool {n}")
    slug = factory.Sequence(lambda n: f"opleidingsschool-{n}")
    lead_school = factory.SubFactory(SchoolFactory)
    region = factory.SelfAttribute("lead_school.region")
    accredited_until = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365))

    @factory.post_generation
    def lead_is_member(self, create, extracted, **kwargs):
        if create and self.lead_school is not None and extracted is not False:
            self.lead_school.partnership = self
            self.lead_school.save(update_fields=["partnership"])


class SchoolMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolMembership

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    role = SchoolRole.SCHOOL_CONTACT
    active_from = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))


class SchoolInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolInvitation

    email = factory.Sequence(lambda n: f"invitee{n}@school.example.org")
    full_name = factory.Faker("name", locale="nl_NL")
    school = factory.SubFactory(SchoolFactory)
    role = SchoolRole.WORKPLACE_MENTOR
    token_hash = factory.Sequence(lambda n: f"{n:064x}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    title = factory.Sequence(lambda n: f"Samenwerkingsovereenkomst {n}")
    partnership = factory.SubFactory(TrainingSchoolPartnershipFactory)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=100))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=1000))
