"""The catalogue's header link (for everybody) and the participant's page among the account pages."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iclon.core.navigation import DashboardCard, NavItem
from professionalisation.activities.selectors import schools_registering_for


def navigation(request) -> list[NavItem]:
    # The prefix marks the catalogue and the activities' pages, not the participant's own pages.
    return [NavItem(_("Professional development"), reverse("activities:list"), "/professionalisation/activities/")]


def account_links(request) -> list[NavItem]:
    """The participant's own page among the account pages (registrations, waiting lists, offers)."""
    if not request.user.is_authenticated:
        return []
    return [NavItem(_("My professional development"), reverse("activities:mine"), "/professionalisation/mine/")]


def dashboard_cards(request) -> list[DashboardCard]:
    """A school contact's (or school leader's) card for each school's professional development:
    its registrations, waiting lists and invitations, and registering its teachers."""
    return [
        DashboardCard(
            title=_("Professional development at %(school)s") % {"school": school.name},
            text=_("See your school's registrations and waiting-list places, and register your teachers."),
            links=[(_("Open the page"), reverse("activities:school", kwargs={"pk": school.pk}))],
            kind="school",
        )
        for school in schools_registering_for(request.user)
    ]
