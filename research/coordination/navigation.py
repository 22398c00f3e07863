"""Research support among the account pages: "Research support" (one's own requests and the form)
for every signed-in person who may ask (not a school's account: one query, on the account pages
only), and the queue for the research team (a permission check)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iclon.core.navigation import NavItem
from research.coordination.permissions import is_research_team, may_request_support


def account_links(request) -> list[NavItem]:
    user = request.user
    if not user.is_authenticated:
        return []
    team = is_research_team(user)
    links = []
    if team or may_request_support(user):
        links.append(NavItem(_("Research support"), reverse("research_coordination:list"), "/research/support/"))
    if team:
        links.append(
            NavItem(
                _("Research support: the queue"), reverse("research_coordination:queue"), "/research/support/queue/"
            )
        )
    return links
