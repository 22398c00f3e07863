"""Reads for the public pages on routes into teaching.

Every function returns a queryset with what its page shows joined or prefetched, so a page runs
a fixed number of queries whatever the number of pathways. Start moments are prefetched as
`upcoming_starts` (from today on, Europe/Amsterdam); `with_next_start` adds `next_start` and
`next_start_open` to each pathway of a list.
"""

import datetime
from collections.abc import Iterable

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from programmes.catalogue import search
from programmes.catalogue.models import (
    DeficiencyCourse,
    Pathway,
    PriorEducationRule,
    Qualification,
    SchoolSubject,
    StartMoment,
    deadline_today,
)


def today() -> datetime.date:
    """Today in Europe/Amsterdam: a deadline is open until the end of its day there."""
    return deadline_today()


def _upcoming_starts(on: datetime.date) -> Prefetch:
    return Prefetch(
        "start_moments",
        queryset=StartMoment.objects.filter(starts_on__gte=on).order_by("starts_on"),
        to_attr="upcoming_starts",
    )


def with_next_start(pathways: Iterable[Pathway], *, on: datetime.date | None = None) -> list[Pathway]:
    """The pathways as a list, each with `next_start` (the first upcoming start whose deadline is
    open, else the first upcoming start, else None) and `next_start_open`."""
    on = on or today()
    pathways = list(pathways)
    for pathway in pathways:
        starts = getattr(pathway, "upcoming_starts", [])
        for start in starts:
            start.is_open = start.is_open_on(on)
        open_starts = [start for start in starts if start.is_open]
        # Attributes of this list only (the templates read them), not fields of the model.
        pathway.next_start = open_starts[0] if open_starts else (starts[0] if starts else None)  # type: ignore[attr-defined]
        pathway.next_start_open = bool(open_starts)  # type: ignore[attr-defined]
    return pathways


def pathway_cards(*, on: datetime.date | None = None) -> QuerySet[Pathway]:
    """Published pathways with what a card shows: qualification, programme and upcoming starts."""
    return (
        Pathway.objects.published()
        .select_related("qualification", "programme")
        .prefetch_related(_upcoming_starts(on or today()))
        .order_by("order", "name_nl")
    )


def pathway_catalogue(
    *,
    subject: SchoolSubject | None = None,
    qualification: Qualification | None = None,
    sector: str = "",
    mode: str = "",
    start_month: int | None = None,
    starts_before: datetime.date | None = None,
    teaching_job: bool = False,
    q: str = "",
    on: datetime.date | None = None,
) -> QuerySet[Pathway]:
    """The catalogue, narrowed by the filters that are set (each optional)."""
    on = on or today()
    pathways = pathway_cards(on=on)
    if subject is not None:
        pathways = pathways.filter(subjects=subject)
    if qualification is not None:
        pathways = pathways.filter(qualification=qualification)
    if sector:
        pathways = pathways.filter(sector=sector)
    if mode:
        pathways = pathways.filter(mode=mode)
    if start_month or starts_before:
        starts = StartMoment.objects.filter(pathway=OuterRef("pk"), starts_on__gte=on)
        if start_month:
            starts = starts.filter(starts_on__month=start_month)
        if starts_before:
            starts = starts.filter(starts_on__lte=starts_before)
        pathways = pathways.filter(Exists(starts))
    if teaching_job:
        pathways = pathways.filter(requires_teaching_job=True)
    # Every word must match: a common word (search.py) or a name, summary or school subject.
    matches = search.search_filter(q)
    if matches is not None:
        pathways = pathways.filter(matches)
    return pathways


def pathway_detail(*, slug: str, include_unpublished: bool = False, on: datetime.date | None = None) -> Pathway:
    """One pathway with everything its page shows; raises Pathway.DoesNotExist."""
    pathways = Pathway.objects.all() if include_unpublished else Pathway.objects.published()
    return (
        pathways.select_related("qualification", "programme", "plus_programme_of")
        .prefetch_related(
            "modules__principles",  # the modules, each with its teaching-learning principles
            Prefetch("subjects", queryset=SchoolSubject.objects.order_by("order", "name_nl")),
            Prefetch("prior_education_rules", queryset=PriorEducationRule.objects.all()),
            Prefetch(
                "plus_programmes",
                queryset=Pathway.objects.published().order_by("order", "name_nl"),
                to_attr="published_plus_programmes",
            ),
            _upcoming_starts(on or today()),
        )
        .get(slug=slug)
    )


def pathway_compare(*, slugs: list[str], on: datetime.date | None = None) -> list[Pathway]:
    """The published pathways of `slugs`, in that order (unknown slugs left out)."""
    pathways = {
        pathway.slug: pathway
        for pathway in pathway_cards(on=on).prefetch_related("prior_education_rules").filter(slug__in=slugs)
    }
    return with_next_start([pathways[slug] for slug in slugs if slug in pathways], on=on)


def subject_list() -> QuerySet[SchoolSubject]:
    """All school subjects with the number of published pathways for each."""
    return SchoolSubject.objects.annotate(
        route_count=Count("pathways", filter=Q(pathways__is_published=True), distinct=True)
    ).order_by("order", "name_nl")


def subject_detail(*, slug: str) -> SchoolSubject:
    """One subject with its deficiency courses; raises SchoolSubject.DoesNotExist."""
    return SchoolSubject.objects.prefetch_related(
        Prefetch("deficiency_courses", queryset=DeficiencyCourse.objects.order_by("provider", "name_nl"))
    ).get(slug=slug)


def subject_pathways(*, subject: SchoolSubject, on: datetime.date | None = None) -> QuerySet[Pathway]:
    return pathway_cards(on=on).filter(subjects=subject)


def finder_pathways(*, on: datetime.date | None = None) -> QuerySet[Pathway]:
    """What find_routes() reads, plus the upcoming starts the answer shows."""
    return (
        Pathway.objects.published()
        .select_related("qualification", "programme", "plus_programme_of")
        .prefetch_related(
            "subjects",
            Prefetch("prior_education_rules", queryset=PriorEducationRule.objects.all()),
            _upcoming_starts(on or today()),
        )
        .order_by("order", "name_nl")
    )
