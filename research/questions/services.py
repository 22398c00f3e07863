"""Every write of research questions; the pages, the API, the admin and the demo call these.

Each service runs in one transaction, checks who acts (permissions.py), validates on the server
(the model's constraints and the rules below) and refuses with a translated PortalError
(NotAllowed for the wrong person, Conflict for the wrong moment) before it writes anything; the
history rows name the actor, and every step notifies the parties (notifications.py) on commit.

A question moves (`TRANSITIONS`):
submitted → accepted | needs clarification | declined (review, research staff);
needs clarification → submitted (the school clarifies);
accepted → matched (research staff match it: a researcher, a project, a thesis topic, a circle);
accepted | matched → answered (research staff write the answer back);
then the school rates the answer once and decides whether it is shown publicly.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iclon.accounts.models import User
from iclon.core.errors import Conflict, NotAllowed, PortalError, full_clean_or_raise
from iclon.core.history import history_author, record_history_as
from partnerships.models import School
from research.knowledge.models import TeachingLearningPrinciple
from research.people.models import Researcher
from research.projects.models import ResearchProject
from research.questions import notifications
from research.questions.models import (
    MAX_TEXT,
    MatchKind,
    QuestionStatus,
    ResearchQuestion,
    Sector,
    Urgency,
)
from research.questions.permissions import (
    acts_for_question,
    acts_for_school,
    can_choose_thesis,
    can_submit_question,
    is_research_staff,
)

#: The review's decisions: the state each leads to.
REVIEW_DECISIONS = {
    "accept": QuestionStatus.ACCEPTED,
    "clarify": QuestionStatus.NEEDS_CLARIFICATION,
    "decline": QuestionStatus.DECLINED,
}
TRANSITIONS = {
    QuestionStatus.SUBMITTED: (QuestionStatus.ACCEPTED, QuestionStatus.NEEDS_CLARIFICATION, QuestionStatus.DECLINED),
    QuestionStatus.NEEDS_CLARIFICATION: (QuestionStatus.SUBMITTED, QuestionStatus.DECLINED),
    QuestionStatus.ACCEPTED: (QuestionStatus.MATCHED, QuestionStatus.ANSWERED, QuestionStatus.DECLINED),
    QuestionStatus.MATCHED: (QuestionStatus.MATCHED, QuestionStatus.ANSWERED),
    QuestionStatus.ANSWERED: (),
    QuestionStatus.DECLINED: (),
}
#: The most links an answer holds.
MAX_LINKS = 10


def _save(row: ResearchQuestion, actor: User | AnonymousUser | None) -> ResearchQuestion:
    full_clean_or_raise(row)
    record_history_as(row, history_author(actor))
    row.save()
    return row


def _text(value: str | None, field: str, *, required: bool, message: Any = None) -> str:
    value = (value or "").strip()
    if required and not value:
        raise PortalError(message or _("This field is required."), field=field)
    if len(value) > MAX_TEXT:
        raise PortalError(_("Keep this under %(max)d characters.") % {"max": MAX_TEXT}, field=field)
    return value


def _locked(question: ResearchQuestion) -> ResearchQuestion:
    return ResearchQuestion.objects.select_for_update().get(pk=question.pk)


def _move(question: ResearchQuestion, status: str) -> None:
    if status not in TRANSITIONS[QuestionStatus(question.status)]:
        raise Conflict(
            _("A question cannot go from “%(current)s” to “%(new)s”.")
            % {"current": question.get_status_display(), "new": QuestionStatus(status).label}
        )
    question.status = status


def _require_staff(actor: User | AnonymousUser | None) -> None:
    if not is_research_staff(actor):
        raise NotAllowed()


def new_question(
    *,
    school: School,
    title: str,
    context: str,
    sector: str,
    intended_use: str,
    urgency: str,
    contact_name: str,
    contact_email: str,
    subject: str = "",
    language: str = "nl",
    submitted_by: User | None = None,
) -> ResearchQuestion:
    """A question checked by the rules of every question (not saved): the school active, the texts
    given and within bounds, the choices valid. The public form checks its submissions by this too."""
    if not school.is_active:
        raise PortalError(_("This school is no longer active."), field="school")
    question = ResearchQuestion(
        school=school,
        submitted_by=submitted_by,
        title=_text(title, "title", required=True, message=_("Give your question.")),
        context=_text(context, "context", required=True, message=_("Describe the situation your question comes from.")),
        subject=(subject or "").strip(),
        sector=sector,
        intended_use=_text(
            intended_use, "intended_use", required=True, message=_("Say what the school would do with an answer.")
        ),
        urgency=urgency,
        contact_name=_text(contact_name, "contact_name", required=True, message=_("Give your name.")),
        contact_email=(contact_email or "").strip().lower(),
        language=language,
    )
    if sector not in Sector.values:
        raise PortalError(_("Choose a valid sector."), field="sector")
    if urgency not in Urgency.values:
        raise PortalError(_("Choose a valid urgency."), field="urgency")
    full_clean_or_raise(question, exclude=["school", "submitted_by"])
    return question


def question_submit(
    *,
    actor: User | AnonymousUser | None,
    school: School,
    title: str,
    context: str,
    sector: str,
    intended_use: str,
    urgency: str,
    subject: str = "",
    contact_name: str = "",
    contact_email: str = "",
    principles: Iterable[TeachingLearningPrinciple] = (),
) -> ResearchQuestion:
    """One of the school's people (or research staff for them) submits a question; without a
    contact, the actor is the contact. Research staff entering a question for a school they are
    not part of are not its submitter: the contact hears what happens. Research staff are told.
    Raises NotAllowed for another school's question, PortalError on a field."""
    with transaction.atomic():
        if not can_submit_question(actor, school.pk):
            raise NotAllowed()
        user: User = actor  # type: ignore[assignment]
        of_school = acts_for_school(actor, school.pk)
        if not of_school and not (contact_name and contact_email):
            raise PortalError(_("Give the school's contact person and e-mail address."), field="contact_email")
        question = new_question(
            school=school,
            title=title,
            context=context,
            sector=sector,
            intended_use=intended_use,
            urgency=urgency,
            subject=subject,
            contact_name=contact_name or user.full_name,
            contact_email=contact_email or user.email,
            language=getattr(user, "language", "nl") or "nl",
            submitted_by=user if of_school else None,
        )
        _save(question, actor)
        question.principles.set(list(principles))
        notifications.question_submitted(question=question)
        return question


