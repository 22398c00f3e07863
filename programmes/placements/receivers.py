"""Placements take part in what intake does, through intake's hook (programmes/intake/hooks.py),
and tell research who is a trainee (the master's thesis topics of research/questions/hooks.py):
registered once, from the app's ready()."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, Q

from iclon.accounts.models import User
from programmes.intake import hooks
from programmes.intake.models import Application
from programmes.placements import services
from programmes.placements.permissions import TRAINEE_STATUSES
from research.questions import hooks as question_hooks


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


@dataclass(frozen=True)
class TraineesForResearch:
    """A trainee is an applicant admitted or enrolled (TRAINEE_STATUSES)."""

    def is_trainee(self, user: User) -> bool:
        return Application.objects.filter(applicant=user, status__in=TRAINEE_STATUSES).exists()


def connect() -> None:
    hooks.register(PlacementsOnIntake())
    question_hooks.register(TraineesForResearch())
