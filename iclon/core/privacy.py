"""The registry of personal data: every model that holds personal data says how it is exported
("Your data") and how it is erased, and what must be kept by law (with the legal basis).

Each app declares its entries in `<slice>/privacy.py` as `PERSONAL_DATA = [...]` (a domain app per
slice, found by the slice loader; iclon's own apps in `iclon/<app>/privacy.py`), each one of:

- `personal_data("app_label.Model", fields=(...), owner=(...), erase=...)`: the model holds
  personal data. `fields` names every field with personal data (the guard test checks that it
  names each field its heuristics flag); `owner` the lookups that lead from a row to the person it
  is about (`"participant"`, `"registration__participant"`); `erase` is `"delete"` (the rows go,
  with their history rows and files), a dict of values that replace the personal ones (the rows are
  kept anonymised, and so are their history rows), `"keep"` (the row stays: the person appears
  only as a reference to their account, which erasure empties) or a function `(user, identifiers)`.
  `keep` and `legal_basis` say what stays and why.
  Optional: `export_fields` (the fields the export gives; by default every field but secrets),
  `export=f(user) -> rows` (instead of the default export of the person's rows), `files=f(user) ->
  [(path in the ZIP, FieldFile)]` (uploads that go into the ZIP) and `identifiers=f(user) ->
  [str]` (the person's values that copies elsewhere may hold, e.g. the name on an application:
  erasure replaces them in others' notifications and the admin's log).
- `NoPersonalData("app_label.Model", reason=...)`: the heuristics flag the model, but it holds no
  personal data (a school's public address).

Erasure (`erase_person`, called by iclon.accounts.services.erasure_request_carry_out) runs every
entry's erase, most specific app first and the account last; an erase function receives the user
and the person's identifiers (names, e-mail addresses, phone numbers), gathered before anything is
erased. The export (`export_person`) writes one JSON file per entry with rows, plus the files.

The guard (`registry_problems`, tests/core/privacy/) walks every model of every installed app,
flags those with a link to a user or a field named like personal data, and fails naming the model,
its fields and the module where the entry belongs. Historical models (django-simple-history) are
covered by their model's entry: the helpers here erase the history rows along with the rows, and
erasure empties every `history_user` link.
"""

from __future__ import annotations

import datetime
import decimal
import io
import json
import re
import uuid
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.db.models.deletion import Collector
from django.db.models.fields.files import FieldFile
from django.db.models.functions import Replace
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_scopes import scopes_disabled

from iclon.core.personalpages import retire_personal_pages
from iclon.core.slices import DomainAppConfig, _module

Rows = list[dict[str, Any]]
Eraser = Callable[[Any, frozenset[str]], None]

#: What replaces a person's value inside someone else's text (a notification, an admin log line).
ERASED = "[erased]"

#: Field names never exported: secrets, not data about the person.
SECRET_FIELDS = frozenset(
    {"password", "digest", "token_key", "token", "token_hash", "jwt", "key", "secret", "data", "session_data"}
    | {"answer_token_hash", "school_token_hash", "private_key_pem"}
)


@dataclass(frozen=True)
class PersonalData:
    """A model that holds personal data, and how the portal exports and erases it."""

    model: str
    fields: tuple[str, ...]
    export: Callable[[Any], Rows]
    erase: Eraser
    keep: str = ""
    legal_basis: str = ""
    files: Callable[[Any], list[tuple[str, FieldFile]]] | None = None
    identifiers: Callable[[Any], Iterable[str]] | None = None
    history: Callable[[Any], Rows] | None = None


@dataclass(frozen=True)
class NoPersonalData:
    """A model that the guard's heuristics flag but that holds no personal data, and why."""

    model: str
    reason: str


Entry = PersonalData | NoPersonalData


# --- the registry ---------------------------------------------------------------------------


