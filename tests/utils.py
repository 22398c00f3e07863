"""Assertions shared by the test folders."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import models
from django_scopes import scopes_disabled


def _history_manager(model: type[models.Model]):
    """The django-simple-history manager of a model, or None when it keeps no history."""
    name = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, name) if name else None


def _snapshot(target: type[models.Model] | models.Model) -> dict:
    """Every row of a model (or the one row of an instance) and its history rows, as plain values.

    The rows are compared whole, so an update is seen as well as an insert or a delete; the
    history is compared by its ids, so a service that writes a history row without changing a
    field is seen too."""
    model = target if isinstance(target, type) else type(target)
    rows = model._base_manager.order_by("pk")
    if not isinstance(target, type):
        rows = rows.filter(pk=target.pk)
    snapshot = {"rows": list(rows.values_list())}
    history = _history_manager(model)
    if history is not None:
        history_rows = history.order_by("history_id")
        if not isinstance(target, type):
            history_rows = history_rows.filter(id=target.pk)
        snapshot["history"] = list(history_rows.values_list("history_id", flat=True))
    return snapshot


def _label(target: type[models.Model] | models.Model) -> str:
    if isinstance(target, type):
        return target._meta.label
    return f"{type(target)._meta.label} #{target.pk}"


@contextmanager
def nothing_written(*targets: type[models.Model] | models.Model) -> Iterator[None]:
    """Assert that the block writes nothing to the given models or rows: a refused write leaves
    every row, and the history of every row, as it was.

        with nothing_written(Placement, placement.offer):
            response = client.post(url, data)
        assert response.status_code == 403

    A model stands for all of its rows (none added, changed or deleted); an instance for its own
    row. Rows are read unscoped (django-scopes), whoever the test is logged in as."""
    assert targets, "name the models or rows that must stay unchanged"
    with scopes_disabled():
        before = [_snapshot(target) for target in targets]
    yield
    with scopes_disabled():
        after = [_snapshot(target) for target in targets]
    changed = [
        f"{_label(target)}: {_difference(part, was[part], now[part])}"
        for target, was, now in zip(targets, before, after, strict=True)
        for part in was
        if was[part] != now[part]
    ]
    assert not changed, "a refused write wrote " + "; ".join(changed)


def _difference(part: str, was: list, now: list) -> str:
    noun = "rows" if part == "rows" else "history rows"
    if len(was) != len(now):
        return f"{len(was)} -> {len(now)} {noun}"
    return f"{noun} changed"
