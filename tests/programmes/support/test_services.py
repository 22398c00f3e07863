"""The support desk's services: who may ask, the states a question passes through (with the
first response recorded once), internal notes, closing and reopening, articles from answered
questions, and who is notified of what."""

import pytest
from django.utils import timezone

from iclon.core.errors import Conflict, NotAllowed, PortalError
from iclon.notifications.models import Channel, Notification
from programmes.support import notifications, services
from programmes.support.models import SupportArticle, SupportQuestion, SupportReply, SupportState
from tests.factories import UserFactory
from tests.programmes.support.conftest import ask
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db


def _told(user, category):
    return Notification.objects.filter(recipient=user, category=category, channel=Channel.IN_APP)


def test_a_staff_member_asks_and_support_staff_are_told(asker, support, administrator, researcher):
    question = ask(asker, student_reference=" s1234567 ")
    assert (question.state, question.asker, question.assignee) == (SupportState.OPEN, asker, None)
    assert question.student_reference == "s1234567"
    assert _told(support, notifications.NEW_QUESTION).get().params == {"title": question.title}
    assert _told(administrator, notifications.NEW_QUESTION).exists()
    assert not _told(researcher, notifications.NEW_QUESTION).exists()
    assert not _told(asker, notifications.NEW_QUESTION).exists()
    assert question.history.count() == 1


@pytest.mark.parametrize("role", ["applicant", "school_a_contact", "outsider"])
def test_only_staff_may_ask(persona, role):
    with nothing_written(SupportQuestion), pytest.raises(NotAllowed):
        ask(persona(role))


def test_asking_without_a_title_or_text_says_what_is_missing(asker):
    with nothing_written(SupportQuestion):
        with pytest.raises(PortalError) as error:
            ask(asker, title="  ")
        assert error.value.field == "title"
        with pytest.raises(PortalError) as error:
            ask(asker, body="")
        assert error.value.field == "body"
        with pytest.raises(PortalError) as error:
            ask(asker, topic="weather")
        assert error.value.field == "topic"


def test_a_staff_reply_is_the_first_response_and_moves_the_question_on(question, support, asker):
    reply = services.support_reply_add(question=question, actor=support, text="Looking into it.")
    question.refresh_from_db()
    assert question.state == SupportState.IN_PROGRESS
    assert question.first_response_at is not None
    first = question.first_response_at
    assert _told(asker, notifications.REPLIED).get().url == f"/support/{question.pk}/"
    services.support_reply_add(question=question, actor=support, text="Still looking.")
    question.refresh_from_db()
    assert question.first_response_at == first
    assert reply.internal is False


def test_an_internal_note_is_no_response_and_tells_the_asker_nothing(question, support, asker):
    services.support_reply_add(question=question, actor=support, text="Ask the registrar.", internal=True)
    question.refresh_from_db()
    assert (question.state, question.first_response_at) == (SupportState.OPEN, None)
    assert not Notification.objects.filter(recipient=asker).exists()


def test_the_asker_cannot_write_an_internal_note(question, asker):
    with nothing_written(SupportReply), pytest.raises(NotAllowed):
        services.support_reply_add(question=question, actor=asker, text="Secret", internal=True)


def test_somebody_elses_question_takes_no_reply(question, placement_coordinator, applicant):
    for user in (placement_coordinator, applicant):
        with nothing_written(SupportReply), pytest.raises(NotAllowed):
            services.support_reply_add(question=question, actor=user, text="Me too")


def test_answering_sets_answered_and_tells_the_asker(question, support, asker):
    services.support_question_answer(question=question, actor=support, text="Under Grades → Resits.")
    question.refresh_from_db()
    assert question.state == SupportState.ANSWERED
    assert question.answered_at is not None
    assert question.first_response_at == question.answered_at
    assert question.replies.get().text == "Under Grades → Resits."
    told = _told(asker, notifications.ANSWERED).get()
    assert told.message == "Your support question has been answered: %(title)s"
    assert Notification.objects.filter(recipient=asker, category=notifications.ANSWERED, channel=Channel.EMAIL).exists()


def test_answering_without_text_needs_a_reply_given_already(question, support):
    with nothing_written(question), pytest.raises(PortalError):
        services.support_question_answer(question=question, actor=support)
    services.support_reply_add(question=question, actor=support, text="Under Grades.")
    services.support_question_answer(question=question, actor=support)
    question.refresh_from_db()
    assert question.state == SupportState.ANSWERED


