"""Who may do what with accounts' own resources, in one place (views, admin and services)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from iclon.accounts.models import ErasureRequest, User
from iclon.accounts.roles import staff_may


def can_handle_erasure_request(user: User | AnonymousUser | None, request: ErasureRequest | None = None) -> bool:
    """Staff with the permission to change erasure requests (administrators), never for their own
    account: a second person carries it out."""
    if not staff_may(user, "accounts.change_erasurerequest"):
        return False
    return request is None or (user is not None and request.user_id != user.pk)
