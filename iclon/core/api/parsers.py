"""The API's JSON parser: DRF's, strict about what Python's json module lets through.

Each of these answers 400 in the API's usual error shape (iclon/core/api/exceptions.py) instead of
reaching a serializer, the database or a 500:

- nesting deeper than MAX_DEPTH (json's C decoder raises RecursionError at about 1,000 levels,
  which is not a ValueError and became a 500);
- a key given twice in one object (json keeps the last silently: which one did the client mean?);
- a number outside what the database holds: an integer beyond 64 bits, a float that overflows
  to infinity (`1e400`), or NaN/Infinity;
- a body that is not valid UTF-8.
"""

from __future__ import annotations

import codecs
import json
import math
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

#: The deepest nesting of arrays and objects a request body may have.
MAX_DEPTH = 32
#: The largest integer a body may carry: PostgreSQL's bigint.
MAX_INT = 2**63 - 1


class _Refused(ValueError):
    """A value the parser refuses; its message is shown to the client."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _Refused(_("The key “%(key)s” is given twice in one object.") % {"key": key})
        seen[key] = value
    return seen


def _int(text: str) -> int:
    value = int(text)
    if not -MAX_INT - 1 <= value <= MAX_INT:
        raise _Refused(_("The number %(number)s… is too large.") % {"number": text[:20]})
    return value


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(_("The number %(number)s is too large.") % {"number": text[:20]})
    return value


def _constant(text: str) -> Any:
    raise _Refused(_("%(value)s is not a number JSON allows.") % {"value": text})


def _depth(value: Any) -> int:
    """The nesting depth of parsed JSON (a scalar: 0), without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest


def strict_loads(text: str) -> Any:
    """`json.loads` with the rules of the module's docstring; raises ParseError."""
    try:
        data = json.loads(
            text,
            object_pairs_hook=_pairs,
            parse_int=_int,
            parse_float=_float,
            parse_constant=_constant,
        )
    except RecursionError as error:
        raise ParseError(_("JSON parse error: the body is nested too deeply.")) from error
    except _Refused as error:
        raise ParseError(_("JSON parse error: %(reason)s") % {"reason": error}) from error
    except ValueError as error:  # json.JSONDecodeError, and UnicodeDecodeError of the body
        raise ParseError(_("JSON parse error: the body is not valid JSON.")) from error
    if _depth(data) > MAX_DEPTH:
        raise ParseError(
            _("JSON parse error: the body is nested more than %(depth)d levels deep.") % {"depth": MAX_DEPTH}
        )
    return data


class StrictJSONParser(JSONParser):
    """DRF's JSONParser with strict_loads (see the module's docstring)."""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.getreader(encoding)(stream).read()
        except (UnicodeDecodeError, LookupError) as error:
            raise ParseError(_("JSON parse error: the body is not valid UTF-8.")) from error
        return strict_loads(text)
