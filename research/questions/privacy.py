"""The personal data of research questions from schools (iclon.core.privacy): the questions a
person asked for their school, and the public form's submissions.

A question is the school's (its practice, the answer ICLON wrote back): it stays, without the
contact's name and address when the contact is the person. A trainee who chose the question as
their master's thesis topic stays linked to the emptied account, so the topic stays taken."""

from __future__ import annotations

from typing import Any

from iclon.core.privacy import anonymise_rows, delete_rows, personal_data
from research.questions.models import QuestionSubmission, ResearchQuestion


def _emails(identifiers: frozenset[str]) -> list[str]:
    return [value for value in identifiers if "@" in value]


def _questions_erase(user: Any, identifiers: frozenset[str]) -> None:
    rows = ResearchQuestion.objects.filter(submitted_by=user) | ResearchQuestion.objects.filter(
        contact_email__in=_emails(identifiers)
    )
    anonymise_rows(rows, {"contact_name": "", "contact_email": "", "rating_comment": ""})


def _submissions_erase(user: Any, identifiers: frozenset[str]) -> None:
    delete_rows(QuestionSubmission.objects.filter(contact_email__in=_emails(identifiers)))


PERSONAL_DATA = [
    personal_data(
        "research.ResearchQuestion",
        fields=("context", "contact_name", "contact_email", "status_reason", "submitted_by", "thesis_trainee"),
        owner=("submitted_by",),
        export_fields=(
            "school",
            "title",
            "context",
            "subject",
            "sector",
            "intended_use",
            "urgency",
            "contact_name",
            "contact_email",
            "status",
            "status_reason",
            "answer_summary",
            "rating",
            "rating_comment",
            "public",
            "created_at",
        ),
        erase=_questions_erase,
        keep="The school's question and its answer, without the contact's name and address.",
    ),
    personal_data(
        "research.QuestionSubmission",
        fields=("context", "contact_name", "contact_email"),
        export=lambda user: [],  # the public form's questions carry no account
        erase=_submissions_erase,
    ),
]
