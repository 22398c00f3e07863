"""Who wrote a history row (django-simple-history)."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models


def record_history_as(instance: models.Model, actor: AbstractBaseUser | None) -> None:
    """Name `actor` as the author of the history row that the next save or delete of `instance`
    writes. The request middleware does so only inside a request; services set it themselves, so
    that commands and tasks record their actor too."""
    # simple_history reads this attribute; it is not a field of the model.
    instance._history_user = actor  # type: ignore[attr-defined]
