"""The shortlist's links: "My shortlist" in the header and a dashboard card with the newest saved
routes, for people who have saved some; "My shortlist" in the account's side navigation for
everybody signed in (an empty shortlist says how to fill it).

The header's links and the card are kept per user (iclon/core/usercache.py), so that a page asks
the database nothing for them; a saved or removed route retires its owner's entries."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from iclon.core.navigation import DashboardCard, NavItem
from iclon.core.usercache import user_cached
from programmes.shortlist.permissions import can_keep_shortlist
from programmes.shortlist.selectors import saved_route_list_for_user

USER_CACHE_SOURCES = [("programmes.SavedRoute", "user_id")]
DASHBOARD_ROUTES = 3
PREFIX = "/shortlist/"


def navigation(request) -> list[NavItem]:
    # Called within the header's per-user cache entry: one query on a miss, none on a hit.
    if can_keep_shortlist(request.user) and saved_route_list_for_user(user=request.user).exists():
        return [NavItem(_("My shortlist"), reverse("shortlist:list"), PREFIX)]
    return []


def account_links(request) -> list[NavItem]:
    if not can_keep_shortlist(request.user):
        return []
    return [NavItem(_("My shortlist"), reverse("shortlist:list"), PREFIX)]


def _card(request) -> list[DashboardCard]:
    saved = list(saved_route_list_for_user(user=request.user)[: DASHBOARD_ROUTES + 1])
    if not saved:
        return []
    links = [
        (str(item.pathway.name), reverse("programmes:pathway-detail", kwargs={"slug": item.pathway.slug}))
        for item in saved[:DASHBOARD_ROUTES]
    ]
    links.append((gettext("My shortlist"), reverse("shortlist:list")))
    return [
        DashboardCard(
            title=gettext("My shortlist"),
            text=ngettext(
                "The route you saved to come back to.",
                "The routes you saved to come back to, newest first.",
                len(saved),
            ),
            links=links,
        )
    ]


def dashboard_cards(request) -> list[DashboardCard]:
    if not can_keep_shortlist(request.user):
        return []
    return user_cached(request.user, "shortlist-card", lambda: _card(request))
