"""Middleware of the portal: tenancy scope and cache headers for personal pages."""

from django.utils.cache import patch_cache_control

from iclon.core.tenancy import user_scope


class TenancyMiddleware:
    """Runs every request inside the viewer's tenancy scope (see iclon/core/tenancy.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with user_scope(request.user):
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
