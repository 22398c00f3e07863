"""The development paths' header link (for everybody), the circles among the account pages, and
the circles' section of the participant's own page.

`participant_sections(request)` gives the participant's page (professionalisation/activities,
"My professional development") this slice's section (their development paths with
progress, and their circles) without that slice importing this one (it comes after it): the page
collects the sections of the slices by name, as the header collects `navigation`."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iclon.core.navigation import NavItem, PageSection
from professionalisation.circles import selectors


def navigation(request) -> list[NavItem]:
    return [NavItem(_("Development paths"), reverse("circles:path-list"), "/professionalisation/paths/")]


def account_links(request) -> list[NavItem]:
    if not request.user.is_authenticated:
        return []
    return [NavItem(_("My learning circles"), reverse("circles:list"), "/professionalisation/circles/")]


def participant_sections(request) -> list[PageSection]:
    """The participant's paths and circles (template professionalisation/circles/_mine.html)."""
    if not request.user.is_authenticated:
        return []
    return [
        PageSection("professionalisation/circles/_mine.html", {"circles_mine": selectors.mine_overview(request.user)})
    ]
