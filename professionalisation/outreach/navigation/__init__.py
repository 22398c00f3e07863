"""The navigation of outreach, part by part (navigation/orientation.py), gathered for the slice loader
(iclon/core/slices.py: `dashboard_cards`)."""

from iclon.core.navigation import DashboardCard
from professionalisation.outreach.navigation import orientation


def dashboard_cards(request) -> list[DashboardCard]:
    return [*orientation.dashboard_cards(request)]