def test_only_support_staff_answer_assign_and_make_articles(question, asker, intake_officer, researcher):
    for user in (asker, researcher):
        with nothing_written(question, SupportReply, SupportArticle):
            with pytest.raises(NotAllowed):
                services.support_question_answer(question=question, actor=user, text="x")
            with pytest.raises(NotAllowed):
                services.support_question_assign(question=question, assignee=user, actor=user)
            with pytest.raises(NotAllowed):
                services.support_article_from_question(question=question, actor=user)


def test_a_question_is_assigned_to_support_staff_only_and_the_assignee_is_told(question, support, administrator):
    with nothing_written(question), pytest.raises(PortalError):
        services.support_question_assign(question=question, assignee=question.asker, actor=support)
    services.support_question_assign(question=question, assignee=administrator, actor=support)
    question.refresh_from_db()
    assert question.assignee == administrator
    assert _told(administrator, notifications.ASSIGNED).count() == 1
    services.support_question_assign(question=question, assignee=support, actor=support)
    assert not _told(support, notifications.ASSIGNED).exists()  # nobody is told of their own action


def test_the_askers_follow_up_tells_the_assignee_and_reopens_an_answered_question(question, support, asker):
    services.support_question_assign(question=question, assignee=support, actor=support)
    services.support_question_answer(question=question, actor=support, text="Under Grades.")
    services.support_reply_add(question=question, actor=asker, text="I don't see Grades.")
    question.refresh_from_db()
    assert (question.state, question.answered_at) == (SupportState.OPEN, None)
    assert _told(support, notifications.FOLLOW_UP).count() == 1


def test_close_and_reopen(question, support, asker, administrator):
    services.support_question_answer(question=question, actor=support, text="Under Grades.")
    services.support_question_close(question=question, actor=asker)
    question.refresh_from_db()
    assert question.state == SupportState.CLOSED and question.closed_at is not None
    with nothing_written(SupportReply), pytest.raises(Conflict):
        services.support_reply_add(question=question, actor=support, text="One more thing")
    with pytest.raises(Conflict):
        services.support_question_close(question=question, actor=support)
    with nothing_written(question), pytest.raises(NotAllowed):
        services.support_question_reopen(question=question, actor=administrator)
    services.support_question_reopen(question=question, actor=asker)
    question.refresh_from_db()
    assert (question.state, question.closed_at, question.answered_at) == (SupportState.OPEN, None, None)
    assert question.first_response_at is not None
    with pytest.raises(Conflict):
        services.support_question_reopen(question=question, actor=asker)
    # Answered again after reopening: the asker is told again.
    services.support_question_answer(question=question, actor=support, text="Under Results, then.")
    assert _told(asker, notifications.ANSWERED).count() == 2


def test_an_answered_question_becomes_a_draft_article_without_internal_notes(question, support, asker):
    with nothing_written(SupportArticle), pytest.raises(Conflict):
        services.support_article_from_question(question=question, actor=support)
    services.support_reply_add(question=question, actor=support, text="Ask the registrar.", internal=True)
    services.support_reply_add(question=question, actor=asker, text="Thanks, my student s99 waits.")
    services.support_question_answer(question=question, actor=support, text="Under Grades → Resits.")
    article = services.support_article_from_question(question=question, actor=support)
    assert (article.published, article.from_question, article.topic) == (False, question, question.topic)
    assert article.title_nl == question.title
    assert "Under Grades → Resits." in article.body_nl
    assert "registrar" not in article.body_nl and "s99" not in article.body_nl
    second = services.support_article_from_question(question=question, actor=support)
    assert second.slug != article.slug


def test_publishing_an_article(question, support, asker):
    services.support_question_answer(question=question, actor=support, text="Under Grades.")
    article = services.support_article_from_question(question=question, actor=support)
    with nothing_written(article), pytest.raises(NotAllowed):
        services.support_article_publish(article=article, actor=asker)
    article = services.support_article_publish(article=article, actor=support)
    assert article.published and article.published_at <= timezone.now()
    article = services.support_article_publish(article=article, actor=support, published=False)
    assert (article.published, article.published_at) == (False, None)


def test_an_inactive_staff_member_cannot_ask():
    user = UserFactory(is_staff=True, is_active=False)
    with pytest.raises(NotAllowed):
        ask(user)
