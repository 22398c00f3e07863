"""The matching page: who is listed, which offers are suggested and why, the one-action assign,
who may open it, and a fixed number of queries whatever the number of trainees and offers."""

import pytest
from django.contrib.messages import get_messages
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from iclon.core.errors import PortalError
from programmes.catalogue.models import Sector
from programmes.models import ApplicationStatus, Placement, PlacementStatus
from programmes.placements import matching
from programmes.placements.services import placement_decline, placement_propose
from tests.factories import (
    ApplicationFactory,
    EducationRegionFactory,
    MunicipalityRegionFactory,
    PathwayFactory,
    SchoolFactory,
    SchoolSubjectFactory,
    TrainingSchoolPartnershipFactory,
)
from tests.factories.placements import (
    PlacementFactory,
    PlacementOfferFactory,
    PlacementPeriodFactory,
    PlacementWishFactory,
)
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

URL = reverse("placements:matching")
ASSIGN = reverse("placements:matching-assign")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def period():
    return PlacementPeriodFactory(slug="2030-s1")


@pytest.fixture
def subject():
    return SchoolSubjectFactory(slug="wiskunde", name_nl="Wiskunde", name_en="Mathematics")


@pytest.fixture
def pathway(subject):
    return PathwayFactory(subjects=[subject])


def make_trainee(pathway, subject, **fields):
    fields.setdefault("status", ApplicationStatus.ADMITTED)
    return ApplicationFactory(pathway=pathway, subject=subject, complete=False, **fields)


def offer_at(period, subject, *, city="Leiden", **fields):
    school = fields.pop("school", None) or SchoolFactory(city=city, municipality=city)
    return PlacementOfferFactory(period=period, subject=subject, school=school, **fields)


def page_rows(user, period, **kwargs):
    _page, rows = matching.matching_page(user=user, period=period, **kwargs)
    return {row.trainee.pk: row for row in rows}


def suggested(row):
    return [suggestion.offer.pk for suggestion in row.suggestions]


# Who is listed, which offers are suggested ----------------------------------------------------------


def test_subject_mismatch_is_never_suggested(placement_coordinator, period, pathway, subject):
    trainee = make_trainee(pathway, subject)
    offer_at(period, SchoolSubjectFactory())
    rows = page_rows(placement_coordinator, period)
    assert suggested(rows[trainee.pk]) == []


def test_full_closed_and_other_period_offers_are_not_suggested(placement_coordinator, period, pathway, subject):
    trainee = make_trainee(pathway, subject)
    full = offer_at(period, subject, places=1)
    PlacementFactory(offer=full, trainee=make_trainee(pathway, subject, status=ApplicationStatus.ENROLLED))
    offer_at(period, subject, is_open=False)
    offer_at(PlacementPeriodFactory(), subject)
    free = offer_at(period, subject, places=2)
    rows = page_rows(placement_coordinator, period)
    assert suggested(rows[trainee.pk]) == [free.pk]


def test_primary_offers_suit_primary_trainees_only(placement_coordinator, period, subject, pathway):
    primary_route = PathwayFactory(sector=Sector.PO, subjects=[])
    primary = make_trainee(primary_route, None)
    secondary = make_trainee(pathway, subject)
    offer = offer_at(period, None)
    rows = page_rows(placement_coordinator, period)
    assert suggested(rows[primary.pk]) == [offer.pk]
    assert rows[primary.pk].suggestions[0].reasons[0] == "Primary education, the trainee's route"
    assert suggested(rows[secondary.pk]) == []


class _Undo(Exception):
    pass


def accepted_by_the_service(offer, trainee, actor) -> bool:
    """Whether placement_propose takes the pair (the proposal is rolled back)."""
    try:
        with transaction.atomic():
            placement_propose(offer=offer, trainee=trainee, actor=actor)
            raise _Undo
    except _Undo:
        return True
    except PortalError as error:
        assert str(error.message) == "This offer is for another subject."
        return False