def privacy_modules() -> list[str]:
    """The `privacy` modules, general to specific: iclon's own apps, then the domain apps' slices."""
    names = []
    for config in apps.get_app_configs():
        if isinstance(config, DomainAppConfig):
            names += config.layer_module_names("privacy")
        # iclon's own apps (not the core: it holds the registry itself).
        elif config.name.startswith("iclon.") and config.name != "iclon.core" and _module(f"{config.name}.privacy"):
            names.append(f"{config.name}.privacy")
    return names


@cache
def registry() -> tuple[Entry, ...]:
    """Every entry of every app, general to specific (erasure runs them the other way round)."""
    entries: list[Entry] = []
    for name in privacy_modules():
        entries += getattr(_module(name), "PERSONAL_DATA", [])
    return tuple(entries)


def personal_entries() -> list[PersonalData]:
    return [entry for entry in registry() if isinstance(entry, PersonalData)]


# --- the guard's heuristics -----------------------------------------------------------------

_PERSONAL_NAME = re.compile(
    r"^(name|.+_name|first_name|last_name|full_name|.*e_?mail.*|.*phone.*|.*address.*|street|house_number"
    r"|postcode|.*birth.*|orcid|motivation|notes?|.+_notes?|message|body.*|comment|text|context|wishes|reason"
    r"|.+_reason|strengths|development_points|advice|question|answer|topics|agenda|photo|credential)$"
)
_TEXT_FIELDS = (
    models.CharField,
    models.TextField,
    models.FileField,
    models.DateField,
    models.JSONField,
)


def user_model() -> type[models.Model]:
    return apps.get_model(settings.AUTH_USER_MODEL)


def is_historical(model: type[models.Model]) -> bool:
    return hasattr(model, "instance_type") or "m2m_history_id" in {f.name for f in model._meta.concrete_fields}


def base_model(model: type[models.Model]) -> type[models.Model]:
    """The model a historical model keeps the history of (itself for any other model)."""
    if "m2m_history_id" in {f.name for f in model._meta.concrete_fields}:  # history of a many-to-many
        return base_model(model._meta.get_field("history").related_model)  # type: ignore[arg-type]
    if hasattr(model, "instance_type"):
        return model.instance_type
    return model


def flagged_fields(model: type[models.Model]) -> list[tuple[str, str]]:
    """(field, why) of each field of `model` that looks like personal data."""
    user = user_model()
    found = []
    for field in model._meta.get_fields():
        if field.auto_created and not field.concrete:
            continue  # reverse relations
        if field.name in ("history_user", "history_change_reason"):
            continue  # every historical model has one; erasure empties it (erase_person)
        if field.is_relation and field.related_model is user:
            found.append((field.name, "a link to a person"))
        elif not field.is_relation and isinstance(field, _TEXT_FIELDS) and _PERSONAL_NAME.match(field.name):
            if isinstance(field, models.SlugField):
                continue
            if isinstance(field, models.DateField) and "birth" not in field.name:
                continue
            found.append((field.name, "named like personal data"))
    return found


def _privacy_module_for(model: type[models.Model]) -> str:
    """Where the entry of `model` belongs: `<slice>/privacy.py` of the module that defines it."""
    parts = model.__module__.split(".")
    if "models" in parts:
        parts = parts[: parts.index("models")]
    if not parts or parts[0] not in {"iclon", *[c.name for c in apps.get_app_configs()]}:
        return "iclon/accounts/privacy.py"  # a third-party app: iclon.accounts declares them
    if parts[0] == "iclon":
        parts = parts[:2]
    return "/".join(parts) + "/privacy.py"


