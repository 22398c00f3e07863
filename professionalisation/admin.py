"""The admin of professional development: each slice registers its own model admins
(the admin modules of professionalisation/activities, completion, credentials and circles).."""

from professionalisation.activities import admin as activities_admin  # noqa: F401
from professionalisation.circles import admin as circles_admin  # noqa: F401
from professionalisation.completion import admin as completion_admin  # noqa: F401
from professionalisation.credentials import admin as credentials_admin  # noqa: F401
from professionalisation.outreach import admin as outreach_admin  # noqa: F401
