"""The development paths' header link (for everybody), the circles among the account pages, the
circles' section of the participant's own page, and the running circles on a teaching-learning
principle's page of the knowledge base.

`participant_sections(request)` gives the participant's page (professionalisation/activities,
"My professional development") this slice's section (their development paths with
progress, and their circles) without that slice importing this one (it comes after it): the page
collects the sections of the slices by name, as the header collects `navigation`."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from iclon.core.navigation import NavItem, PageSection
from professionalisation.circles import selectors
from professionalisation.circles.models import LearningCircle
from research.knowledge.sections import (
    PrincipleCounts,
    PrincipleSection,
    TaggedItem,
    counts_by_principle,
    tagged_section,
)
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


def principle_sections(request, principle) -> list[PrincipleSection]:
    """The running circles that work with `principle`. Circles are not public: everybody sees a
    circle's name, theme and region (what ICLON announces of it, never its people or questions);
    only a circle the visitor may see (selectors.circle_list_for_user) links to its page, and the
    "see all" link (the visitor's own list, narrowed) is for signed-in visitors."""
    rows = (
        LearningCircle.objects.filter(active=True, principles=principle)
        .select_related("region")
        .order_by("name_nl", "pk")
    )
    user = request.user
    # The ones of these the visitor may open (one query of ids; none for a visitor not signed in).
    visible = (
        set(selectors.circle_list_for_user(user).filter(pk__in=rows.values("pk")).values_list("pk", flat=True))
        if user.is_authenticated
        else set()
    )

    def item(circle: LearningCircle) -> TaggedItem:
        url = reverse("circles:detail", kwargs={"pk": circle.pk}) if circle.pk in visible else ""
        return TaggedItem(title=circle.name, url=url, meta=f"{circle.theme} · {circle.region.name}")

    return [
        tagged_section(
            rows,
            key="circles",
            title=gettext("Learning circles"),
            item=item,
            empty_text=gettext("No learning circle works with this principle yet."),
            see_all_url=(
                f"{reverse('circles:list')}?{urlencode({'principle': principle.slug})}" if user.is_authenticated else ""
            ),
            see_all_label=gettext("Your learning circles with this principle"),
        )
    ]


def principle_counts(request) -> list[PrincipleCounts]:
    running = LearningCircle.principles.through.objects.filter(learningcircle__active=True)
    return [
        PrincipleCounts(
            "circles",
            counts_by_principle(running, "learningcircle_id"),
            lambda n: ngettext("%(count)d learning circle", "%(count)d learning circles", n) % {"count": n},
        )
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
