"""Who may do what with publications: predicates used by pages, admin, API and the import alike,
and the staff groups' permissions.

* Research staff (`research.change_publication`: the research staff group, administrators) import,
  create and change publications and their authors, and review suspected duplicates (merge them or
  keep both); they see unpublished publications too (`research.view_publication`).
* Everybody else, signed in or not, sees the published publications and changes nothing.
* The command line (`manage.py import_publications`) and the demo act as the system (no actor).
"""

from django.contrib.auth.models import AnonymousUser

from iclon.accounts.models import User
from iclon.accounts.roles import staff_may

Viewer = User | AnonymousUser | None

MANAGE_PUBLICATIONS = "research.change_publication"
VIEW_PUBLICATIONS = "research.view_publication"

GROUP_PERMISSIONS = {
    "research_staff": [
        *[f"research.{action}_publication" for action in ("view", "add", "change")],
        *[f"research.{action}_publicationauthor" for action in ("view", "add", "change", "delete")],
        "research.view_duplicatesuspicion",
        "research.change_duplicatesuspicion",
    ],
}


def manages_publications(user: Viewer) -> bool:
    return staff_may(user, MANAGE_PUBLICATIONS)


def sees_unpublished_publications(user: Viewer) -> bool:
    return staff_may(user, VIEW_PUBLICATIONS)
