"""Who may do what with researchers' profiles: predicates used by pages, admin and API alike, and
the staff groups' permissions.

* Research staff (`research.change_researcher`: the research staff group, administrators) keep every
  profile: create it, change any field, link it to a user account, make it inactive.
* The person a profile is linked to (an active account) edits the personal part of their own
  profile (`services.PERSONAL_FIELDS`: expertise, languages, photo, principles), not what
  identifies them or what they do at ICLON (name, role, ORCID iD, school, slug, active): those
  are facts that the research staff check (an ORCID iD matches publications to the person).
* Everybody sees the active profiles; research staff (`research.view_researcher`) the inactive too.
"""

from django.contrib.auth.models import AnonymousUser

from iclon.accounts.models import User
from iclon.accounts.roles import staff_may
from research.people.models import Researcher

Viewer = User | AnonymousUser | None

MANAGE_RESEARCHERS = "research.change_researcher"
VIEW_RESEARCHERS = "research.view_researcher"

GROUP_PERMISSIONS = {
    "research_staff": [
        "research.view_researcher",
        "research.add_researcher",
        "research.change_researcher",
    ],
}


def is_active_person(user: Viewer) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def manages_researchers(user: Viewer) -> bool:
    return staff_may(user, MANAGE_RESEARCHERS)


def sees_inactive_researchers(user: Viewer) -> bool:
    return staff_may(user, VIEW_RESEARCHERS)


def is_own_profile(user: Viewer, researcher: Researcher) -> bool:
    """`researcher` is linked to `user`'s (active) account."""
    return bool(is_active_person(user) and researcher.user_id is not None and researcher.user_id == user.pk)  # type: ignore[union-attr]


def can_edit_profile(user: Viewer, researcher: Researcher) -> bool:
    """May change at least the personal part of the profile."""
    return manages_researchers(user) or is_own_profile(user, researcher)