def registry_problems() -> list[str]:
    """What the registry misses or gets wrong, one sentence each naming what to add; empty if none."""
    entries: dict[str, Entry] = {}
    problems = []
    for entry in registry():
        if entry.model in entries:
            problems.append(f"{entry.model} has two entries in the registry of personal data.")
        entries[entry.model] = entry
    labels = {model._meta.label for model in apps.get_models()}
    for label in entries:
        if label not in labels:
            problems.append(f"The registry of personal data names {label}, which is no model: remove its entry.")
    for model in apps.get_models():
        flagged = flagged_fields(model)
        if not flagged:
            continue
        base = base_model(model)
        declared = entries.get(base._meta.label)
        where = _privacy_module_for(base)
        if declared is None:
            fields = ", ".join(f"'{name}' ({why})" for name, why in flagged)
            names = ", ".join(repr(name) for name, _why in flagged)
            covered = f" (it keeps the history of {base._meta.label})" if base is not model else ""
            problems.append(
                f"{model._meta.label}{covered} holds personal data in {fields}, and the registry has no entry for "
                f"{base._meta.label}. Add to PERSONAL_DATA in {where}: personal_data({base._meta.label!r}, "
                f"fields=({names},), owner=('<lookup to the person>',), export_fields=None, "
                f"erase='delete' | {{'<field>': '<anonymised value>'}} | 'keep', keep='<what stays>', "
                f"legal_basis='<why>'), or NoPersonalData({base._meta.label!r}, reason='<why not>')."
            )
        elif isinstance(declared, PersonalData) and base is model:
            missing = [name for name, _why in flagged if name not in declared.fields]
            if missing:
                problems.append(
                    f"{model._meta.label}: the field(s) {', '.join(map(repr, missing))} look like personal data but "
                    f"the entry in {where} does not name them in `fields`: add them and make its export and "
                    f"erase cover them."
                )
    return problems


# --- building entries -----------------------------------------------------------------------


def history_model(model: type[models.Model]) -> type[models.Model] | None:
    """The django-simple-history model of `model`, if it keeps one."""
    return _history_models().get(model)


@cache
def _history_models() -> dict[type[models.Model], type[models.Model]]:
    return {m.instance_type: m for m in apps.get_models() if hasattr(m, "instance_type")}


def _value(field: models.Field, row: models.Model, user: Any) -> Any:
    if field.is_relation:
        related_id = getattr(row, field.attname)
        if related_id is None:
            return None
        if field.related_model is user_model():
            # Other people appear as nobody in particular: their names are their data, not yours.
            return gettext("you") if related_id == user.pk else gettext("another person")
        try:
            return str(getattr(row, field.name))
        except ObjectDoesNotExist:  # a history row's link to a row deleted since
            return str(related_id)
    value = getattr(row, field.attname)
    if getattr(field, "choices", None) and value not in (None, ""):
        return str(getattr(row, f"get_{field.name}_display")())
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def _export_fields(model: type[models.Model], names: Sequence[str] | None) -> list[models.Field]:
    fields = [f for f in model._meta.concrete_fields if f.name not in SECRET_FIELDS and not f.primary_key]
    if names is not None:
        fields = [f for f in fields if f.name in names]
    return fields


def rows_as_dicts(queryset: QuerySet, user: Any, names: Sequence[str] | None = None) -> Rows:
    """The rows of `queryset` as {label in the active language: value}, without secrets."""
    fields = _export_fields(queryset.model, names)
    related = [f.name for f in fields if f.is_relation and f.many_to_one and f.related_model is not user_model()]
    if is_historical(queryset.model):
        related = []  # a history row may point at a row deleted since: no join may drop it
    rows = []
    for row in queryset.select_related(*related):
        rows.append({str(field.verbose_name): _value(field, row, user) for field in fields})
    return rows


def _owner_q(owner: Sequence[str], user: Any) -> Q:
    condition = Q(pk__in=[])
    for lookup in owner:
        condition |= Q(**{lookup: user})
    return condition


def owned_rows(model: type[models.Model], owner: Sequence[str], user: Any) -> QuerySet:
    manager = getattr(model, "all_objects", None) or model._default_manager
    return manager.filter(_owner_q(owner, user)).distinct().order_by("pk")


