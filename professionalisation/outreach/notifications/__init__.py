"""The notification categories of outreach, gathered from its parts (notifications/visits.py,
notifications/pal.py) for the slice loader (iclon.core.slices: `<slice>/notifications.py`
CATEGORIES)."""

from professionalisation.outreach.notifications import pal, visits

CATEGORIES: list[tuple] = [*visits.CATEGORIES, *pal.CATEGORIES]
