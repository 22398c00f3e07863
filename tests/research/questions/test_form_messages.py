"""The research questions' forms say, for every required field left empty, what to fill in: the
school's question form and the public form when posted empty (nothing is written), and the forms
of a question's page. Never Django's generic "This field is required."."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from iclon.notifications.models import Notification
from research.questions import forms
from research.questions.models import QuestionSubmission, ResearchQuestion
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

NEW = reverse("research_questions:new")
ASK = reverse("research_questions:ask")
GENERIC = "This field is required."

QUESTION_MESSAGES = [
    "Choose the school the question is for.",
    "Give your question.",
    "Describe the situation your question comes from.",
    "Choose the sector your question is about.",
    "Say what the school would do with an answer.",
    "Choose how urgent your question is.",
]
ASK_MESSAGES = [
    "Give your name.",
    "Enter your e-mail address.",
    "Name your school.",
    *QUESTION_MESSAGES[1:],  # the public form has no school to choose: it is typed
]


def empty(form_class) -> dict[str, str]:
    """The form as a browser posts it with nothing filled in: every field, empty."""
    return dict.fromkeys(form_class.base_fields, "")


def client_for(language, user=None):
    client = Client(headers={"accept-language": language})
    if user is not None:
        client.force_login(user)
    return client


def shown(page: str, messages: list[str], language: str) -> None:
    """Each of `messages` is on `page` in `language`, and the generic message is not."""
    with translation.override(language):
        for message in messages:
            assert escape(gettext(message)) in page, message
        assert escape(gettext(GENERIC)) not in page


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_schools_empty_question_says_what_each_field_needs(school_a_contact, language):
    with nothing_written(ResearchQuestion, Notification):
        response = client_for(language, school_a_contact).post(NEW, empty(forms.QuestionForm))
    assert response.status_code == 400
    shown(response.content.decode(), QUESTION_MESSAGES, language)
    assert set(response.context["form"].errors) == {
        "school",
        "title",
        "context",
        "sector",
        "intended_use",
        "urgency",
    }


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_public_forms_empty_question_says_what_each_field_needs(language):
    with nothing_written(QuestionSubmission, ResearchQuestion, Notification):
        response = client_for(language).post(ASK, empty(forms.QuestionAskForm))
    assert response.status_code == 400
    shown(response.content.decode(), ASK_MESSAGES, language)
    assert set(response.context["form"].errors) == {
        "contact_name",
        "contact_email",
        "school_text",
        "title",
        "context",
        "sector",
        "intended_use",
        "urgency",
    }


def test_blank_texts_count_as_empty():
    form = forms.QuestionAskForm({"contact_name": "  ", "title": " ", "context": "\n"})
    with translation.override("en"):
        assert not form.is_valid()
        assert form.errors["contact_name"] == [gettext("Give your name.")]
        assert form.errors["title"] == [gettext("Give your question.")]
        assert form.errors["context"] == [gettext("Describe the situation your question comes from.")]


@pytest.mark.parametrize(
    ("form_class", "field", "message"),
    [
        (forms.ClarifyForm, "clarification", "Give the clarification."),
        (forms.ReviewForm, "decision", "Choose accept, ask for clarification or decline."),
        (forms.MatchForm, "kind", "Choose what to match the question to."),
        (forms.AnswerForm, "summary", "Write the answer's summary."),
        (forms.RateForm, "rating", "Choose how useful the answer is."),
    ],
)
def test_the_forms_of_a_questions_page_say_what_is_missing(form_class, field, message):
    form = form_class({})
    with translation.override("en"):
        assert not form.is_valid()
        assert form.errors == {field: [gettext(message)]}
        assert GENERIC not in str(form.errors)