def question_review(
    *,
    question: ResearchQuestion,
    actor: User | AnonymousUser | None,
    decision: str,
    reason: str = "",
    principles: Iterable[TeachingLearningPrinciple] | None = None,
) -> ResearchQuestion:
    """Research staff accept a submitted question, ask the school to clarify it (what, in `reason`)
    or decline it (why, in `reason`). The school is told."""
    with transaction.atomic():
        _require_staff(actor)
        if decision not in REVIEW_DECISIONS:
            raise PortalError(_("Choose accept, ask for clarification or decline."), field="decision")
        question = _locked(question)
        status = REVIEW_DECISIONS[decision]
        needs_reason = status != QuestionStatus.ACCEPTED
        reason = _text(
            reason, "reason", required=needs_reason, message=_("Say why, or what the school should clarify.")
        )
        _move(question, status)
        question.status_reason = reason
        question.reviewed_at = timezone.now()
        _save(question, actor)
        if principles is not None:
            question.principles.set(list(principles))
        notifications.question_reviewed(question=question)
        return question


def question_clarify(
    *, question: ResearchQuestion, actor: User | AnonymousUser | None, clarification: str
) -> ResearchQuestion:
    """The school answers the request for clarification; the question is submitted again and
    research staff are told."""
    with transaction.atomic():
        if not acts_for_question(actor, question):
            raise NotAllowed()
        question = _locked(question)
        text = _text(clarification, "clarification", required=True, message=_("Give the clarification."))
        if question.status != QuestionStatus.NEEDS_CLARIFICATION:
            raise Conflict(_("Nobody asked to clarify this question."))
        _move(question, QuestionStatus.SUBMITTED)
        question.clarification = f"{question.clarification}\n\n{text}".strip()[:MAX_TEXT]
        _save(question, actor)
        notifications.question_submitted(question=question, clarified=True)
        return question


def question_match(
    *,
    question: ResearchQuestion,
    actor: User | AnonymousUser | None,
    kind: str,
    researcher: Researcher | None = None,
    project: ResearchProject | None = None,
) -> ResearchQuestion:
    """Research staff match an accepted question: to a researcher, a research project (and, if
    given, its researcher), a master's thesis topic that trainees may choose (a researcher may
    supervise), or a learning circle (linked on the circles' side). A matched question may be
    matched again while no trainee chose it. The school and the matched researcher are told."""
    with transaction.atomic():
        _require_staff(actor)
        question = _locked(question)
        if question.thesis_trainee_id is not None:
            raise Conflict(_("A trainee has chosen this question as their thesis topic already."))
        if kind not in MatchKind.values:
            raise PortalError(_("Choose what to match the question to."), field="kind")
        if kind == MatchKind.RESEARCHER and researcher is None:
            raise PortalError(_("Choose the researcher."), field="researcher")
        if kind == MatchKind.PROJECT and project is None:
            raise PortalError(_("Choose the research project."), field="project")
        if researcher is not None and not researcher.active:
            raise PortalError(_("This researcher is no longer active."), field="researcher")
        _move(question, QuestionStatus.MATCHED)
        question.match_kind = kind
        question.researcher = researcher
        question.project = project if kind == MatchKind.PROJECT else None
        question.matched_at = timezone.now()
        _save(question, actor)
        notifications.question_matched(question=question)
        return question


