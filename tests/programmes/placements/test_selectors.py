"""One selector per resource of placements, built on the tenancy rule (partnerships.tenancy.visible_rows):
offers, placements, evaluations, trainees and wishes; every persona, the refused ones included,
and fixed query counts at 1 and 50 rows.

School A and the lead school form one partnership, B stands alone. Trainee A is placed at A (the
mentor of A mentors them), trainee B at B, with a mentor from outside the portal's schools and an
institute-based educator who is staff without any placement permission. Of A's two evaluations
one is released; of B's, the mentor's is released and the educator's is not."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.urls import reverse

from programmes.models import ApplicationStatus, Evaluation, PlacementStatus
from programmes.placements import selectors
from tests.api.conftest import api_client
from tests.conftest import STAFF_PERSONAS
from tests.factories import (
    ApplicationFactory,
    EvaluationFactory,
    PlacementFactory,
    PlacementOfferFactory,
    PlacementWishFactory,
    StaffUserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PLACEMENT_STAFF = ["placement_coordinator", "administrator"]
OTHER_STAFF = [name for name in STAFF_PERSONAS if name not in PLACEMENT_STAFF]


@pytest.fixture
def world(school_a, school_b, lead_school_contact, school_a_contact, school_a_mentor, school_b_contact, applicant):
    ApplicationFactory(applicant=applicant)  # a draft: an applicant, not a trainee
    trainee_a = ApplicationFactory(status=ApplicationStatus.ADMITTED, first_name="Tess", last_name="A")
    trainee_b = ApplicationFactory(status=ApplicationStatus.ENROLLED, first_name="Tom", last_name="B")
    b_mentor, educator = UserFactory(full_name="Bea Mentor"), StaffUserFactory(full_name="Ed Educator")
    offer_a = PlacementOfferFactory(school=school_a, subject=trainee_a.subject)
    offer_b = PlacementOfferFactory(school=school_b, subject=trainee_b.subject)
    placement_a = PlacementFactory(
        trainee=trainee_a, offer=offer_a, status=PlacementStatus.CONFIRMED, workplace_mentor=school_a_mentor
    )
    placement_b = PlacementFactory(
        trainee=trainee_b,
        offer=offer_b,
        status=PlacementStatus.RUNNING,
        workplace_mentor=b_mentor,
        institute_educator=educator,
    )
    mentor, institute = Evaluation.Author.WORKPLACE_MENTOR, Evaluation.Author.INSTITUTE_EDUCATOR
    final = Evaluation.Moment.FINAL
    return {
        "people": {"trainee": trainee_a.applicant, "b_mentor": b_mentor, "educator": educator},
        "offers": {"OA": offer_a.pk, "OB": offer_b.pk},
        "placements": {"PA": placement_a.pk, "PB": placement_b.pk},
        "evaluations": {
            "A-mid": EvaluationFactory(placement=placement_a, author_role=mentor, released=True).pk,
            "A-final": EvaluationFactory(placement=placement_a, author_role=mentor, moment=final, submitted=True).pk,
            "B-mentor": EvaluationFactory(placement=placement_b, author_role=mentor, released=True).pk,
            "B-educator": EvaluationFactory(placement=placement_b, author_role=institute).pk,
        },
        "wishes": {"WA": PlacementWishFactory(trainee=trainee_a).pk, "WB": PlacementWishFactory(trainee=trainee_b).pk},
        "trainees": {"TA": trainee_a.pk, "TB": trainee_b.pk},
    }


@pytest.fixture
def who(world, persona):
    def get(name):
        if name in world["people"]:
            return world["people"][name]
        user = persona(name)
        return AnonymousUser() if user is None else user

    return get


def seen(queryset, labels: dict) -> set[str]:
    by_pk = {pk: label for label, pk in labels.items()}
    return {by_pk[pk] for pk in queryset.values_list("pk", flat=True) if pk in by_pk}


NOBODY = ["applicant", "outsider", "anonymous"]


def table(school_a, school_b, lead, trainee, b_mentor, educator, everything):
    """Rows (persona, expected labels) for every persona; staff by their group's permission."""
    return [
        ("school_a_contact", school_a),
        ("school_a_mentor", school_a),
        ("lead_school_contact", lead),
        ("school_b_contact", school_b),
        ("trainee", trainee),
        ("b_mentor", b_mentor),
        ("educator", educator),
        *[(name, set()) for name in NOBODY],
        *[(name, everything) for name in PLACEMENT_STAFF],
        *[(name, set()) for name in OTHER_STAFF],
    ]


