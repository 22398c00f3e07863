"""Staff's header link and dashboard card to the attendance lists, and the participant's
certificates among the account pages."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from iclon.core.navigation import DashboardCard, NavItem, PageSection
from professionalisation.completion.permissions import is_attendance_staff
from professionalisation.completion.selectors import participant_completions


def navigation(request) -> list[NavItem]:
    if not is_attendance_staff(request.user):
        return []
    return [NavItem(_("Attendance"), reverse("completion:meetings"), "/professionalisation/attendance/")]


def dashboard_cards(request) -> list[DashboardCard]:
    if not is_attendance_staff(request.user):
        return []
    return [
        DashboardCard(
            title=gettext("Attendance"),
            text=gettext("Record who was at today's meetings; completion and certificates follow."),
            links=[(gettext("Meetings of today and this week"), reverse("completion:meetings"))],
        )
    ]


def account_links(request) -> list[NavItem]:
    if not request.user.is_authenticated:
        return []
    return [NavItem(_("My certificates"), reverse("completion:mine"), "/professionalisation/mine/certificates/")]


def participant_sections(request) -> list[PageSection]:
    """The participant's completed activities and certificates on "My professional development"."""
    if not request.user.is_authenticated:
        return []
    return [
        PageSection("professionalisation/completion/_mine.html", {"completions": participant_completions(request.user)})
    ]
