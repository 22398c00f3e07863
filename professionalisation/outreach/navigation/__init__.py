"""What outreach adds to the header, the dashboard and the account pages, gathered from its parts
(navigation/visits.py, navigation/pal.py, navigation/orientation.py) for the slice loader
(iclon.core.slices)."""

from iclon.core.navigation import DashboardCard
from professionalisation.outreach.navigation import orientation, pal, visits


def dashboard_cards(request) -> list[DashboardCard]:
    return [*pal.dashboard_cards(request), *orientation.dashboard_cards(request)]


def navigation(request) -> list:
    return [*visits.navigation(request)]


def home_figures(request) -> list:
    return [*pal.home_figures(request)]


def attention_items(request) -> list:
    """The coordinators' counts: Meet the Professor's (one query) and PAL's (one query)."""
    return [*visits.attention_items(request), *pal.attention_items(request)]


def account_links(request) -> list:
    return [*visits.account_links(request)]
