"""Reads of the knowledge base: the principles, and what the portal's slices tag with them.

The knowledge slice comes first in research and imports none of the slices that tag (STYLE.md §1):
a principle's page and the index gather the slices' sections and counts through the slice hooks
`principle_sections` and `principle_counts` (research/knowledge/sections.py). Each hook runs a fixed
number of queries, so the pages do too, whatever the number of rows tagged."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest

from iclon.core.slices import domain_apps
from research.knowledge.models import TeachingLearningPrinciple
from research.knowledge.sections import PrincipleCounts, PrincipleSection, PrincipleSummary, section_rank


def principle_list() -> QuerySet[TeachingLearningPrinciple]:
    """The twelve principles in the strategic plan's order."""
    return TeachingLearningPrinciple.objects.order_by("order", "name_nl")


def principle_get(slug: str) -> TeachingLearningPrinciple | None:
    """The principle of `slug`, or None (an empty or unknown slug)."""
    if not slug:
        return None
    return TeachingLearningPrinciple.objects.filter(slug=slug[:60]).first()


def principle_sections(request: HttpRequest, principle: TeachingLearningPrinciple) -> list[PrincipleSection]:
    """Everything the slices tag with `principle`, as the visitor of `request` may see it, a
    section per kind in the order of sections.SECTION_ORDER."""
    sections = [section for config in domain_apps() for section in config.principle_sections(request, principle)]
    return sorted(sections, key=lambda section: section_rank(section.key))


def principle_overview(request: HttpRequest) -> list[PrincipleSummary]:
    """Each principle with what is tagged with it, counted per kind (one aggregate query a kind)."""
    kinds: list[PrincipleCounts] = sorted(
        (counts for config in domain_apps() for counts in config.principle_counts(request)),
        key=lambda counts: section_rank(counts.key),
    )
    summaries = []
    for principle in principle_list():
        numbers = [(kind, kind.counts.get(principle.pk, 0)) for kind in kinds]
        summaries.append(
            PrincipleSummary(
                principle=principle,
                tagged=[kind.describe(number) for kind, number in numbers if number],
                total=sum(number for _, number in numbers),
            )
        )
    return summaries
