"""The development paths' header link (for everybody), the circles among the account pages, and
the circles' section of the participant's own page.

`participant_sections(request)` gives the participant's page (professionalisation/activities,
"My professional development") this slice's section (their development paths with
progress, and their circles) without that slice importing this one (it comes after it): the page
collects the sections of the slices by name, as the header collects `navigation`."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iclon.core.navigation import NavItem, PageSection
from professionalisation.circles import selectors
from professionalisation.circles.models import LearningCircle
from research.questions.permissions import is_research_staff


def navigation(request) -> list[NavItem]:
    return [NavItem(_("Development paths"), reverse("circles:path-list"), "/professionalisation/paths/")]


def account_links(request) -> list[NavItem]:
    if not request.user.is_authenticated:
        return []
    return [NavItem(_("My learning circles"), reverse("circles:list"), "/professionalisation/circles/")]


def participant_sections(request) -> list[PageSection]:
    """The participant's paths and circles (template professionalisation/circles/_mine.html)."""
    if not request.user.is_authenticated:
        return []
    return [
        PageSection("professionalisation/circles/_mine.html", {"circles_mine": selectors.mine_overview(request.user)})
    ]


def question_sections(request, question) -> list[PageSection]:
    """A research question's page (research/questions): the circles it was matched to and, for
    research staff while it can be matched, the form that links it to an active circle."""
    circles = list(question.learning_circles.select_related("region").order_by("name_nl", "pk"))
    linkable = is_research_staff(request.user) and question.status in ("accepted", "matched")
    if not circles and not linkable:
        return []
    choices = list(LearningCircle.objects.filter(active=True).order_by("name_nl", "pk")) if linkable else []
    context = {"question": question, "circles": circles, "choices": choices}
    return [PageSection("professionalisation/circles/_question_circles.html", context)]
