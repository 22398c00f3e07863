"""Meet the Professor among the account pages: the circles' link for every signed-in person (the
page lists what the visitor may see: a school's requests, a researcher's visits, every request for
coordinators, and links a researcher of the pool to their own page); for coordinators the figures
(a permission check, no query of its own). In the header for
visitors who are not signed in (the page then leads teachers to the public form). On the
coordinators' dashboard, the requests and visits that wait for them."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from iclon.core.navigation import AttentionItem, NavItem
from professionalisation.activities.navigation import admin_list
from professionalisation.outreach.models.visits import VisitStatus
from professionalisation.outreach.permissions.visits import can_view_visit_figures, is_visit_coordinator
from professionalisation.outreach.selectors.visits import visit_attention_counts

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


def attention_items(request) -> list[AttentionItem]:
    """Coordinators: the requests waiting for a researcher to be proposed (new ones, and those the
    researcher proposed declined) and the confirmed visits of an earlier day not yet marked held,
    each linked to the admin's requests filtered to exactly those (one query)."""
    user = request.user
    if not is_visit_coordinator(user) or not admin_list("professionalisation_visitrequest"):
        return []
    # The start of today, as the admin's date filter writes it: a visit of today may still be on.
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    counts = visit_attention_counts(user=user, held_before=today)
    requested, declined, to_mark = counts["requested"], counts["declined"], counts["to_mark_held"]
    return [
        AttentionItem(
            label=ngettext(
                "Meet the Professor request waiting for a researcher",
                "Meet the Professor requests waiting for a researcher",
                requested,
            ),
            url=admin_list("professionalisation_visitrequest", status__exact=VisitStatus.REQUESTED),
            count=requested,
            order=50,
        ),
        AttentionItem(
            label=ngettext(
                "Meet the Professor request declined by the researcher: propose another",
                "Meet the Professor requests declined by the researcher: propose another",
                declined,
            ),
            url=admin_list("professionalisation_visitrequest", status__exact=VisitStatus.DECLINED),
            count=declined,
            order=51,
        ),
        AttentionItem(
            label=ngettext(
                "Meet the Professor visit of an earlier day not yet marked as held",
                "Meet the Professor visits of an earlier day not yet marked as held",
                to_mark,
            ),
            url=admin_list(
                "professionalisation_visitrequest", status__exact=VisitStatus.CONFIRMED, starts_at__lt=str(today)
            ),
            count=to_mark,
            order=52,
        ),
    ]
