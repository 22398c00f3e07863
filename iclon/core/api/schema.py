"""The OpenAPI schema of the API: drf-spectacular's AutoSchema, plus the error responses.

drf-spectacular documents only the successful answer of an operation. Clients (and the schema
fuzzing in tests/api/test_schemathesis.py) also need the errors every operation can give, in the
one error shape of iclon/core/api/exceptions.py, so this adds them to every operation:

* 400 always: RejectBadInputMiddleware refuses a NUL byte or an over-long value anywhere, and
  writes and filters validate their input;
* 401 always: an invalid, revoked or expired token is refused even on the public endpoints;
* 403 on writes (missing permission, or CSRF with a session);
* 404 on operations with a path parameter, and on lists (a page past the last one);
* 409 on creating and changing (the change conflicts with the current state);
* 415 on creating and changing: a body in a media type the operation does not read (or a
  multipart body that cannot be parsed);
* 422 on creating (POST): an Idempotency-Key used before for another request;
* 429 always, with Retry-After.

Every POST also documents the optional `Idempotency-Key` header (iclon/core/api/idempotency.py).
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema_serializer
from rest_framework import serializers


@extend_schema_serializer(component_name="Error")
class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("What went wrong, in the language of Accept-Language (nl or en)."))
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=_("Validation errors only: the messages per field (non_field_errors for the whole input)."),
    )


_VALIDATION_EXAMPLE = OpenApiExample(
    "Validation error",
    value={"detail": "Invalid input.", "errors": {"school": ["There is no school with this code."]}},
)


def _example(name: str, detail: str) -> OpenApiExample:
    return OpenApiExample(name, value={"detail": detail})


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
    OpenApiParameter.HEADER,
    required=False,
    description=(
        "Any 1–255 visible ASCII characters (a UUID is best), new for each new request. A retry with the "
        "same key and the same request gets the first answer again (with `Idempotent-Replayed: true`) and "
        "writes nothing twice; the same key with another request is refused with 422. Answers are kept "
        "for 24 hours; server errors (5xx) are not kept, so their retry runs again."
    ),
)


class AutoSchema(openapi.AutoSchema):
    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self.method == "POST":
            parameters.append(IDEMPOTENCY_KEY)
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, description, examples in self._error_responses():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=description, examples=examples), code
                )
        if "429" in responses:
            responses["429"].setdefault("headers", {})["Retry-After"] = {
                "schema": {"type": "integer"},
                "description": "Seconds to wait before the next request.",
            }
        return responses

    def _error_responses(self):
        writes = self.method in ("POST", "PUT", "PATCH", "DELETE")
        yield (
            "400",
            "Invalid input: a validation error, a NUL byte or an over-long value.",
            [
                _VALIDATION_EXAMPLE,
                _example("Bad input", "The request contains an invalid character or a value that is too long."),
            ],
        )
        yield (
            "401",
            "Not authenticated, or the token is invalid, revoked or expired.",
            [_example("Invalid token", "Invalid token.")],
        )
        if writes:
            yield (
                "403",
                "You may not do this.",
                [_example("Not allowed", "You do not have permission to perform this action.")],
            )
        if "{" in self.path or self._is_list_view():
            yield (
                "404",
                "Not found (or not visible to you), or a page past the last one.",
                [_example("Not found", "Not found.")],
            )
        if self.method in ("POST", "PUT", "PATCH"):
            yield (
                "409",
                "The change conflicts with the current state (e.g. a duplicate).",
                [_example("Duplicate", "This person already has this role at this school.")],
            )
        if self.method in ("POST", "PUT", "PATCH"):
            yield (
                "415",
                "The body's media type is not accepted: send JSON.",
                [_example("Unsupported media type", 'Unsupported media type "text/plain" in request.')],
            )
        if self.method == "POST":
            yield (
                "422",
                "The Idempotency-Key was used before for another request.",
                [
                    _example(
                        "Key reused",
                        "This Idempotency-Key was used for another request. Use a new key for a new request.",
                    )
                ],
            )
        yield (
            "429",
            "Too many requests; wait the number of seconds in Retry-After.",
            [_example("Throttled", "Request was throttled. Expected available in 42 seconds.")],
        )
