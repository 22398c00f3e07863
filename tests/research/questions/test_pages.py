"""The pages of research questions: who opens which page (anonymous visitors, a school's people
and another school's, a trainee, research staff and other staff), the school's submission and the
staff's moves through the forms (a refusal changes nothing and says why), the public list without
contact details, and the fixed number of queries of every list at 1 and 50 rows."""

import pytest
from django.test import Client
from django.urls import reverse

from iclon.notifications.models import Notification
from research.questions.models import MatchKind, QuestionStatus, ResearchQuestion
from tests.factories import SchoolMembershipFactory
from tests.factories.research_questions import ResearchQuestionFactory
from tests.research.questions.conftest import answered, ask
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

LIST = reverse("research_questions:list")
NEW = reverse("research_questions:new")
QUEUE = reverse("research_questions:queue")
PUBLIC = reverse("research_questions:public-list")
THESES = reverse("research_questions:theses")


def client_for(user=None):
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client


def detail(question):
    return reverse("research_questions:detail", kwargs={"pk": question.pk})


def move(question, name):
    return reverse("research_questions:move", kwargs={"pk": question.pk, "move": name})


@pytest.mark.parametrize(
    ("url", "persona", "status"),
    [
        (LIST, "anonymous", 200),
        (LIST, "school_a_contact", 200),
        (LIST, "researcher", 200),
        (NEW, "anonymous", 302),
        (NEW, "outsider", 403),
        (NEW, "trainee", 403),
        (NEW, "school_a_contact", 200),
        (QUEUE, "anonymous", 302),
        (QUEUE, "school_a_contact", 403),
        (QUEUE, "trainee", 403),
        (QUEUE, "professionalisation_coordinator", 403),
        (QUEUE, "researcher", 200),
        (THESES, "anonymous", 302),
        (THESES, "school_a_contact", 403),
        (THESES, "outsider", 403),
        (THESES, "trainee", 200),
        (THESES, "researcher", 200),
        (PUBLIC, "anonymous", 200),
        (PUBLIC, "school_b_contact", 200),
    ],
)
def test_who_opens_the_pages(url, persona, status, request):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    response = client_for(user).get(url)
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("account_login"))
    elif status == 403:
        # The refusal shows neither a question's form nor a list of questions.
        assert b'name="intended_use"' not in response.content and b'class="card"' not in response.content
    else:
        assert b"<h1>" in response.content


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 404),
        ("school_b_contact", 404),
        ("trainee", 404),
        ("outsider", 404),
        ("professionalisation_coordinator", 404),
        ("school_a_mentor", 200),
        ("researcher", 200),
    ],
)
def test_a_question_is_seen_by_its_school_and_research_staff_only(persona, status, request, school_a, school_a_contact):
    question = ask(school_a_contact, school_a, title="Our secret question")
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    response = client_for(user).get(detail(question))
    assert response.status_code == status
    assert ("Our secret question" in response.content.decode()) is (status == 200)


def test_the_school_list_holds_its_own_questions_only(school_a, school_a_contact, school_b, school_b_contact):
    ask(school_a_contact, school_a, title="Question of school A")
    ask(school_b_contact, school_b, title="Question of school B")
    html = client_for(school_a_contact).get(LIST).content.decode()
    assert "Question of school A" in html and "Question of school B" not in html
    intro = client_for().get(LIST).content.decode()
    assert "Question of school A" not in intro and reverse("research_questions:ask") in intro


def test_a_school_user_submits_a_question(school_a, school_a_contact, researcher):
    response = client_for(school_a_contact).post(
        NEW,
        {
            "school": school_a.pk,
            "title": "Does a reading routine work?",
            "context": "Ten minutes of reading in every lesson.",
            "sector": "vo",
            "intended_use": "Decide on it.",
            "urgency": "high",
        },
    )
    question = ResearchQuestion.objects.get(title="Does a reading routine work?")
    assert response.status_code == 302 and response["Location"] == detail(question)
    assert (question.school, question.submitted_by, question.urgency) == (school_a, school_a_contact, "high")
    assert Notification.objects.filter(email=researcher.email, subject__contains="Nieuwe onderzoeksvraag").exists()


