"""What outreach adds to the header, the dashboard and the account pages, gathered from its parts
(navigation/visits.py, …) for the slice loader (iclon.core.slices)."""

from professionalisation.outreach.navigation import visits


def account_links(request) -> list:
    return [*visits.account_links(request)]
