"""/api/v1/support-questions/: the asker's own questions (support staff: every one), filters,
asking, replies with internal notes for support staff only, and lists in a fixed number of
queries."""

import pytest
from django.urls import reverse

from programmes.support import services
from programmes.support.models import SupportQuestion, SupportReply, SupportState
from tests.api.conftest import api_client
from tests.conftest import STAFF_PERSONAS
from tests.programmes.support.conftest import ask
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

LIST = reverse("api:support-question-list")


def _detail(question):
    return reverse("api:support-question-detail", kwargs={"pk": question.pk})


def _replies(question):
    return reverse("api:support-question-replies", kwargs={"pk": question.pk})


def test_the_list_holds_ones_own_questions_and_support_staff_see_all(asker, support, placement_coordinator):
    mine = ask(asker, title="Mine")
    theirs = ask(placement_coordinator, title="Theirs")
    body = api_client(asker).get(LIST).json()
    assert [row["id"] for row in body["results"]] == [mine.pk]
    assert body["results"][0]["state"] == "open"
    assert set(body["results"][0]) == {
        "id",
        "topic",
        "title",
        "body",
        "student_reference",
        "state",
        "asker",
        "assignee",
        "created_at",
        "first_response_at",
        "answered_at",
        "closed_at",
        "page",
    }
    assert {row["id"] for row in api_client(support).get(LIST).json()["results"]} == {mine.pk, theirs.pk}
    assert api_client(asker).get(_detail(theirs)).status_code == 404


@pytest.mark.parametrize("role", ["applicant", "school_a_contact", "outsider"])
def test_people_who_are_not_staff_see_nothing_and_cannot_ask(persona, role, asker):
    ask(asker)
    client = api_client(persona(role))
    assert client.get(LIST).json()["count"] == 0
    with nothing_written(SupportQuestion):
        response = client.post(LIST, {"topic": "other", "title": "Hi", "body": "?"}, format="json")
    assert response.status_code == 403


def test_anonymous_gets_401_and_no_questions(asker):
    question = ask(asker)
    response = api_client().get(LIST)
    assert response.status_code == 401
    assert question.title not in response.content.decode()
    assert "results" not in response.json()


def test_filters_by_state_and_topic(asker, support):
    open_one = ask(asker, topic="systems")
    answered = ask(asker, topic="curriculum")
    services.support_question_answer(question=answered, actor=support, text="Yes.")
    client = api_client(asker)
    assert [r["id"] for r in client.get(LIST, {"state": "answered"}).json()["results"]] == [answered.pk]
    assert [r["id"] for r in client.get(LIST, {"topic": "systems"}).json()["results"]] == [open_one.pk]


def test_a_staff_member_asks_through_the_api(asker):
    response = api_client(asker).post(
        LIST, {"topic": "assessment", "title": "Second marker?", "body": "Who marks?"}, format="json"
    )
    assert response.status_code == 201
    question = SupportQuestion.objects.get()
    assert (question.asker, question.title, question.state) == (asker, "Second marker?", SupportState.OPEN)
    assert response.json()["replies"] == []


def test_asking_without_a_title_is_a_400(asker):
    with nothing_written(SupportQuestion):
        response = api_client(asker).post(LIST, {"topic": "assessment", "body": "Who marks?"}, format="json")
    assert response.status_code == 400
    assert "title" in response.json()["errors"]


def test_replies_and_internal_notes_are_for_support_staff_only(question, asker, support):
    response = api_client(support).post(
        _replies(question), {"text": "Ask the registrar", "internal": True}, format="json"
    )
    assert response.status_code == 201
    response = api_client(support).post(_replies(question), {"text": "We are on it"}, format="json")
    assert response.status_code == 201
    with nothing_written(SupportReply):
        response = api_client(asker).post(_replies(question), {"text": "Secret", "internal": True}, format="json")
    assert response.status_code == 403
    assert api_client(asker).post(_replies(question), {"text": "Thanks"}, format="json").status_code == 201

    seen_by_asker = [r["text"] for r in api_client(asker).get(_detail(question)).json()["replies"]]
    assert seen_by_asker == ["We are on it", "Thanks"]
    seen_by_staff = [r["text"] for r in api_client(support).get(_detail(question)).json()["replies"]]
    assert seen_by_staff == ["Ask the registrar", "We are on it", "Thanks"]


def test_a_reply_to_a_closed_question_is_a_409(question, asker):
    services.support_question_close(question=question, actor=asker)
    with nothing_written(SupportReply):
        response = api_client(asker).post(_replies(question), {"text": "One more"}, format="json")
    assert response.status_code == 409


def test_somebody_elses_question_takes_no_reply_through_the_api(question, placement_coordinator):
    with nothing_written(SupportReply):
        response = api_client(placement_coordinator).post(_replies(question), {"text": "Me too"}, format="json")
    assert response.status_code == 404


@pytest.mark.parametrize("role", STAFF_PERSONAS)
def test_every_staff_member_may_ask(persona, role):
    user = persona(role)
    response = api_client(user).post(LIST, {"topic": "other", "title": "Hi", "body": "?"}, format="json")
    assert response.status_code == 201
    assert SupportQuestion.objects.get(pk=response.json()["id"]).asker == user


@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_takes_a_fixed_number_of_queries(rows, asker, support, django_assert_max_num_queries):
    for number in range(rows):
        question = ask(asker, title=f"Question {number}")
        services.support_question_assign(question=question, assignee=support, actor=support)
    for user in (asker, support):
        client = api_client(user)
        client.get(LIST)  # the token's first use is recorded once
        with django_assert_max_num_queries(7):
            response = client.get(LIST, {"page_size": 50})
        assert response.json()["count"] == rows