def test_a_school_user_cannot_submit_for_another_school(school_a_contact, school_b):
    with nothing_written(ResearchQuestion):
        response = client_for(school_a_contact).post(
            NEW,
            {
                "school": school_b.pk,
                "title": "T",
                "context": "C",
                "sector": "vo",
                "intended_use": "U",
                "urgency": "low",
            },
        )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_bad_input_on_the_form_says_what_is_missing(school_a, school_a_contact):
    with nothing_written(ResearchQuestion):
        response = client_for(school_a_contact).post(NEW, {"school": school_a.pk, "title": "", "sector": "vo"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Give your question." in page and "Describe the situation your question comes from." in page
    assert "This field is required." not in page


def test_research_staff_review_match_and_answer_through_the_page(school_a, school_a_contact, researcher, profile):
    question = ask(school_a_contact, school_a)
    staff = client_for(researcher)
    page = staff.get(detail(question)).content.decode()
    assert 'id="review-title"' in page and 'id="answer-title"' not in page

    # A decline without a reason is refused on the page, and changes nothing.
    with nothing_written(question):
        response = staff.post(move(question, "review"), {"decision": "decline", "reason": ""})
    assert response.status_code == 400
    assert "Say why, or what the school should clarify." in response.content.decode()

    assert staff.post(move(question, "review"), {"decision": "accept"}).status_code == 302
    response = staff.post(move(question, "match"), {"kind": "researcher", "researcher": profile.pk})
    assert response.status_code == 302
    response = staff.post(
        move(question, "answer"), {"summary": "Act on feedback.", "products": "", "links": "https://example.org/x"}
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.status, question.researcher, question.answer_links) == (
        QuestionStatus.ANSWERED,
        profile,
        ["https://example.org/x"],
    )


def test_the_school_rates_and_makes_the_answer_public_through_the_page(school_a, school_a_contact, researcher):
    question = answered(school_a_contact, school_a, researcher)
    school = client_for(school_a_contact)
    page = school.get(detail(question)).content.decode()
    assert 'id="rate-title"' in page and 'id="public-title"' in page and 'id="review-title"' not in page
    assert school.post(move(question, "rate"), {"rating": "4", "comment": "Good."}).status_code == 302
    assert school.post(move(question, "public"), {"public": "on"}).status_code == 302
    question.refresh_from_db()
    assert (question.rating, question.public) == (4, True)
    public_page = client_for().get(detail(question)).content.decode()
    assert "Act on feedback" not in public_page  # the answer of conftest.answered
    assert "Feedback works when pupils must act on it." in public_page
    assert question.contact_email not in public_page
    assert question.title in client_for().get(PUBLIC).content.decode()


@pytest.mark.parametrize(
    "persona", ["school_a_contact", "school_b_contact", "trainee", "professionalisation_coordinator"]
)
def test_others_cannot_review_on_the_page(persona, request, school_a, school_a_contact):
    question = ask(school_a_contact, school_a)
    user = request.getfixturevalue(persona)
    with nothing_written(question):
        response = client_for(user).post(move(question, "review"), {"decision": "accept"})
    assert response.status_code in (403, 404)


def test_another_school_cannot_rate(school_a, school_a_contact, school_b_contact, researcher):
    question = answered(school_a_contact, school_a, researcher)
    with nothing_written(question):
        response = client_for(school_b_contact).post(move(question, "rate"), {"rating": "1"})
    assert response.status_code == 404


def test_a_trainee_chooses_a_thesis_topic(school_a, school_a_contact, researcher, trainee):
    question = ResearchQuestionFactory(school=school_a, status=QuestionStatus.MATCHED, match_kind=MatchKind.THESIS)
    page = client_for(trainee).get(THESES).content.decode()
    assert question.title in page and "Choose this topic" in page
    response = client_for(trainee).post(move(question, "choose"))
    assert response.status_code == 302 and response["Location"] == THESES
    question.refresh_from_db()
    assert question.thesis_trainee == trainee
    assert "Your topic" in client_for(trainee).get(THESES).content.decode()


def test_an_anonymous_visitor_cannot_choose_a_topic(school_a):
    question = ResearchQuestionFactory(school=school_a, status=QuestionStatus.MATCHED, match_kind=MatchKind.THESIS)
    with nothing_written(question):
        response = client_for().post(move(question, "choose"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


# --- query counts ---------------------------------------------------------------------------------


def _questions(rows, school, **fields):
    for _ in range(rows):
        ResearchQuestionFactory(school=school, **fields)


@pytest.mark.parametrize("rows", [1, 50])
def test_the_school_list_runs_fixed_queries(rows, school_a, school_a_contact, django_assert_max_num_queries):
    _questions(rows, school_a)
    client = client_for(school_a_contact)
    with django_assert_max_num_queries(16):
        response = client.get(LIST)
    assert response.content.decode().count('class="card"') == min(rows, 25)


@pytest.mark.parametrize("rows", [1, 50])
def test_the_queue_runs_fixed_queries(rows, school_a, researcher, django_assert_max_num_queries):
    _questions(rows, school_a, status=QuestionStatus.ACCEPTED, urgency="high")
    client = client_for(researcher)
    with django_assert_max_num_queries(16):
        response = client.get(QUEUE, {"status": "accepted", "urgency": "high"})
    assert response.content.decode().count('class="card"') == min(rows, 25)


@pytest.mark.parametrize("rows", [1, 50])
def test_the_public_list_runs_fixed_queries(rows, school_a, django_assert_max_num_queries):
    _questions(rows, school_a, status=QuestionStatus.ANSWERED, public=True, answer_summary="An answer.")
    client = client_for()
    with django_assert_max_num_queries(12):
        response = client.get(PUBLIC)
    assert response.content.decode().count('class="card"') == min(rows, 25)


@pytest.mark.parametrize("rows", [1, 50])
def test_the_thesis_topics_run_fixed_queries(rows, school_a, trainee, django_assert_max_num_queries):
    _questions(rows, school_a, status=QuestionStatus.MATCHED, match_kind=MatchKind.THESIS)
    client = client_for(trainee)
    with django_assert_max_num_queries(16):
        response = client.get(THESES)
    assert response.content.decode().count('class="card"') == min(rows, 25)


def test_the_queue_filters_by_state_and_urgency(school_a, researcher):
    ResearchQuestionFactory(school=school_a, title="Urgent one", urgency="high")
    ResearchQuestionFactory(school=school_a, title="Calm one", urgency="low")
    html = client_for(researcher).get(QUEUE, {"urgency": "high", "status": "submitted"}).content.decode()
    assert "Urgent one" in html and "Calm one" not in html


def test_a_second_membership_shows_both_schools_questions(school_a, school_b, school_a_contact):
    SchoolMembershipFactory(school=school_b, user=school_a_contact)
    ResearchQuestionFactory(school=school_b, title="B's question")
    assert "B&#x27;s question" in client_for(school_a_contact).get(LIST).content.decode()
