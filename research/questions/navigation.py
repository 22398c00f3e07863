"""Research questions on the dashboard (research staff: the queue; a school's people: their
questions; trainees: the thesis topics), among the account pages, and in the knowledge base.

`principle_sections(principle, request)` gives a teaching-learning principle's page of the
knowledge base this slice's section: the answered questions their schools made public, tagged with
the principle (a list of plain dicts: title, items of title/url/meta, count, url of the whole list)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from iclon.core.navigation import DashboardCard, NavItem
from research.questions import selectors
from research.questions.permissions import is_research_staff, is_trainee

#: The questions a principle's section lists at most.
PRINCIPLE_ITEMS = 5


def _school_user(request) -> bool:
    return selectors.schools_for_submitting(request.user).exists()


def dashboard_cards(request) -> list[DashboardCard]:
    user = request.user
    if not user.is_authenticated:
        return []
    cards = []
    if is_research_staff(user):
        counts = selectors.queue_counts()
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


def account_links(request) -> list[NavItem]:
    if not request.user.is_authenticated or not _school_user(request):
        return []
    return [NavItem(_("Our research questions"), reverse("research_questions:list"), "/research/questions/")]


def principle_sections(principle, request) -> list[dict]:
    """The answered public questions tagged with `principle`, newest answer first (two queries)."""
    rows = selectors.public_questions_for_principle(principle)
    count = rows.count()
    if not count:
        return []
    items = [
        {
            "title": question.title,
            "url": reverse("research_questions:detail", kwargs={"pk": question.pk}),
            "meta": f"{question.school.name} · {question.answered_at:%Y}"
            if question.answered_at
            else question.school.name,
        }
        for question in rows[:PRINCIPLE_ITEMS]
    ]
    return [
        {
            "title": _("Answered questions from schools"),
            "items": items,
            "count": count,
            "url": reverse("research_questions:public-list") + f"?principle={principle.slug}",
        }
    ]
