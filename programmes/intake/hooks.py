"""What intake announces to the slices built on it, without knowing them.

Intake sits below placements (catalogue ← intake ← placements) and never imports it. Where a slice
above must take part in what intake does, it implements `IntakeListener` and registers it once, in
its `receivers.connect()` (run from the app's `ready()`); intake calls every registered listener
inside its own transaction, so a listener's refusal rolls the whole change back:

- a withdrawal cancels the trainee's live placements (placements' `placement_cancel`);
- an application is not anonymised while something above still needs it (a live placement);
- anonymisation clears what the slices above wrote about the applicant, and their outbox rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from django.db.models import Exists, Q

if TYPE_CHECKING:
    from iclon.accounts.models import User
    from programmes.intake.models import Application


class IntakeListener(Protocol):
    def application_withdrawn(self, *, application: Application, actor: User | None) -> None:
        """`application` was withdrawn by `actor` (in the withdrawal's transaction)."""

    def anonymisation_blockers(self) -> list[Exists]:
        """Subqueries over `OuterRef("pk")` of an application: one that exists keeps it from being
        anonymised yet (e.g. a live placement)."""

    def application_anonymised(self, *, application: Application) -> Q:
        """Clear what this slice holds about the applicant of `application`; return the outbox rows
        (a filter on Notification) that name them, for intake to delete with its own."""


_listeners: list[IntakeListener] = []


def register(listener: IntakeListener) -> None:
    """Register `listener` once (a second registration of an equal listener is ignored)."""
    if listener not in _listeners:
        _listeners.append(listener)


def listeners() -> tuple[IntakeListener, ...]:
    return tuple(_listeners)
