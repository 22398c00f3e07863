"""Meet the Professor among the account pages: the circles' link for every signed-in person (the
page lists what the visitor may see: a school's requests, a researcher's visits, every request for
coordinators); for a researcher of the pool their own page (profile and unavailable periods; one
query), for coordinators the figures (a permission check, no query of its own). In the header for
visitors who are not signed in (the page then leads teachers to the public form)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iclon.core.navigation import NavItem
from professionalisation.outreach.permissions.visits import can_view_visit_figures
from professionalisation.outreach.selectors.visits import in_pool

VISITS = "/professionalisation/outreach/visits/"


def account_links(request) -> list[NavItem]:
    user = request.user
    if not user.is_authenticated:
        return []
    links = [NavItem(_("Meet the Professor"), reverse("outreach:visit-list"), VISITS)]
    if in_pool(user):
        links.append(
            NavItem(_("My Meet the Professor availability"), reverse("outreach:researcher-me"), f"{VISITS}researcher/")
        )
    if can_view_visit_figures(user):
        links.append(NavItem(_("Meet the Professor figures"), reverse("outreach:visit-figures"), f"{VISITS}figures/"))
    return links


def navigation(request) -> list[NavItem]:
    if request.user.is_authenticated:
        return []
    return [NavItem(_("Meet the Professor"), reverse("outreach:visit-list"), VISITS)]
