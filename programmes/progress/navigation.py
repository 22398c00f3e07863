"""Study progress on the dashboard and in the account menu: a trainee's link to their progress
(a card on the dashboard, a link beside the account pages);
for staff who record results a card with the entry per module and the import; for study advisers
(who keep the plans) the "needs your attention" count of trainees behind their plan (one query):
the trainees whose study adviser they are, plus those behind plan without an adviser."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext, ngettext

from iclon.accounts.roles import staff_may
from iclon.core.navigation import AttentionItem, DashboardCard, NavItem
from programmes.intake.selectors import own_applications
from programmes.placements.permissions import TRAINEE_STATUSES
from programmes.progress.permissions import PLAN, may_record, may_view_all
from programmes.progress.selectors import behind_plan_count


def _is_trainee(request) -> bool:
    return any(a.status in TRAINEE_STATUSES for a in own_applications(request))


def account_links(request) -> list[NavItem]:
    if not _is_trainee(request):
        return []
    return [NavItem(gettext("My study progress"), reverse("progress:mine"), "/study-progress/")]


def dashboard_cards(request) -> list[DashboardCard]:
    cards = []
    if _is_trainee(request):
        cards.append(
            DashboardCard(
                title=gettext("My study progress"),
                text=gettext("Your modules, results and exemptions, your plan and when you expect to finish."),
                links=[(gettext("My study progress"), reverse("progress:mine"))],
            )
        )
    links = []
    if may_record(request.user):
        links += [
            (gettext("Enter results per module"), reverse("progress:results")),
            (gettext("Import results"), reverse("progress:import")),
        ]
    if may_view_all(request.user):
        links.append((gettext("Trainees behind their plan"), reverse("progress:behind")))
    if not links:
        return cards
    return [
        *cards,
        DashboardCard(
            title=gettext("Study progress"),
            text=gettext("The trainees' results per module, their study plans and who is behind."),
            links=links,
            kind="staff",
        ),
    ]


def attention_items(request) -> list[AttentionItem]:
    if not staff_may(request.user, PLAN):
        return []
    count = behind_plan_count(user=request.user)
    return [
        AttentionItem(
            label=ngettext("trainee behind their plan", "trainees behind their plan", count),
            url=reverse("progress:behind"),
            count=count,
            order=40,
        )
    ]
