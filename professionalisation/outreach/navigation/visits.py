"""Meet the Professor among the account pages (as the circles' link: for every signed-in person,
without a query; the page lists what the visitor may see: a school's requests, a researcher's
visits, every request for coordinators), and in the header for visitors who are not signed in (the
page then leads teachers to the public form)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iclon.core.navigation import NavItem


def account_links(request) -> list[NavItem]:
    if not request.user.is_authenticated:
        return []
    return [NavItem(_("Meet the Professor"), reverse("outreach:visit-list"), "/professionalisation/outreach/visits/")]


def navigation(request) -> list[NavItem]:
    if request.user.is_authenticated:
        return []
    return [NavItem(_("Meet the Professor"), reverse("outreach:visit-list"), "/professionalisation/outreach/visits/")]
