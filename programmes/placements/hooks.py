"""What placements ask the slices built on them before a placement goes ahead, without knowing them.

A slice above placements (e.g. programmes/vog: a valid certificate of conduct) implements
`PlacementGuard` and registers it once, in its `receivers.connect()` (run from the app's
`ready()`). Confirming a proposed placement (the school) and starting a confirmed one (staff) call
every guard inside their transaction; the first refusal stops the move with its message (409).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from programmes.placements.models import Placement


class PlacementGuard(Protocol):
    def start_refusal(self, *, placement: Placement) -> str | None:
        """Why `placement` may not be confirmed or started yet (a translated message), or None."""


_guards: list[PlacementGuard] = []


def register(guard: PlacementGuard) -> None:
    """Register `guard` once (a second registration of an equal guard is ignored)."""
    if guard not in _guards:
        _guards.append(guard)


def start_refusal(*, placement: Placement) -> str | None:
    """The first guard's refusal of `placement` going ahead, or None."""
    for guard in _guards:
        refusal = guard.start_refusal(placement=placement)
        if refusal:
            return refusal
    return None
