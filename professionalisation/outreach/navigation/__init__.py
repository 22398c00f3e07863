"""What outreach adds to the header, the dashboard and the account pages, gathered from its parts
(navigation/visits.py, navigation/pal.py) for the slice loader (iclon.core.slices)."""

from professionalisation.outreach.navigation import pal, visits


def dashboard_cards(request) -> list:
    return [*pal.dashboard_cards(request)]


def account_links(request) -> list:
    return [*visits.account_links(request)]
