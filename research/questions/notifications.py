"""What research questions tell the school, research staff and the matched researcher, through
the notification outbox: one message for every step, in the recipient's language, with an
idempotency key made from the event so that a retried call never tells twice.

The school is the person who submitted the question (their account's language) or, without an
account, the question's contact address in the question's language. Research staff are the active
members of the research staff group. The teacher's e-mail that verifies their address
(`submission_received`) holds a secret link: its category is sensitive (the outbox clears the text
once sent). The services call these inside their transaction; the outbox sends after commit."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from iclon.accounts.models import User
from iclon.accounts.roles import StaffGroup
from iclon.notifications.services import notify
from research.questions.models import QuestionSubmission, ResearchQuestion

QUESTIONS = "research.questions"
QUESTION_VERIFY = "research.question_verify"

CATEGORIES = [
    (QUESTIONS, _("Research questions: the questions of my school, or that I review or answer"), True),
    # Sensitive: the e-mail holds the secret link that confirms the question.
    (QUESTION_VERIFY, _("Research questions: confirming a question asked without an account"), True, True),
]

TEMPLATE = "emails/research/question"
VERIFY_TEMPLATE = "emails/research/question_verify"

# The short in-app text of each event (the e-mail subject's msgid), translated when it is read.
MESSAGES = {
    "received": gettext_noop("Research question received: %(title)s"),
    "submitted": gettext_noop("New research question: %(title)s"),
    "clarified": gettext_noop("Research question clarified: %(title)s"),
    "accepted": gettext_noop("Your research question has been accepted: %(title)s"),
    "clarification": gettext_noop("Please clarify your research question: %(title)s"),
    "declined": gettext_noop("Your research question has been declined: %(title)s"),
    "matched": gettext_noop("Your research question has been matched: %(title)s"),
    "matched_researcher": gettext_noop("A school's research question for you: %(title)s"),
    "thesis_chosen": gettext_noop("A trainee chose a research question as thesis topic: %(title)s"),
    "answered": gettext_noop("Your research question has been answered: %(title)s"),
    "rated": gettext_noop("The school rated the answer: %(title)s"),
}
VERIFY_MESSAGE = gettext_noop("Research question: please confirm your question for %(school)s")


def _path(name: str, fallback: str, **kwargs: Any) -> str:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return fallback


def absolute(path: str) -> str:
    return f"{settings.PORTAL_BASE_URL}{path}"


def question_path(question: ResearchQuestion) -> str:
    return _path("research_questions:detail", f"/research/questions/{question.pk}/", pk=question.pk)


def verify_path(token: str) -> str:
    return _path("research_questions:verify", f"/research/questions/ask/verify/{token}/", token=token)


def research_staff() -> list[User]:
    return list(
        User.objects.filter(groups__name=StaffGroup.RESEARCH_STAFF, is_active=True, is_staff=True)
        .distinct()
        .order_by("pk")
    )


def _params(question: ResearchQuestion) -> dict[str, Any]:
    """The parameters of MESSAGES: the title, shortened as in the e-mail's subject."""
    return {"title": Truncator(question.title).chars(80)}


def _moment(question: ResearchQuestion) -> str:
    return f"{question.pk}:{question.updated_at:%Y%m%d%H%M%S%f}"


def _to_school(*, event: str, question: ResearchQuestion, key: str) -> None:
    url = question_path(question)
    context = {"event": event, "question": question, "school": question.school, "url": absolute(url)}
    user = question.submitted_by
    if user is not None and user.is_active:
        notify(
            category=QUESTIONS,
            template=TEMPLATE,
            context=context,
            recipient=user,
            idempotency_key=key,
            url=url,
            message=MESSAGES.get(event, ""),
            params=_params(question),
        )
        return
    # Without an account: the contact hears what happened; the school's people see the question
    # on their school's page.
    notify(
        category=QUESTIONS,
        template=TEMPLATE,
        context={**context, "contact_name": question.contact_name, "no_account": True},
        email=question.contact_email,
        language=question.language,
        idempotency_key=key,
        channels=("email",),
        url=url,
        message=MESSAGES.get(event, ""),
        params=_params(question),
    )


