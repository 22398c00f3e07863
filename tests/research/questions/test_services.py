"""The services of research questions: the whole travel from a school's question to its answer and
rating (with who is told at each step), the refusals of every step for the wrong person or the
wrong moment (nothing written), and bad input with a clear message on its field."""

import pytest

from iclon.core.errors import Conflict, NotAllowed, PortalError
from iclon.notifications.models import Channel, Notification
from research.questions import services
from research.questions.models import MatchKind, QuestionStatus, ResearchQuestion
from tests.factories.research import ResearchProjectFactory
from tests.factories.research_questions import ResearchQuestionFactory
from tests.research.questions.conftest import accepted, answered, ask
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db


#: The words of each e-mail's subject, in English and as the Dutch catalogue says them (the
#: recipients of these tests read Dutch, the portal's default).
EVENT_WORDS = {
    "New research question": "Nieuwe onderzoeksvraag",
    "received": "ontvangen",
    "accepted": "geaccepteerd",
    "matched": "gekoppeld",
    "for you": "voor jou",
    "answered": "beantwoord",
    "rated": "beoordeeld",
    "clarify": "Verduidelijk je",
    "clarified": "verduidelijkt",
    "declined": "afgewezen",
    "thesis topic": "scriptieonderwerp",
}


def mails_to(user_or_email, *, event_word=""):
    email = getattr(user_or_email, "email", user_or_email)
    rows = Notification.objects.filter(email=email, channel=Channel.EMAIL)
    words = (event_word, EVENT_WORDS.get(event_word, event_word))
    return [row for row in rows if any(word in row.subject for word in words)]


def test_the_whole_travel_from_question_to_rated_public_answer(school_a, school_a_contact, researcher, profile):
    question = ask(school_a_contact, school_a, subject="Dutch")
    assert question.status == QuestionStatus.SUBMITTED
    assert question.submitted_by == school_a_contact
    assert question.contact_email == school_a_contact.email
    # Research staff hear of it; the school gets its receipt.
    assert mails_to(researcher, event_word="New research question")
    assert mails_to(school_a_contact, event_word="received")

    question = services.question_review(question=question, actor=researcher, decision="accept")
    assert question.status == QuestionStatus.ACCEPTED and question.reviewed_at is not None
    assert mails_to(school_a_contact, event_word="accepted")

    question = services.question_match(
        question=question, actor=researcher, kind=MatchKind.RESEARCHER, researcher=profile
    )
    assert (question.status, question.match_kind, question.researcher) == (
        QuestionStatus.MATCHED,
        "researcher",
        profile,
    )
    assert mails_to(school_a_contact, event_word="matched")
    assert mails_to(profile.user, event_word="for you")

    question = services.question_answer(
        question=question,
        actor=researcher,
        summary="Feedback works when pupils must act on it.",
        products="A guide for the department.",
        links=["https://example.org/guide", " "],
    )
    assert question.status == QuestionStatus.ANSWERED
    assert question.answer_links == ["https://example.org/guide"]
    answer_mail = mails_to(school_a_contact, event_word="answered")
    assert answer_mail and "Feedback works" in answer_mail[0].body_text

    question = services.question_rate(question=question, actor=school_a_contact, rating=5, comment="Very useful.")
    assert (question.rating, question.rating_comment) == (5, "Very useful.")
    assert mails_to(researcher, event_word="rated")
    assert mails_to(profile.user, event_word="rated")

    question = services.question_set_public(question=question, actor=school_a_contact, public=True)
    assert ResearchQuestion.objects.get(pk=question.pk).public is True
    # The history names who did each step.
    authors = list(question.history.order_by("history_id").values_list("history_user_id", flat=True))
    assert authors == [
        school_a_contact.pk,
        researcher.pk,
        researcher.pk,
        researcher.pk,
        school_a_contact.pk,
        school_a_contact.pk,
    ]


