"""On the home page, the publications of the five most recent years, counted from the data."""

from django.utils.translation import ngettext

from iclon.core.navigation import HomeFigure
from research.publications.selectors import publication_counts


def home_figures(request) -> list[HomeFigure]:
    counts = publication_counts()
    if not counts.total:
        return []  # no publications kept in the portal yet: the page keeps the strategic plan's figure
    label = ngettext(
        "publications in five years: %(scientific)d scientific and %(professional)d professional",
        "publications in five years: %(scientific)d scientific and %(professional)d professional",
        counts.total,
    ) % {"scientific": counts.scientific, "professional": counts.professional}
    return [HomeFigure("publications", counts.total, label)]
