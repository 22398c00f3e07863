"""What other parts of the portal add to research questions and take from them: the learning
circle a question is matched to (linked on the circles' side, shown on the question's page through
the `question_sections` hook, linked by research staff only), the dashboard cards of each role,
the knowledge base's section of a principle (`principle_sections`), and the admin."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from iclon.core.errors import Conflict, NotAllowed
from professionalisation.circles import services as circle_services
from research.questions import navigation
from research.questions.models import MatchKind, QuestionStatus
from tests.factories.professionalisation_circles import LearningCircleFactory
from tests.factories.research import TeachingLearningPrincipleFactory
from tests.factories.research_questions import QuestionSubmissionFactory, ResearchQuestionFactory
from tests.research.questions.conftest import accepted, ask
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db


def client_for(user=None):
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client


def link(question):
    return reverse("circles:research-question-link", kwargs={"pk": question.pk})


def test_research_staff_link_a_question_to_a_circle_shown_on_its_page(school_a, school_a_contact, researcher):
    circle = LearningCircleFactory(name_en="Keeping starters")
    question = accepted(school_a_contact, school_a, researcher)
    page = client_for(researcher).get(reverse("research_questions:detail", kwargs={"pk": question.pk})).content.decode()
    assert "Link to a learning circle" in page and "Keeping starters" in page

    response = client_for(researcher).post(link(question), {"circle": circle.pk})
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.status, question.match_kind) == (QuestionStatus.MATCHED, MatchKind.CIRCLE)
    assert list(circle.research_questions.all()) == [question]
    school_page = client_for(school_a_contact).get(reverse("research_questions:detail", kwargs={"pk": question.pk}))
    html = school_page.content.decode()
    assert 'id="question-circles-title"' in html and "Keeping starters" in html
    assert "Link to a learning circle" not in html  # the form is research staff's
    with nothing_written(question), pytest.raises(Conflict, match="linked to the circle already"):
        circle_services.circle_link_research_question(circle=circle, question=question, actor=researcher)


@pytest.mark.parametrize("persona", ["school_a_contact", "professionalisation_coordinator"])
def test_others_cannot_link_a_circle(persona, request, school_a, school_a_contact, researcher):
    circle = LearningCircleFactory()
    question = accepted(school_a_contact, school_a, researcher)
    user = request.getfixturevalue(persona)
    with nothing_written(question):
        assert client_for(user).post(link(question), {"circle": circle.pk}).status_code == 403
        with pytest.raises(NotAllowed):
            circle_services.circle_link_research_question(circle=circle, question=question, actor=user)
    assert not circle.research_questions.exists()


def test_an_ended_circle_takes_no_question(school_a, school_a_contact, researcher):
    circle = LearningCircleFactory(active=False)
    question = accepted(school_a_contact, school_a, researcher)
    with nothing_written(question), pytest.raises(Conflict, match="ended"):
        circle_services.circle_link_research_question(circle=circle, question=question, actor=researcher)


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_each_role_gets_its_dashboard_card(school_a, school_a_contact, researcher, trainee, outsider):
    ask(school_a_contact, school_a)
    [staff_card] = navigation.dashboard_cards(_request(researcher))
    assert staff_card.text == "1 to review, 0 to match, 0 to answer."
    [school_card] = navigation.dashboard_cards(_request(school_a_contact))
    assert reverse("research_questions:new") in [url for _label, url in school_card.links]
    [trainee_card] = navigation.dashboard_cards(_request(trainee))
    assert trainee_card.links[0][1] == reverse("research_questions:theses")
    assert navigation.dashboard_cards(_request(outsider)) == []
    assert navigation.account_links(_request(school_a_contact))[0].url == reverse("research_questions:list")


def test_a_principle_gathers_the_public_answered_questions(school_a, outsider, django_assert_max_num_queries):
    principle, other = TeachingLearningPrincipleFactory(), TeachingLearningPrincipleFactory()
    shown = ResearchQuestionFactory(
        school=school_a, status=QuestionStatus.ANSWERED, public=True, title="Shown", principles=[principle]
    )
    ResearchQuestionFactory(school=school_a, status=QuestionStatus.ANSWERED, public=False, principles=[principle])
    ResearchQuestionFactory(school=school_a, status=QuestionStatus.ANSWERED, public=True)
    with django_assert_max_num_queries(2):
        [section] = navigation.principle_sections(_request(outsider), principle)
    assert section.key == "questions" and section.total == 1
    assert [(item.title, item.url, item.meta) for item in section.items] == [
        ("Shown", reverse("research_questions:detail", kwargs={"pk": shown.pk}), school_a.name)
    ]
    assert section.see_all_url.endswith(f"?principle={principle.slug}")
    listed = client_for().get(section.see_all_url).content.decode()
    assert "Shown" in listed
    [empty] = navigation.principle_sections(_request(outsider), other)
    assert empty.total == 0 and empty.items == [] and empty.see_all_url == ""
    [counts] = navigation.principle_counts(_request(outsider))
    assert counts.counts == {principle.pk: 1}


@pytest.mark.parametrize(
    ("persona", "status"), [("researcher", 200), ("administrator", 200), ("placement_coordinator", 403)]
)
@pytest.mark.parametrize("model", ["researchquestion", "questionsubmission"])
def test_who_opens_the_admin_lists(persona, status, model, request, school_a):
    ResearchQuestionFactory(school=school_a)
    QuestionSubmissionFactory(school=school_a)
    response = client_for(request.getfixturevalue(persona)).get(reverse(f"admin:research_{model}_changelist"))
    assert response.status_code == status
    assert ('id="result_list"' in response.content.decode()) is (status == 200)


def test_the_admin_accepts_through_the_service(school_a, school_a_contact, researcher):
    question = ask(school_a_contact, school_a)
    response = client_for(researcher).post(
        reverse("admin:research_researchquestion_changelist"),
        {"action": "accept_action", "_selected_action": [question.pk]},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.ACCEPTED
    assert question.history.latest().history_user == researcher
