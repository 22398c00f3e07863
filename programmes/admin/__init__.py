"""Admin of teacher education: the catalogue (catalogue.py) and intake (intake.py)."""

from programmes.admin import (
    catalogue,  # noqa: F401  (registers the catalogue's model admins)
    intake,  # noqa: F401  (registers intake's model admins)
    placements,  # noqa: F401  (registers the placements' model admins)
)
