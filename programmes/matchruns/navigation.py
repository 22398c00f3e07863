"""Matching runs on the coordinator's home page: a dashboard card linking "Matching runs", and the
"needs attention" count of draft runs not applied yet (one query). No header link: the header's
tools stay one row (matching per trainee links the runs)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext

from iclon.core.navigation import AttentionItem, DashboardCard
from programmes.matchruns.permissions import VIEW, is_matching_staff
from programmes.matchruns.selectors import open_run_count


def dashboard_cards(request) -> list[DashboardCard]:
    if not is_matching_staff(request.user, VIEW):
        return []
    return [
        DashboardCard(
            title=gettext("Matching runs"),
            text=gettext(
                "Propose a whole assignment of trainees to offers for a period, review it and apply it at once."
            ),
            links=[(gettext("Matching runs"), reverse("matchruns:list"))],
            kind="staff",
        )
    ]


def attention_items(request) -> list[AttentionItem]:
    if not is_matching_staff(request.user, VIEW):
        return []
    drafts = open_run_count(user=request.user)
    return [
        AttentionItem(
            label=ngettext("matching run not applied yet", "matching runs not applied yet", drafts),
            url=f"{reverse('matchruns:list')}?{urlencode({'status': 'draft'})}",
            count=drafts,
            order=24,
        )
    ]
