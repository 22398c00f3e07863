"""What the other slices add to the knowledge base: a principle's page gathers everything tagged
with it across the portal, though this slice knows none of the slices that tag.

Each slice that tags its rows with principles defines, in its `navigation.py` (iclon/core/slices.py):

* `principle_sections(request, principle) -> list[PrincipleSection]`: its section of the
  principle's page, the first `SECTION_SIZE` rows a visitor may see, their total, and the
  address of the slice's own list narrowed to the principle (where it has such a filter);
  `tagged_section` builds one from a queryset in at most two queries, whatever the number of rows;
* `principle_counts(request) -> list[PrincipleCounts]`: how many of its rows each principle has,
  for the index of the principles, in one aggregate query.

The page shows the sections in the order of `SECTION_ORDER` (a key not listed comes last), so a new
slice (research questions) only names its key there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet

#: The most rows a section of a principle's page shows; the rest are behind its "see all" link.
SECTION_SIZE = 6
#: The sections of a principle's page, in this order, by key.
SECTION_ORDER = ("modules", "activities", "projects", "publications", "circles", "questions", "researchers")


@dataclass(frozen=True)
class TaggedItem:
    """One row of a section: its title, its page (empty if the visitor may not open it) and one
    line about it (a pathway, a date, a year)."""

    title: str
    url: str = ""
    meta: str = ""


@dataclass(frozen=True)
class PrincipleSection:
    """One kind of thing tagged with a principle, on the principle's page."""

    key: str
    title: str
    items: list[TaggedItem]
    total: int
    empty_text: str
    see_all_url: str = ""
    see_all_label: str = ""

    @property
    def more(self) -> int:
        """How many rows the section does not show."""
        return max(0, self.total - len(self.items))


@dataclass(frozen=True)
class PrincipleCounts:
    """How many rows of one kind each principle has (by the principle's id), and how to say it
    ("3 modules": `describe(3)`)."""

    key: str
    counts: dict[int, int]
    describe: Callable[[int], str]


@dataclass(frozen=True)
class PrincipleSummary:
    """A principle on the index: what is tagged with it, said per kind ("3 modules")."""

    principle: Any
    tagged: list[str] = field(default_factory=list)
    total: int = 0


def section_rank(key: str) -> int:
    return SECTION_ORDER.index(key) if key in SECTION_ORDER else len(SECTION_ORDER)


def tagged_section(
    rows: QuerySet,
    *,
    key: str,
    title: str,
    item: Callable[[Any], TaggedItem],
    empty_text: str,
    see_all_url: str = "",
    see_all_label: str = "",
) -> PrincipleSection:
    """The section of `rows` (already narrowed to the principle, ordered and joined for `item`):
    the first SECTION_SIZE rows in one query, and their total in a second only when there may be
    more than those."""
    first = list(rows[:SECTION_SIZE])
    total = len(first) if len(first) < SECTION_SIZE else rows.order_by().count()
    return PrincipleSection(
        key=key,
        title=title,
        items=[item(row) for row in first],
        total=total,
        empty_text=empty_text,
        see_all_url=see_all_url if total else "",
        see_all_label=see_all_label,
    )


def counts_by_principle(through_rows: QuerySet, row_field: str) -> dict[int, int]:
    """{principle id: number of rows} from the rows of a many-to-many's through table (already
    narrowed to the rows a visitor may see), counting `row_field` (the tagged row's id) once each:
    one aggregate query."""
    counted = (
        through_rows.order_by()
        .values("teachinglearningprinciple_id")
        .annotate(n=Count(row_field, distinct=True))
        .values_list("teachinglearningprinciple_id", "n")
    )
    return dict(counted)
