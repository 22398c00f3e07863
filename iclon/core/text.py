"""Invisible characters that have no place in what people type into the portal.

Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069, the marks U+200E, U+200F,
U+061C) can make a name read differently from what it is ("Anna\u202eredoc" shows as "Annacoder"),
and zero-width characters (U+200B, U+2060, U+FEFF, U+180E) make two names that look the same
different. Every text a model saves loses them (`strip_invisible_on_save`, connected for every model
by iclon/core/apps.py), whichever way it came in: a page, the admin, the API, an import, a command.
Free text (a TextField) keeps the zero-width joiners U+200C and U+200D, which emoji and some
scripts need; single-line fields (names, titles, e-mail addresses) lose those too.
"""

from __future__ import annotations

from typing import Any

from django.db import models

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
ZERO_WIDTH = "\u200b\u2060\ufeff\u180e"
JOINERS = "\u200c\u200d"

_LINE = str.maketrans("", "", BIDI_CONTROLS + ZERO_WIDTH + JOINERS)
_FREE_TEXT = str.maketrans("", "", BIDI_CONTROLS + ZERO_WIDTH)


def strip_invisible(value: str, *, free_text: bool = False) -> str:
    """`value` without the invisible characters of the module's docstring."""
    return value.translate(_FREE_TEXT if free_text else _LINE)


_FIELDS: dict[type[models.Model], list[tuple[str, dict[int, Any]]]] = {}


def _text_fields(model: type[models.Model]) -> list[tuple[str, dict[int, Any]]]:
    """(attribute, translation table) for each text field of `model`, looked up once per model."""
    if model not in _FIELDS:
        fields = []
        for field in model._meta.concrete_fields:
            if isinstance(field, models.TextField):
                fields.append((field.attname, _FREE_TEXT))
            elif isinstance(field, models.CharField):
                fields.append((field.attname, _LINE))
        _FIELDS[model] = fields
    return _FIELDS[model]


def strip_invisible_on_save(sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs) -> None:
    """pre_save: the instance's text fields lose the invisible characters (not for fixtures: raw)."""
    if raw:
        return
    for attname, table in _text_fields(sender):
        value = getattr(instance, attname)
        if isinstance(value, str) and value:
            cleaned = value.translate(table)
            if cleaned != value:
                setattr(instance, attname, cleaned)
