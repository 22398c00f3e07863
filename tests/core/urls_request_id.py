"""A test-only URL configuration (tests/core/test_request_id.py): the portal's own, plus a view
that fails and one that refuses, so the error pages can be seen with their reference."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from iclon.urls import urlpatterns as portal_urlpatterns


def boom(request):
    raise RuntimeError("the view failed on purpose")


def refuse(request):
    raise PermissionDenied


urlpatterns = [
    path("__test__/boom/", boom),
    path("__test__/refuse/", refuse),
    *portal_urlpatterns,
]

handler403 = "iclon.core.views.permission_denied"
handler404 = "iclon.core.views.page_not_found"
handler500 = "iclon.core.views.server_error"
