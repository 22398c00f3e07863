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


def _as_lists(detail) -> dict:
    if isinstance(detail, dict):
        return {
            str(key): ([str(v) for v in value] if isinstance(value, list) else [str(value)])
            if not isinstance(value, dict)
            else [str(v) for v in _flatten(value)]
            for key, value in detail.items()
        }
    if isinstance(detail, list):
        return {"non_field_errors": [str(v) for v in detail]}
    return {"non_field_errors": [str(detail)]}


def _flatten(value):
    if isinstance(value, dict):
        for inner in value.values():
            yield from _flatten(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _flatten(inner)
    else:
        yield value


def exception_handler(exc, context):
    if isinstance(exc, PortalError):
        data = {"detail": str(exc.message)}
        if exc.field:
            data["errors"] = {exc.field: [str(exc.message)]}
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
        response.data = {"detail": str(response.data["detail"])}
    return response
