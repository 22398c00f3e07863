"""Demo data of matching runs: one draft run for the coming placement period, started by the demo
placement coordinator (stages@example.org) and computed through the service, so the runs page
shows proposals with their reasons. Idempotent: a draft run for the period is kept as it is."""

from __future__ import annotations

from django_scopes import scopes_disabled

from iclon.accounts.models import User
from programmes.matchruns import services
from programmes.matchruns.models import MatchingRun, RunStatus
from programmes.placements.demo import COORDINATOR
from programmes.placements.scale import coming_period


def seed_demo(stdout, style) -> None:
    with scopes_disabled():
        coordinator = User.objects.filter(email=COORDINATOR).first()
        if coordinator is None:
            stdout.write("  Matching runs demo skipped: the demo coordinator is not there.")
            return
        period = coming_period()
        run = MatchingRun.objects.filter(period=period, status=RunStatus.DRAFT).first()
        made = run is None
        if run is None:
            run = services.matching_run_create(period=period, subject=None, actor=coordinator)
        count = run.proposals.count()
    stdout.write(
        f"  Matching runs: {'a draft run' if made else 'the draft run'} for {period.name} "
        f"with {count} proposals (total score {run.total_score})."
    )