def thesis_choose(*, question: ResearchQuestion, actor: User | AnonymousUser | None) -> ResearchQuestion:
    """A trainee chooses an open thesis topic; it is theirs (one trainee a topic). Research staff
    and the school are told."""
    with transaction.atomic():
        if not can_choose_thesis(actor):
            raise NotAllowed()
        question = _locked(question)
        if question.status != QuestionStatus.MATCHED or question.match_kind != MatchKind.THESIS:
            raise Conflict(_("This question is not offered as a thesis topic."))
        if question.thesis_trainee_id is not None:
            raise Conflict(_("Another trainee has chosen this topic already."))
        question.thesis_trainee = actor  # type: ignore[assignment]
        question.thesis_chosen_at = timezone.now()
        _save(question, actor)
        notifications.thesis_chosen(question=question)
        return question


def _links(links: Iterable[str]) -> list[str]:
    found = [link.strip() for link in links if link and link.strip()]
    if len(found) > MAX_LINKS:
        raise PortalError(_("Give at most %(max)d links.") % {"max": MAX_LINKS}, field="links")
    check = URLValidator(schemes=["http", "https"])
    for link in found:
        try:
            check(link)
        except ValidationError as error:
            raise PortalError(
                _("“%(link)s” is not a valid web address.") % {"link": link[:80]}, field="links"
            ) from error
    return found


def question_answer(
    *,
    question: ResearchQuestion,
    actor: User | AnonymousUser | None,
    summary: str,
    products: str = "",
    links: Iterable[str] = (),
) -> ResearchQuestion:
    """Research staff write the answer back to the school: a summary, the products and links. The
    school is told and asked to rate it."""
    with transaction.atomic():
        _require_staff(actor)
        question = _locked(question)
        summary = _text(summary, "summary", required=True, message=_("Write the answer's summary."))
        products = _text(products, "products", required=False)
        found = _links(links)
        _move(question, QuestionStatus.ANSWERED)
        question.answer_summary, question.answer_products, question.answer_links = summary, products, found
        question.answered_at = timezone.now()
        _save(question, actor)
        notifications.question_answered(question=question)
        return question


def question_rate(
    *, question: ResearchQuestion, actor: User | AnonymousUser | None, rating: int, comment: str = ""
) -> ResearchQuestion:
    """The school rates the answer (1 to 5, once); research staff are told."""
    with transaction.atomic():
        if not acts_for_question(actor, question):
            raise NotAllowed()
        question = _locked(question)
        if question.status != QuestionStatus.ANSWERED:
            raise Conflict(_("Only an answered question can be rated."))
        if question.rating is not None:
            raise Conflict(_("This answer has been rated already."))
        if not isinstance(rating, int) or not 1 <= rating <= 5:
            raise PortalError(_("A rating is 1 to 5."), field="rating")
        question.rating = rating
        question.rating_comment = _text(comment, "comment", required=False)
        question.rated_at = timezone.now()
        _save(question, actor)
        notifications.question_rated(question=question)
        return question


def question_set_public(
    *, question: ResearchQuestion, actor: User | AnonymousUser | None, public: bool
) -> ResearchQuestion:
    """The school decides whether its answered question is shown in the knowledge base (and may
    change its mind)."""
    with transaction.atomic():
        if not acts_for_question(actor, question):
            raise NotAllowed()
        question = _locked(question)
        if public and question.status != QuestionStatus.ANSWERED:
            raise Conflict(_("Only an answered question can be shown publicly."))
        question.public = bool(public)
        return _save(question, actor)


def question_set_principles(
    *, question: ResearchQuestion, actor: User | AnonymousUser | None, principles: Iterable[TeachingLearningPrinciple]
) -> ResearchQuestion:
    """Research staff tag the question with teaching-learning principles (the knowledge base)."""
    with transaction.atomic():
        _require_staff(actor)
        question.principles.set(list(principles))
        return question
