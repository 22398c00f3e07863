"""The plan of a year rollover: what copying an academic year's start moments and placement
periods to the next one would create, and what is there already (the admin's preview; the service
creates exactly the plan's missing rows).

An academic year runs from 1 September to 31 August and is named by its first calendar year. A
copy is its original shifted by one year (29 February becomes 28 February); a placement period's
slug and names get their years moved on ("2026-2027-s1" → "2027-2028-s1"). Start moments are
copied for published pathways only; a pathway whose tuition fee is still for the year copied is
listed so that staff enter the new fee (fees are not guessed)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from programmes.catalogue.models import Pathway, StartMoment
from programmes.cycle.models import academic_year_label
from programmes.placements.models import PlacementPeriod

_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def academic_year_of(day: datetime.date) -> int:
    """The academic year (its first calendar year) that `day` falls in."""
    return day.year if day.month >= 9 else day.year - 1


def academic_year_bounds(first_year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(first_year, 9, 1), datetime.date(first_year + 1, 8, 31)


def one_year_later(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def years_moved_on(text: str, first_year: int) -> str:
    """`text` with the calendar years of academic year `first_year` moved on by one (other years,
    and numbers that are not such a year, stay)."""
    years = {first_year, first_year + 1}
    return _YEAR.sub(lambda m: str(int(m.group(1)) + 1) if int(m.group(1)) in years else m.group(1), text)


def _next_slug(slug: str, from_year: int) -> str:
    """The copy's slug: its years moved on, or (a slug that names no year) the next year added."""
    moved = years_moved_on(slug, from_year)
    return moved if moved != slug else f"{slug[:30]}-{from_year + 1}"


@dataclass(frozen=True)
class PlannedStartMoment:
    pathway: Pathway
    starts_on: datetime.date
    application_deadline: datetime.date
    copied_from: StartMoment
    exists: bool


@dataclass(frozen=True)
class PlannedPeriod:
    slug: str
    name_nl: str
    name_en: str
    kind: str
    starts_on: datetime.date
    ends_on: datetime.date
    copied_from: PlacementPeriod
    exists: bool


@dataclass(frozen=True)
class RolloverPlan:
    from_year: int
    start_moments: list[PlannedStartMoment] = field(default_factory=list)
    periods: list[PlannedPeriod] = field(default_factory=list)
    fees_to_update: list[Pathway] = field(default_factory=list)

    @property
    def from_label(self) -> str:
        return academic_year_label(self.from_year)

    @property
    def to_label(self) -> str:
        return academic_year_label(self.from_year + 1)

    @property
    def start_moments_to_create(self) -> list[PlannedStartMoment]:
        return [planned for planned in self.start_moments if not planned.exists]

    @property
    def periods_to_create(self) -> list[PlannedPeriod]:
        return [planned for planned in self.periods if not planned.exists]

    @property
    def already_there(self) -> int:
        return sum(planned.exists for planned in self.start_moments) + sum(planned.exists for planned in self.periods)

    @property
    def is_empty(self) -> bool:
        return not self.start_moments and not self.periods


def year_rollover_plan(*, from_year: int) -> RolloverPlan:
    """What rolling academic year `from_year` over would create (four queries, whatever the number
    of rows)."""
    first, last = academic_year_bounds(from_year)
    next_first, next_last = academic_year_bounds(from_year + 1)
    moments = list(
        StartMoment.objects.filter(starts_on__range=(first, last), pathway__is_published=True)
        .select_related("pathway")
        .order_by("pathway__name_nl", "starts_on")
    )
    existing_moments = set(
        StartMoment.objects.filter(starts_on__range=(next_first, next_last)).values_list("pathway_id", "starts_on")
    )
    start_moments = []
    for moment in moments:
        starts_on = one_year_later(moment.starts_on)
        start_moments.append(
            PlannedStartMoment(
                pathway=moment.pathway,
                starts_on=starts_on,
                application_deadline=one_year_later(moment.application_deadline),
                copied_from=moment,
                exists=(moment.pathway_id, starts_on) in existing_moments,
            )
        )
    periods = list(PlacementPeriod.objects.filter(starts_on__range=(first, last)).order_by("starts_on", "kind"))
    slugs = [_next_slug(period.slug, from_year) for period in periods]
    existing_slugs = set(PlacementPeriod.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    planned_periods = [
        PlannedPeriod(
            slug=slug,
            name_nl=years_moved_on(period.name_nl, from_year),
            name_en=years_moved_on(period.name_en, from_year),
            kind=period.kind,
            starts_on=one_year_later(period.starts_on),
            ends_on=one_year_later(period.ends_on),
            copied_from=period,
            exists=slug in existing_slugs,
        )
        for period, slug in zip(periods, slugs, strict=True)
    ]
    fee_year = academic_year_label(from_year)
    pathways = {planned.pathway.pk: planned.pathway for planned in start_moments}
    fees_to_update = [p for p in pathways.values() if p.tuition_fee is not None and p.tuition_fee_year == fee_year]
    return RolloverPlan(
        from_year=from_year,
        start_moments=start_moments,
        periods=planned_periods,
        fees_to_update=sorted(fees_to_update, key=lambda p: p.name_nl),
    )


def routes_without_next_year(*, from_year: int) -> int:
    """How many published routes start in academic year `from_year` but have no start moment in
    the next one yet (one query): what a rollover of `from_year` would give a start."""
    first, last = academic_year_bounds(from_year)
    next_first, next_last = academic_year_bounds(from_year + 1)
    return (
        Pathway.objects.filter(is_published=True, start_moments__starts_on__range=(first, last))
        .exclude(start_moments__starts_on__range=(next_first, next_last))
        .distinct()
        .count()
    )
