"""A test-only URL configuration (tests/core/test_pagecache.py): the portal's own, plus public
views that would put something of one response into a shared page."""

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path

from iclon.core.pagecache import public_page
from iclon.urls import urlpatterns as portal_urlpatterns

calls = {"count": 0}


@public_page(params=("q",))
def counted(request):
    calls["count"] += 1
    return HttpResponse(f"call {calls['count']} q={request.GET.get('q', '-')}")


@public_page()
def with_token(request):
    calls["count"] += 1
    return HttpResponse(f"token {get_token(request)}")


@public_page()
def with_nonce(request):
    calls["count"] += 1
    return HttpResponse(f"nonce {request.csp_nonce}")


@public_page()
def with_cookie(request):
    calls["count"] += 1
    response = HttpResponse("cookie")
    response.set_cookie("seen", "1")
    return response


@public_page()
def private(request):
    calls["count"] += 1
    response = HttpResponse("private")
    response["Cache-Control"] = "private"
    return response


@public_page()
def missing(request):
    calls["count"] += 1
    return HttpResponse("gone", status=404)


urlpatterns = [
    path("__test__/counted/", counted),
    path("__test__/token/", with_token),
    path("__test__/nonce/", with_nonce),
    path("__test__/cookie/", with_cookie),
    path("__test__/private/", private),
    path("__test__/missing/", missing),
    *portal_urlpatterns,
]
