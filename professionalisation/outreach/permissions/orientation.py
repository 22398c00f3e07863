"""Who may do what with orientation on the teaching profession. Orientation activities are
professional development's activities (their admin and permissions are activities'); this part adds
the materials (kept by the professionalisation coordinators) and the funnel from orientation to
application, counts only, for the coordinators and intake officers (administrators hold everything)."""

from iclon.accounts.roles import staff_may
from professionalisation.activities.permissions import Viewer

VIEW_FUNNEL = "professionalisation.view_orientation_funnel"

GROUP_PERMISSIONS = {
    "professionalisation_coordinator": [
        *(f"professionalisation.{action}_orientationmaterial" for action in ("view", "add", "change", "delete")),
        VIEW_FUNNEL,
    ],
    "intake_officer": [VIEW_FUNNEL],
}


def can_view_funnel(user: Viewer) -> bool:
    """Staff who may see the funnel from orientation to application (counts, no names)."""
    return staff_may(user, VIEW_FUNNEL)