def test_clarification_goes_back_to_the_school_and_returns(school_a, school_a_contact, researcher):
    question = ask(school_a_contact, school_a)
    question = services.question_review(
        question=question, actor=researcher, decision="clarify", reason="Which classes is it about?"
    )
    assert question.status == QuestionStatus.NEEDS_CLARIFICATION
    mail = mails_to(school_a_contact, event_word="clarify")
    assert mail and "Which classes" in mail[0].body_text

    question = services.question_clarify(question=question, actor=school_a_contact, clarification="Years 1 and 2.")
    assert question.status == QuestionStatus.SUBMITTED
    assert question.clarification == "Years 1 and 2."
    assert mails_to(researcher, event_word="clarified")


def test_a_declined_question_needs_a_reason_and_ends_there(school_a, school_a_contact, researcher):
    question = ask(school_a_contact, school_a)
    with nothing_written(question), pytest.raises(PortalError) as error:
        services.question_review(question=question, actor=researcher, decision="decline", reason="  ")
    assert error.value.field == "reason"
    question = services.question_review(
        question=question, actor=researcher, decision="decline", reason="Not our field."
    )
    assert question.status == QuestionStatus.DECLINED
    assert "Not our field." in mails_to(school_a_contact, event_word="declined")[0].body_text
    with nothing_written(question), pytest.raises(Conflict):
        services.question_match(question=question, actor=researcher, kind=MatchKind.THESIS)


def test_a_thesis_topic_is_chosen_by_one_trainee(school_a, school_a_contact, researcher, trainee, outsider):
    question = accepted(school_a_contact, school_a, researcher)
    question = services.question_match(question=question, actor=researcher, kind=MatchKind.THESIS)
    with nothing_written(question), pytest.raises(NotAllowed):
        services.thesis_choose(question=question, actor=outsider)
    question = services.thesis_choose(question=question, actor=trainee)
    assert question.thesis_trainee == trainee and question.thesis_chosen_at is not None
    assert mails_to(researcher, event_word="thesis topic")
    assert mails_to(school_a_contact, event_word="thesis topic")
    # Chosen once; and no longer matched to something else.
    with nothing_written(question), pytest.raises(Conflict, match="already"):
        services.thesis_choose(question=question, actor=trainee)
    with nothing_written(question), pytest.raises(Conflict, match="chosen"):
        services.question_match(question=question, actor=researcher, kind=MatchKind.RESEARCHER)


def test_a_project_match_names_the_project(school_a, school_a_contact, researcher):
    project = ResearchProjectFactory()
    question = accepted(school_a_contact, school_a, researcher)
    with nothing_written(question), pytest.raises(PortalError) as error:
        services.question_match(question=question, actor=researcher, kind=MatchKind.PROJECT)
    assert error.value.field == "project"
    question = services.question_match(question=question, actor=researcher, kind=MatchKind.PROJECT, project=project)
    assert question.project == project
    assert project.title_nl in mails_to(school_a_contact, event_word="matched")[0].body_text


@pytest.mark.parametrize("persona", ["school_b_contact", "outsider", "placement_coordinator", "trainee", "anonymous"])
def test_only_the_school_and_research_staff_submit(persona, request, school_a):
    actor = None if persona == "anonymous" else request.getfixturevalue(persona)
    with nothing_written(ResearchQuestion), pytest.raises(NotAllowed):
        ask(actor, school_a)


@pytest.mark.parametrize(
    "persona", ["school_a_contact", "school_b_contact", "outsider", "professionalisation_coordinator"]
)
def test_only_research_staff_review_match_and_answer(persona, request, school_a, school_a_contact):
    actor = request.getfixturevalue(persona)
    question = ask(school_a_contact, school_a)
    with nothing_written(ResearchQuestion):
        with pytest.raises(NotAllowed):
            services.question_review(question=question, actor=actor, decision="accept")
        with pytest.raises(NotAllowed):
            services.question_match(question=question, actor=actor, kind=MatchKind.THESIS)
        with pytest.raises(NotAllowed):
            services.question_answer(question=question, actor=actor, summary="An answer.")


