"""The admin of teacher education: each slice registers its own model admins
(programmes/catalogue/admin.py, programmes/intake/admin/, programmes/placements/admin.py,
programmes/shortlist/admin.py, programmes/cycle/admin.py,
programmes/supply/admin.py, programmes/vog/admin.py, programmes/support/admin.py,
programmes/progress/admin.py, programmes/matchruns/admin.py)."""

from programmes.catalogue import admin as catalogue_admin  # noqa: F401
from programmes.cycle import admin as cycle_admin  # noqa: F401
from programmes.intake import admin as intake_admin  # noqa: F401
from programmes.matchruns import admin as matchruns_admin  # noqa: F401
from programmes.placements import admin as placements_admin  # noqa: F401
from programmes.progress import admin as progress_admin  # noqa: F401
from programmes.shortlist import admin as shortlist_admin  # noqa: F401
from programmes.supply import admin as supply_admin  # noqa: F401
from programmes.support import admin as support_admin  # noqa: F401
from programmes.vog import admin as vog_admin  # noqa: F401
