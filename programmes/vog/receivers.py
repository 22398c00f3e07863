"""The certificate of conduct takes part in placements through their guard (programmes/placements/
hooks.py): a placement whose kind has a VOG rule is confirmed and started only with a checked,
recent certificate. Registered once, from the app's ready()."""

from __future__ import annotations

from dataclasses import dataclass

from programmes.placements import hooks
from programmes.placements.models import Placement
from programmes.vog import services


@dataclass(frozen=True)
class VogGuard:
    def start_refusal(self, *, placement: Placement) -> str | None:
        return services.start_refusal(placement=placement)


def connect() -> None:
    hooks.register(VogGuard())