@pytest.mark.parametrize("persona", ["school_b_contact", "outsider", "researcher"])
def test_only_the_school_rates_clarifies_and_decides_on_public(
    persona, request, school_a, school_a_contact, researcher
):
    actor = request.getfixturevalue(persona)
    question = answered(school_a_contact, school_a, researcher)
    with nothing_written(question):
        with pytest.raises(NotAllowed):
            services.question_rate(question=question, actor=actor, rating=4)
        with pytest.raises(NotAllowed):
            services.question_set_public(question=question, actor=actor, public=True)
        with pytest.raises(NotAllowed):
            services.question_clarify(question=question, actor=actor, clarification="More.")


def test_rating_is_once_and_within_one_to_five(school_a, school_a_contact, researcher):
    question = answered(school_a_contact, school_a, researcher)
    for bad in (0, 6):
        with nothing_written(question), pytest.raises(PortalError) as error:
            services.question_rate(question=question, actor=school_a_contact, rating=bad)
        assert error.value.field == "rating"
    services.question_rate(question=question, actor=school_a_contact, rating=3)
    with nothing_written(question), pytest.raises(Conflict, match="rated already"):
        services.question_rate(question=question, actor=school_a_contact, rating=4)


def test_an_unanswered_question_is_neither_rated_nor_public(school_a, school_a_contact, researcher):
    question = accepted(school_a_contact, school_a, researcher)
    with nothing_written(question):
        with pytest.raises(Conflict):
            services.question_rate(question=question, actor=school_a_contact, rating=4)
        with pytest.raises(Conflict, match="Only an answered"):
            services.question_set_public(question=question, actor=school_a_contact, public=True)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "  "}, "title"),
        ({"context": ""}, "context"),
        ({"intended_use": ""}, "intended_use"),
        ({"sector": "university"}, "sector"),
        ({"urgency": "yesterday"}, "urgency"),
        ({"context": "x" * 4001}, "context"),
    ],
)
def test_bad_input_is_refused_on_its_field(fields, field, school_a, school_a_contact):
    with nothing_written(ResearchQuestion, Notification), pytest.raises(PortalError) as error:
        ask(school_a_contact, school_a, **fields)
    assert error.value.field == field
    assert str(error.value.message)


def test_bad_links_and_an_empty_answer_are_refused(school_a, school_a_contact, researcher):
    question = accepted(school_a_contact, school_a, researcher)
    with nothing_written(question):
        with pytest.raises(PortalError, match="not a valid web address") as error:
            services.question_answer(question=question, actor=researcher, summary="Yes.", links=["javascript:alert(1)"])
        assert error.value.field == "links"
        with pytest.raises(PortalError) as error:
            services.question_answer(question=question, actor=researcher, summary=" ")
        assert error.value.field == "summary"
        with pytest.raises(PortalError, match="at most"):
            services.question_answer(
                question=question,
                actor=researcher,
                summary="Yes.",
                links=[f"https://example.org/{n}" for n in range(11)],
            )


def test_research_staff_submit_for_a_school_with_its_contact(school_a, researcher):
    with nothing_written(ResearchQuestion), pytest.raises(PortalError) as error:
        ask(researcher, school_a)
    assert error.value.field == "contact_email"
    question = ask(researcher, school_a, contact_name="Femke de Boer", contact_email="femke@school.example.org")
    assert question.submitted_by is None
    assert mails_to("femke@school.example.org", event_word="received")


def test_a_wrong_move_is_a_conflict(school_a, school_a_contact, researcher):
    question = answered(school_a_contact, school_a, researcher)
    with nothing_written(question), pytest.raises(Conflict, match="cannot go from"):
        services.question_review(question=question, actor=researcher, decision="accept")
    with nothing_written(question), pytest.raises(Conflict):
        services.question_answer(question=question, actor=researcher, summary="Again.")


def test_the_school_of_a_factory_question_may_act_on_it(school_a_contact, school_a):
    question = ResearchQuestionFactory(school=school_a, status=QuestionStatus.NEEDS_CLARIFICATION, status_reason="Why?")
    question = services.question_clarify(question=question, actor=school_a_contact, clarification="Because.")
    assert question.status == QuestionStatus.SUBMITTED