def _to_user(*, event: str, question: ResearchQuestion, user: User, key: str, url: str) -> None:
    context = {"event": event, "question": question, "school": question.school, "url": absolute(url)}
    notify(
        category=QUESTIONS,
        template=TEMPLATE,
        context=context,
        recipient=user,
        idempotency_key=key,
        url=url,
        message=MESSAGES.get(event, ""),
        params=_params(question),
    )


def _to_staff(*, event: str, question: ResearchQuestion, key: str) -> None:
    for user in research_staff():
        _to_user(event=event, question=question, user=user, key=f"{key}:{user.pk}", url=question_path(question))


def _researcher_user(question: ResearchQuestion) -> User | None:
    researcher = question.researcher
    if researcher is None or researcher.user_id is None:
        return None
    user = researcher.user
    return user if user is not None and user.is_active else None


def submission_received(*, submission: QuestionSubmission, token: str) -> None:
    """The teacher is asked to confirm their address, with the secret link."""
    path = verify_path(token)
    notify(
        category=QUESTION_VERIFY,
        template=VERIFY_TEMPLATE,
        context={
            "submission": submission,
            "school": submission.school,
            "contact_name": submission.contact_name,
            "url": absolute(path),
        },
        email=submission.contact_email,
        language=submission.language,
        idempotency_key=f"{QUESTION_VERIFY}:{submission.token_hash}",
        channels=("email",),
        # No link: the page that confirms the question is reached only by the e-mail's secret
        # link, which is never stored outside the e-mail (the outbox clears that once sent).
        url="",
        message=VERIFY_MESSAGE,
        params={"school": submission.school.name},
    )


def question_submitted(*, question: ResearchQuestion, clarified: bool = False) -> None:
    """Research staff hear of a new (or clarified) question; the school gets its receipt."""
    event = "clarified" if clarified else "submitted"
    _to_staff(event=event, question=question, key=f"{QUESTIONS}:{event}:{_moment(question)}")
    if not clarified:
        _to_school(event="received", question=question, key=f"{QUESTIONS}:received:{question.pk}")


def question_reviewed(*, question: ResearchQuestion) -> None:
    """The school hears the review: accepted, please clarify, or declined with the reason."""
    _to_school(event=question.status, question=question, key=f"{QUESTIONS}:reviewed:{_moment(question)}")


def question_matched(*, question: ResearchQuestion) -> None:
    """The school hears what the question was matched to; the matched researcher is asked."""
    key = f"{QUESTIONS}:matched:{_moment(question)}"
    _to_school(event="matched", question=question, key=key)
    user = _researcher_user(question)
    if user is not None:
        _to_user(
            event="matched_researcher",
            question=question,
            user=user,
            key=f"{key}:researcher",
            url=question_path(question),
        )


def thesis_chosen(*, question: ResearchQuestion) -> None:
    """Research staff and the school hear that a trainee chose the question as their thesis topic."""
    key = f"{QUESTIONS}:thesis:{_moment(question)}"
    _to_staff(event="thesis_chosen", question=question, key=key)
    _to_school(event="thesis_chosen", question=question, key=f"{key}:school")


def question_answered(*, question: ResearchQuestion) -> None:
    """The school receives the answer and is asked to rate it."""
    _to_school(event="answered", question=question, key=f"{QUESTIONS}:answered:{question.pk}")


def question_rated(*, question: ResearchQuestion) -> None:
    """Research staff and the matched researcher hear the school's rating."""
    key = f"{QUESTIONS}:rated:{question.pk}"
    _to_staff(event="rated", question=question, key=key)
    user = _researcher_user(question)
    if user is not None:
        _to_user(event="rated", question=question, user=user, key=f"{key}:researcher", url=question_path(question))
