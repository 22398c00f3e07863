"""`year_rollover`: copy an academic year's start moments and placement periods to the next one,
exactly as the plan shows (programmes/cycle/selectors.py), and record the run.

Idempotent: what exists already is left alone, so running it twice creates nothing more; two
staff members rolling over at the same moment create each row once (get_or_create on the unique
start moment and period slug)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from iclon.accounts.models import User
from iclon.core.errors import NotAllowed, PortalError
from programmes.catalogue.models import StartMoment
from programmes.cycle.models import YearRollover
from programmes.cycle.permissions import can_roll_over
from programmes.cycle.selectors import year_rollover_plan
from programmes.placements.models import PlacementPeriod

EARLIEST_YEAR = 2000
LATEST_YEAR = 2100


def year_rollover(*, from_year: int, actor: User) -> YearRollover:
    """Roll academic year `from_year` (its first calendar year) over to the next one.

    Raises NotAllowed without the permission, PortalError for a year out of range or a year with
    nothing to copy."""
    if not can_roll_over(actor):
        raise NotAllowed(_("You may not roll a year over."))
    if not EARLIEST_YEAR <= from_year <= LATEST_YEAR:
        raise PortalError(
            _("Choose an academic year between %(first)d and %(last)d.") % {"first": EARLIEST_YEAR, "last": LATEST_YEAR}
        )
    with transaction.atomic():
        plan = year_rollover_plan(from_year=from_year)
        if plan.is_empty:
            raise PortalError(
                _("Academic year %(year)s has no start moments or placement periods to copy.")
                % {"year": plan.from_label}
            )
        # One row at a time (tens of rows a year): the history, the caches of the catalogue's
        # pages and every other receiver see each new row, as when staff add one in the admin.
        moments = sum(
            StartMoment.objects.get_or_create(
                pathway=planned.pathway,
                starts_on=planned.starts_on,
                defaults={"application_deadline": planned.application_deadline},
            )[1]
            for planned in plan.start_moments_to_create
        )
        periods = sum(
            PlacementPeriod.objects.get_or_create(
                slug=planned.slug,
                defaults={
                    "name_nl": planned.name_nl,
                    "name_en": planned.name_en,
                    "kind": planned.kind,
                    "starts_on": planned.starts_on,
                    "ends_on": planned.ends_on,
                },
            )[1]
            for planned in plan.periods_to_create
        )
        return YearRollover.objects.create(
            from_year=from_year,
            start_moments_created=moments,
            periods_created=periods,
            already_there=plan.already_there,
            performed_by=actor,
        )