OFFERS = table({"OA"}, {"OB"}, {"OA"}, set(), set(), set(), {"OA", "OB"})
PLACEMENTS = table({"PA"}, {"PB"}, {"PA"}, {"PA"}, set(), set(), {"PA", "PB"})
A_EVALUATIONS, B_EVALUATIONS = {"A-mid", "A-final"}, {"B-mentor", "B-educator"}
EVALUATIONS = table(
    A_EVALUATIONS, B_EVALUATIONS, A_EVALUATIONS, {"A-mid"}, {"B-mentor"}, {"B-educator"}, A_EVALUATIONS | B_EVALUATIONS
)
WISHES = table(set(), set(), set(), {"WA"}, set(), set(), {"WA", "WB"})
TRAINEES = table(set(), set(), set(), {"TA"}, set(), set(), {"TA", "TB"})


@pytest.mark.parametrize(("name", "expected"), OFFERS)
def test_offer_list_for_user_follows_the_rule(world, who, name, expected):
    user = who(name)
    assert seen(selectors.offer_list_for_user(user=user), world["offers"]) == expected
    assert seen(selectors.offer_list_for_user(user=user, plain=True), world["offers"]) == expected
    for label, pk in world["offers"].items():
        if label not in expected:
            with pytest.raises(Http404):
                selectors.offer_get_for_user(user=user, pk=pk)


@pytest.mark.parametrize(("name", "expected"), PLACEMENTS)
def test_placement_list_for_user_follows_the_rule(world, who, name, expected):
    user = who(name)
    assert seen(selectors.placement_list_for_user(user=user), world["placements"]) == expected
    for label, pk in world["placements"].items():
        if label in expected:
            assert selectors.placement_get_for_user(user=user, pk=pk).pk == pk
        else:
            with pytest.raises(Http404):
                selectors.placement_get_for_user(user=user, pk=pk)


@pytest.mark.parametrize(("name", "expected"), EVALUATIONS)
def test_evaluation_list_for_user_follows_the_rule(world, who, name, expected):
    user = who(name)
    assert seen(selectors.evaluation_list_for_user(user=user), world["evaluations"]) == expected
    for label, pk in world["evaluations"].items():
        if label not in expected:
            with pytest.raises(Http404):
                selectors.evaluation_get_for_user(user=user, pk=pk)


@pytest.mark.parametrize(("name", "expected"), WISHES)
def test_wish_list_for_user_follows_the_rule(world, who, name, expected):
    assert seen(selectors.wish_list_for_user(user=who(name)), world["wishes"]) == expected


@pytest.mark.parametrize(("name", "expected"), TRAINEES)
def test_trainee_list_for_user_follows_the_rule(world, who, name, expected):
    assert seen(selectors.trainee_list_for_user(user=who(name)), world["trainees"]) == expected


def test_a_trainees_placement_carries_only_the_released_evaluations(world, who):
    """The evaluations loaded with a placement are the viewer's: the trainee's own released one, not
    the submitted final one their mentor has yet to release (which the school sees)."""
    pk = world["placements"]["PA"]
    as_trainee = selectors.placement_get_for_user(user=who("trainee"), pk=pk)
    as_school = selectors.placement_get_for_user(user=who("school_a_contact"), pk=pk)
    released, final = world["evaluations"]["A-mid"], world["evaluations"]["A-final"]
    assert [evaluation.pk for evaluation in as_trainee.evaluations.all()] == [released]
    assert {evaluation.pk for evaluation in as_school.evaluations.all()} == {released, final}


# The pages and the API read through the selectors -------------------------------------------------


