"""The admin of outreach: each part registers its model admins (admin/visits.py, admin/pal.py,
admin/orientation.py)."""

from professionalisation.outreach.admin import orientation, pal, visits  # noqa: F401
