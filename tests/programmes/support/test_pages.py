"""The support desk's pages: who reaches which page (a table of every role), asking with the
error summary and nothing written, the thread with internal notes hidden from the asker, replies
and answers, the queue's filters and counts, the knowledge base's search, the dashboard's
attention lines, and the pages in Dutch."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from iclon.core.slices import domain_apps
from programmes.support import services
from programmes.support.models import SupportArticle, SupportQuestion, SupportReply, SupportState, SupportTopic
from tests.conftest import STAFF_PERSONAS
from tests.programmes.support.conftest import ask
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

ENGLISH = {"accept-language": "en"}
NON_STAFF = ["applicant", "outsider", "school_a_contact", "school_a_mentor", "lead_school_contact"]
SUPPORT_STAFF = {"programme_coordinator", "administrator"}


def _get(client, url, **kwargs):
    response = client.get(url, headers=ENGLISH, **kwargs)
    return response, response.content.decode()


@pytest.mark.parametrize("role", ["anonymous", *NON_STAFF, *STAFF_PERSONAS])
def test_who_reaches_which_page(client, persona, role, intake_officer):
    question = ask(intake_officer)
    user = persona(role)
    if user is not None:
        client.force_login(user)
    pages = {
        "home": reverse("support:home"),
        "new": reverse("support:new"),
        "articles": reverse("support:articles"),
        "queue": reverse("support:queue"),
        "detail": reverse("support:detail", kwargs={"pk": question.pk}),
    }
    for name, url in pages.items():
        response = client.get(url, headers=ENGLISH)
        if role == "anonymous":
            expected = 302
        elif role in NON_STAFF:
            expected = 403
        elif name == "queue":
            expected = 200 if role in SUPPORT_STAFF else 403
        elif name == "detail":
            expected = 200 if role in SUPPORT_STAFF or role == "intake_officer" else 404
        else:
            expected = 200
        assert response.status_code == expected, (role, name)
        # The question's text is on its page and the queue for those who may read it, nowhere else.
        # ("My questions" on the home page lists one's own questions only.)
        shows_question = expected == 200 and (name in ("detail", "queue") or role == "intake_officer")
        shows_question = shows_question and name not in ("new", "articles")
        assert (question.title in response.content.decode()) == shows_question, (role, name)
        if role == "anonymous":
            assert response.url.startswith(reverse("account_login"))


def test_asking_with_an_empty_form_names_each_missing_field_and_writes_nothing(client, asker):
    client.force_login(asker)
    with nothing_written(SupportQuestion):
        response, content = (r := client.post(reverse("support:new"), {}, headers=ENGLISH)), r.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in content
    for message in (
        "Choose what the question is about.",
        "Give your question a short title.",
        "Describe your question.",
    ):
        assert message in content


def test_asking_a_question_shows_it_with_the_usual_response_time(client, asker, settings):
    settings.SUPPORT_RESPONSE_DAYS = 3
    client.force_login(asker)
    data = {"topic": SupportTopic.ASSESSMENT, "title": "Second marker?", "body": "Who marks second?"}
    response = client.post(reverse("support:new"), data, headers=ENGLISH)
    question = SupportQuestion.objects.get()
    assert response.url == reverse("support:detail", kwargs={"pk": question.pk})
    _response, content = _get(client, response.url)
    assert "Second marker?" in content and "Who marks second?" in content
    assert "Usually answered within 3 working days." in content
    _response, content = _get(client, reverse("support:home"))
    assert "Second marker?" in content


def test_internal_notes_are_hidden_from_the_asker(client, question, support, asker):
    services.support_reply_add(question=question, actor=support, text="Secret: ask the registrar", internal=True)
    services.support_reply_add(question=question, actor=support, text="We are on it")
    url = reverse("support:detail", kwargs={"pk": question.pk})
    client.force_login(asker)
    _response, content = _get(client, url)
    assert "We are on it" in content
    assert "Secret" not in content
    assert "Internal note" not in content
    client.force_login(support)
    _response, content = _get(client, url)
    assert "Secret: ask the registrar" in content
    assert 'name="internal"' in content


def test_the_asker_replies_and_support_staff_answer_on_the_page(client, question, support, asker):
    url = reverse("support:reply", kwargs={"pk": question.pk})
    client.force_login(asker)
    with nothing_written(SupportReply):
        response = client.post(url, {"text": " "}, headers=ENGLISH)
    assert response.status_code == 400
    assert "Write your reply." in response.content.decode()
    response = client.post(url, {"text": "It is about the portfolio.", "internal": "on"}, headers=ENGLISH)
    assert response.status_code == 302
    reply = SupportReply.objects.get()
    assert (reply.author, reply.internal) == (asker, False)  # the asker has no internal notes

    client.force_login(support)
    response = client.post(url, {"text": "Under Grades → Resits.", "answer": "1"}, headers=ENGLISH)
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.state == SupportState.ANSWERED
    _response, content = _get(client, reverse("support:detail", kwargs={"pk": question.pk}))
    assert "First response after" in content

    client.force_login(asker)
    client.post(reverse("support:close", kwargs={"pk": question.pk}))
    question.refresh_from_db()
    assert question.state == SupportState.CLOSED
    client.post(reverse("support:reopen", kwargs={"pk": question.pk}))
    question.refresh_from_db()
    assert question.state == SupportState.OPEN


def test_the_queue_filters_by_state_topic_and_assignee_with_counts(client, asker, support):
    unassigned = ask(asker, title="Unassigned systems question")
    mine = ask(asker, title="My curriculum question", topic=SupportTopic.CURRICULUM)
    services.support_question_assign(question=mine, assignee=support, actor=support)
    answered = ask(asker, title="Answered assessment question", topic=SupportTopic.ASSESSMENT)
    services.support_question_answer(question=answered, actor=support, text="Yes.")
    client.force_login(support)
    queue = reverse("support:queue")

    _response, content = _get(client, queue)
    assert all(t in content for t in (unassigned.title, mine.title, answered.title))
    assert "2 open, 0 in progress, 1 answered; 1 not assigned" in content
    _response, content = _get(client, queue, data={"state": "answered"})
    assert answered.title in content and unassigned.title not in content
    _response, content = _get(client, queue, data={"topic": "curriculum"})
    assert mine.title in content and unassigned.title not in content
    _response, content = _get(client, queue, data={"assignee": "me"})
    assert mine.title in content and unassigned.title not in content
    _response, content = _get(client, queue, data={"assignee": "none", "state": "open"})
    assert unassigned.title in content and mine.title not in content


def test_the_dashboard_lines_count_unassigned_and_overdue_questions(rf, asker, support):
    old = ask(asker, title="Old one")
    SupportQuestion.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=10))
    ask(asker, title="New one")
    request = rf.get("/")
    request.user = support
    config = next(config for config in domain_apps() if config.label == "programmes")
    with translation.override("en"):
        items = [item for item in config.attention_items(request) if "/support/" in item.url]
    assert [(item.count, item.url) for item in items] == [
        (2, "/support/queue/?assignee=none&state=open"),
        (1, "/support/queue/?overdue=1"),
    ]
    request.user = asker
    assert not [item for item in config.attention_items(request) if "/support/" in item.url]


def test_the_knowledge_base_is_searched_in_the_active_language(client, question, support, asker):
    services.support_question_answer(question=question, actor=support, text="Under Grades.")
    article = services.support_article_from_question(question=question, actor=support)
    SupportArticle.objects.filter(pk=article.pk).update(
        title_nl="Herkansing invoeren", body_nl="Ga naar Cijfers.", title_en="Entering a resit", body_en="Go to Grades."
    )
    draft = SupportArticle.objects.create(slug="draft", title_nl="Concept herkansing", body_nl="x", topic="other")
    url = reverse("support:articles")
    client.force_login(asker)
    _response, content = _get(client, url)
    assert "Entering a resit" not in content  # not yet published
    services.support_article_publish(article=article, actor=support)
    _response, content = _get(client, url, data={"q": "grades"})
    assert "Entering a resit" in content
    _response, content = _get(client, url, data={"q": "cijfers"})
    assert "Entering a resit" not in content and "No articles found" in content
    content = client.get(url, {"q": "cijfers"}, headers={"accept-language": "nl"}).content.decode()
    assert "Herkansing invoeren" in content
    assert client.get(reverse("support:article-detail", kwargs={"key": draft.slug})).status_code == 404
    client.force_login(support)
    content = client.get(url, {"q": "herkansing"}, headers={"accept-language": "nl"}).content.decode()
    assert "Concept herkansing" in content
    response = client.get(reverse("support:article-detail", kwargs={"key": article.slug}), headers=ENGLISH)
    assert "Go to Grades." in response.content.decode()


def test_the_pages_speak_dutch_by_default(client, question, asker):
    client.force_login(asker)
    content = client.get(reverse("support:detail", kwargs={"pk": question.pk})).content.decode()
    with translation.override("nl"):
        assert gettext("Replies") in content
        assert str(SupportState.OPEN.label) in content
    content = client.get(reverse("support:home")).content.decode()
    with translation.override("nl"):
        assert gettext("Ask a question") in content
        assert gettext("My questions") in content


@pytest.mark.parametrize("rows", [1, 50])
def test_the_queue_and_my_questions_take_a_fixed_number_of_queries(
    rows, client, asker, support, django_assert_max_num_queries
):
    for number in range(rows):
        question = ask(asker, title=f"Question {number}")
        services.support_question_assign(question=question, assignee=support, actor=support)
    client.force_login(support)
    client.get(reverse("support:queue"))  # the session's and the header's caches are filled once
    with django_assert_max_num_queries(20):
        response = client.get(reverse("support:queue"), headers=ENGLISH)
    assert response.content.decode().count('class="card"') >= min(rows, 25)
    client.force_login(asker)
    client.get(reverse("support:home"))
    with django_assert_max_num_queries(20):
        response = client.get(reverse("support:home"), headers=ENGLISH)
    assert f"Question {rows - 1}" in response.content.decode()


def test_the_admin_shows_a_question_with_its_thread_and_the_articles(client, administrator, question, support):
    services.support_reply_add(question=question, actor=support, text="Ask the registrar.", internal=True)
    client.force_login(administrator)
    for url in (
        reverse("admin:programmes_supportquestion_changelist"),
        reverse("admin:programmes_supportquestion_change", args=[question.pk]),
        reverse("admin:programmes_supportarticle_changelist"),
        reverse("admin:programmes_supportarticle_add"),
    ):
        response = client.get(url, headers=ENGLISH)
        assert response.status_code == 200, url
    assert (
        "Ask the registrar."
        in client.get(reverse("admin:programmes_supportquestion_change", args=[question.pk])).content.decode()
    )
