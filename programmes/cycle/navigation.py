"""The yearly cycle on the dashboard of those who may roll a year over: a card with the rollover,
and, once the next academic year is near, the published routes that start this year but have no
start moment next year yet (one query), linked to the rollover's preview."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext

from iclon.core.navigation import AttentionItem, DashboardCard
from programmes.cycle.models import academic_year_label
from programmes.cycle.permissions import can_roll_over
from programmes.cycle.selectors import academic_year_of, routes_without_next_year


def _rollover_url(**params) -> str | None:
    try:
        url = reverse("admin:programmes_yearrollover_add")
    except NoReverseMatch:  # the admin is not mounted
        return None
    return f"{url}?{urlencode(params)}" if params else url


def dashboard_cards(request) -> list[DashboardCard]:
    url = _rollover_url() if can_roll_over(request.user) else None
    if not url:
        return []
    return [
        DashboardCard(
            title=gettext("The yearly cycle"),
            text=gettext("Copy a year's start moments and placement periods to the next academic year."),
            links=[(gettext("Roll a year over"), url)],
            kind="staff",
        )
    ]


def attention_items(request) -> list[AttentionItem]:
    if not can_roll_over(request.user):
        return []
    this_year = academic_year_of(timezone.localdate())
    url = _rollover_url(from_year=this_year)
    if not url:
        return []
    count = routes_without_next_year(from_year=this_year)
    return [
        AttentionItem(
            label=ngettext(
                "published route with a start in %(year)s but none yet in %(next)s",
                "published routes with a start in %(year)s but none yet in %(next)s",
                count,
            )
            % {"year": academic_year_label(this_year), "next": academic_year_label(this_year + 1)},
            url=url,
            count=count,
            order=15,
        )
    ]
