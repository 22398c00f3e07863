"""Whose saved routes are read where: the one place the rule is written.

A shortlist is its owner's alone: pages and the API read only the signed-in person's own rows
(another person's saved route is a 404, for staff too; staff with the view permission read
shortlists in the admin only). Anonymous visitors have none."""

from __future__ import annotations

from typing import TypeGuard

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from iclon.accounts.models import User
from programmes.catalogue.models import Pathway
from programmes.shortlist.models import SavedRoute

Viewer = User | AnonymousUser | None

# Where a request keeps the ids of its user's saved pathways, read once per request (the toggle
# may be shown on every answer of the route finder).
_REQUEST_ATTRIBUTE = "_shortlist_pathway_ids"


def _signed_in(user: object) -> TypeGuard[User]:
    # A request's user is a lazy object that passes for a User in isinstance.
    return isinstance(user, User) and user.is_authenticated


def saved_route_list_for_user(*, user: Viewer) -> QuerySet[SavedRoute]:
    """`user`'s own saved routes, newest first, with what a list shows already loaded (the
    pathway with its qualification and programme)."""
    if not _signed_in(user):
        return SavedRoute.objects.none()
    return (
        SavedRoute.objects.filter(user=user)
        .select_related("pathway", "pathway__qualification", "pathway__programme")
        .order_by("-created_at", "-pk")
    )


def saved_route_get_for_user(*, user: Viewer, pk: int) -> SavedRoute:
    """One of `user`'s own saved routes; 404 for anybody else's, or for a visitor."""
    try:
        return saved_route_list_for_user(user=user).get(pk=pk)
    except SavedRoute.DoesNotExist:
        raise Http404 from None


def saved_pathway_ids(request: HttpRequest) -> frozenset[int]:
    """The ids of the pathways the request's user has saved (empty for a visitor): one query per
    request, however many routes the page shows."""
    cached = getattr(request, _REQUEST_ATTRIBUTE, None)
    if cached is None:
        user = getattr(request, "user", None)
        cached = (
            frozenset(SavedRoute.objects.filter(user=user).values_list("pathway_id", flat=True))
            if _signed_in(user)
            else frozenset()
        )
        setattr(request, _REQUEST_ATTRIBUTE, cached)
    return cached


def savable_pathways() -> QuerySet[Pathway]:
    """The routes a person may save: the published ones, as visitors see them."""
    return Pathway.objects.published()