def test_the_page_suggests_exactly_the_offers_the_service_accepts(placement_coordinator, period, subject, pathway):
    """One matching rule for the page and placement_propose; a primary route with a subject (a
    specialisation) suits the offers of its subject and the primary schools' offers alike."""
    other = SchoolSubjectFactory(slug="duits")
    trainees = {
        "secondary": make_trainee(pathway, subject),
        "primary": make_trainee(PathwayFactory(sector=Sector.PO, subjects=[]), None),
        "primary with a subject": make_trainee(PathwayFactory(sector=Sector.PO, subjects=[subject]), subject),
    }
    offers = {"maths": offer_at(period, subject), "german": offer_at(period, other), "primary": offer_at(period, None)}
    rows = page_rows(placement_coordinator, period)
    page = {
        name: {o for o, offer in offers.items() if offer.pk in suggested(rows[t.pk])} for name, t in trainees.items()
    }
    service = {
        name: {o for o, offer in offers.items() if accepted_by_the_service(offer, trainee, placement_coordinator)}
        for name, trainee in trainees.items()
    }
    assert (
        page
        == service
        == {
            "secondary": {"maths"},
            "primary": {"primary"},
            "primary with a subject": {"maths", "primary"},
        }
    )


def test_placed_trainees_and_applicants_are_not_listed(placement_coordinator, period, pathway, subject):
    waiting = make_trainee(pathway, subject)
    PlacementFactory(trainee=make_trainee(pathway, subject), offer=offer_at(period, subject))
    make_trainee(pathway, subject, status=ApplicationStatus.IN_REVIEW)
    make_trainee(pathway, subject, status=ApplicationStatus.REJECTED)
    assert set(page_rows(placement_coordinator, period)) == {waiting.pk}


def test_declined_match_returns_the_trainee_without_that_offer(
    placement_coordinator, period, pathway, subject, school_a, school_a_contact
):
    trainee = make_trainee(pathway, subject)
    declined_offer = offer_at(period, subject, school=school_a)
    other = offer_at(period, subject)
    placement = PlacementFactory(trainee=trainee, offer=declined_offer)
    assert trainee.pk not in page_rows(placement_coordinator, period)

    placement_decline(placement=placement, actor=school_a_contact, reason="Geen mentor beschikbaar.")

    rows = page_rows(placement_coordinator, period)
    assert suggested(rows[trainee.pk]) == [other.pk]


# Ranking and its reasons ------------------------------------------------------------------------------


def test_wishes_rank_first_and_every_suggestion_says_why(placement_coordinator, period, pathway, subject):
    partnership = TrainingSchoolPartnershipFactory(name="Opleidingsschool Rijnland")
    wished_region = EducationRegionFactory(name="Onderwijsregio Hollands Midden")
    trainee = make_trainee(pathway, subject, city="Utrecht")
    PlacementWishFactory(
        trainee=trainee, partnership=partnership, region=wished_region, municipality="Katwijk", days_available=["tue"]
    )
    plain = offer_at(period, subject, city="Delft", places=5, days_available=["fri"])
    wished = offer_at(
        period,
        subject,
        school=SchoolFactory(city="Katwijk", municipality="Katwijk", partnership=partnership, region=wished_region),
        days_available=["tue", "wed"],
    )

    row = page_rows(placement_coordinator, period)[trainee.pk]

    assert suggested(row) == [wished.pk, plain.pk]
    assert row.suggestions[0].reasons == [
        "Teaches Mathematics, the trainee's subject",
        "In Opleidingsschool Rijnland, the partnership the trainee wishes for",
        "In Katwijk, the municipality the trainee wishes for",
        "In Onderwijsregio Hollands Midden, the education region the trainee wishes for",
        "Open on every day the trainee can be at school (Tuesday)",
    ]
    assert row.suggestions[1].reasons == ["Teaches Mathematics, the trainee's subject"]


def test_home_town_region_and_paid_job_count(placement_coordinator, period, pathway, subject):
    region = EducationRegionFactory(name="Onderwijsregio Zuid-Holland Noord")
    MunicipalityRegionFactory(municipality_name="Noordwijk", region=region)
    trainee = make_trainee(pathway, subject, city="noordwijk", employed_as_teacher=True)
    in_town = offer_at(period, subject, city="Noordwijk")
    in_region = offer_at(period, subject, school=SchoolFactory(city="Lisse", municipality="Lisse", region=region))
    paid = offer_at(period, subject, city="Gouda", paid_job_possible=True)
    elsewhere = offer_at(period, subject, city="Gouda")

    row = page_rows(placement_coordinator, period)[trainee.pk]

    assert suggested(row) == [in_town.pk, in_region.pk, paid.pk, elsewhere.pk]
    assert row.home_region == region
    assert "In noordwijk, where the trainee lives" in row.suggestions[0].reasons
    assert "In Onderwijsregio Zuid-Holland Noord, the trainee's own education region" in row.suggestions[1].reasons
    assert "A paid job can count as the placement, and the trainee works as a teacher" in row.suggestions[2].reasons


