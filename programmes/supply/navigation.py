"""Regional supply and demand on the dashboard of the staff who may see it."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext

from iclon.core.navigation import DashboardCard
from programmes.supply.permissions import can_view_supply_demand


def dashboard_cards(request) -> list[DashboardCard]:
    if not can_view_supply_demand(request.user):
        return []
    return [
        DashboardCard(
            title=gettext("Supply and demand per region"),
            text=gettext("Trainees, placements, places offered and shortage subjects in each education region."),
            links=[(gettext("See the figures"), reverse("supply:page"))],
            kind="staff",
        )
    ]
