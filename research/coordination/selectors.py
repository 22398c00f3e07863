"""The reads of support requests, scoped to the viewer in one place: the research team (the view
permission) sees every request, a requester their own, everybody else none. The queue's filters
and order (nearest submission deadline first) are written once here, for the pages and the API."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from iclon.accounts.models import User
from iclon.accounts.roles import StaffGroup
from research.coordination.models import (
    DEADLINE_SOON_DAYS,
    OPEN_STATUSES,
    SupportKind,
    SupportRequest,
    SupportRequestMessage,
    SupportStatus,
)
from research.coordination.permissions import is_active_person, sees_all_support_requests

Viewer = User | AnonymousUser | None

#: The values of the queue's assignee filter besides a member's id.
MINE, UNASSIGNED = "mine", "unassigned"
#: The value of the status filter that shows every open request (the queue's default).
OPEN = "open"
#: The longest search the lists take (longer input is cut).
MAX_SEARCH = 100


def _messages() -> Prefetch:
    return Prefetch(
        "messages", queryset=SupportRequestMessage.objects.select_related("author").order_by("created_at", "pk")
    )


def support_request_list_for_user(user: Viewer) -> QuerySet[SupportRequest]:
    """The requests `user` may see, with requester, assignee, faculty and the thread loaded."""
    rows = SupportRequest.objects.select_related("requester", "assignee", "faculty__institution").prefetch_related(
        _messages()
    )
    if sees_all_support_requests(user):
        return rows
    if is_active_person(user):
        return rows.filter(requester_id=user.pk)  # type: ignore[union-attr]
    return rows.none()


def support_request_get_for_user(*, user: Viewer, pk: Any) -> SupportRequest:
    """The request if `user` may see it; Http404 otherwise."""
    return get_object_or_404(support_request_list_for_user(user), pk=pk)


def by_deadline(rows: QuerySet[SupportRequest]) -> QuerySet[SupportRequest]:
    """Nearest submission deadline first (requests without one after them), then oldest first."""
    return rows.order_by(F("submission_deadline").asc(nulls_last=True), "created_at", "pk")


def support_request_filter(
    rows: QuerySet[SupportRequest],
    *,
    user: Viewer,
    status: str = "",
    kind: str = "",
    assignee: str = "",
    deadline_soon: bool = False,
    q: str = "",
) -> QuerySet[SupportRequest]:
    """`rows` narrowed by the queue's filters: status (a state, or "open" for the three open ones),
    kind, assignee ("mine", "unassigned" or a member's id), a submission deadline within
    DEADLINE_SOON_DAYS (or passed, for an open request) and a search in titles, descriptions and the
    requester's name. Unknown values of status, kind and assignee match nothing."""
    if status == OPEN:
        rows = rows.filter(status__in=OPEN_STATUSES)
    elif status:
        rows = rows.filter(status=status) if status in SupportStatus.values else rows.none()
    if kind:
        rows = rows.filter(kind=kind) if kind in SupportKind.values else rows.none()
    if assignee == MINE:
        rows = rows.filter(assignee_id=user.pk) if is_active_person(user) else rows.none()  # type: ignore[union-attr]
    elif assignee == UNASSIGNED:
        rows = rows.filter(assignee__isnull=True)
    elif assignee:
        rows = rows.filter(assignee_id=int(assignee)) if assignee.isdigit() and len(assignee) < 10 else rows.none()
    if deadline_soon:
        limit = timezone.localdate() + datetime.timedelta(days=DEADLINE_SOON_DAYS)
        rows = rows.filter(status__in=OPEN_STATUSES, submission_deadline__lte=limit)
    for word in (q or "").strip()[:MAX_SEARCH].split():
        rows = rows.filter(
            Q(title__icontains=word) | Q(description__icontains=word) | Q(requester__full_name__icontains=word)
        )
    return rows


def team_members() -> QuerySet[User]:
    """The research team: the active staff of the research staff group, the possible assignees."""
    return (
        User.objects.filter(groups__name=StaffGroup.RESEARCH_STAFF, is_active=True, is_staff=True)
        .distinct()
        .order_by("full_name", "pk")
    )


def support_request_counts(user: Viewer) -> dict[str, int]:
    """The queue's figures for the team: open, unassigned, mine and overdue (one query)."""
    today = timezone.localdate()
    rows = support_request_list_for_user(user).filter(status__in=OPEN_STATUSES)
    return rows.aggregate(
        open=Count("pk"),
        unassigned=Count("pk", filter=Q(assignee__isnull=True)),
        mine=Count("pk", filter=Q(assignee_id=getattr(user, "pk", None))),
        overdue=Count("pk", filter=Q(submission_deadline__lt=today)),
    )
