"""What outreach tells people, part by part (notifications/pal.py …); CATEGORIES gathers the
parts' categories for iclon.notifications."""

from professionalisation.outreach.notifications import pal

CATEGORIES: list[tuple] = [*pal.CATEGORIES]
