"""Meet the Professor among the account pages: the circles' link for every signed-in person (the
page lists what the visitor may see: a school's requests, a researcher's visits, every request for
coordinators, and links a researcher of the pool to their own page); for coordinators the figures
(a permission check, no query of its own). In the header for
visitors who are not signed in (the page then leads teachers to the public form)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iclon.core.navigation import NavItem
from professionalisation.outreach.permissions.visits import can_view_visit_figures

VISITS = "/professionalisation/outreach/visits/"


def account_links(request) -> list[NavItem]:
    user = request.user
    if not user.is_authenticated:
        return []
    # A researcher of the pool reaches their own page from the visits page: asking here would cost
    # every account page a query.
    links = [NavItem(_("Meet the Professor"), reverse("outreach:visit-list"), VISITS)]
    if can_view_visit_figures(user):
        links.append(NavItem(_("Meet the Professor figures"), reverse("outreach:visit-figures"), f"{VISITS}figures/"))
    return links


def navigation(request) -> list[NavItem]:
    if request.user.is_authenticated:
        return []
    return [NavItem(_("Meet the Professor"), reverse("outreach:visit-list"), VISITS)]
