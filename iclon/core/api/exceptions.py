"""One error shape for the whole API: {"detail": "...", "errors": {"field": ["message", ...]}}.

`errors` is present for validation errors only. Messages are in the request's language
(Accept-Language: nl or en), as LocaleMiddleware activated it."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from iclon.core.errors import PortalError


def _text(value) -> str:
    """The message as text that can be sent: messages may quote the input ('"x" is not a valid
    choice'), and JSON may carry lone surrogates ("\\ud800") that UTF-8 cannot encode, which
    would turn a 400 into a 500 when the response is rendered."""
    return str(value).encode("utf-8", "backslashreplace").decode("utf-8")


def _flatten(value):
    if isinstance(value, dict):
        for inner in value.values():
            yield from _flatten(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _flatten(inner)
    else:
        yield value


def _as_lists(detail) -> dict:
    if isinstance(detail, dict):
        return {_text(key): [_text(v) for v in _flatten(value)] for key, value in detail.items()}
    return {"non_field_errors": [_text(v) for v in _flatten(detail)]}


def exception_handler(exc, context):
    if isinstance(exc, PortalError):
        if exc.status_code == status.HTTP_400_BAD_REQUEST:
            # A service's refusal of the input is a validation error like the serializers' own
            # and answers the same way: under its field, or under non_field_errors for a rule
            # about the whole input (e.g. a period whose end is before its start).
            errors = {exc.field or "non_field_errors": [_text(exc.message)]}
            return Response({"detail": _("Invalid input."), "errors": errors}, status=exc.status_code)
        data = {"detail": _text(exc.message)}
        if exc.field:
            data["errors"] = {exc.field: [_text(exc.message)]}
        return Response(data, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"detail": _("Invalid input."), "errors": _as_lists(exc.detail)}
        response.status_code = status.HTTP_400_BAD_REQUEST
    elif isinstance(response.data, dict) and "detail" in response.data:
        response.data = {"detail": _text(response.data["detail"])}
    return response
