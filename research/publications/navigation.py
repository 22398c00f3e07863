"""The publications in the portal's pages: on the home page, the publications of the five most
recent years, counted from the data; on a teaching-learning principle's page of the knowledge base,
the published publications tagged with it."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext

from iclon.core.navigation import HomeFigure
from research.knowledge.sections import (
    PrincipleCounts,
    PrincipleSection,
    TaggedItem,
    counts_by_principle,
    tagged_section,
)
from research.publications.models import Publication, PublicationAuthor
from research.publications.selectors import publication_counts


def _item(publication: Publication) -> TaggedItem:
    names = [author.name for author in publication.authors.all()]
    authors = ", ".join(names[:3]) + (" et al." if len(names) > 3 else "")
    meta = " · ".join(part for part in (authors, str(publication.year), publication.venue) if part)
    return TaggedItem(
        title=publication.title, url=reverse("research_publications:detail", args=[publication.pk]), meta=meta
    )


def principle_sections(request, principle) -> list[PrincipleSection]:
    """The published publications tagged with `principle`, newest first, with their authors."""
    rows = (
        Publication.objects.filter(published=True, principles=principle)
        .prefetch_related(Prefetch("authors", queryset=PublicationAuthor.objects.order_by("position", "pk")))
        .order_by("-year", "title", "pk")
    )
    return [
        tagged_section(
            rows,
            key="publications",
            title=gettext("Publications"),
            item=_item,
            empty_text=gettext("No publication is tagged with this principle yet."),
            see_all_url=f"{reverse('research_publications:list')}?{urlencode({'principle': principle.slug})}",
            see_all_label=gettext("All publications with this principle"),
        )
    ]


def principle_counts(request) -> list[PrincipleCounts]:
    published = Publication.principles.through.objects.filter(publication__published=True)
    return [
        PrincipleCounts(
            "publications",
            counts_by_principle(published, "publication_id"),
            lambda n: ngettext("%(count)d publication", "%(count)d publications", n) % {"count": n},
        )
    ]


def home_figures(request) -> list[HomeFigure]:
    counts = publication_counts()
    if not counts.total:
        return []  # no publications kept in the portal yet: the page keeps the strategic plan's figure
    label = ngettext(
        "publications in five years: %(scientific)d scientific and %(professional)d professional",
        "publications in five years: %(scientific)d scientific and %(professional)d professional",
        counts.total,
    ) % {"scientific": counts.scientific, "professional": counts.professional}
    return [HomeFigure("publications", counts.total, label)]
