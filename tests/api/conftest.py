"""Fixtures of the API tests: clients that authenticate as a persona with a real API token."""

import pytest
from django.core.cache import cache
from django.utils import translation
from rest_framework.test import APIClient, ForceAuthClientHandler

from iclon.accounts.services import api_token_create


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Users are made by the dozen; a deliberately slow hash would make these tests take minutes."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_throttle_history():
    """The throttles count requests in the cache; no test may inherit another's count."""
    cache.clear()
    yield
    cache.clear()


def token_for(user, *, name: str = "tests", expires_days: int | None = None) -> str:
    """A new API token of `user`, made by the service the token page uses."""
    _row, raw = api_token_create(user=user, name=name, expires_days=expires_days, actor=user)
    return raw


# Every new test client loads the middleware again, and WhiteNoise (WHITENOISE_USE_FINDERS=1 in
# tests) then walks every static file: some 150 ms a client. The API clients share one handler;
# they authenticate with tokens, never with force_authenticate, so the handler holds no user.
_HANDLER = ForceAuthClientHandler(enforce_csrf_checks=False)


def api_client(user=None, *, language: str = "en") -> APIClient:
    """A client reading the API in `language`, authenticated with a token of `user` (None: anonymous)."""
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.handler = _HANDLER
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
    return client


@pytest.fixture
def client_as(persona):
    """`client_as("school_a_contact")`: an API client with a token of that persona."""

    def make(name: str, *, language: str = "en") -> APIClient:
        return api_client(persona(name), language=language)

    return make


def translated(language: str, message: str) -> str:
    """`message` as the catalogues (the portal's locale/, DRF's, Django's) translate it into
    `language`. The Dutch must really be Dutch, so that a message missing from the catalogue
    fails the test that expects it."""
    with translation.override(language):
        text = translation.gettext(message)
    if language == "nl":
        assert text != message, f"no Dutch translation of {message!r}"
    return text
