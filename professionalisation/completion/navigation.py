"""Staff's header links and dashboard cards to the attendance lists and to the dashboard of
professional development, the participant's certificates among the account pages, and the
school's teachers' attendance and certificates on the school's page."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from iclon.core.navigation import DashboardCard, NavItem, PageSection
from professionalisation.completion.permissions import can_view_dashboard, is_attendance_staff
from professionalisation.completion.selectors import participant_completions, school_attendance


def navigation(request) -> list[NavItem]:
    items = dashboard_navigation(request)
    if not is_attendance_staff(request.user):
        return items
    return [
        NavItem(_("Attendance"), reverse("completion:meetings"), "/professionalisation/attendance/", tool=True),
        *items,
    ]


def dashboard_cards(request) -> list[DashboardCard]:
    cards = dashboard_dashboard_cards(request)
    if not is_attendance_staff(request.user):
        return cards
    return [
        DashboardCard(
            title=gettext("Attendance"),
            text=gettext("Record who was at today's meetings; completion and certificates follow."),
            links=[(gettext("Meetings of today and this week"), reverse("completion:meetings"))],
        ),
        *cards,
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


def school_sections(request, school) -> list[PageSection]:
    """The school's teachers' attendance and certificates on the school's page (which has checked
    that the user registers for the school)."""
    return [PageSection("professionalisation/completion/_school.html", {"rows": list(school_attendance(school))})]


def dashboard_navigation(request) -> list[NavItem]:
    """The header link to the dashboard of professional development, for staff who may see it."""
    if not can_view_dashboard(request.user):
        return []
    return [NavItem(_("PD dashboard"), reverse("completion:dashboard"), "/professionalisation/dashboard/", tool=True)]


def dashboard_dashboard_cards(request) -> list[DashboardCard]:
    if not can_view_dashboard(request.user):
        return []
    return [
        DashboardCard(
            title=gettext("Professional development in numbers"),
            text=gettext(
                "Fill rates, waiting lists, attendance, completion and the ONZ share, per activity and overall."
            ),
            links=[(gettext("Professional development dashboard"), reverse("completion:dashboard"))],
        )
    ]
