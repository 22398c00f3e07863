"""What outreach adds to the header, the dashboard and the account pages, part by part
(navigation/pal.py …)."""

from professionalisation.outreach.navigation import pal


def dashboard_cards(request) -> list:
    return [*pal.dashboard_cards(request)]
