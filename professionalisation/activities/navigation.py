"""The catalogue's header link (for everybody) and the participant's page among the account pages."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iclon.core.navigation import NavItem


def navigation(request) -> list[NavItem]:
    # The prefix marks the catalogue and the activities' pages, not the participant's own pages.
    return [NavItem(_("Professional development"), reverse("activities:list"), "/professionalisation/activities/")]


def account_links(request) -> list[NavItem]:
    """The participant's own page among the account pages (registrations, waiting lists, offers)."""
    if not request.user.is_authenticated:
        return []
    return [NavItem(_("My professional development"), reverse("activities:mine"), "/professionalisation/mine/")]
