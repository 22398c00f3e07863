"""The short in-app text of a notification, rendered when it is read, in the reader's language.

A notification stores its message as the English msgid (marked with gettext_noop where it is sent,
so makemessages finds it; the e-mail subjects' msgids are reused) and its parameters as JSON, the
way the admin's LogEntry stores its change message: the text is translated at display time, so a
reader who switches language, or a translation fixed later, shows in every notification. A
parameter is plain data (a name, a reference) or one of:

- {"date": "2027-01-31"}: a date, written out in the active language;
- {"text": "Mid-term evaluation"}: an English msgid, translated at display time;
- {"nl": "Wiskunde", "en": "Mathematics"}: a value kept in each language (a subject's name).

Rows written before messages were stored (or by a sender that gives none) show their subject."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext

from iclon.core.i18n import localized_value

DATE_FORMAT = "j F Y"


def date_param(value: datetime.date | None) -> dict[str, str] | str:
    """A date parameter, written out in the reader's language at display time."""
    return {"date": value.isoformat()} if value else ""


def text_param(msgid: Any) -> dict[str, str]:
    """A translatable parameter (a choice's label): its English msgid, translated at display time."""
    with translation.override("en"):
        return {"text": str(msgid)}


def render_param(value: Any) -> str:
    """One stored parameter in the active language."""
    if isinstance(value, dict):
        if "date" in value:
            try:
                return formats.date_format(datetime.date.fromisoformat(value["date"]), DATE_FORMAT)
            except (TypeError, ValueError):
                return str(value["date"])
        if "text" in value:
            return gettext(value["text"]) if value["text"] else ""
        return localized_value(value)  # a value kept per language
    return "" if value is None else str(value)


def render_message(message: str, params: dict[str, Any] | None) -> str:
    """`message` (an English msgid with %(name)s placeholders) in the active language, filled in;
    the English text when a translation's placeholders do not match."""
    values = {key: render_param(value) for key, value in (params or {}).items()}
    try:
        return gettext(message) % values
    except (KeyError, ValueError, TypeError):
        try:
            return message % values
        except (KeyError, ValueError, TypeError):
            return message


def relative_link(url: str) -> str:
    """`url` as a path on this site: the portal's own address loses its scheme and host
    ("http://localhost:8000/x/?a=1" → "/x/?a=1"), so a notification's link works on whichever host
    the reader uses and never names a port. Anything else (another site, another scheme, a
    protocol-relative address) becomes '': a notification links to the portal only."""
    url = (url or "").strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        portal = urlsplit(settings.PORTAL_BASE_URL)
        if parts.scheme not in ("http", "https") or parts.netloc.lower() != portal.netloc.lower():
            return ""
    path = urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))
    if not path.startswith("/") or path.startswith("//") or path.startswith("/\\"):
        return ""
    return path
