"""Whole public pages from the cache (iclon/core/pagecache.py): a hit runs no query and no view,
carries the headers of the first answer, and holds nothing of one visitor; signed-in visitors,
sessions, messages, htmx and unknown parameters bypass it; a catalogue change retires it."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iclon.core import pagecache
from tests.core import urls_pagecache

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")


@pytest.fixture
def counted():
    urls_pagecache.calls["count"] = 0
    return "/__test__/counted/"


def test_the_home_page_is_served_whole_without_a_query(client, django_assert_num_queries):
    first = client.get(HOME, HTTP_ACCEPT_LANGUAGE="nl")
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(HOME, HTTP_ACCEPT_LANGUAGE="nl")
    assert second.status_code == 200
    assert second.content == first.content
    for header in ("Content-Security-Policy", "Content-Language", "X-Frame-Options", "Referrer-Policy", "Vary"):
        assert second[header] == first[header], header
    assert "X-Request-ID" in second
    assert second["Content-Language"] == "nl"


def test_languages_are_kept_apart(client):
    dutch = client.get(HOME, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    english = client.get(HOME, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="nl"' in dutch and '<html lang="en"' in english
    client.cookies["django_language"] = "en"
    assert '<html lang="en"' in client.get(HOME, HTTP_ACCEPT_LANGUAGE="nl").content.decode()


def test_a_signed_in_visitor_gets_and_stores_their_own_page(client, applicant):
    anonymous = client.get(HOME).content.decode()
    client.force_login(applicant)
    signed_in = client.get(HOME).content.decode()
    assert "Ayla Applicant" in signed_in and "Ayla Applicant" not in anonymous
    assert "Ayla Applicant" not in Client().get(HOME).content.decode()


@pytest.mark.urls("tests.core.urls_pagecache")
def test_a_hit_does_not_run_the_view_and_parameters_make_their_own_page(client, counted):
    assert client.get(counted).content == b"call 1 q=-"
    assert client.get(counted).content == b"call 1 q=-"
    assert client.get(f"{counted}?q=biologie").content == b"call 2 q=biologie"
    assert client.get(f"{counted}?q=biologie").content == b"call 2 q=biologie"
    # An empty parameter is a question of its own (a form treats it so).
    assert client.get(f"{counted}?q=").content == b"call 3 q="


@pytest.mark.urls("tests.core.urls_pagecache")
@pytest.mark.parametrize(
    ("query", "extra"),
    [
        ("?utm_source=mail", {}),  # a parameter the view does not read
        ("", {"HTTP_HX_REQUEST": "true"}),  # htmx may get a fragment
        ("", {"HTTP_AUTHORIZATION": "Token x"}),
    ],
)
def test_requests_the_page_may_differ_for_bypass_the_cache(client, counted, query, extra):
    client.get(counted + query, **extra)
    second = client.get(counted + query, **extra)
    assert second.content.startswith(b"call 2")


@pytest.mark.urls("tests.core.urls_pagecache")
@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_a_visitor_with_a_session_or_a_message_bypasses_the_cache(client, counted, cookie):
    client.get(counted)
    client.cookies[cookie] = "something"
    assert client.get(counted).content == b"call 2 q=-"


@pytest.mark.urls("tests.core.urls_pagecache")
@pytest.mark.parametrize(
    "path", ["/__test__/token/", "/__test__/nonce/", "/__test__/cookie/", "/__test__/private/", "/__test__/missing/"]
)
def test_answers_with_something_of_one_response_or_private_or_failed_are_not_stored(counted, path):
    visitor = Client()
    visitor.cookies["csrftoken"] = "a" * 32  # a returning visitor: the token sets no new cookie
    first = visitor.get(path)
    second = Client().get(path)
    assert urls_pagecache.calls["count"] == 2  # the view ran for both
    if path.endswith(("token/", "nonce/")):
        assert first.content != second.content


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_cache_is_left_alone_while_redis_is_away(client, monkeypatch):
    monkeypatch.setattr(pagecache, "is_degraded", lambda: True)
    client.get(HOME)
    assert _queries(client, HOME) > 0


def test_retiring_the_public_pages_renders_them_again(client):
    client.get(HOME)
    assert _queries(client, HOME) == 0
    pagecache.retire_public_pages()
    assert _queries(client, HOME) > 0


def test_the_cache_can_be_turned_off(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    client.get(HOME)
    assert _queries(client, HOME) > 0


def _another_process_retires():
    """What retire_public_pages() does in another process: a new version in the shared cache only."""
    pagecache.cache.set(pagecache.VERSION_KEY, pagecache.time.time_ns(), timeout=None)


def test_each_process_trusts_the_version_it_read_for_the_check_interval(client, settings):
    settings.PUBLIC_PAGE_VERSION_CHECK_SECONDS = 3600
    client.get(HOME)
    assert _queries(client, HOME) == 0
    _another_process_retires()
    assert _queries(client, HOME) == 0  # this process has not looked again yet


def test_a_change_in_another_process_shows_once_the_version_is_checked(client, settings):
    settings.PUBLIC_PAGE_VERSION_CHECK_SECONDS = 0
    client.get(HOME)
    assert _queries(client, HOME) == 0  # from the shared cache
    _another_process_retires()
    assert _queries(client, HOME) > 0
    assert _queries(client, HOME) == 0
