"""Middleware of the portal: tenancy scope and cache headers for personal pages."""

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from iclon.core.tenancy import user_scope


class TenancyMiddleware:
    """Runs every request inside the viewer's tenancy scope (see iclon/core/tenancy.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with user_scope(request.user, lazy=True):
            return self.get_response(request)


class PrivateCacheControlMiddleware:
    """Pages shown to a signed-in user carry personal data: no shared or browser cache keeps them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, no_store=True, private=True)
        return response


MAX_PARAMETER_LENGTH = 2000


class RejectBadInputMiddleware:
    """A NUL byte or an over-long value in the query string or a form field answers 400.

    PostgreSQL refuses NUL bytes in text, so such input would otherwise surface as a server
    error deep inside a query; no legitimate parameter of the portal is longer than this."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._is_bad(request):
            message = _("The request contains an invalid character or a value that is too long.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message)
        return self.get_response(request)

    @staticmethod
    def _is_bad(request) -> bool:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return True
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in v or len(v) > MAX_PARAMETER_LENGTH for v in values):
                return True
        content_type = request.headers.get("content-type", "")
        if request.method == "POST" and content_type.startswith("application/x-www-form-urlencoded"):
            for key, values in request.POST.lists():
                if "\x00" in key or any("\x00" in v for v in values):
                    return True
        return False