def test_at_most_five_suggestions_preferring_free_places(placement_coordinator, period, pathway, subject):
    trainee = make_trainee(pathway, subject)
    roomy = offer_at(period, subject, places=9)
    for _ in range(6):
        offer_at(period, subject, places=1)
    row = page_rows(placement_coordinator, period)[trainee.pk]
    assert len(row.suggestions) == matching.SUGGESTIONS
    assert row.suggestions[0].offer.pk == roomy.pk


# The page and the one-action assign ------------------------------------------------------------------


def test_page_lists_trainee_with_suggestion_and_assign_button(client, placement_coordinator, period, pathway, subject):
    trainee = make_trainee(pathway, subject, first_name="Tess", last_name="Trainee")
    offer = offer_at(period, subject, school=SchoolFactory(name="Bonaventuracollege", city="Leiden"))
    client.force_login(placement_coordinator)
    response = client.get(URL, {"period": period.slug}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tess Trainee" in html and "Bonaventuracollege" in html
    assert "Teaches Mathematics, the trainee&#x27;s subject" in html
    assert f'name="offer" value="{offer.pk}"' in html and f'name="trainee" value="{trainee.pk}"' in html


def test_page_defaults_to_the_next_period_not_ended(client, placement_coordinator, period, pathway, subject):
    trainee = make_trainee(pathway, subject)
    client.force_login(placement_coordinator)
    response = client.get(URL)
    assert response.context["period"] == period
    assert [row.trainee.pk for row in response.context["rows"]] == [trainee.pk]


def test_assign_proposes_the_placement_with_its_reasons(client, placement_coordinator, period, pathway, subject):
    trainee = make_trainee(pathway, subject)
    offer = offer_at(period, subject)
    client.force_login(placement_coordinator)

    data = {"trainee": trainee.pk, "offer": offer.pk, "period": period.slug, "page": "1"}
    response = client.post(ASSIGN, data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 302
    assert response["Location"] == f"{URL}?period={period.slug}&page=1"
    placement = Placement.objects.unscoped().get(trainee=trainee)
    assert (placement.offer, placement.status) == (offer, PlacementStatus.PROPOSED)
    assert placement.proposed_by == placement_coordinator
    # Kept as a code with its values, worded when read.
    assert placement.match_reasons[0]["code"] == "subject"
    with translation.override("en"):
        assert placement.match_reason_texts[0] == "Teaches Mathematics, the trainee's subject"
    assert trainee.pk not in page_rows(placement_coordinator, period)


def test_assign_to_a_full_offer_says_so_and_keeps_the_page(client, placement_coordinator, period, pathway, subject):
    trainee = make_trainee(pathway, subject)
    offer = offer_at(period, subject, places=1)
    PlacementFactory(offer=offer, trainee=make_trainee(pathway, subject))
    client.force_login(placement_coordinator)

    response = client.post(
        ASSIGN,
        {"trainee": trainee.pk, "offer": offer.pk, "period": period.slug, "subject": subject.slug, "page": "2"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response["Location"] == f"{URL}?period={period.slug}&subject={subject.slug}&page=2"
    [message] = list(get_messages(response.wsgi_request))
    assert "This offer is full" in str(message)
    assert not Placement.objects.unscoped().filter(trainee=trainee).exists()


def test_assign_of_a_placed_trainee_is_refused_with_a_message(client, placement_coordinator, period, pathway, subject):
    trainee = make_trainee(pathway, subject)
    PlacementFactory(trainee=trainee, offer=offer_at(period, subject))
    other = offer_at(period, subject)
    client.force_login(placement_coordinator)
    response = client.post(ASSIGN, {"trainee": trainee.pk, "offer": other.pk, "period": period.slug})
    [message] = list(get_messages(response.wsgi_request))
    assert message.level_tag == "error"
    assert Placement.objects.unscoped().filter(trainee=trainee).count() == 1


def test_assign_of_an_applicant_or_unknown_offer_is_404(client, placement_coordinator, period, pathway, subject):
    applicant = make_trainee(pathway, subject, status=ApplicationStatus.SUBMITTED)
    offer = offer_at(period, subject)
    client.force_login(placement_coordinator)
    trainee = make_trainee(pathway, subject)
    with nothing_written(Placement, offer):
        assert client.post(ASSIGN, {"trainee": applicant.pk, "offer": offer.pk}).status_code == 404
        assert client.post(ASSIGN, {"trainee": trainee.pk, "offer": 999999}).status_code == 404
        assert client.post(ASSIGN, {"trainee": "x", "offer": offer.pk}).status_code == 404


# Who may open it ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("anonymous", 302),
        ("outsider", 403),
        ("applicant", 403),
        ("school_a_contact", 403),
        ("lead_school_contact", 403),
        ("intake_officer", 403),
        ("programme_coordinator", 403),
        ("professionalisation_coordinator", 403),
        ("researcher", 403),
        ("placement_coordinator", 200),
        ("administrator", 200),
    ],
)
def test_who_may_open_the_matching_page(client, persona, period, pathway, subject, name, status):
    trainee = make_trainee(pathway, subject)
    user = persona(name)
    if user is not None:
        client.force_login(user)
    response = client.get(URL, {"period": period.slug})
    assert response.status_code == status
    # The trainees to match are listed for placement staff only.
    assert (escape(trainee.full_name) in response.content.decode()) == (status == 200)
    if status == 302:
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", ["school_a_contact", "intake_officer"])
def test_who_may_not_assign(client, persona, period, pathway, subject, name):
    trainee = make_trainee(pathway, subject)
    offer = offer_at(period, subject)
    client.force_login(persona(name))
    assert client.post(ASSIGN, {"trainee": trainee.pk, "offer": offer.pk}).status_code == 403
    assert not Placement.objects.unscoped().exists()


def test_assign_is_post_only(client, placement_coordinator, period, pathway, subject):
    trainee = make_trainee(pathway, subject)
    offer = offer_at(period, subject)
    client.force_login(placement_coordinator)
    with nothing_written(Placement):
        response = client.get(ASSIGN, {"trainee": trainee.pk, "offer": offer.pk})
    assert response.status_code == 405
    assert response["Allow"] == "POST"


# Queries ----------------------------------------------------------------------------------------------


def _fill(period, count):
    subjects = [SchoolSubjectFactory() for _ in range(3)]
    route = PathwayFactory(subjects=subjects)
    partnership = TrainingSchoolPartnershipFactory()
    region = EducationRegionFactory()
    MunicipalityRegionFactory(municipality_name="Leiden", region=region)
    for n in range(count):
        subject = subjects[n % 3]
        trainee = make_trainee(route, subject, employed_as_teacher=bool(n % 2))
        PlacementWishFactory(trainee=trainee, partnership=partnership, region=region)
        offer_at(period, subject, school=SchoolFactory(partnership=partnership, region=region), paid_job_possible=True)
    # Some declined matches too: they are read for the whole page at once.
    declined = make_trainee(route, subjects[0])
    PlacementFactory(trainee=declined, offer=offer_at(period, subjects[0]), status=PlacementStatus.DECLINED)


@pytest.mark.parametrize("count", [1, 50])
def test_matching_page_runs_a_fixed_number_of_queries(
    client, placement_coordinator, period, count, django_assert_max_num_queries
):
    _fill(period, count)
    client.force_login(placement_coordinator)
    # Session, user, MFA, permissions (2), the period, the count and the page of trainees (with
    # wishes), the offers and their schools, the declined matches, the municipality table, the
    # periods and subjects of the filters, and the header's own applications and notifications:
    # 16, plus one of slack for the header's hooks.
    with django_assert_max_num_queries(17):
        response = client.get(URL, {"period": period.slug})
    assert response.status_code == 200
    assert len(response.context["rows"]) == min(count + 1, matching.PAGE_SIZE)
    assert all(row.suggestions for row in response.context["rows"] if row.trainee.subject_id)
