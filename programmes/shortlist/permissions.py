"""Who may do what with shortlists.

A shortlist is its owner's: only they see, add and remove its routes, on the pages and in the API
(the selectors scope every read to the signed-in person). Programme coordinators read saved routes
in the admin (which routes people keep coming back to); nobody changes someone else's."""

from __future__ import annotations

from typing import Any

GROUP_PERMISSIONS = {
    "programme_coordinator": ["programmes.view_savedroute"],
}


def can_keep_shortlist(user: Any) -> bool:
    """Whether `user` has a shortlist at all: every signed-in, active person."""
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_remove_saved_route(user: Any, saved_route: Any) -> bool:
    return can_keep_shortlist(user) and saved_route.user_id == user.pk
