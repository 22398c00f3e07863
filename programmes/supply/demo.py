"""Demo data of regional supply and demand: a shortage status for every shortage subject in each
education region (idempotent). The figures themselves come from the other slices' demo data."""

from __future__ import annotations

import datetime

from partnerships.models import EducationRegion
from programmes.catalogue.models import SchoolSubject
from programmes.supply.models import ShortageLevel, ShortageStatus

DEMO_SOURCE = "Demo: example data, not a real measurement"
DEMO_DATE = datetime.date(2026, 10, 1)


def seed_demo(stdout, style) -> None:
    regions = list(EducationRegion.objects.order_by("name"))
    made = 0
    for subject in SchoolSubject.objects.order_by("order", "name_nl"):
        for index, region in enumerate(regions):
            if subject.is_shortage_subject:
                level = ShortageLevel.SHORTAGE
            elif index % 2:
                level = ShortageLevel.TIGHT
            else:
                continue
            _row, created = ShortageStatus.objects.get_or_create(
                subject=subject,
                region=region,
                defaults={"level": level, "source": DEMO_SOURCE, "measured_on": DEMO_DATE},
            )
            made += created
    stdout.write(f"  Supply and demand: {made} shortage statuses.")
