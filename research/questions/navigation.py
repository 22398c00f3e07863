"""Research questions on the dashboard (research staff: the queue; a school's people: their
questions; trainees: the thesis topics), among the account pages, and in the knowledge base.

`principle_sections(request, principle)` and `principle_counts(request)` give the knowledge base
(research/knowledge/sections.py) this slice's part: the answered questions their schools made
public, tagged with the principle."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from iclon.core.navigation import AttentionItem, DashboardCard, NavItem
from research.knowledge.sections import (
    PrincipleCounts,
    PrincipleSection,
    TaggedItem,
    counts_by_principle,
    tagged_section,
)
from research.questions import selectors
from research.questions.models import QuestionStatus, ResearchQuestion
from research.questions.permissions import is_research_staff, is_trainee


def _school_user(request) -> bool:
    return selectors.schools_for_submitting(request.user).exists()


def _queue_counts(request) -> dict[str, int]:
    """The queue's counts, read once per request for the dashboard card and the attention list."""
    # `_research_queue_counts` is this function's per-request cache, not an attribute of HttpRequest.
    if not hasattr(request, "_research_queue_counts"):
        request._research_queue_counts = selectors.queue_counts()
    return request._research_queue_counts


def dashboard_cards(request) -> list[DashboardCard]:
    user = request.user
    if not user.is_authenticated:
        return []
    cards = []
    if is_research_staff(user):
        counts = _queue_counts(request)
        cards.append(
            DashboardCard(
                title=_("Research questions from schools"),
                text=_("%(submitted)d to review, %(accepted)d to match, %(matched)d to answer.") % counts,
                links=[(_("The review queue"), reverse("research_questions:queue"))],
            )
        )
    elif _school_user(request):
        cards.append(
            DashboardCard(
                title=_("Research questions"),
                text=_("Ask ICLON's researchers a question from your school's practice, and follow its answer."),
                links=[
                    (_("Our research questions"), reverse("research_questions:list")),
                    (_("Ask a new question"), reverse("research_questions:new")),
                ],
            )
        )
    if is_trainee(user):
        cards.append(
            DashboardCard(
                title=_("Master's thesis topics from schools"),
                text=_("Schools' research questions that you may choose as the topic of your master's thesis."),
                links=[(_("See the topics"), reverse("research_questions:theses"))],
            )
        )
    return cards


def navigation(request) -> list[NavItem]:
    """Research staff's queue of questions from schools, as one of their tools in the header."""
    if not is_research_staff(request.user):
        return []
    return [NavItem(_("Questions queue"), reverse("research_questions:queue"), "/research/questions/queue/", tool=True)]


def attention_items(request) -> list[AttentionItem]:
    """Research staff: the schools' questions not yet answered, by the step they wait for, each
    linked to the queue filtered to that state (one query)."""
    if not is_research_staff(request.user):
        return []
    counts = _queue_counts(request)
    queue = reverse("research_questions:queue")
    labels = {
        QuestionStatus.SUBMITTED: lambda n: ngettext("research question to review", "research questions to review", n),
        QuestionStatus.ACCEPTED: lambda n: ngettext("research question to match", "research questions to match", n),
        QuestionStatus.MATCHED: lambda n: ngettext("research question to answer", "research questions to answer", n),
    }
    return [
        AttentionItem(
            label=label(counts[str(status)]),
            url=f"{queue}?{urlencode({'status': status})}",
            count=counts[str(status)],
            order=40 + index,
        )
        for index, (status, label) in enumerate(labels.items())
    ]


def account_links(request) -> list[NavItem]:
    if not request.user.is_authenticated or not _school_user(request):
        return []
    return [NavItem(_("Our research questions"), reverse("research_questions:list"), "/research/questions/")]


def principle_sections(request, principle) -> list[PrincipleSection]:
    """The answered questions their schools made public, tagged with `principle`, newest answer
    first (research/knowledge/sections.py: the first rows and, when there may be more, a count)."""

    def item(question) -> TaggedItem:
        meta = f"{question.school.name} · {question.answered_at:%Y}" if question.answered_at else question.school.name
        return TaggedItem(
            title=question.title, url=reverse("research_questions:detail", kwargs={"pk": question.pk}), meta=meta
        )

    return [
        tagged_section(
            selectors.public_questions_for_principle(principle),
            key="questions",
            title=_("Answered questions from schools"),
            item=item,
            empty_text=_("No answered question from a school is tagged with this principle yet."),
            see_all_url=f"{reverse('research_questions:public-list')}?{urlencode({'principle': principle.slug})}",
            see_all_label=_("All answered questions with this principle"),
        )
    ]


def principle_counts(request) -> list[PrincipleCounts]:
    public = ResearchQuestion.principles.through.objects.filter(
        researchquestion__public=True, researchquestion__status=QuestionStatus.ANSWERED
    )
    return [
        PrincipleCounts(
            "questions",
            counts_by_principle(public, "researchquestion_id"),
            lambda n: ngettext("%(count)d answered question", "%(count)d answered questions", n) % {"count": n},
        )
    ]
