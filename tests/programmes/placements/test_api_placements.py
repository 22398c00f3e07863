"""The placements API: the tenancy rule of the pages (school A, school B, the lead school, the
trainee, each staff group, anonymous), the match, confirm and decline actions with the services'
rules and status codes, offers written through the services, filters and fixed query counts."""

import pytest
from django.urls import reverse

from programmes.models import ApplicationStatus, Placement, PlacementOffer, PlacementStatus
from tests.api.conftest import api_client
from tests.factories import ApplicationFactory, PathwayFactory, SchoolFactory, SchoolSubjectFactory
from tests.factories.placements import PlacementFactory, PlacementOfferFactory, PlacementPeriodFactory
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

OFFERS = reverse("api:placement-offer-list")
PLACEMENTS = reverse("api:placement-list")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def period():
    return PlacementPeriodFactory(slug="2030-s1")


@pytest.fixture
def subject():
    return SchoolSubjectFactory(slug="wiskunde", name_nl="Wiskunde", name_en="Mathematics")


@pytest.fixture
def pathway(subject):
    return PathwayFactory(subjects=[subject])


def trainee_of(pathway, subject, **fields):
    fields.setdefault("status", ApplicationStatus.ADMITTED)
    return ApplicationFactory(pathway=pathway, subject=subject, complete=False, **fields)


@pytest.fixture
def offer_a(school_a, period, subject):
    return PlacementOfferFactory(school=school_a, period=period, subject=subject, places=2)


@pytest.fixture
def offer_b(school_b, period, subject):
    return PlacementOfferFactory(school=school_b, period=period, subject=subject, places=2)


@pytest.fixture
def placement_a(offer_a, applicant, pathway, subject):
    """The applicant persona is this placement's trainee."""
    return PlacementFactory(offer=offer_a, trainee=trainee_of(pathway, subject, applicant=applicant))


@pytest.fixture
def placement_b(offer_b, pathway, subject):
    return PlacementFactory(offer=offer_b, trainee=trainee_of(pathway, subject))


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def match_url(offer):
    return reverse("api:placement-offer-match", kwargs={"pk": offer.pk})


def confirm_url(placement):
    return reverse("api:placement-confirm", kwargs={"pk": placement.pk})


def decline_url(placement):
    return reverse("api:placement-decline", kwargs={"pk": placement.pk})


# Who sees what -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "sees"),
    [
        ("school_a_contact", {"a"}),
        ("school_a_mentor", {"a"}),
        ("school_b_contact", {"b"}),
        ("lead_school_contact", {"a"}),
        ("applicant", set()),
        ("outsider", set()),
        ("intake_officer", set()),
        ("programme_coordinator", set()),
        ("professionalisation_coordinator", set()),
        ("researcher", set()),
        ("placement_coordinator", {"a", "b"}),
        ("administrator", {"a", "b"}),
    ],
)
def test_offers_each_persona_sees(persona, offer_a, offer_b, name, sees):
    expected = {{"a": offer_a, "b": offer_b}[key].pk for key in sees}
    assert ids(api_client(persona(name)).get(OFFERS)) == expected


@pytest.mark.parametrize(
    ("name", "sees"),
    [
        ("school_a_contact", {"a"}),
        ("school_b_contact", {"b"}),
        ("lead_school_contact", {"a"}),
        ("applicant", {"a"}),  # the trainee of placement A
        ("outsider", set()),
        ("intake_officer", set()),
        ("researcher", set()),
        ("placement_coordinator", {"a", "b"}),
        ("administrator", {"a", "b"}),
    ],
)
def test_placements_each_persona_sees(persona, placement_a, placement_b, name, sees):
    expected = {{"a": placement_a, "b": placement_b}[key].pk for key in sees}
    assert ids(api_client(persona(name)).get(PLACEMENTS)) == expected


def test_school_b_gets_404_on_school_a_rows(school_b_contact, offer_a, placement_a):
    client = api_client(school_b_contact)
    for url in (
        reverse("api:placement-offer-detail", kwargs={"pk": offer_a.pk}),
        reverse("api:placement-detail", kwargs={"pk": placement_a.pk}),
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert set(response.json()) == {"detail"}, "no row of school A"
    with nothing_written(Placement, PlacementOffer):
        assert client.post(match_url(offer_a), {"trainee": placement_a.trainee_id}).status_code == 404
        assert client.post(confirm_url(placement_a), {}).status_code == 404


def test_detail_shows_the_offer_with_places_taken(school_a_contact, offer_a, placement_a):
    response = api_client(school_a_contact).get(reverse("api:placement-offer-detail", kwargs={"pk": offer_a.pk}))
    assert response.status_code == 200
    body = response.json()
    assert (body["places"], body["taken"], body["free_places"]) == (2, 1, 1)
    assert body["subject"] == {"slug": "wiskunde", "name": "Mathematics"}
    assert body["school"]["code"] == offer_a.school.code


@pytest.mark.parametrize("url", [OFFERS, PLACEMENTS])
def test_anonymous_gets_401(url, placement_a):
    response = api_client().get(url)
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}


