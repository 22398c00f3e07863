"""/api/v1/research-questions/ and /api/v1/answered-research-questions/: who lists, reads and
writes which questions (anonymous refused, a school user their school's, another school's 404,
research staff every one and the moves), bad input answered with 400 and nothing written, the
public read without contact details, and fixed queries at 1 and 50 rows."""

import pytest
from django.urls import reverse

from research.questions.models import MatchKind, QuestionStatus, ResearchQuestion
from tests.api.conftest import api_client
from tests.factories.research_questions import ResearchQuestionFactory
from tests.research.questions.conftest import answered, ask
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

LIST = reverse("api:research-question-list")
PUBLIC = reverse("api:answered-research-question-list")


def one(question):
    return reverse("api:research-question-detail", kwargs={"pk": question.pk})


def action(question, name):
    return reverse(f"api:research-question-{name}", kwargs={"pk": question.pk})


def payload(school, /, **overrides):
    return {
        "school": school.code,
        "title": "Does a reading routine work?",
        "context": "Ten minutes of reading in every lesson.",
        "sector": "vo",
        "intended_use": "Decide on it.",
        "urgency": "high",
        **overrides,
    }


@pytest.mark.parametrize(
    ("persona", "count"),
    [("school_a_contact", 1), ("school_b_contact", 1), ("researcher", 2), ("trainee", 0), ("placement_coordinator", 0)],
)
def test_who_lists_which_questions(persona, count, request, school_a, school_a_contact, school_b, school_b_contact):
    ask(school_a_contact, school_a, title="A's question")
    ask(school_b_contact, school_b, title="B's question")
    body = api_client(request.getfixturevalue(persona)).get(LIST).json()
    assert body["count"] == count
    if persona == "school_a_contact":
        assert [row["title"] for row in body["results"]] == ["A's question"]
        assert body["results"][0]["school"]["code"] == school_a.code


def test_anonymous_requests_are_refused(school_a, school_a_contact):
    question = ask(school_a_contact, school_a)
    client = api_client()
    assert client.get(LIST).status_code == 401
    assert client.get(one(question)).status_code == 401
    with nothing_written(ResearchQuestion):
        assert client.post(LIST, payload(school_a), format="json").status_code == 401
        assert client.post(action(question, "review"), {"decision": "accept"}, format="json").status_code == 401


def test_another_schools_question_is_404(school_a, school_a_contact, school_b_contact):
    question = ask(school_a_contact, school_a)
    assert api_client(school_b_contact).get(one(question)).status_code == 404
    with nothing_written(question):
        assert (
            api_client(school_b_contact).post(action(question, "rate"), {"rating": 1}, format="json").status_code == 404
        )


