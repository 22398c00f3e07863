"""Models of the partnerships app: DUO identifiers, Dutch postcodes, periods, names and states."""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from partnerships.models import Agreement, School, SchoolMembership, SchoolRole, TrainingSchoolPartnership
from tests.factories import (
    AgreementFactory,
    AllianceFactory,
    EducationRegionFactory,
    FacultyFactory,
    InstitutionFactory,
    MunicipalityRegionFactory,
    SchoolBoardFactory,
    SchoolFactory,
    SchoolInvitationFactory,
    SchoolMembershipFactory,
    TrainingSchoolPartnershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The messages below are compared as written in the code (English)."""
    with translation.override("en"):
        yield


TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


def clean_school(**fields) -> School:
    """A School built with `fields` and run through full_clean (what forms and the import do)."""
    values = {"brin_code": "12AB", "branch_number": "00", "name": "Test College", **fields}
    school = School(**values)
    school.full_clean(exclude=["board", "region", "partnership"])
    return school


def field_errors(error: ValidationError, field: str) -> list[str]:
    return error.value.message_dict.get(field, [])


# BRIN code ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("brin", ["12AB", "18BR", "00AA", "1234", "99Z9"])
def test_brin_code_of_two_digits_then_two_letters_or_digits_is_accepted(brin):
    assert clean_school(brin_code=brin).brin_code == brin


@pytest.mark.parametrize(
    "brin",
    [
        pytest.param("12A", id="three characters"),
        pytest.param("A2AB", id="letter first"),
        pytest.param("1ABC", id="one digit"),
        pytest.param("ABCD", id="no digits"),
        pytest.param("12A-", id="punctuation"),
        pytest.param("12 A", id="space inside"),
        pytest.param("12ÄB", id="accented letter"),
    ],
)
def test_malformed_brin_code_is_rejected_with_a_clear_message(brin):
    with pytest.raises(ValidationError) as error:
        clean_school(brin_code=brin)
    messages = field_errors(error, "brin_code")
    assert any("two digits, then two letters or digits" in m for m in messages), messages


def test_brin_code_with_five_characters_is_rejected():
    with pytest.raises(ValidationError) as error:
        clean_school(brin_code="12ABC")
    assert field_errors(error, "brin_code")


def test_brin_code_with_three_letters_is_rejected():
    with pytest.raises(ValidationError) as error:
        clean_school(brin_code="1ABC")
    assert field_errors(error, "brin_code")


@pytest.mark.parametrize("raw", ["12ab", " 12ab ", "12aB"])
def test_lowercase_brin_code_is_normalised_to_capitals(raw):
    assert clean_school(brin_code=raw).brin_code == "12AB"


def test_brin_code_saved_through_the_orm_is_stored_in_capitals():
    # UpperCaseCharField promises to *store* capitals; a school saved without full_clean (a
    # script, a factory, a data migration) must not end up with a code its page cannot find.
    school = SchoolFactory(brin_code="12ab")
    school.refresh_from_db()
    assert school.brin_code == "12AB"


# Branch number ------------------------------------------------------------------------------------


@pytest.mark.parametrize("branch", ["00", "01", "42", "99"])
def test_branch_number_of_two_digits_is_accepted(branch):
    assert clean_school(branch_number=branch).branch_number == branch


@pytest.mark.parametrize("branch", ["0", "1", "A1", "0A", "-1", "  "])
def test_branch_number_that_is_not_two_digits_is_rejected(branch):
    with pytest.raises(ValidationError) as error:
        clean_school(branch_number=branch)
    assert field_errors(error, "branch_number")


def test_branch_number_error_says_what_is_expected():
    with pytest.raises(ValidationError) as error:
        clean_school(branch_number="A1")
    assert any("two digits" in m for m in field_errors(error, "branch_number"))


def test_branch_number_defaults_to_00():
    assert School(brin_code="12AB", name="x").branch_number == "00"


# Postcode -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("2311ez", "2311 EZ"),
        ("2311 EZ", "2311 EZ"),
        (" 2311  ez ", "2311 EZ"),
        ("2311Ez", "2311 EZ"),
        ("9406NN", "9406 NN"),
    ],
)
def test_dutch_postcode_is_normalised(raw, stored):
    assert clean_school(postcode=raw).postcode == stored


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("0311 EZ", id="leading zero"),
        pytest.param("2311 E", id="one letter"),
        pytest.param("231 EZ", id="three digits"),
        pytest.param("2311 E1", id="digit for a letter"),
        pytest.param("ABCD EF", id="letters only"),
        pytest.param("23110EZ", id="five digits"),
        pytest.param("SW1A 1AA", id="British"),
    ],
)
def test_postcode_that_is_not_dutch_is_rejected_with_a_clear_message(raw):
    with pytest.raises(ValidationError) as error:
        clean_school(postcode=raw)
    messages = field_errors(error, "postcode")
    assert any("Enter a Dutch postcode: four digits and two letters" in m for m in messages), messages


def test_blank_postcode_is_allowed():
    assert clean_school(postcode="").postcode == ""


# Uniqueness and periods ---------------------------------------------------------------------------


def test_two_schools_with_the_same_brin_and_branch_are_refused_by_validation():
    SchoolFactory(brin_code="12AB", branch_number="00")
    with pytest.raises(ValidationError) as error:
        clean_school(brin_code="12AB", branch_number="00")
    assert error.value.message_dict.get(NON_FIELD_ERRORS)


def test_two_schools_with_the_same_brin_and_branch_are_refused_by_the_database():
    SchoolFactory(brin_code="12AB", branch_number="00")
    with pytest.raises(IntegrityError), transaction.atomic():
        SchoolFactory(brin_code="12AB", branch_number="00")


def test_same_brin_with_another_branch_number_is_a_separate_school():
    SchoolFactory(brin_code="12AB", branch_number="00")
    other = clean_school(brin_code="12AB", branch_number="01")
    other.save()
    assert School.objects.filter(brin_code="12AB").count() == 2


def test_membership_ending_before_it_starts_is_rejected_by_validation():
    membership = SchoolMembershipFactory.build(
        user=UserFactory(), school=SchoolFactory(), active_from=TODAY(), active_until=TODAY() - DAY
    )
    with scopes_disabled(), pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert "The end date cannot be before the start date." in error.value.messages


def test_membership_ending_before_it_starts_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        SchoolMembershipFactory(active_from=TODAY(), active_until=TODAY() - DAY)


def test_membership_of_one_day_is_valid():
    membership = SchoolMembershipFactory.build(
        user=UserFactory(), school=SchoolFactory(), active_from=TODAY(), active_until=TODAY()
    )
    with scopes_disabled():
        membership.full_clean()


def test_same_role_twice_at_one_school_is_refused():
    membership = SchoolMembershipFactory(role=SchoolRole.SCHOOL_CONTACT)
    with pytest.raises(IntegrityError), transaction.atomic():
        SchoolMembershipFactory(user=membership.user, school=membership.school, role=SchoolRole.SCHOOL_CONTACT)


def test_agreement_ending_before_it_starts_is_rejected_by_validation():
    agreement = Agreement(title="Overeenkomst", starts_on=TODAY(), ends_on=TODAY() - DAY)
    with pytest.raises(ValidationError) as error:
        agreement.full_clean()
    assert "The end date cannot be before the start date." in error.value.messages


def test_agreement_ending_before_it_starts_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementFactory(starts_on=TODAY(), ends_on=TODAY() - DAY)


def test_agreement_without_end_date_is_valid_and_current():
    agreement = Agreement(title="Overeenkomst", starts_on=TODAY() - DAY, ends_on=None)
    agreement.full_clean()
    assert agreement.is_current


@pytest.mark.parametrize(
    ("starts", "ends", "current"),
    [(-10, 10, True), (0, 0, True), (1, 10, False), (-10, -1, False)],
)
def test_agreement_is_current_between_its_start_and_end_dates(starts, ends, current):
    agreement = Agreement(title="x", starts_on=TODAY() + starts * DAY, ends_on=TODAY() + ends * DAY)
    assert agreement.is_current is current


# __str__ ------------------------------------------------------------------------------------------


def test_str_of_every_model_names_it_as_people_read_it():
    region = EducationRegionFactory(name="Onderwijsregio Leiden")
    user = UserFactory(full_name="Anna de Vries", email="anna@school.example.org")
    institution = InstitutionFactory(name="Universiteit Leiden", short_name="UL")
    school = SchoolFactory(name="Stedelijk Gymnasium", brin_code="18BR", branch_number="01")
    with translation.override("en"):
        assert str(region) == "Onderwijsregio Leiden"
        assert (
            str(MunicipalityRegionFactory(municipality_name="Leiden", region=region))
            == "Leiden → Onderwijsregio Leiden"
        )
        assert str(institution) == "Universiteit Leiden"
        assert str(AllianceFactory(name="Educatieve Alliantie Zuid-Holland")) == "Educatieve Alliantie Zuid-Holland"
        assert str(FacultyFactory(name="Geesteswetenschappen", institution=institution)) == "Geesteswetenschappen (UL)"
        assert str(SchoolBoardFactory(name="Stichting Lucas", number="41234")) == "Stichting Lucas"
        assert str(school) == "Stedelijk Gymnasium (18BR01)"
        assert str(TrainingSchoolPartnershipFactory(name="Opleidingsschool Rijnland")) == "Opleidingsschool Rijnland"
        membership = SchoolMembershipFactory(user=user, school=school, role=SchoolRole.WORKPLACE_MENTOR)
        assert str(membership) == "Anna de Vries <anna@school.example.org> – Workplace mentor – Stedelijk Gymnasium"
        invitation = SchoolInvitationFactory(full_name="Bram Bakker", email="bram@school.example.org", school=school)
        assert str(invitation) == "Bram Bakker <bram@school.example.org> – Stedelijk Gymnasium"
        assert str(AgreementFactory(title="Samenwerkingsovereenkomst 2025")) == "Samenwerkingsovereenkomst 2025"


def test_faculty_without_short_name_of_its_institution_uses_the_full_name():
    faculty = FacultyFactory(name="Rechten", institution=InstitutionFactory(name="Universiteit Leiden", short_name=""))
    assert str(faculty) == "Rechten (Universiteit Leiden)"


def test_school_board_without_a_name_is_named_by_its_number():
    with translation.override("en"):
        assert str(SchoolBoardFactory(name="", number="10053")) == "Board 10053"


# School properties --------------------------------------------------------------------------------


def test_school_code_is_brin_code_and_branch_number():
    assert School(brin_code="18BR", branch_number="01").code == "18BR01"


@pytest.mark.parametrize(
    ("fields", "address"),
    [
        (
            {"street": "Breestraat", "house_number": "12", "postcode": "2311 CS", "city": "Leiden"},
            "Breestraat 12, 2311 CS Leiden",
        ),
        ({"street": "Breestraat", "house_number": "", "postcode": "", "city": "Leiden"}, "Breestraat, Leiden"),
        ({"street": "", "house_number": "", "postcode": "2311 CS", "city": "Leiden"}, "2311 CS Leiden"),
        ({"street": "", "house_number": "", "postcode": "", "city": "Leiden"}, "Leiden"),
        ({"street": "", "house_number": "", "postcode": "", "city": ""}, ""),
    ],
)
def test_school_address_joins_the_parts_that_are_known(fields, address):
    assert School(brin_code="12AB", name="x", **fields).address == address


@pytest.mark.parametrize(
    ("po", "vo", "mbo", "sectors"),
    [
        (False, False, False, []),
        (True, False, False, ["PO"]),
        (False, True, False, ["VO"]),
        (False, True, True, ["VO", "MBO"]),
        (True, True, True, ["PO", "VO", "MBO"]),
    ],
)
def test_school_sectors_list_what_the_school_offers_in_order(po, vo, mbo, sectors):
    assert School(offers_po=po, offers_vo=vo, offers_mbo=mbo).sectors == sectors


@pytest.mark.parametrize(("days", "accredited"), [(None, False), (-1, False), (0, True), (365, True)])
def test_partnership_is_accredited_until_its_date(days, accredited):
    partnership = TrainingSchoolPartnership(accredited_until=None if days is None else TODAY() + days * DAY)
    assert partnership.is_accredited is accredited


@pytest.mark.parametrize(
    ("starts", "ends", "active"),
    [(-30, None, True), (-30, 0, True), (-30, -1, False), (1, None, False), (0, None, True)],
)
def test_membership_is_active_within_its_period(starts, ends, active):
    membership = SchoolMembership(
        active_from=TODAY() + starts * DAY, active_until=None if ends is None else TODAY() + ends * DAY
    )
    assert membership.is_active is active


# Invitation status --------------------------------------------------------------------------------


def test_new_invitation_is_open():
    invitation = SchoolInvitationFactory()
    with translation.override("en"):
        assert str(invitation.status) == "open"
    assert not invitation.is_expired


def test_invitation_past_its_expiry_is_expired():
    invitation = SchoolInvitationFactory(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    with translation.override("en"):
        assert str(invitation.status) == "expired"
    assert invitation.is_expired


def test_accepted_invitation_is_accepted_even_after_it_expires():
    invitation = SchoolInvitationFactory(
        expires_at=timezone.now() - datetime.timedelta(days=1),
        accepted_at=timezone.now() - datetime.timedelta(days=2),
    )
    with translation.override("en"):
        assert str(invitation.status) == "accepted"
