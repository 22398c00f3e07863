"""Content in two languages: models keep `<field>_nl` and `<field>_en`; pages show the active one."""

from django.conf import settings
from django.utils import translation


def supported_language(value: str) -> str:
    """The portal's language for a browser's or a form's language tag ("en-GB" → "en"); Dutch for
    any other."""
    code = (value or "").split("-")[0].lower()
    return code if code in dict(settings.LANGUAGES) else "nl"


def localized(obj, field: str) -> str:
    """The value of `<field>_<active language>`, falling back to Dutch when it is empty."""
    language = (translation.get_language() or "nl")[:2]
    value = getattr(obj, f"{field}_{language}", "") or ""
    return value or getattr(obj, f"{field}_nl", "") or ""


def localized_value(values: dict) -> str:
    """The active language's entry of a value kept per language ({"nl": …, "en": …}, e.g. stored in
    JSON), falling back to Dutch, then English, then any."""
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    for code in (language, settings.LANGUAGE_CODE, "en", *values):
        if values.get(code):
            return str(values[code])
    return ""


class Localized:
    """A read-only attribute for the active language's value: `name = Localized("name")` on a
    model with `name_nl` and `name_en`."""

    def __init__(self, field: str):
        self.field = field

    def __get__(self, obj, owner=None):
        return self if obj is None else localized(obj, self.field)