def test_a_school_user_creates_for_their_school_only(school_a, school_a_contact, school_b, researcher):
    response = api_client(school_a_contact).post(LIST, payload(school_a), format="json")
    assert response.status_code == 201
    assert response.json()["status"] == "submitted"
    assert ResearchQuestion.objects.get().submitted_by == school_a_contact
    with nothing_written(ResearchQuestion):
        refused = api_client(school_a_contact).post(LIST, payload(school_b), format="json")
    assert refused.status_code == 403


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"school": "ZZZZ99"}, "school"),
        ({"sector": "uni"}, "sector"),
        ({"title": ""}, "title"),
        ({"context": " "}, "context"),
    ],
)
def test_bad_input_is_400_and_writes_nothing(overrides, field, school_a, school_a_contact):
    with nothing_written(ResearchQuestion):
        response = api_client(school_a_contact).post(LIST, payload(school_a, **overrides), format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Invalid input."
    assert list(body["errors"]) == [field] and body["errors"][field][0]


def test_research_staff_review_match_and_answer_through_the_api(school_a, school_a_contact, researcher, profile):
    question = ask(school_a_contact, school_a)
    staff = api_client(researcher)
    response = staff.post(action(question, "review"), {"decision": "accept"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    response = staff.post(action(question, "match"), {"kind": "researcher", "researcher": profile.slug}, format="json")
    assert response.json()["researcher"] == {"slug": "anouk-smit", "name": "Dr. Anouk Smit"}
    response = staff.post(
        action(question, "answer"), {"summary": "Act on it.", "links": ["https://example.org/a"]}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["answer_links"] == ["https://example.org/a"]
    # A wrong move is a conflict, and nothing changes.
    with nothing_written(question):
        conflict = staff.post(action(question, "review"), {"decision": "accept"}, format="json")
    assert conflict.status_code == 409


def test_an_unknown_researcher_is_400(school_a, school_a_contact, researcher):
    question = ask(school_a_contact, school_a)
    with nothing_written(question):
        response = api_client(researcher).post(
            action(question, "match"), {"kind": "researcher", "researcher": "nobody"}, format="json"
        )
    assert response.status_code == 400


@pytest.mark.parametrize("persona", ["school_a_contact", "trainee", "professionalisation_coordinator"])
def test_others_may_not_review(persona, request, school_a, school_a_contact):
    question = ask(school_a_contact, school_a)
    with nothing_written(question):
        response = api_client(request.getfixturevalue(persona)).post(
            action(question, "review"), {"decision": "accept"}, format="json"
        )
    assert response.status_code == (403 if persona == "school_a_contact" else 404)


def test_the_school_clarifies_rates_and_publishes_through_the_api(school_a, school_a_contact, researcher):
    question = answered(school_a_contact, school_a, researcher)
    school = api_client(school_a_contact)
    with nothing_written(question):
        assert school.post(action(question, "rate"), {"rating": 9}, format="json").status_code == 400
    assert (
        school.post(action(question, "rate"), {"rating": 5, "comment": "Great."}, format="json").json()["rating"] == 5
    )
    assert school.post(action(question, "set-public"), {"public": True}, format="json").json()["public"] is True
    rows = api_client().get(PUBLIC).json()["results"]
    assert [row["id"] for row in rows] == [question.pk]
    assert "contact_email" not in rows[0] and "rating" not in rows[0]


def test_the_status_filter_is_checked(school_a, researcher):
    ResearchQuestionFactory(school=school_a, status=QuestionStatus.ACCEPTED)
    ResearchQuestionFactory(school=school_a)
    client = api_client(researcher)
    assert client.get(LIST, {"status": "accepted"}).json()["count"] == 1
    assert client.get(LIST, {"status": "bogus"}).status_code == 400


@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_runs_fixed_queries(rows, school_a, school_a_contact, django_assert_max_num_queries):
    for _ in range(rows):
        ResearchQuestionFactory(school=school_a, status=QuestionStatus.MATCHED, match_kind=MatchKind.THESIS)
    client = api_client(school_a_contact)
    with django_assert_max_num_queries(14):
        body = client.get(LIST).json()
    assert body["count"] == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_the_public_list_runs_fixed_queries(rows, school_a, django_assert_max_num_queries):
    for _ in range(rows):
        ResearchQuestionFactory(school=school_a, status=QuestionStatus.ANSWERED, public=True, answer_summary="A.")
    ResearchQuestionFactory(school=school_a, status=QuestionStatus.ANSWERED, public=False, answer_summary="Private.")
    client = api_client()
    with django_assert_max_num_queries(8):
        body = client.get(PUBLIC).json()
    assert body["count"] == rows


def test_research_staff_create_for_a_school_naming_its_contact(school_a, researcher):
    with nothing_written(ResearchQuestion):
        refused = api_client(researcher).post(LIST, payload(school_a), format="json")
    assert refused.status_code == 400 and list(refused.json()["errors"]) == ["contact_email"]
    response = api_client(researcher).post(
        LIST, payload(school_a, contact_name="Femke", contact_email="femke@school.example.org"), format="json"
    )
    assert response.status_code == 201
    assert response.json()["contact_email"] == "femke@school.example.org"
