"""Who wrote a history row (django-simple-history)."""

from typing import TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models

U = TypeVar("U", bound=AbstractBaseUser)


def record_history_as(instance: models.Model, actor: AbstractBaseUser | None) -> None:
    """Name `actor` as the author of the history row that the next save or delete of `instance`
    writes. The request middleware does so only inside a request; services set it themselves, so
    that commands and tasks record their actor too."""
    # simple_history reads this attribute; it is not a field of the model.
    instance._history_user = actor  # type: ignore[attr-defined]


def history_author(actor: U | AnonymousUser | None) -> U | None:
    """The person a service names as the author of what it writes: the actor when they are an
    active, signed-in person, else nobody (a task, a command, a secret link's anonymous visitor)."""
    if actor is None or isinstance(actor, AnonymousUser) or not actor.is_authenticated or not actor.is_active:
        return None
    return actor
