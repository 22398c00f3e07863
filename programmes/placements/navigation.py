"""The header link and dashboard cards of placements: "Placements" for partner-school users, "My
placement" for trainees. Reads what the request has loaded already
(the visible schools, the user's latest applications) plus one count for the school card."""

from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from iclon.core.navigation import DashboardCard, NavItem
from iclon.core.tenancy import ALL_SCHOOLS, visible_school_ids
from programmes.intake.selectors import own_applications
from programmes.placements.models import PlacementStatus
from programmes.placements.permissions import TRAINEE_STATUSES, managed_school_ids
from programmes.placements.selectors import placement_list_for_user


def is_school_user(request) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_staff:
        return False
    ids = visible_school_ids(user)
    return ids is not ALL_SCHOOLS and bool(ids)


def is_trainee(applications) -> bool:
    return any(application.status in TRAINEE_STATUSES for application in applications)


def navigation(request) -> list:
    applications = own_applications(request)
    items = []
    if is_school_user(request):
        items.append(NavItem(_("Placements"), reverse("placements:school-dashboard"), "/placements/school/"))
    if is_trainee(applications):
        items.append(NavItem(_("My placement"), reverse("placements:mine"), "/placements/mine/"))
    return items


def dashboard_cards(request) -> list:
    applications = own_applications(request)
    cards = []
    if is_school_user(request):
        managed = managed_school_ids(request.user)
        awaiting = (
            placement_list_for_user(user=request.user)
            .filter(status=PlacementStatus.PROPOSED, school_id__in=managed)
            .count()
            if managed
            else 0
        )
        text = (
            ngettext(
                "%(count)s match awaits your confirmation.", "%(count)s matches await your confirmation.", awaiting
            )
            % {"count": awaiting}
            if awaiting
            else gettext("Your trainees, your offers of places, mentors and evaluations.")
        )
        cards.append(
            DashboardCard(
                title=gettext("Placements"),
                text=text,
                links=[
                    (gettext("Placements of our school"), reverse("placements:school-dashboard")),
                    (gettext("Our offers"), reverse("placements:school-offer-list")),
                ],
                kind="school",
            )
        )
    if is_trainee(applications):
        cards.append(
            DashboardCard(
                title=gettext("My placement"),
                text=gettext("Your placement school and mentor, your wishes for matching, and your evaluations."),
                links=[(gettext("My placement"), reverse("placements:mine"))],
            )
        )
    return cards
