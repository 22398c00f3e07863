"""The API root (`/api/v1/`): where the README sends a newcomer. It lists every resource the slices'
API urls register (each router's list, and the endpoints of their own without a parameter, such
as `me/` or `route-finder/`) with its address, and links the OpenAPI schema and its documentation.

The list is read from the URL configuration itself (iclon/api.py includes each slice's `api.urls`),
so a resource a slice adds appears here without being named twice."""

from __future__ import annotations

import functools
import importlib
from importlib.util import find_spec

from django.apps import apps
from django.urls import URLPattern, URLResolver, reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from iclon.core.api.schema import AutoSchema
from iclon.core.slices import DomainAppConfig, layer_module_names

#: The namespace iclon/api.py gives the API's urls.
NAMESPACE = "api"


def _patterns(patterns) -> list[URLPattern]:
    found: list[URLPattern] = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found.extend(_patterns(pattern.url_patterns))
        else:
            found.append(pattern)
    return found


def _is_resource(pattern: URLPattern) -> bool:
    """A router's list route, or an endpoint of its own that answers GET and takes no parameter.

    A viewset's other routes (one object, or an action such as `export/`) are reached from its list."""
    if not pattern.name:
        return False
    callback = pattern.callback
    actions = getattr(callback, "actions", None)
    if actions is not None:  # a route of a viewset
        return actions.get("get") == "list"
    view_class = getattr(callback, "cls", None)
    takes_parameters = bool(pattern.pattern.regex.groupindex) or pattern.pattern.regex.groups > 0
    return view_class is not None and hasattr(view_class, "get") and not takes_parameters


def api_url_modules() -> list[str]:
    """The modules of API urls iclon/api.py includes: each domain app's slices' `api.urls`, then
    those of iclon's own apps (which are not domain apps: `iclon/<app>/api/urls.py`)."""
    own = []
    for config in apps.get_app_configs():
        if config.name.startswith("iclon.") and not isinstance(config, DomainAppConfig):
            try:
                if find_spec(f"{config.name}.api.urls") is not None:
                    own.append(f"{config.name}.api.urls")
            except ModuleNotFoundError:  # no api package
                continue
    return [*layer_module_names("api.urls"), *own]


@functools.cache
def resource_names() -> tuple[tuple[str, str], ...]:
    """(the path below /api/v1/, e.g. "schools", the URL name) of every resource, by path."""
    root = reverse(f"{NAMESPACE}:root")
    found = {}
    for module_name in api_url_modules():
        module = importlib.import_module(module_name)
        for pattern in _patterns(module.urlpatterns):
            if _is_resource(pattern):
                name = f"{NAMESPACE}:{pattern.name}"
                found[reverse(name).removeprefix(root).strip("/")] = name
    return tuple(sorted(found.items()))


@extend_schema_serializer(
    component_name="ApiRoot",
    examples=[
        OpenApiExample(
            "The API root",
            value={
                "schema": "https://portal.iclon.example/api/v1/schema/",
                "docs": "https://portal.iclon.example/api/v1/docs/",
                "resources": {
                    "me": "https://portal.iclon.example/api/v1/me/",
                    "pathways": "https://portal.iclon.example/api/v1/pathways/",
                    "schools": "https://portal.iclon.example/api/v1/schools/",
                },
            },
            response_only=True,
        )
    ],
)
class ApiRootSerializer(serializers.Serializer):
    schema = serializers.URLField(help_text=_("The OpenAPI 3 schema (YAML; add ?format=json for JSON)."))
    docs = serializers.URLField(help_text=_("The interactive documentation of the API (Swagger UI)."))
    resources = serializers.DictField(
        child=serializers.URLField(),
        help_text=_("Every resource of the API, by name, with its address. Who may read what is in the schema."),
    )


class ApiRootView(APIView):
    """The API root: open to everyone, like the schema it links to."""

    permission_classes = [AllowAny]
    schema = AutoSchema()

    @extend_schema(summary="The API root: its resources and documentation", responses=ApiRootSerializer)
    def get(self, request: Request) -> Response:
        absolute = request.build_absolute_uri
        data = {
            "schema": absolute(reverse(f"{NAMESPACE}:schema")),
            "docs": absolute(reverse(f"{NAMESPACE}:docs")),
            "resources": {key: absolute(reverse(name)) for key, name in resource_names()},
        }
        return Response(ApiRootSerializer(data).data)
