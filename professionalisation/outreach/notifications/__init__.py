"""The notification categories of outreach, gathered from its parts (notifications/visits.py, …)
for the slice loader (iclon.core.slices: `<slice>/notifications.py` CATEGORIES)."""

from professionalisation.outreach.notifications import visits

CATEGORIES = [*visits.CATEGORIES]
