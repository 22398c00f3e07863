"""What a school reads when it is asked to take a trainee (subject, period, wishes, days, the
trainee's introduction, and nothing more), match reasons kept as codes and worded in the reader's
language, weekday names instead of codes, and the trainee's introduction where the wishes are given."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.test import Client
from django.urls import reverse
from django.utils import translation

from iclon.core.errors import PortalError
from programmes.models import ApplicationStatus, Placement, PlacementStatus, PlacementWish
from programmes.placements.reasons import reason_texts
from programmes.placements.services import placement_propose, wish_save
from tests.factories import (
    ApplicationFactory,
    EducationRegionFactory,
    PlacementFactory,
    PlacementOfferFactory,
    PlacementWishFactory,
    SchoolSubjectFactory,
)

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("programmes.migrations.0009_placement_wish_introduction_reason_codes")

SUBJECT = {"code": "subject", "params": {"subject": {"nl": "Wiskunde", "en": "Mathematics"}}}
DAYS = {"code": "all_days", "params": {"days": ["mon", "tue"]}}
HOME = {"code": "home_town", "params": {"town": "Katwijk"}}
INTRODUCTION = "Ik ben Ayla, ik hou van algebra en wil graag leren differentiëren in de klas."


def reader(language: str) -> Client:
    return Client(headers={"accept-language": language})


@pytest.fixture
def trainee(applicant):
    subject = SchoolSubjectFactory(name_nl="Wiskunde", name_en="Mathematics")
    return ApplicationFactory(
        applicant=applicant,
        status=ApplicationStatus.ADMITTED,
        first_name="Ayla",
        last_name="Applicant",
        subject=subject,
        phone="06 1234 5678",
        street="Geheimstraat 12",
        postcode="2311 XY",
    )


@pytest.fixture
def proposed(school_a, trainee):
    offer = PlacementOfferFactory(school=school_a, subject=trainee.subject, days_available=["mon", "tue", "wed"])
    PlacementWishFactory(
        trainee=trainee,
        municipality="Leiden",
        region=EducationRegionFactory(name="Holland Rijnland"),
        days_available=["mon", "tue"],
        notes="Alleen voor ICLON: ik heb een medische afspraak op vrijdag.",
        introduction=INTRODUCTION,
    )
    return PlacementFactory(
        trainee=trainee, offer=offer, status=PlacementStatus.PROPOSED, match_reasons=[SUBJECT, DAYS, HOME]
    )


def school_page(language, user, placement) -> str:
    client = reader(language)
    client.force_login(user)
    response = client.get(reverse("placements:school-placement", kwargs={"pk": placement.pk}))
    assert response.status_code == 200
    return response.content.decode()


# The school's decision page ----------------------------------------------------------------------


def test_the_school_reads_what_it_needs_to_decide(school_a_contact, proposed):
    page = school_page("en", school_a_contact, proposed)

    assert "Can your school take this trainee?" in page
    assert "Mathematics" in page  # the subject
    assert proposed.period.name_en in page  # the period
    assert INTRODUCTION in page  # the trainee's introduction
    assert "Days the trainee can be at school" in page
    assert "Monday, Tuesday" in page  # the days, named
    assert "Leiden" in page and "Holland Rijnland" in page  # the wishes


def test_the_school_reads_nothing_more_about_the_trainee(school_a_contact, proposed, trainee):
    page = school_page("en", school_a_contact, proposed)

    for private in (
        trainee.applicant.email,
        "06 1234 5678",
        "Geheimstraat",
        "2311 XY",
        "medische afspraak",  # the notes the trainee wrote for ICLON
        "Katwijk",  # where the trainee lives, through a match reason
        "1995",  # the date of birth
        trainee.motivation,
    ):
        assert private not in page, private


def test_the_school_page_reads_in_dutch(school_a_contact, proposed):
    page = school_page("nl", school_a_contact, proposed)

    assert INTRODUCTION in page
    assert "maandag, dinsdag" in page
    assert "Geeft Wiskunde, het schoolvak van de student" in page
    assert "mon, tue" not in page


def test_once_confirmed_the_wish_is_no_longer_shown(school_a_contact, proposed):
    Placement.objects.unscoped().filter(pk=proposed.pk).update(status=PlacementStatus.CONFIRMED)

    page = school_page("en", school_a_contact, proposed)

    assert INTRODUCTION not in page
    assert "About the trainee" not in page


def test_another_school_does_not_see_the_decision_page(school_b_contact, proposed):
    client = reader("en")
    client.force_login(school_b_contact)

    response = client.get(reverse("placements:school-placement", kwargs={"pk": proposed.pk}))

    assert response.status_code == 404
    assert INTRODUCTION not in response.content.decode()


# Match reasons in the reader's language ----------------------------------------------------------


def test_match_reasons_are_worded_in_the_readers_language(school_a_contact, proposed):
    english = school_page("en", school_a_contact, proposed)
    dutch = school_page("nl", school_a_contact, proposed)

    assert "Teaches Mathematics, the trainee&#x27;s subject" in english
    assert "Open on every day the trainee can be at school (Monday, Tuesday)" in english
    assert "Geeft Wiskunde, het schoolvak van de student" in dutch
    assert "Teaches" not in dutch


def test_the_staff_read_every_reason_and_the_api_in_their_language(proposed):
    with translation.override("en"):
        assert proposed.match_reason_texts == [
            "Teaches Mathematics, the trainee's subject",
            "Open on every day the trainee can be at school (Monday, Tuesday)",
            "In Katwijk, where the trainee lives",
        ]
    with translation.override("nl"):
        assert proposed.match_reason_texts[2] == "In Katwijk, waar de student woont"
        assert proposed.match_reason_texts_for_school == proposed.match_reason_texts[:2]


def test_a_proposal_keeps_codes_and_refuses_an_unknown_one(placement_coordinator, trainee, school_a):
    offer = PlacementOfferFactory(school=school_a, subject=trainee.subject)

    with pytest.raises(PortalError):
        placement_propose(offer=offer, trainee=trainee, actor=placement_coordinator, reasons=[{"code": "nonsense"}])
    placement = placement_propose(offer=offer, trainee=trainee, actor=placement_coordinator, reasons=[SUBJECT])

    placement.refresh_from_db()
    assert placement.match_reasons == [SUBJECT]


def test_words_stored_before_become_codes(school_a, trainee):
    SchoolSubjectFactory(name_nl="Aardrijkskunde", name_en="Geography")
    legacy = PlacementFactory(
        trainee=trainee,
        offer__school=school_a,
        match_reasons=[
            "Geeft Aardrijkskunde, het schoolvak van de student",
            "Open on 2 of the trainee's 3 days (Tuesday, Wednesday)",
            "In Leiden, waar de student woont",
            "Something a coordinator typed",
        ],
    )

    MIGRATION.reasons_to_codes(django_apps, None)

    legacy.refresh_from_db()
    assert legacy.match_reasons == [
        {"code": "subject", "params": {"subject": {"nl": "Aardrijkskunde", "en": "Geography"}}},
        {"code": "some_days", "params": {"count": 2, "total": 3, "days": ["tue", "wed"]}},
        {"code": "home_town", "params": {"town": "Leiden"}},
        "Something a coordinator typed",
    ]
    with translation.override("en"):
        assert reason_texts(legacy.match_reasons)[0] == "Teaches Geography, the trainee's subject"


# Weekday names ------------------------------------------------------------------------------------


def test_the_offers_table_names_the_days_in_dutch(school_a, school_a_contact):
    PlacementOfferFactory(school=school_a, days_available=["mon", "tue"])
    client = reader("nl")
    client.force_login(school_a_contact)

    page = client.get(reverse("placements:school-offer-list")).content.decode()

    assert "maandag, dinsdag" in page
    assert "mon, tue" not in page


# The trainee's introduction -----------------------------------------------------------------------


def test_the_trainee_writes_an_introduction_with_the_wishes(applicant, trainee):
    client = reader("en")
    client.force_login(applicant)
    url = reverse("placements:trainee-wishes", kwargs={"application_pk": trainee.pk})

    form = client.get(url).content.decode()
    assert 'for="id_introduction"' in form and "Introduction for the school" in form

    response = client.post(url, {"introduction": "  " + INTRODUCTION + "  ", "days_available": ["mon"]})

    assert response.status_code == 302
    wish = PlacementWish.objects.get(trainee=trainee)
    assert (wish.introduction, wish.days_available) == (INTRODUCTION, ["mon"])


def test_a_too_long_introduction_is_refused_with_a_clear_error(applicant, trainee):
    client = reader("en")
    client.force_login(applicant)
    url = reverse("placements:trainee-wishes", kwargs={"application_pk": trainee.pk})

    response = client.post(url, {"introduction": "x" * 1001})

    assert response.status_code == 200
    assert "Keep your introduction to 1000 characters (it has 1001)." in response.content.decode()
    assert not PlacementWish.objects.filter(trainee=trainee).exists()
    with pytest.raises(PortalError) as refused:
        wish_save(trainee=trainee, actor=applicant, introduction="x" * 1001)
    assert refused.value.field == "introduction"


def test_the_admin_shows_the_wish_read_only(client, administrator, proposed):
    client.force_login(administrator)

    page = client.get(reverse("admin:programmes_placementwish_changelist")).content.decode()
    wish = PlacementWish.objects.get(trainee=proposed.trainee)
    change = client.get(reverse("admin:programmes_placementwish_change", args=[wish.pk])).content.decode()

    assert "Leiden" in page
    assert INTRODUCTION in change
    assert 'name="introduction"' not in change  # read-only
