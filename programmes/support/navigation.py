"""The support desk's links: a dashboard card for every staff member (ask a question, the
knowledge base; for support staff the queue too), and for support staff the dashboard's "needs
your attention" lines: questions nobody is assigned to, and questions waiting longer than the usual
response time without any response, each linked to the queue filtered to them (one query)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext

from iclon.core.navigation import AttentionItem, DashboardCard
from programmes.support.models import SupportState
from programmes.support.permissions import can_ask, is_support_staff
from programmes.support.selectors import queue_counts, response_days


def dashboard_cards(request) -> list[DashboardCard]:
    if not can_ask(request.user):
        return []
    links = [
        (gettext("Ask a question"), reverse("support:new")),
        (gettext("My questions"), reverse("support:home")),
        (gettext("Knowledge base"), reverse("support:articles")),
    ]
    if is_support_staff(request.user):
        links.append((gettext("The support queue"), reverse("support:queue")))
    return [
        DashboardCard(
            title=gettext("Support desk"),
            text=gettext("Questions about the curriculum, systems, assessment or a student, answered in one place."),
            links=links,
            kind="staff",
        )
    ]


def attention_items(request) -> list[AttentionItem]:
    if not is_support_staff(request.user):
        return []
    counts = queue_counts()
    queue = reverse("support:queue")
    days = response_days()
    return [
        AttentionItem(
            label=ngettext("support question not assigned", "support questions not assigned", counts["unassigned"]),
            url=f"{queue}?{urlencode({'assignee': 'none', 'state': SupportState.OPEN})}",
            count=counts["unassigned"],
            order=45,
        ),
        AttentionItem(
            label=ngettext(
                "support question waiting longer than %(days)d working days",
                "support questions waiting longer than %(days)d working days",
                counts["overdue"],
            )
            % {"days": days},
            url=f"{queue}?{urlencode({'overdue': 1})}",
            count=counts["overdue"],
            order=46,
        ),
    ]
