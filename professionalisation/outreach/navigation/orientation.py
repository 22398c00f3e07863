"""Orientation on the teaching profession on the staff's dashboard: the funnel from orientation to
application, for the staff who may see it."""

from django.urls import reverse
from django.utils.translation import gettext

from iclon.core.navigation import DashboardCard
from professionalisation.outreach.permissions.orientation import can_view_funnel


def dashboard_cards(request) -> list[DashboardCard]:
    if not can_view_funnel(request.user):
        return []
    return [
        DashboardCard(
            title=gettext("Orientation on the teaching profession"),
            text=gettext("How many people who attended an orientation activity applied and were admitted."),
            links=[(gettext("From orientation to application"), reverse("outreach:orientation-funnel"))],
        )
    ]
