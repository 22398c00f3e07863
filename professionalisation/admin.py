"""The admin of professional development: each slice registers its own model admins
(professionalisation/activities/admin/, completion/admin.py, credentials/admin.py)."""

from professionalisation.activities import admin as activities_admin  # noqa: F401
from professionalisation.completion import admin as completion_admin  # noqa: F401
from professionalisation.credentials import admin as credentials_admin  # noqa: F401
