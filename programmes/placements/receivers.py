"""Placements take part in what intake does, through intake's hook (programmes/intake/hooks.py):
registered once, from the app's ready()."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, Q

from iclon.accounts.models import User
from programmes.intake import hooks
from programmes.intake.models import Application
from programmes.placements import services


@dataclass(frozen=True)
class PlacementsOnIntake:
    """A withdrawal cancels the trainee's live placements; a live placement holds anonymisation
    back; anonymisation clears what was written about the trainee in placements."""

    def application_withdrawn(self, *, application: Application, actor: User | None) -> None:
        for placement in services.live_placements_of(application):
            services.placement_cancel(placement=placement, actor=actor, withdrawal=True)

    def anonymisation_blockers(self) -> list[Exists]:
        return [services.live_placement_exists()]

    def application_anonymised(self, *, application: Application) -> Q:
        return services.placements_anonymise(application=application)


def connect() -> None:
    hooks.register(PlacementsOnIntake())
