"""The researcher's own profile among the account pages, for the person a profile is linked to;
and the active researchers on a teaching-learning principle's page of the knowledge base."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from iclon.core.navigation import NavItem
from iclon.core.usercache import ALL_USERS
from research.knowledge.sections import (
    PrincipleCounts,
    PrincipleSection,
    TaggedItem,
    counts_by_principle,
    tagged_section,
)
from research.people.models import Researcher

# "My research profile" in the account menu: a profile linked to an account (or unlinked from one,
# which names the old account nowhere) retires every user's cached menu (iclon/core/usercache.py).
USER_CACHE_SOURCES = [("research.Researcher", ALL_USERS)]


def account_links(request) -> list[NavItem]:
    user = request.user
    if not user.is_authenticated or not Researcher.objects.filter(user=user).exists():
        return []
    return [NavItem(_("My research profile"), reverse("research_people:own-profile"), "/research/profile/")]


def _item(researcher: Researcher) -> TaggedItem:
    return TaggedItem(
        title=researcher.full_name,
        url=reverse("research_people:detail", args=[researcher.slug]),
        meta=researcher.get_role_display(),
    )


def principle_sections(request, principle) -> list[PrincipleSection]:
    """The active researchers who work with `principle` (as the public list of people shows them)."""
    rows = Researcher.objects.filter(active=True, principles=principle).order_by("full_name", "pk")
    return [
        tagged_section(
            rows,
            key="researchers",
            title=gettext("Researchers"),
            item=_item,
            empty_text=gettext("No researcher has named this principle yet."),
            see_all_url=f"{reverse('research_people:list')}?{urlencode({'principle': principle.slug})}",
            see_all_label=gettext("All researchers with this principle"),
        )
    ]


def principle_counts(request) -> list[PrincipleCounts]:
    active = Researcher.principles.through.objects.filter(researcher__active=True)
    return [
        PrincipleCounts(
            "researchers",
            counts_by_principle(active, "researcher_id"),
            lambda n: ngettext("%(count)d researcher", "%(count)d researchers", n) % {"count": n},
        )
    ]