# Match ---------------------------------------------------------------------------------------------


def test_coordinator_matches_a_trainee(placement_coordinator, offer_a, pathway, subject):
    trainee = trainee_of(pathway, subject)
    response = api_client(placement_coordinator).post(match_url(offer_a), {"trainee": trainee.pk}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["trainee"]["id"], body["offer"], body["status"]) == (trainee.pk, offer_a.pk, "proposed")
    assert body["match_reasons"][0] == "Teaches Mathematics, the trainee's subject"


def test_match_on_a_full_offer_is_409_full(placement_coordinator, offer_a, pathway, subject):
    for _ in range(2):
        PlacementFactory(offer=offer_a, trainee=trainee_of(pathway, subject))
    trainee = trainee_of(pathway, subject)
    response = api_client(placement_coordinator).post(match_url(offer_a), {"trainee": trainee.pk}, format="json")
    assert response.status_code == 409
    assert response.json() == {"detail": "This offer is full: all its places are taken."}
    assert not Placement.objects.unscoped().filter(trainee=trainee).exists()


def test_match_twice_in_a_period_is_409(placement_coordinator, offer_a, offer_b, pathway, subject):
    trainee = trainee_of(pathway, subject)
    client = api_client(placement_coordinator)
    assert client.post(match_url(offer_a), {"trainee": trainee.pk}, format="json").status_code == 201
    response = client.post(match_url(offer_b), {"trainee": trainee.pk}, format="json")
    assert response.status_code == 409
    assert "already has a placement" in response.json()["detail"]


def test_match_of_an_applicant_or_other_subject_is_400(placement_coordinator, offer_a, pathway, subject):
    client = api_client(placement_coordinator)
    applicant = trainee_of(pathway, subject, status=ApplicationStatus.SUBMITTED)
    response = client.post(match_url(offer_a), {"trainee": applicant.pk}, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["trainee"]
    other = SchoolSubjectFactory()
    response = client.post(match_url(offer_a), {"trainee": trainee_of(PathwayFactory(subjects=[other]), other).pk})
    assert response.status_code == 400
    assert response.json()["errors"] == {"non_field_errors": ["This offer is for another subject."]}


@pytest.mark.parametrize("name", ["school_a_contact", "lead_school_contact", "intake_officer"])
def test_only_placement_staff_match(persona, offer_a, pathway, subject, name):
    trainee = trainee_of(pathway, subject)
    response = api_client(persona(name)).post(match_url(offer_a), {"trainee": trainee.pk}, format="json")
    # Staff without the view permission cannot see the offer at all.
    assert response.status_code == (404 if name == "intake_officer" else 403)
    assert not Placement.objects.unscoped().filter(trainee=trainee).exists()


def test_match_needs_a_token(pathway, subject):
    offer = PlacementOfferFactory(subject=subject)
    trainee = trainee_of(pathway, subject)
    with nothing_written(Placement, offer):
        response = api_client().post(match_url(offer), {"trainee": trainee.pk})
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}


# Confirm and decline ---------------------------------------------------------------------------------


