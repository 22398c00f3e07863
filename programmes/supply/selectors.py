"""The figures of regional supply and demand, per education region and school subject.

- Trainees: applications being assessed (submitted, in review, aptitude assessment), admitted (with
  or without conditions) and enrolled. A trainee counts in the region of the school of their latest
  placement, else of the school that employs them (lateral entry), else under "region unknown".
- Placements: proposed, and confirmed or running, in the region of the placement's school.
- Places offered: the places of open offers whose period has not ended, in the school's region.
- Shortage: the status staff set for the subject in the region, with its source and date.

`supply_demand` reads everything in six queries, whatever the number of rows."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import BigIntegerField, Count, F, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from partnerships.models import EducationRegion
from programmes.catalogue.models import SchoolSubject
from programmes.intake.models import Application, ApplicationStatus
from programmes.placements.models import Placement, PlacementOffer, PlacementStatus
from programmes.supply.models import ShortageStatus

S = ApplicationStatus
P = PlacementStatus

#: The trainees' stages shown, each with the application statuses it counts.
TRAINEE_STAGES = {
    "assessing": (S.SUBMITTED, S.IN_REVIEW, S.APTITUDE_ASSESSMENT),
    "admitted": (S.ADMITTED, S.ADMITTED_WITH_CONDITIONS),
    "enrolled": (S.ENROLLED,),
}
PLACEMENT_STAGES = {
    "proposed": (P.PROPOSED,),
    "confirmed": (P.CONFIRMED, P.RUNNING),
}
MEASURES = (*TRAINEE_STAGES, *PLACEMENT_STAGES, "open_places")
UNKNOWN = None  # the region of trainees with neither a placement nor an employing school
ALL = "all"  # every subject together (a subject of None is primary education: no school subject)


@dataclass
class Cell:
    """One region's figures for one subject (or for all subjects)."""

    assessing: int = 0
    admitted: int = 0
    enrolled: int = 0
    proposed: int = 0
    confirmed: int = 0
    open_places: int = 0
    shortage: ShortageStatus | None = None

    @property
    def trainees(self) -> int:
        return self.assessing + self.admitted + self.enrolled

    def add(self, measure: str, value: int) -> None:
        setattr(self, measure, getattr(self, measure) + value)


@dataclass
class SupplyDemand:
    regions: list[EducationRegion]
    subjects: list[SchoolSubject]
    #: {subject id, None (primary education) or ALL: {region id or None (unknown): Cell}}
    cells: dict[int | str | None, dict[int | None, Cell]] = field(default_factory=dict)
    as_of: datetime.date | None = None

    def cell(self, subject_id: int | str | None, region_id: int | None) -> Cell:
        return self.cells.get(subject_id, {}).get(region_id) or Cell()

    def columns(self, subject_id: int | str | None) -> list[tuple[EducationRegion | None, Cell]]:
        """The regions side by side for `subject_id` (ALL: every subject; None: primary
        education), "region unknown" last when it holds anyone."""
        columns: list[tuple[EducationRegion | None, Cell]] = [
            (region, self.cell(subject_id, region.pk)) for region in self.regions
        ]
        unknown = self.cell(subject_id, UNKNOWN)
        if unknown.trainees or unknown.proposed or unknown.confirmed or unknown.open_places:
            columns.append((None, unknown))
        return columns

    def rows(self) -> list[tuple[SchoolSubject | None, EducationRegion | None, Cell]]:
        """(subject, region, figures) for every subject and primary education (None), region by
        region: the rows of the CSV export and the API."""
        groups: list[tuple[SchoolSubject | None, int | None]] = [(s, s.pk) for s in self.subjects]
        groups.append((None, None))
        return [(subject, region, cell) for subject, key in groups for region, cell in self.columns(key)]

    def total(self, subject_id: int | str | None) -> Cell:
        total = Cell()
        for _region, cell in self.columns(subject_id):
            for measure in MEASURES:
                total.add(measure, getattr(cell, measure))
        return total


def _trainee_region() -> Coalesce:
    latest_school_region = Subquery(
        Placement.objects.filter(trainee=OuterRef("pk"))
        .order_by("-period__starts_on", "-pk")
        .values("school__region_id")[:1]
    )
    return Coalesce(latest_school_region, F("employing_school__region_id"), output_field=BigIntegerField())


def supply_demand(*, today: datetime.date | None = None) -> SupplyDemand:
    """Every subject's figures per region (and all subjects together): six queries."""
    today = today or timezone.localdate()
    regions = list(EducationRegion.objects.order_by("name"))
    subjects = list(SchoolSubject.objects.order_by("order", "name_nl"))
    cells: dict[int | str | None, dict[int | None, Cell]] = defaultdict(lambda: defaultdict(Cell))

    def count(subject_id: int | str | None, region_id: int | None, measure: str, value: int) -> None:
        cells[subject_id][region_id].add(measure, value)
        cells[ALL][region_id].add(measure, value)

    stage_of = {status: stage for stage, statuses in TRAINEE_STAGES.items() for status in statuses}
    trainees = (
        Application.objects.filter(status__in=list(stage_of))
        .annotate(region_id=_trainee_region())
        .values("subject_id", "region_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in trainees:
        count(row["subject_id"], row["region_id"], stage_of[row["status"]], row["n"])

    placement_stage = {status: stage for stage, statuses in PLACEMENT_STAGES.items() for status in statuses}
    placements = (
        Placement.objects.filter(status__in=list(placement_stage))
        # A placement as an employed teacher has no offer: the trainee's subject.
        .annotate(subject_id=Coalesce(F("offer__subject_id"), F("trainee__subject_id"), output_field=BigIntegerField()))
        .values("subject_id", "school__region_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in placements:
        count(row["subject_id"], row["school__region_id"], placement_stage[row["status"]], row["n"])

    offers = (
        PlacementOffer.objects.filter(is_open=True, period__ends_on__gte=today)
        .values("subject_id", "school__region_id")
        .annotate(places=Sum("places"))
        .order_by()
    )
    for row in offers:
        count(row["subject_id"], row["school__region_id"], "open_places", row["places"] or 0)

    for status in ShortageStatus.objects.all():
        cells[status.subject_id][status.region_id].shortage = status

    return SupplyDemand(
        regions=regions,
        subjects=subjects,
        cells={key: dict(value) for key, value in cells.items()},
        as_of=today,
    )


def shortage_status_list() -> QuerySet[ShortageStatus]:
    """Every shortage status with its subject and region (one query), for the API and the admin."""
    return ShortageStatus.objects.select_related("subject", "region")
