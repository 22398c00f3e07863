"""The reads of researchers' profiles, scoped to the viewer in one place: everybody sees the
active profiles, research staff (the view permission) the inactive ones too."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from iclon.accounts.models import User
from research.people.models import Researcher
from research.people.permissions import is_active_person, sees_inactive_researchers

Viewer = User | AnonymousUser | None

#: The longest search the lists take (longer input is cut).
MAX_SEARCH = 100


def researcher_list_for_user(user: Viewer) -> QuerySet[Researcher]:
    rows = Researcher.objects.all()
    if not sees_inactive_researchers(user):
        rows = rows.filter(active=True)
    return rows.select_related("school").prefetch_related("principles")


def researcher_get_for_user(*, user: Viewer, slug: Any) -> Researcher:
    """The profile if `user` may see it; Http404 otherwise."""
    return get_object_or_404(researcher_list_for_user(user), slug=slug)


def researcher_filter(
    rows: QuerySet[Researcher],
    *,
    role: str = "",
    principle: str = "",
    school: int | None = None,
    q: str = "",
) -> QuerySet[Researcher]:
    """`rows` narrowed by role, principle (slug), school (id) and a search in name and expertise."""
    if role:
        rows = rows.filter(role=role)
    if principle:
        rows = rows.filter(principles__slug=principle)
    if school:
        rows = rows.filter(school_id=school)
    words = (q or "").strip()[:MAX_SEARCH].split()
    for word in words:
        rows = rows.filter(
            Q(full_name__icontains=word) | Q(expertise_nl__icontains=word) | Q(expertise_en__icontains=word)
        )
    return rows


def own_profile(user: Viewer) -> Researcher | None:
    """The profile linked to `user`'s account, if any."""
    if not isinstance(user, User) or not is_active_person(user):
        return None
    return Researcher.objects.filter(user=user).prefetch_related("principles").first()
