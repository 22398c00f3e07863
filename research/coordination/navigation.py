"""Research support among the account pages: "Research support" (one's own requests and the form)
for every signed-in person, and the queue for the research team (a permission check, no query of
its own: whether an account is a school's is asked on the page, not on every account page)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iclon.core.navigation import NavItem
from research.coordination.permissions import is_research_team


def account_links(request) -> list[NavItem]:
    user = request.user
    if not user.is_authenticated:
        return []
    links = [NavItem(_("Research support"), reverse("research_coordination:list"), "/research/support/")]
    if is_research_team(user):
        links.append(
            NavItem(
                _("Research support: the queue"), reverse("research_coordination:queue"), "/research/support/queue/"
            )
        )
    return links
