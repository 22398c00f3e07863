"""Why a match was made: stored as codes with their values, put into words in the reader's language.

Matching (matching.py) finds the grounds of a suggestion; the placement keeps them
(`Placement.match_reasons`) as JSON, one {"code": ..., "params": {...}} per reason, never as words:
the school contact, the coordinator and the API client each read them in their own language. A
subject keeps its name in both languages; days are weekday codes ("mon"), named when shown. Rows
written before (plain strings) are shown as they were written.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from iclon.core.i18n import localized_value
from programmes.placements.weekdays import day_names

# The codes matching gives its grounds; the words are in reason_text().
CODES = (
    "subject",
    "primary",
    "wish_partnership",
    "wish_municipality",
    "wish_region",
    "all_days",
    "some_days",
    "home_town",
    "home_region",
    "paid_job",
)


def stored_reason(code: str, values: dict[str, Any]) -> dict[str, Any]:
    """One ground of matching as the placement keeps it (JSON): a subject becomes its two names."""
    params = dict(values)
    subject = params.get("subject")
    if subject is not None and not isinstance(subject, (dict, str)):
        params["subject"] = {"nl": subject.name_nl, "en": subject.name_en}
    if "days" in params:
        params["days"] = list(params["days"])
    return {"code": code, "params": params}


def _localized(value: Any) -> str:
    if isinstance(value, dict):
        return localized_value(value)
    return "" if value is None else str(value)


def reason_text(code: str, values: dict[str, Any]) -> str:
    """One reason in words, in the active language."""
    if code == "subject":
        subject = values.get("subject")
        name = subject.name if hasattr(subject, "name") else _localized(subject)
        return _("Teaches %(subject)s, the trainee's subject") % {"subject": name}
    if code == "primary":
        return _("Primary education, the trainee's route")
    if code == "wish_partnership":
        return _("In %(partnership)s, the partnership the trainee wishes for") % values
    if code == "wish_municipality":
        return _("In %(municipality)s, the municipality the trainee wishes for") % values
    if code == "wish_region":
        return _("In %(region)s, the education region the trainee wishes for") % values
    if code == "all_days":
        return _("Open on every day the trainee can be at school (%(days)s)") % {"days": day_names(values["days"])}
    if code == "some_days":
        return _("Open on %(count)s of the trainee's %(total)s days (%(days)s)") % {
            **values,
            "days": day_names(values["days"]),
        }
    if code == "home_town":
        return _("In %(town)s, where the trainee lives") % values
    if code == "home_region":
        return _("In %(region)s, the trainee's own education region") % values
    return _("A paid job can count as the placement, and the trainee works as a teacher")


# What the school asked to take a trainee may read: not where the trainee lives.
SCHOOL_CODES = tuple(code for code in CODES if code not in ("home_town", "home_region"))


def reason_texts(stored: list[Any] | None, *, codes: tuple[str, ...] = CODES) -> list[str]:
    """A placement's stored reasons in the active language (strings written before: as they are).
    With `codes`, only those reasons (and no strings, whose words may say anything)."""
    texts = []
    for reason in stored or ():
        if isinstance(reason, dict) and reason.get("code") in codes:
            try:
                texts.append(reason_text(reason["code"], reason.get("params") or {}))
            except (KeyError, TypeError, ValueError):
                continue
        elif isinstance(reason, str) and reason and codes is CODES:
            texts.append(reason)
    return texts
