"""Who may do what with support requests of higher-education research coordination: predicates
used by pages, admin and API alike, and the staff groups' permissions.

* The research team (`research.change_supportrequest`: the research staff group, and
  administrators, who hold every permission) sees every request, assigns it, moves its state,
  keeps its internal notes and writes in its thread.
* Only active members of the research staff group are assignees (`is_eligible_assignee`): the
  administrators may act on the queue but are not part of the 3-fte team's rota.
* A requester is any active, signed-in person who is not a school account: faculty staff of the
  university have ordinary accounts (no staff group, no school). A school account (an active
  membership of a partner school) may not ask: this support is for the university's own staff.
  Staff of other ICLON groups may ask too (they work at the university), but see only their own
  requests. The requester sees their own requests and their thread (never the internal notes),
  writes in the thread while the request is open, and withdraws it.
* Nobody else sees anything (anonymous visitors, school accounts, other people's requests: 404).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from iclon.accounts.models import User
from iclon.accounts.roles import StaffGroup, staff_may
from partnerships.selectors import active_memberships
from research.coordination.models import SupportRequest

Viewer = User | AnonymousUser | None

MANAGE_SUPPORT = "research.change_supportrequest"
VIEW_SUPPORT = "research.view_supportrequest"

GROUP_PERMISSIONS = {
    "research_staff": [
        "research.view_supportrequest",
        "research.change_supportrequest",
        "research.view_supportrequestmessage",
        "research.add_supportrequestmessage",
    ],
}


def is_active_person(user: Viewer) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_research_team(user: Viewer) -> bool:
    """The research team (and administrators): the queue, assignment, states and notes."""
    return staff_may(user, MANAGE_SUPPORT)


def sees_all_support_requests(user: Viewer) -> bool:
    return staff_may(user, VIEW_SUPPORT)


def is_school_account(user: Viewer) -> bool:
    """An account with an active membership of a partner school (one query)."""
    if not is_active_person(user):
        return False
    return active_memberships(user=user).exists()  # type: ignore[arg-type]


def may_request_support(user: Viewer) -> bool:
    """An active, signed-in person who is not a school account (see the module's docstring)."""
    return is_active_person(user) and not is_school_account(user)


def is_requester(user: Viewer, support_request: SupportRequest) -> bool:
    return is_active_person(user) and support_request.requester_id == user.pk  # type: ignore[union-attr]


def can_view_support_request(user: Viewer, support_request: SupportRequest) -> bool:
    return sees_all_support_requests(user) or is_requester(user, support_request)


def can_write_message(user: Viewer, support_request: SupportRequest) -> bool:
    """The requester or the team, while the request is open."""
    if not support_request.is_open:
        return False
    return is_research_team(user) or is_requester(user, support_request)


def can_withdraw(user: Viewer, support_request: SupportRequest) -> bool:
    """The requester, while the request is open (the team declines instead)."""
    return support_request.is_open and is_requester(user, support_request)


def is_eligible_assignee(user: User | None) -> bool:
    """An active staff member of the research staff group (reads the prefetched groups if any)."""
    if user is None or not user.is_active or not user.is_staff:
        return False
    return any(group.name == StaffGroup.RESEARCH_STAFF for group in user.groups.all())
