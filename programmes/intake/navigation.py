"""Intake's header link and dashboard cards: "My applications" for applicants and the intake card
for staff who see all applications. ("Your data", once intake's, is the account's own page now:
iclon.accounts, built on the registry of personal data; intake's applications-only download at
/applications/my-data/ keeps working.)"""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from iclon.core.navigation import DashboardCard, NavItem
from programmes.intake.selectors import own_applications, sees_all_applications

# The header's "My applications" and "My placement" follow the applicant's applications: a change
# of one retires the applicant's cached links (iclon/core/usercache.py).
USER_CACHE_SOURCES = [("programmes.Application", "applicant_id")]


def navigation(request) -> list[NavItem]:
    if own_applications(request):
        return [NavItem(_("My applications"), reverse("intake:application-list"), "/applications/")]
    return []


def dashboard_cards(request) -> list[DashboardCard]:
    cards = []
    applications = own_applications(request)
    if applications:
        links = [
            (
                gettext("%(route)s (%(status)s)")
                % {"route": application.pathway.name, "status": application.get_status_display().lower()},
                reverse("intake:application-detail", kwargs={"pk": application.pk}),
            )
            for application in applications[:3]
        ]
        links.append((gettext("All my applications"), reverse("intake:application-list")))
        cards.append(
            DashboardCard(
                title=gettext("My applications"),
                text=gettext(
                    "Follow your applications, answer ICLON's questions and finish a draft before the deadline."
                ),
                links=links,
            )
        )
    if sees_all_applications(request.user):
        try:
            changelist = reverse("admin:programmes_application_changelist")
        except NoReverseMatch:
            changelist = None
        if changelist:
            cards.append(
                DashboardCard(
                    title=gettext("Intake"),
                    text=gettext("Applications for the routes into teaching: review, assess and decide."),
                    links=[(gettext("Applications"), changelist)],
                    kind="staff",
                )
            )
    return cards
