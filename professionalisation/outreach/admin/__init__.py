"""The admin of outreach: each part registers its model admins (admin/visits.py, admin/pal.py)."""

from professionalisation.outreach.admin import pal, visits  # noqa: F401
