"""Every change at the support desk: asking, assigning, replying, answering, closing and
reopening a question, and the knowledge base's articles made from answered questions.

The pages, the API and the admin call these functions; each checks the actor's permission, runs in
one transaction (the question's row locked, so two support staff answering at once do not both
record the first response), keeps the question's history (django-simple-history) and queues its
notifications through the outbox, which hands e-mails to Celery after the commit. A refusal is a
translated PortalError (NotAllowed, Conflict) that the edges show as it is."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from iclon.accounts.models import User
from iclon.core.errors import Conflict, NotAllowed, PortalError
from programmes.support import notifications
from programmes.support.models import (
    STUDENT_REFERENCE_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    SupportArticle,
    SupportQuestion,
    SupportReply,
    SupportState,
    SupportTopic,
)
from programmes.support.permissions import can_ask, can_close, can_reopen, can_reply, is_support_staff
from programmes.support.selectors import support_staff_list

NOT_SUPPORT_STAFF = _("Only support staff can do this.")
CLOSED = _("This question is closed. Reopen it first.")


def _text(value: str, *, field: str, required_message: Any, max_length: int = TEXT_MAX_LENGTH) -> str:
    value = (value or "").strip()
    if not value:
        raise PortalError(required_message, field=field)
    if len(value) > max_length:
        raise PortalError(
            _("Keep it to %(limit_value)d characters.") % {"limit_value": max_length},
            field=field,
        )
    return value


def _locked(question: SupportQuestion) -> SupportQuestion:
    return (
        SupportQuestion.objects.select_for_update(of=("self",)).select_related("asker", "assignee").get(pk=question.pk)
    )


def _require_support_staff(actor: User) -> None:
    if not is_support_staff(actor):
        raise NotAllowed(NOT_SUPPORT_STAFF)


def _others(users: Iterable[User], *, actor: User) -> list[User]:
    return [user for user in users if user.pk != actor.pk]


def support_question_ask(
    *, actor: User, topic: str, title: str, body: str, student_reference: str = ""
) -> SupportQuestion:
    """`actor` (an ICLON staff member) asks a question. It is open and unassigned; support staff
    (except the asker) are notified after the commit.

    Raises NotAllowed for anybody but active staff, PortalError for a missing or too long field."""
    if not can_ask(actor):
        raise NotAllowed()
    if topic not in SupportTopic.values:
        raise PortalError(_("Choose what the question is about."), field="topic")
    title = _text(
        title, field="title", required_message=_("Give your question a short title."), max_length=TITLE_MAX_LENGTH
    )
    body = _text(body, field="body", required_message=_("Describe your question."))
    student_reference = (student_reference or "").strip()
    if len(student_reference) > STUDENT_REFERENCE_MAX_LENGTH:
        raise PortalError(
            _("Keep the student reference to %(limit_value)d characters.")
            % {"limit_value": STUDENT_REFERENCE_MAX_LENGTH},
            field="student_reference",
        )
    with transaction.atomic():
        question = SupportQuestion.objects.create(
            asker=actor, topic=topic, title=title, body=body, student_reference=student_reference
        )
        notifications.question_asked(question=question, recipients=_others(support_staff_list(), actor=actor))
    return question


def support_question_assign(*, question: SupportQuestion, assignee: User | None, actor: User) -> SupportQuestion:
    """Support staff give `question` to `assignee` (support staff too), or to nobody (None). The
    assignee is notified unless they assigned themselves.

    Raises NotAllowed for anybody but support staff, PortalError for an assignee who is not
    support staff, Conflict for a closed question."""
    _require_support_staff(actor)
    if assignee is not None and not is_support_staff(assignee):
        raise PortalError(_("Only support staff can be assigned a question."), field="assignee")
    with transaction.atomic():
        question = _locked(question)
        if question.state == SupportState.CLOSED:
            raise Conflict(CLOSED)
        if question.assignee_id == (assignee.pk if assignee else None):
            return question
        question.assignee = assignee
        question.save(update_fields=["assignee", "updated_at"])
        if assignee is not None and assignee.pk != actor.pk:
            notifications.question_assigned(question=question, assignee=assignee)
    return question


def _record_staff_response(question: SupportQuestion, now: datetime.datetime) -> list[str]:
    changed = []
    if question.first_response_at is None:
        question.first_response_at = now
        changed.append("first_response_at")
    return changed


def support_reply_add(*, question: SupportQuestion, actor: User, text: str, internal: bool = False) -> SupportReply:
    """Add `text` to `question`'s thread.

    By support staff: an internal note (never shown to the asker, changes nothing else) or a reply
    that counts as the first response (if it is) and moves an open question to in progress; the
    asker is notified of a reply. By the asker: a follow-up; on an answered question it reopens the
    question; the assignee (or, unassigned, every support staff member) is notified.

    Raises NotAllowed for anybody who may not read the question (and for an asker's internal note),
    Conflict for a closed question, PortalError for an empty text."""
    if not can_reply(actor, question):
        if question.state == SupportState.CLOSED and (is_support_staff(actor) or question.asker_id == actor.pk):
            raise Conflict(CLOSED)
        raise NotAllowed()
    staff = is_support_staff(actor)
    if internal and not staff:
        raise NotAllowed(NOT_SUPPORT_STAFF)
    text = _text(text, field="text", required_message=_("Write your reply."))
    now = timezone.now()
    with transaction.atomic():
        question = _locked(question)
        if question.state == SupportState.CLOSED:
            raise Conflict(CLOSED)
        reply = SupportReply.objects.create(question=question, author=actor, text=text, internal=internal)
        if internal:
            return reply
        by_asker = question.asker_id == actor.pk
        changed: list[str] = []
        if by_asker:
            if question.state == SupportState.ANSWERED:
                question.state, question.answered_at = SupportState.OPEN, None
                changed += ["state", "answered_at"]
            recipients = [question.assignee] if question.assignee else list(support_staff_list())
            notifications.follow_up_added(reply=reply, recipients=_others(recipients, actor=actor))
        else:
            changed += _record_staff_response(question, now)
            if question.state == SupportState.OPEN:
                question.state = SupportState.IN_PROGRESS
                changed.append("state")
            notifications.reply_added(reply=reply)
        if changed:
            question.save(update_fields=[*changed, "updated_at"])
    return reply


def support_question_answer(*, question: SupportQuestion, actor: User, text: str = "") -> SupportQuestion:
    """Support staff mark `question` answered, with the answer's `text` as a reply (optional when
    support staff replied already). Records the first response if there was none and notifies
    the asker (once per answer: a reopened question answered again is told again).

    Raises NotAllowed for anybody but support staff, Conflict for a closed or answered question,
    PortalError for an answer without any text."""
    _require_support_staff(actor)
    text = (text or "").strip()
    now = timezone.now()
    with transaction.atomic():
        question = _locked(question)
        if question.state == SupportState.CLOSED:
            raise Conflict(CLOSED)
        if question.state == SupportState.ANSWERED:
            raise Conflict(_("This question has been answered already."))
        reply = None
        if text:
            text = _text(text, field="text", required_message=_("Write the answer."))
            reply = SupportReply.objects.create(question=question, author=actor, text=text)
        elif not question.replies.filter(internal=False).exclude(author_id=question.asker_id).exists():
            raise PortalError(_("Write the answer."), field="text")
        changed = _record_staff_response(question, now)
        question.state, question.answered_at = SupportState.ANSWERED, now
        question.save(update_fields=[*changed, "state", "answered_at", "updated_at"])
        notifications.question_answered(question=question, reply=reply)
    return question


def support_question_close(*, question: SupportQuestion, actor: User) -> SupportQuestion:
    """The asker or support staff close `question` (done, or no longer needed).

    Raises NotAllowed for anybody else, Conflict for a closed question."""
    if not can_close(actor, question):
        if question.state == SupportState.CLOSED:
            raise Conflict(_("This question is closed already."))
        raise NotAllowed()
    with transaction.atomic():
        question = _locked(question)
        if question.state == SupportState.CLOSED:
            raise Conflict(_("This question is closed already."))
        question.state, question.closed_at = SupportState.CLOSED, timezone.now()
        question.save(update_fields=["state", "closed_at", "updated_at"])
    return question


def support_question_reopen(*, question: SupportQuestion, actor: User) -> SupportQuestion:
    """The asker reopens an answered or closed `question`: open again, waiting for support staff
    (the first response stays recorded); the assignee, or support staff, are notified.

    Raises NotAllowed for anybody but the asker, Conflict for a question that is still open."""
    if question.asker_id != getattr(actor, "pk", None) or not can_ask(actor):
        raise NotAllowed(_("Only the person who asked can reopen a question."))
    if not can_reopen(actor, question):
        raise Conflict(_("This question is still open."))
    with transaction.atomic():
        question = _locked(question)
        if question.state not in (SupportState.ANSWERED, SupportState.CLOSED):
            raise Conflict(_("This question is still open."))
        question.state, question.answered_at, question.closed_at = SupportState.OPEN, None, None
        question.save(update_fields=["state", "answered_at", "closed_at", "updated_at"])
    return question


def _unique_slug(title: str) -> str:
    base = slugify(title)[:70] or "article"
    slug, number = base, 2
    while SupportArticle.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def support_article_from_question(*, question: SupportQuestion, actor: User) -> SupportArticle:
    """Support staff turn an answered (or closed) `question` into a draft article of the knowledge
    base: its title, and as text the question followed by support staff's replies (internal notes
    and the student reference stay out). The draft is Dutch only, unpublished, to be edited in
    the admin before `support_article_publish`.

    Raises NotAllowed for anybody but support staff, Conflict for a question not yet answered."""
    _require_support_staff(actor)
    with transaction.atomic():
        question = _locked(question)
        if question.answered_at is None and question.state != SupportState.CLOSED:
            raise Conflict(_("Only an answered question can become an article."))
        answers = [reply.text for reply in question.replies.filter(internal=False).exclude(author_id=question.asker_id)]
        body = "\n\n".join([question.body, *answers])
        return SupportArticle.objects.create(
            slug=_unique_slug(question.title),
            title_nl=question.title,
            body_nl=body,
            topic=question.topic,
            from_question=question,
            created_by=actor,
        )


def support_article_publish(*, article: SupportArticle, actor: User, published: bool = True) -> SupportArticle:
    """Support staff publish `article` in the knowledge base (or, `published=False`, take it back).

    Raises NotAllowed for anybody but support staff, PortalError for an article without title or
    Dutch text."""
    _require_support_staff(actor)
    with transaction.atomic():
        article = SupportArticle.objects.select_for_update().get(pk=article.pk)
        if published and not (article.title_nl.strip() and article.body_nl.strip()):
            raise PortalError(_("An article needs a Dutch title and text before it is published."))
        if article.published == published:
            return article
        article.published = published
        article.published_at = timezone.now() if published else None
        article.save(update_fields=["published", "published_at", "updated_at"])
    return article
