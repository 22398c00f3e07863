"""Admin of teacher education: the catalogue (catalogue.py) and intake (intake.py)."""

from programmes.admin import catalogue  # noqa: F401  (registers the catalogue's model admins)
from programmes.admin import intake  # noqa: F401  (registers intake's model admins)
