"""Personas of research questions: a trainee (an admitted applicant: programmes tells research
through research/questions/hooks.py), a researcher's profile linked to an account, and helpers
that bring a question to a state through the services."""

import pytest
from django.utils import translation

from programmes.intake.models import ApplicationStatus
from research.questions import services
from research.questions.models import MatchKind
from tests.factories import ApplicationFactory, UserFactory
from tests.factories.research import ResearcherFactory


@pytest.fixture(autouse=True)
def _english():
    """The refusals' messages are read in English (the lead translates them to Dutch)."""
    with translation.override("en"):
        yield


@pytest.fixture
def trainee(db):
    user = UserFactory(full_name="Tara Trainee", email="trainee@example.org")
    ApplicationFactory(applicant=user, status=ApplicationStatus.ADMITTED, complete=False)
    return user


@pytest.fixture
def profile(db):
    """A researcher's profile, linked to an account (the matched researcher)."""
    return ResearcherFactory(full_name="Dr. Anouk Smit", slug="anouk-smit", user=UserFactory(full_name="Anouk Smit"))


def ask(actor, school, **fields):
    values = {
        "title": "How do we give feedback that pupils use?",
        "context": "Pupils in lower secondary hardly read the feedback on their tests.",
        "sector": "vo",
        "intended_use": "Change our assessment policy.",
        "urgency": "medium",
        **fields,
    }
    return services.question_submit(actor=actor, school=school, **values)


def accepted(actor, school, staff):
    question = ask(actor, school)
    return services.question_review(question=question, actor=staff, decision="accept")


def answered(actor, school, staff, researcher=None):
    question = accepted(actor, school, staff)
    if researcher is not None:
        question = services.question_match(
            question=question, actor=staff, kind=MatchKind.RESEARCHER, researcher=researcher
        )
    return services.question_answer(
        question=question,
        actor=staff,
        summary="Feedback works when pupils must act on it.",
        links=["https://example.org/a"],
    )
