"""The PAL cards of the dashboard: a PAL student's assignments, a school's PAL page for those who
speak for it, the coordinators' page for staff who see PAL; and for the coordinators the requests
that wait for them to assign students."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from iclon.core.navigation import AttentionItem, DashboardCard, HomeFigure
from professionalisation.activities.navigation import admin_list
from professionalisation.outreach.models.pal import PalRequestStatus
from professionalisation.outreach.permissions.pal import is_pal_staff, sees_all_pal
from professionalisation.outreach.selectors.pal import (
    pal_requests_to_assign,
    pal_speaking_school_ids,
    pal_student_for_user,
    trained_pal_student_count,
)


def dashboard_cards(request) -> list[DashboardCard]:
    user = request.user
    if not user.is_authenticated:
        return []
    cards = []
    if pal_student_for_user(user) is not None:
        cards.append(
            DashboardCard(
                title=_("My PAL assignments"),
                text=_("Confirm your assignments and log the hours you worked."),
                links=[(_("Open the page"), reverse("outreach:pal-mine"))],
            )
        )
    if pal_speaking_school_ids(user):
        cards.append(
            DashboardCard(
                title=_("PAL student assistants"),
                text=_("Request PAL students for your school and confirm their hours."),
                links=[(_("Open the page"), reverse("outreach:pal-school"))],
                kind="school",
            )
        )
    if sees_all_pal(user):
        cards.append(
            DashboardCard(
                title=_("PAL coordination"),
                text=_("Open requests with suggestions, confirmed hours and the payroll export."),
                links=[(_("Open the page"), reverse("outreach:pal-staff"))],
            )
        )
    return cards


def home_figures(request) -> list[HomeFigure]:
    """The PAL student assistants trained, counted from the pool (none kept yet: no figure)."""
    trained = trained_pal_student_count()
    if not trained:
        return []
    return [HomeFigure("pal_students", trained, _("PAL student-assistants trained to support teachers"))]


def attention_items(request) -> list[AttentionItem]:
    """Coordinators (who assign): the schools' requests waiting for PAL students to be assigned,
    linked to the admin's requests filtered to them (one query)."""
    user = request.user
    url = admin_list("professionalisation_palrequest", status__exact=PalRequestStatus.REQUESTED)
    if not is_pal_staff(user) or not url:
        return []
    waiting = pal_requests_to_assign(user).count()
    return [
        AttentionItem(
            label=ngettext(
                "PAL request waiting for students to be assigned",
                "PAL requests waiting for students to be assigned",
                waiting,
            ),
            url=url,
            count=waiting,
            order=55,
        )
    ]
