"""`{% error_title_prefix %}`: "Error: " before the page's <title> when a form on the page has errors.

After an invalid submit the title is the first thing a screen reader announces, and the tab's
title tells everybody the page came back with problems (WCAG 3.3.1). The tag looks at the forms
(and formsets) in the template's context, also inside lists and dicts one level down (the forms
of a page's items); a view can set `form_has_errors` itself where the errors come from elsewhere.

Only forms that were already validated count: asking an unvalidated bound form for its errors
would run its validation, and a form whose clean() calls a service must not do that twice. Types
are compared with `type()`, never `isinstance()`: the context holds lazy values (the CSRF token,
the CSP nonce) that `isinstance()` would evaluate, which sets a CSRF cookie and a nonce on every
page and keeps public pages out of the shared cache (iclon/core/pagecache.py)."""

from django import template
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet
from django.utils.translation import gettext

register = template.Library()


def _is(value, classes) -> bool:
    return issubclass(type(value), classes)


def _has_errors(value) -> bool:
    if _is(value, BaseForm):
        return value.is_bound and value._errors is not None and bool(value._errors)
    if _is(value, BaseFormSet):
        if not value.is_bound or value._errors is None:
            return False
        return bool(value._non_form_errors) or any(value._errors)
    return False


def _values(context):
    for value in context.flatten().values():
        yield value
        if _is(value, (list, tuple)):
            for item in value[:100]:
                yield item
                if _is(item, dict):
                    yield from item.values()
        elif _is(value, dict):
            yield from value.values()


def page_has_form_errors(context) -> bool:
    if context.get("form_has_errors"):
        return True
    return any(_has_errors(value) for value in _values(context))


@register.simple_tag(takes_context=True)
def error_title_prefix(context) -> str:
    if page_has_form_errors(context):
        return gettext("Error:") + " "
    return ""
