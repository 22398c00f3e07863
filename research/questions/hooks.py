"""Who is a trainee, answered by a later app without research knowing it.

A master's thesis topic is chosen by a trainee of ICLON's teacher education; trainees are the
admitted applicants of programmes (programmes/intake), an app that builds on research. The
programmes app registers a `TraineeSource` in its receivers' `connect()`; research asks every
source (none registered: nobody is a trainee)."""

from __future__ import annotations

from typing import Protocol

from iclon.accounts.models import User


class TraineeSource(Protocol):
    def is_trainee(self, user: User) -> bool: ...


_SOURCES: list[TraineeSource] = []


def register(source: TraineeSource) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def is_trainee(user: User) -> bool:
    return any(source.is_trainee(user) for source in _SOURCES)