def delete_rows(queryset: QuerySet) -> None:
    """Delete the rows of `queryset` and what cascades from them, their history rows (including the
    ones the deletion itself writes) and their files (after commit)."""
    collector = Collector(using=queryset.db)
    collector.collect(list(queryset))
    touched: dict[type[models.Model], list[Any]] = {}
    files = []
    for model, instances in collector.data.items():
        touched.setdefault(model, []).extend(instance.pk for instance in instances)
        for instance in instances:
            for field in model._meta.concrete_fields:
                if isinstance(field, models.FileField):
                    stored = getattr(instance, field.attname)
                    if stored:
                        files.append((stored.storage, stored.name))
    collector.delete()
    for model, pks in touched.items():
        history = history_model(model)
        if history is not None:
            history._default_manager.filter(id__in=pks).delete()
    for storage, name in files:
        # The defaults bind this file to its lambda.
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name), robust=True)  # type: ignore[misc]


def anonymise_rows(queryset: QuerySet, values: dict[str, Any]) -> None:
    """Replace the personal values of the rows of `queryset` (and of their history rows) by `values`."""
    model = queryset.model
    pks = list(queryset.values_list("pk", flat=True))
    if not pks:
        return
    for name in values:
        field = model._meta.get_field(name)
        if isinstance(field, models.FileField):
            for row in model._default_manager.filter(pk__in=pks):
                stored = getattr(row, field.attname)
                if stored:
                    storage, file_name = stored.storage, stored.name
                    transaction.on_commit(lambda s=storage, n=file_name: s.delete(n), robust=True)  # type: ignore[misc]
    model._default_manager.filter(pk__in=pks).update(**values)
    retire_personal_pages()  # an update() sends no signal (iclon/core/personalpages.py)
    history = history_model(model)
    if history is not None:
        own = {f.name for f in history._meta.concrete_fields}
        kept = {name: value for name, value in values.items() if name in own}
        if kept:
            history._default_manager.filter(id__in=pks).update(**kept)


def scrub(queryset: QuerySet, fields: Sequence[str], identifiers: Iterable[str]) -> None:
    """Replace each of the person's identifiers (their name, e-mail addresses) inside the text
    `fields` of someone else's rows by ERASED."""
    retire_personal_pages()  # the update()s below send no signal (iclon/core/personalpages.py)
    for identifier in identifiers:
        if len(identifier) < 3:
            continue
        for name in fields:
            queryset.filter(**{f"{name}__contains": identifier}).update(
                **{name: Replace(name, models.Value(identifier), models.Value(ERASED))}
            )


def personal_data(
    model: str,
    *,
    fields: Sequence[str],
    owner: Sequence[str] = (),
    export_fields: Sequence[str] | None = None,
    erase: str | dict[str, Any] | Eraser = "keep",
    keep: str = "",
    legal_basis: str = "",
    files: Callable[[Any], list[tuple[str, FieldFile]]] | None = None,
    identifiers: Callable[[Any], Iterable[str]] | None = None,
    export: Callable[[Any], Rows] | None = None,
) -> PersonalData:
    """An entry for a model whose rows are the person's through the `owner` lookups (see the
    module's docstring). The export holds the person's rows (every field but secrets, or
    `export_fields`) and their history rows; rows where the person is only named as an actor
    (who recorded, who decided) are not theirs and stay out."""

    def _model() -> type[models.Model]:
        return apps.get_model(model)

    def default_export(user: Any) -> Rows:
        if not owner:
            return []
        with scopes_disabled():  # scope: the person's own rows, whichever school they belong to
            return rows_as_dicts(owned_rows(_model(), owner, user), user, export_fields)

    def history_export(user: Any) -> Rows:
        history = history_model(_model())
        if history is None or not owner:
            return []
        with scopes_disabled():  # scope: the person's own rows
            pks = list(owned_rows(_model(), owner, user).values_list("pk", flat=True))
            names = None if export_fields is None else [*export_fields, "history_date", "history_type"]
            queryset = history._default_manager.filter(id__in=pks).order_by("history_date")
            return rows_as_dicts(queryset, user, names)

    def default_erase(user: Any, identifiers: frozenset[str]) -> None:
        if not owner or erase == "keep":
            return
        with scopes_disabled():  # scope: the person's own rows
            queryset = owned_rows(_model(), owner, user)
            if erase == "delete":
                delete_rows(queryset)
            elif isinstance(erase, dict):
                anonymise_rows(queryset, erase)

    return PersonalData(
        model=model,
        fields=tuple(fields),
        export=export or default_export,
        erase=erase if callable(erase) else default_erase,
        keep=keep,
        legal_basis=legal_basis,
        files=files,
        identifiers=identifiers,
        history=history_export if export is None else None,
    )


