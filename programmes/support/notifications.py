"""What the support desk tells people, through the notification outbox (e-mail and in-app, in the
recipient's language): support staff hear of a new question (its assignee only, once it has one),
an assignee hears that a question was given to them and of the asker's follow-up, and the asker
hears of a reply and of the answer. Nobody is told of their own action."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from iclon.core.routing import absolute_url
from iclon.notifications.services import notify
from programmes.support.models import SupportQuestion, SupportReply

NEW_QUESTION = "programmes.support_question_new"
ASSIGNED = "programmes.support_question_assigned"
FOLLOW_UP = "programmes.support_question_follow_up"
REPLIED = "programmes.support_question_replied"
ANSWERED = "programmes.support_question_answered"

CATEGORIES = [
    (NEW_QUESTION, _("Support desk: a new question (support staff)"), False),
    (ASSIGNED, _("Support desk: a question assigned to me"), False),
    (FOLLOW_UP, _("Support desk: a follow-up on a question I handle"), False),
    (REPLIED, _("Support desk: a reply to my question"), False),
    # The answer is what the asker waits for: a preference must not swallow it.
    (ANSWERED, _("Support desk: the answer to my question"), True),
]

TEMPLATES = "emails/programmes/"


def question_path(question: SupportQuestion) -> str:
    return reverse("support:detail", kwargs={"pk": question.pk})


def _notify(category: str, template: str, *, question: SupportQuestion, recipient, key: str, message: str, **extra):
    path = question_path(question)
    notify(
        category=category,
        template=TEMPLATES + template,
        context={"question": question, "url": absolute_url(path), **extra},
        recipient=recipient,
        idempotency_key=key,
        url=path,
        message=message,
        params={"title": question.title},
    )


def question_asked(*, question: SupportQuestion, recipients) -> None:
    for recipient in recipients:
        _notify(
            NEW_QUESTION,
            "support_question_new",
            question=question,
            recipient=recipient,
            key=f"{NEW_QUESTION}:{question.pk}:{recipient.pk}",
            message=gettext_noop("New support question: %(title)s"),
        )


def question_assigned(*, question: SupportQuestion, assignee) -> None:
    _notify(
        ASSIGNED,
        "support_question_assigned",
        question=question,
        recipient=assignee,
        key=f"{ASSIGNED}:{question.pk}:{assignee.pk}:{timezone.now():%Y%m%d%H%M%S%f}",
        message=gettext_noop("A support question was assigned to you: %(title)s"),
    )


def follow_up_added(*, reply: SupportReply, recipients) -> None:
    for recipient in recipients:
        _notify(
            FOLLOW_UP,
            "support_question_follow_up",
            question=reply.question,
            recipient=recipient,
            key=f"{FOLLOW_UP}:{reply.pk}:{recipient.pk}",
            message=gettext_noop("A follow-up on the support question: %(title)s"),
            reply=reply,
        )


def reply_added(*, reply: SupportReply) -> None:
    _notify(
        REPLIED,
        "support_question_replied",
        question=reply.question,
        recipient=reply.question.asker,
        key=f"{REPLIED}:{reply.pk}",
        message=gettext_noop("A reply to your support question: %(title)s"),
        reply=reply,
    )


def question_answered(*, question: SupportQuestion, reply: SupportReply | None) -> None:
    _notify(
        ANSWERED,
        "support_question_answered",
        question=question,
        recipient=question.asker,
        key=f"{ANSWERED}:{question.pk}:{question.answered_at:%Y%m%d%H%M%S%f}",
        message=gettext_noop("Your support question has been answered: %(title)s"),
        reply=reply,
    )