@pytest.mark.parametrize(
    ("name", "label", "status"),
    [
        ("school_a_mentor", "A-final", 200),
        ("school_a_contact", "A-mid", 200),
        ("lead_school_contact", "A-mid", 200),
        ("b_mentor", "B-mentor", 200),
        ("educator", "B-educator", 200),
        ("placement_coordinator", "B-educator", 200),
        # Refused: another school's, the trainee's own (read on their own page), another author's.
        ("school_b_contact", "A-mid", 404),
        ("trainee", "A-mid", 404),
        ("b_mentor", "B-educator", 404),
        ("educator", "B-mentor", 404),
        ("researcher", "A-mid", 404),
        ("intake_officer", "B-mentor", 404),
        ("outsider", "A-mid", 404),
    ],
)
def test_evaluation_page_answers_through_the_selector(client, world, who, name, label, status):
    client.force_login(who(name))
    response = client.get(reverse("placements:evaluation-edit", kwargs={"pk": world["evaluations"][label]}))
    assert response.status_code == status
    if status == 404:
        assert "Duidelijke uitleg" not in response.content.decode()
    else:
        assert response.context["evaluation"].pk == world["evaluations"][label]


def test_evaluation_page_sends_anonymous_visitors_to_the_log_in(client, world):
    response = client.get(reverse("placements:evaluation-edit", kwargs={"pk": world["evaluations"]["A-mid"]}))
    assert response.status_code == 302
    assert "/login/" in response["Location"] or "/accounts/" in response["Location"]


@pytest.mark.parametrize(("name", "expected"), [(n, e) for n, e in PLACEMENTS if n not in ("b_mentor", "educator")])
def test_placement_api_lists_what_the_selector_lists(world, who, name, expected):
    response = api_client(None if name == "anonymous" else who(name)).get(reverse("api:placement-list"))
    if name == "anonymous":
        assert response.status_code in (401, 403)
        return
    assert response.status_code == 200
    by_pk = {pk: label for label, pk in world["placements"].items()}
    assert {by_pk[row["id"]] for row in response.json()["results"]} == expected


# Query counts: a list costs the same at 1 and at 50 rows -----------------------------------------


def _fresh(user):
    """The user as a new request has it: nothing cached (schools, permissions)."""
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def offers_at_a(school_a):
    def make(count):
        return [PlacementOfferFactory(school=school_a) for _ in range(count)]

    return make


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize("name", ["school_a_contact", "placement_coordinator"])
def test_offer_list_costs_a_fixed_number_of_queries(
    offers_at_a, school_a_contact, persona, django_assert_max_num_queries, rows, name
):
    offers_at_a(rows)
    user = _fresh(persona(name))
    # The viewer's schools or permissions (2), the offers with their counts (1), their mentors (1).
    with django_assert_max_num_queries(4):
        offers = list(selectors.offer_list_for_user(user=user))
        assert [offer.taken for offer in offers] == [0] * rows
        assert all(offer.school.name and offer.period.name for offer in offers)
    assert len(offers) == rows


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize("name", ["school_a_contact", "placement_coordinator", "trainee"])
def test_placement_and_evaluation_lists_cost_a_fixed_number_of_queries(
    school_a, school_a_contact, applicant, persona, django_assert_max_num_queries, rows, name
):
    trainee = ApplicationFactory(applicant=applicant, status=ApplicationStatus.ADMITTED)
    for _ in range(rows):
        placement = PlacementFactory(trainee=trainee, offer__school=school_a, status=PlacementStatus.CONFIRMED)
        EvaluationFactory(placement=placement, released=True)
    user = _fresh(applicant if name == "trainee" else persona(name))
    with django_assert_max_num_queries(3):
        placements = list(selectors.placement_list_for_user(user=user))
        assert all(p.trainee.pathway and p.school.name and p.period.name for p in placements)
    with django_assert_max_num_queries(1):  # schools and permissions are known by now
        evaluations = list(selectors.evaluation_list_for_user(user=user))
        assert all(e.placement.trainee and e.placement.school.name for e in evaluations)
    assert (len(placements), len(evaluations)) == (rows, rows)


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize("name", ["placement_coordinator", "trainee"])
def test_trainee_and_wish_lists_cost_a_fixed_number_of_queries(
    applicant, persona, django_assert_max_num_queries, rows, name
):
    for _ in range(rows):
        trainee = ApplicationFactory(applicant=applicant, status=ApplicationStatus.ADMITTED)
        PlacementWishFactory(trainee=trainee)
    user = _fresh(applicant if name == "trainee" else persona(name))
    with django_assert_max_num_queries(3):
        trainees = list(selectors.trainee_list_for_user(user=user))
    with django_assert_max_num_queries(1):
        wishes = list(selectors.wish_list_for_user(user=user))
        assert all(wish.trainee_id for wish in wishes)
    assert (len(trainees), len(wishes)) == (rows, rows)