def test_school_confirms_with_its_mentor(school_a_contact, school_a_mentor, placement_a):
    response = api_client(school_a_contact).post(
        confirm_url(placement_a), {"workplace_mentor": school_a_mentor.pk}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "confirmed"
    assert body["workplace_mentor"]["id"] == school_a_mentor.pk


def test_confirm_with_a_mentor_from_elsewhere_is_400(school_a_contact, school_b_contact, placement_a):
    response = api_client(school_a_contact).post(
        confirm_url(placement_a), {"workplace_mentor": school_b_contact.pk}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["workplace_mentor"]


def test_confirm_twice_is_409(school_a_contact, placement_a):
    client = api_client(school_a_contact)
    assert client.post(confirm_url(placement_a), {}, format="json").status_code == 200
    response = client.post(confirm_url(placement_a), {}, format="json")
    assert response.status_code == 409
    assert response.json() == {"detail": "Only a proposed placement can be confirmed."}


@pytest.mark.parametrize("name", ["applicant", "school_a_mentor"])
def test_trainee_and_mentor_may_not_answer(persona, placement_a, name):
    client = api_client(persona(name))
    assert client.post(confirm_url(placement_a), {}, format="json").status_code == 403
    assert client.post(decline_url(placement_a), {"reason": "Nee"}, format="json").status_code == 403
    placement_a.refresh_from_db()
    assert placement_a.status == PlacementStatus.PROPOSED


def test_school_declines_with_a_reason(school_a_contact, placement_a):
    client = api_client(school_a_contact)
    response = client.post(decline_url(placement_a), {}, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["reason"]
    response = client.post(decline_url(placement_a), {"reason": "Geen mentor vrij."}, format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["decline_reason"]) == ("declined", "Geen mentor vrij.")


def test_lead_school_contact_sees_but_does_not_answer_for_member_school(lead_school_contact, placement_a):
    client = api_client(lead_school_contact)
    response = client.get(reverse("api:placement-detail", kwargs={"pk": placement_a.pk}))
    assert response.status_code == 200
    assert (response.json()["id"], response.json()["status"]) == (placement_a.pk, "proposed")
    with nothing_written(placement_a):
        refused = client.post(confirm_url(placement_a), {}, format="json")
    assert refused.status_code == 403
    assert set(refused.json()) == {"detail"}


# Offers written through the services -------------------------------------------------------------


def test_school_contact_publishes_an_offer_for_their_school(school_a_contact, school_a_mentor, school_a, period):
    response = api_client(school_a_contact).post(
        OFFERS,
        {
            "school": school_a.pk,
            "subject": SchoolSubjectFactory(slug="biologie").slug,
            "period": period.slug,
            "places": 3,
            "mentors": [school_a_mentor.pk],
            "days_available": ["wed", "tue"],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["places"], body["taken"], body["days_available"]) == (3, 0, ["tue", "wed"])
    assert [mentor["id"] for mentor in body["mentors"]] == [school_a_mentor.pk]
    assert PlacementOffer.objects.unscoped().get(pk=body["id"]).created_by == school_a_contact


@pytest.mark.parametrize(("name", "status"), [("school_b_contact", 403), ("school_a_mentor", 403), ("applicant", 403)])
def test_others_may_not_publish_for_school_a(persona, school_a, period, subject, name, status):
    response = api_client(persona(name)).post(
        OFFERS, {"school": school_a.pk, "subject": subject.slug, "period": period.slug, "places": 1}, format="json"
    )
    assert response.status_code == status
    assert not PlacementOffer.objects.unscoped().exists()


def test_places_cannot_drop_below_those_taken(school_a_contact, offer_a, placement_a):
    url = reverse("api:placement-offer-detail", kwargs={"pk": offer_a.pk})
    client = api_client(school_a_contact)
    response = client.patch(url, {"places": 0}, format="json")
    assert response.status_code == 400
    response = client.patch(url, {"places": 5, "is_open": False}, format="json")
    assert response.status_code == 200
    assert (response.json()["places"], response.json()["is_open"]) == (5, False)


def test_put_and_delete_are_not_offered(placement_coordinator, offer_a):
    url = reverse("api:placement-offer-detail", kwargs={"pk": offer_a.pk})
    client = api_client(placement_coordinator)
    with nothing_written(PlacementOffer):
        assert client.put(url, {"places": 9}, format="json").status_code == 405
        assert client.delete(url).status_code == 405


# Filters -------------------------------------------------------------------------------------------------


def test_offer_filters(placement_coordinator, offer_a, offer_b, placement_a, pathway, subject):
    PlacementFactory(offer=offer_b, trainee=trainee_of(pathway, subject))
    PlacementFactory(offer=offer_b, trainee=trainee_of(pathway, subject))
    other = PlacementOfferFactory(school=SchoolFactory(), period=PlacementPeriodFactory(), is_open=False)
    client = api_client(placement_coordinator)
    assert ids(client.get(OFFERS, {"has_free_places": "true"})) == {offer_a.pk, other.pk}
    assert ids(client.get(OFFERS, {"has_free_places": "false"})) == {offer_b.pk}
    assert ids(client.get(OFFERS, {"period": "2030-s1"})) == {offer_a.pk, offer_b.pk}
    assert ids(client.get(OFFERS, {"subject": "wiskunde", "school": offer_a.school_id})) == {offer_a.pk}
    assert ids(client.get(OFFERS, {"open": "false"})) == {other.pk}


def test_placement_filters(placement_coordinator, placement_a, placement_b):
    Placement.objects.unscoped().filter(pk=placement_b.pk).update(status=PlacementStatus.CONFIRMED)
    client = api_client(placement_coordinator)
    assert ids(client.get(PLACEMENTS, {"status": "confirmed"})) == {placement_b.pk}
    assert ids(client.get(PLACEMENTS, {"school": placement_a.school_id})) == {placement_a.pk}
    assert ids(client.get(PLACEMENTS, {"period": "2030-s1", "subject": "wiskunde"})) == {placement_a.pk, placement_b.pk}
    assert client.get(PLACEMENTS, {"status": "nonsense"}).status_code == 400


# Queries -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 50])
def test_lists_run_a_fixed_number_of_queries(
    placement_coordinator, school_a, school_a_mentor, period, pathway, subject, count, django_assert_max_num_queries
):
    for _ in range(count):
        offer = PlacementOfferFactory(school=school_a, period=period, subject=subject, mentors=[school_a_mentor])
        PlacementFactory(offer=offer, trainee=trainee_of(pathway, subject), workplace_mentor=school_a_mentor)
    client = api_client(placement_coordinator)
    # Token, user, permissions (2), count, page and the mentors' prefetch.
    with django_assert_max_num_queries(9):
        response = client.get(OFFERS, {"page_size": 100})
    assert response.json()["count"] == count
    with django_assert_max_num_queries(9):
        response = client.get(PLACEMENTS, {"page_size": 100})
    assert response.json()["count"] == count
