"""The admin of professional development: each slice registers its own model admins
(the package professionalisation/activities/admin/)."""

from professionalisation.activities import admin as activities_admin  # noqa: F401
from professionalisation.circles import admin as circles_admin  # noqa: F401
