"""The partner-school portal: every page for every persona, the school's answer to a match, offers
through the services, the evaluation form, and fixed query counts on the list pages."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from partnerships.models import SchoolRole
from programmes.models import ApplicationStatus, Evaluation, Placement, PlacementOffer, PlacementStatus
from tests.factories import (
    ApplicationFactory,
    EvaluationFactory,
    PlacementFactory,
    PlacementOfferFactory,
    PlacementPeriodFactory,
    SchoolMembershipFactory,
    SchoolSubjectFactory,
)
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

PERSONAS = [
    "school_a_contact",
    "school_b_contact",
    "lead_school_contact",
    "school_a_mentor",
    "trainee",
    "outsider",
    "placement_coordinator",
    "administrator",
    "intake_officer",
    "programme_coordinator",
    "professionalisation_coordinator",
    "researcher",
    "anonymous",
]


@pytest.fixture
def trainee(applicant):
    ApplicationFactory(applicant=applicant, status=ApplicationStatus.ADMITTED, first_name="Ayla", last_name="Applicant")
    return applicant


@pytest.fixture
def world(school_a, school_a_mentor, trainee):
    application = trainee.applications.get()
    offer = PlacementOfferFactory(school=school_a, subject=application.subject, mentors=[school_a_mentor])
    placement = PlacementFactory(trainee=application, offer=offer, status=PlacementStatus.PROPOSED)
    confirmed = PlacementFactory(
        offer__school=school_a, status=PlacementStatus.CONFIRMED, workplace_mentor=school_a_mentor
    )
    evaluation = EvaluationFactory(placement=confirmed, author_role=Evaluation.Author.WORKPLACE_MENTOR)
    return {"offer": offer, "placement": placement, "confirmed": confirmed, "evaluation": evaluation}


def url_for(name, world):
    return {
        "dashboard": reverse("placements:school-dashboard"),
        "offers": reverse("placements:school-offer-list"),
        "offer-create": reverse("placements:school-offer-create"),
        "offer-edit": reverse("placements:school-offer-edit", kwargs={"pk": world["offer"].pk}),
        "placement": reverse("placements:school-placement", kwargs={"pk": world["placement"].pk}),
        "evaluation": reverse("placements:evaluation-edit", kwargs={"pk": world["evaluation"].pk}),
    }[name]


# persona → expected status per page (302 for anonymous is the log-in redirect).
MATRIX = {
    #                        dashboard offers create edit placement evaluation
    "school_a_contact": (200, 200, 200, 200, 200, 200),
    "school_b_contact": (200, 200, 200, 404, 404, 404),
    "lead_school_contact": (200, 200, 403, 403, 200, 200),
    "school_a_mentor": (200, 200, 403, 403, 200, 200),
    "trainee": (403, 403, 403, 403, 403, 404),
    "outsider": (403, 403, 403, 403, 403, 404),
    "placement_coordinator": (302, 200, 403, 200, 200, 200),
    "administrator": (302, 200, 403, 200, 200, 200),
    # Staff groups without the placement permissions see none of it.
    "intake_officer": (403, 403, 403, 403, 403, 404),
    "programme_coordinator": (403, 403, 403, 403, 403, 404),
    "professionalisation_coordinator": (403, 403, 403, 403, 403, 404),
    "researcher": (403, 403, 403, 403, 403, 404),
    "anonymous": (302, 302, 302, 302, 302, 302),
}
PAGES = ["dashboard", "offers", "offer-create", "offer-edit", "placement", "evaluation"]
TEMPLATES = {
    "dashboard": "programmes/placements/school/dashboard.html",
    "offers": "programmes/placements/school/offer_list.html",
    "offer-create": "programmes/placements/school/offer_form.html",
    "offer-edit": "programmes/placements/school/offer_form.html",
    "placement": "programmes/placements/school/placement_detail.html",
    "evaluation": "programmes/placements/school/evaluation_form.html",
}
# The row a page is about: its name in the context and in `world`.
SHOWN = {
    "offer-edit": ("offer", "offer"),
    "placement": ("placement", "placement"),
    "evaluation": ("evaluation", "evaluation"),
}


@pytest.mark.parametrize("name", PERSONAS)
@pytest.mark.parametrize("page", PAGES)
def test_permission_matrix_of_the_school_portal(client, persona, world, name, page):
    user = persona(name)
    if user is not None:
        client.force_login(user)
    response = client.get(url_for(page, world))
    expected = MATRIX[name][PAGES.index(page)]
    assert response.status_code == expected, (name, page)
    rendered = [template.name for template in response.templates]
    if expected == 200:
        assert TEMPLATES[page] in rendered
        if page in SHOWN:
            key, row = SHOWN[page]
            assert response.context[key] == world[row]
    else:
        assert TEMPLATES[page] not in rendered
        assert world["offer"].school.name not in response.content.decode(), "a refusal shows nothing of it"
    if name == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


def test_school_b_dashboard_shows_nothing_of_school_a(client, school_b_contact, world):
    client.force_login(school_b_contact)
    body = client.get(reverse("placements:school-dashboard")).content.decode()
    assert "Ayla" not in body
    assert "Stedelijk Gymnasium A" not in body


def test_lead_school_contact_sees_the_partnerships_trainees(client, lead_school_contact, world):
    client.force_login(lead_school_contact)
    body = client.get(reverse("placements:school-dashboard")).content.decode()
    assert "Ayla Applicant" in body
    assert "Stedelijk Gymnasium A" in body


def test_school_contact_sees_match_awaiting_confirmation_with_link(client, school_a_contact, world):
    client.force_login(school_a_contact)
    body = client.get(reverse("placements:school-dashboard")).content.decode()
    assert reverse("placements:school-placement", kwargs={"pk": world["placement"].pk}) in body
    assert "1 of 2" in body or "1 van 2" in body


def test_school_confirms_a_match_naming_the_mentor(client, school_a_contact, school_a_mentor, world):
    client.force_login(school_a_contact)
    url = url_for("placement", world)
    response = client.post(url, {"action": "confirm", "workplace_mentor": school_a_mentor.pk})
    assert response.status_code == 302
    with scopes_disabled():
        placement = Placement.objects.get(pk=world["placement"].pk)
        assert placement.status == PlacementStatus.CONFIRMED
        assert placement.workplace_mentor == school_a_mentor
        assert placement.evaluations.count() == 4


def test_mentor_from_another_school_is_not_offered_nor_accepted(client, school_a_contact, school_b_contact, world):
    client.force_login(school_a_contact)
    response = client.post(url_for("placement", world), {"action": "confirm", "workplace_mentor": school_b_contact.pk})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    with scopes_disabled():
        assert Placement.objects.get(pk=world["placement"].pk).status == PlacementStatus.PROPOSED


def test_decline_needs_a_reason_and_keeps_the_page(client, school_a_contact, world):
    client.force_login(school_a_contact)
    response = client.post(url_for("placement", world), {"action": "decline", "reason": "  "})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    response = client.post(url_for("placement", world), {"action": "decline", "reason": "Geen plek meer"})
    assert response.status_code == 302
    with scopes_disabled():
        placement = Placement.objects.get(pk=world["placement"].pk)
    assert (placement.status, placement.decline_reason) == (PlacementStatus.DECLINED, "Geen plek meer")


@pytest.mark.parametrize("name", ["school_a_mentor", "lead_school_contact", "school_b_contact"])
def test_only_managing_roles_of_the_school_may_answer(client, persona, world, name):
    client.force_login(persona(name))
    response = client.post(url_for("placement", world), {"action": "decline", "reason": "Nee"})
    assert response.status_code in (403, 404)
    with scopes_disabled():
        assert Placement.objects.get(pk=world["placement"].pk).status == PlacementStatus.PROPOSED


def test_school_contact_publishes_an_offer_with_mentor_and_days(client, school_a, school_a_contact, school_a_mentor):
    period = PlacementPeriodFactory()
    subject = SchoolSubjectFactory()
    client.force_login(school_a_contact)
    response = client.post(
        reverse("placements:school-offer-create"),
        {
            "school": school_a.pk,
            "subject": subject.pk,
            "period": period.pk,
            "places": 3,
            "mentors": [school_a_mentor.pk],
            "days_available": ["tue", "thu"],
            "notes": "Bovenbouw",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        offer = PlacementOffer.objects.get(school=school_a, period=period)
        assert (offer.places, offer.days_available, list(offer.mentors.all())) == (3, ["tue", "thu"], [school_a_mentor])


def test_offer_with_no_places_is_refused_with_input_kept(client, school_a, school_a_contact):
    period = PlacementPeriodFactory()
    client.force_login(school_a_contact)
    response = client.post(
        reverse("placements:school-offer-create"),
        {"school": school_a.pk, "period": period.pk, "places": 0, "notes": "Bewaar mij"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in body
    assert "Bewaar mij" in body


def test_school_cannot_create_an_offer_for_another_school(client, school_a_contact, school_b):
    period = PlacementPeriodFactory()
    client.force_login(school_a_contact)
    response = client.post(
        reverse("placements:school-offer-create"), {"school": school_b.pk, "period": period.pk, "places": 1}
    )
    assert response.status_code == 200
    with scopes_disabled():
        assert not PlacementOffer.objects.filter(school=school_b).exists()


def test_offer_places_cannot_drop_below_taken(client, school_a_contact, world):
    offer = world["offer"]
    client.force_login(school_a_contact)
    response = client.post(
        url_for("offer-edit", world), {"period": offer.period_id, "subject": offer.subject_id or "", "places": 0}
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()


def test_mentor_writes_and_releases_the_evaluation(client, school_a_mentor, world):
    evaluation = world["evaluation"]
    client.force_login(school_a_mentor)
    url = url_for("evaluation", world)
    response = client.post(url, {"action": "submit", "strengths": "", "judgement": ""})
    assert "error-summary" in response.content.decode()
    response = client.post(
        url, {"action": "submit", "strengths": "Sterk", "development_points": "", "judgement": "good"}
    )
    assert response.status_code == 302
    response = client.post(url, {"action": "release"})
    assert response.status_code == 302
    with scopes_disabled():
        evaluation = Evaluation.objects.get(pk=evaluation.pk)
    assert evaluation.submitted_at and evaluation.released_at


def test_school_contact_may_not_write_the_mentors_evaluation(client, school_a_contact, world):
    client.force_login(school_a_contact)
    with nothing_written(Evaluation):
        response = client.post(
            url_for("evaluation", world), {"action": "submit", "strengths": "x", "judgement": "good"}
        )
    assert response.status_code == 403
    assert 'name="strengths"' not in response.content.decode(), "no evaluation form"


def _many_placements(school, mentor, count):
    for _ in range(count):
        placement = PlacementFactory(offer__school=school, status=PlacementStatus.CONFIRMED, workplace_mentor=mentor)
        EvaluationFactory(placement=placement)
        SchoolMembershipFactory(school=school, role=SchoolRole.WORKPLACE_MENTOR)


@pytest.mark.parametrize("rows", [1, 50])
def test_dashboard_runs_a_fixed_number_of_queries(
    client, school_a, school_a_contact, school_a_mentor, django_assert_max_num_queries, rows
):
    _many_placements(school_a, school_a_mentor, rows)
    client.force_login(school_a_contact)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("placements:school-dashboard"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 50])
def test_offer_list_runs_a_fixed_number_of_queries(
    client, school_a, school_a_contact, school_a_mentor, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        offer = PlacementOfferFactory(school=school_a, mentors=[school_a_mentor])
        PlacementFactory(offer=offer, trainee__subject=offer.subject)
    client.force_login(school_a_contact)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("placements:school-offer-list"))
    assert response.status_code == 200
    assert response.content.decode().count("placements/school/offers/") >= rows