# --- erasure of one person --------------------------------------------------------------------


def person_identifiers(user: Any) -> frozenset[str]:
    """The person's values that copies elsewhere may hold (names, e-mail addresses, phone numbers):
    the account's own and those each entry adds."""
    values = {user.email, getattr(user, "full_name", "")}
    with scopes_disabled():  # scope: the person's own rows
        for entry in personal_entries():
            if entry.identifiers is not None:
                values.update(entry.identifiers(user))
    return frozenset(value.strip() for value in values if value and len(value.strip()) >= 3)


def erase_person(user: Any) -> None:
    """Apply every entry's erasure to `user`, most specific app first (the account itself last),
    then empty every history row's link to the person. Runs in the caller's transaction."""
    identifiers = person_identifiers(user)
    with scopes_disabled():  # scope: erasure reaches every row of the person
        for entry in reversed(personal_entries()):
            entry.erase(user, identifiers)
        for history in _history_models().values():
            if any(field.name == "history_user" for field in history._meta.concrete_fields):
                history._default_manager.filter(history_user_id=user.pk).update(history_user=None)


# --- the export ("Your data") ------------------------------------------------------------------

#: The format of the ZIP's index.json; raise it when a key changes meaning or disappears.
EXPORT_FORMAT_VERSION = 1


def _zip_name(name: str) -> str:
    """A path inside the ZIP that cannot leave its folder (no absolute path, no dot-dot)."""
    parts = [re.sub(r"[\\\x00-\x1f]+", "_", part).strip(" .") for part in name.split("/")]
    return "/".join(part[:150] for part in parts if part and part != "..") or "file"


def export_person(user: Any) -> bytes:
    """Everything the portal holds about `user`, as one ZIP in the person's language: `index.json`
    (what the ZIP holds), one JSON file per model (`<app>/<Model>.json`: its rows and their
    history rows, labelled in the person's language) and the person's files. Never a secret (a
    password hash, a TOTP secret, a token's key). Changes nothing."""
    buffer = io.BytesIO()
    contents = []
    language = getattr(user, "language", None) or settings.LANGUAGE_CODE
    with translation.override(language), zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with scopes_disabled():  # scope: the person's own rows, whichever school they belong to
            for entry in personal_entries():
                model = apps.get_model(entry.model)
                rows = entry.export(user)
                history = entry.history(user) if entry.history is not None else []
                files = []
                for name, stored in entry.files(user) if entry.files is not None else []:
                    path = _zip_name(name)
                    try:
                        with stored.storage.open(stored.name or "", "rb") as source:
                            archive.writestr(path, source.read())
                    except FileNotFoundError:
                        continue  # the row outlived its file: the JSON still lists the row
                    files.append(path)
                if not (rows or history or files):
                    continue
                path = f"{model._meta.app_label}/{model.__name__}.json"
                title = str(model._meta.verbose_name_plural)
                data = {"title": title, "rows": rows, "history": history, "files": files}
                archive.writestr(path, json.dumps(data, ensure_ascii=False, indent=2, default=str))
                contents.append({"title": title, "file": path, "rows": len(rows), "files": files})
        index = {
            "format_version": EXPORT_FORMAT_VERSION,
            "exported_at": timezone.localtime().isoformat(),
            "language": translation.get_language(),
            "title": gettext("Everything the ICLON portal holds about you"),
            "contents": contents,
        }
        archive.writestr("index.json", json.dumps(index, ensure_ascii=False, indent=2))
    return buffer.getvalue()


def export_titles() -> list[str]:
    """The kinds of data the export can hold, in the active language (for the "Your data" page)."""
    titles = []
    for entry in personal_entries():
        title = str(apps.get_model(entry.model)._meta.verbose_name_plural)
        if title not in titles:
            titles.append(title)
    return titles
