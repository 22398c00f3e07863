"""The /api/v1/ root: each app's API urls, the OpenAPI schema and its documentation."""

from django.http import JsonResponse
from django.urls import include, path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from iclon.core.api.root import ApiRootView, api_url_modules

app_name = "api"


@csrf_exempt
def not_found(request, *args, **kwargs):
    """Any other URL under /api/v1/ answers in the API's error shape, not with the HTML 404 page.

    Only paths ending in a slash: a path without one is left unmatched, so that CommonMiddleware
    still redirects /api/v1/schools to /api/v1/schools/. Exempt from CSRF like the API's views,
    so that a DELETE to an unknown URL is a 404, not the HTML page of a failed CSRF check."""
    return JsonResponse({"detail": _("Not found.")}, status=404)


urlpatterns = [
    # The root lists every resource below and links the schema and its documentation (iclon/core/api/root.py).
    path("", ApiRootView.as_view(), name="root"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    # Each domain app's API, slice by slice (iclon/core/slices.py), then iclon's own apps' (webhooks).
    *[path("", include(module)) for module in api_url_modules()],
    re_path(r"^.*/$", not_found),
]
