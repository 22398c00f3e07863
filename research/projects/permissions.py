"""Who may do what with research projects: predicates used by pages, admin and API alike, and
the staff groups' permissions.

* Research staff (`research.change_researchproject`: the research staff group, administrators)
  create and change projects, their members and outputs, move their status and publish them.
* Research staff (`research.view_researchproject`) see drafts (unpublished projects) too.
* Everybody else, signed in or not, sees the published projects only and changes nothing: a
  project's members do not edit it themselves (a later slice may let them add outputs).
"""

from django.contrib.auth.models import AnonymousUser

from iclon.accounts.models import User
from iclon.accounts.roles import staff_may

Viewer = User | AnonymousUser | None

MANAGE_PROJECTS = "research.change_researchproject"
VIEW_PROJECTS = "research.view_researchproject"

_MODELS = ("researchproject", "projectmember", "projectoutput")

GROUP_PERMISSIONS = {
    "research_staff": [f"research.{action}_{model}" for model in _MODELS for action in ("view", "add", "change")]
    + ["research.delete_projectmember", "research.delete_projectoutput"],
}


def manages_projects(user: Viewer) -> bool:
    return staff_may(user, MANAGE_PROJECTS)


def sees_unpublished_projects(user: Viewer) -> bool:
    return staff_may(user, VIEW_PROJECTS)
