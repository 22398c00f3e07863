"""The cache down does not take the portal down (iclon/core/cache.py).

With Redis unreachable, login (and allauth's rate limit on failed logins), password reset, the API
(its throttle still refusing the request over the rate, counted per process) and a form that keeps
a rate limit in the cache (Meet the Professor's public form) keep working, what was submitted is
saved, routes pages come from the database, `/health/ready` says 503 naming the cache, and the
error is logged once a minute, not once a request. The first tests point the cache at a closed
port; the last one starts a Redis of its own, stops it mid-run and starts it again."""

import datetime
import logging
import shutil
import socket
import subprocess
import time
from types import SimpleNamespace

import pytest
import redis
from django.core import mail
from django.core.cache import cache, caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.throttling import SimpleRateThrottle

from iclon.core import cache as resilient
from professionalisation.outreach.models.visits import VisitSubmission
from programmes.catalogue import cache as catalogue_cache
from tests.api.conftest import api_client
from tests.conftest import skip_or_fail
from tests.factories import UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")
RESET = reverse("account_reset_password")
API_SCHOOLS = reverse("api:school-list")
VISIT_ASK = reverse("outreach:visit-ask")
CATALOGUE = reverse("programmes:catalogue")
READY = "/health/ready"
LOGGER = "iclon.core.cache"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _use_redis(settings, url: str) -> None:
    """The default cache on `url`, as settings.py configures it (Django resets the cache handler)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "iclon.core.cache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "iclon",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


@pytest.fixture(autouse=True)
def _fresh_outages(monkeypatch):
    """What a process knows of Redis outages starts empty in each test."""
    monkeypatch.setattr(resilient, "_OUTAGES", {})


@pytest.fixture
def clock(monkeypatch):
    """A clock the test moves (the backend's time.monotonic)."""
    now = SimpleNamespace(value=1000.0)
    monkeypatch.setattr(resilient, "time", SimpleNamespace(monotonic=lambda: now.value))
    return now


@pytest.fixture
def redis_away(settings):
    """The cache on a port where nothing listens."""
    _use_redis(settings, f"redis://127.0.0.1:{_free_port()}/0")


@pytest.fixture
def low_rates(settings, monkeypatch):
    """3 anonymous API requests a minute (DRF reads the rates into the class at import)."""
    rates = {"anon": "3/minute", "user": "5/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)


def visit_form(school, email: str) -> dict[str, str]:
    day = timezone.localdate() + datetime.timedelta(days=30)
    return {
        "contact_name": "Juf Jansen",
        "contact_email": email,
        "school": school.code,
        "group_label": "Groep 8",
        "pupils": "27",
        "wishes": "Vulkanen en aardbevingen",
        "location": "school",
        "date_1": day.isoformat(),
        "date_2": (day + datetime.timedelta(days=7)).isoformat(),
    }


def cache_errors(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == LOGGER and r.levelno == logging.ERROR]


# --- Redis away: the portal works on ----------------------------------------------------------------


def test_the_portal_uses_the_resilient_backend_for_redis(settings):
    _use_redis(settings, "redis://127.0.0.1:6379/0")
    assert isinstance(caches["default"], resilient.ResilientRedisCache)
    # DRF's throttles and allauth's rate limits use Django's default cache, hence this backend.
    from allauth.core.internal import ratelimit

    assert SimpleRateThrottle.cache is cache and ratelimit.cache is cache  # the proxy of caches["default"]


def test_login_works_and_failed_logins_are_still_limited(redis_away, client):
    UserFactory(email="person@example.org")
    response = client.post(LOGIN, {"login": "person@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"]
    assert caches["default"].degraded is True

    # allauth's limit on failed logins (5 per address) holds, counted in this process.
    other = Client(headers={"accept-language": "en"})
    UserFactory(email="target@example.org")
    for _ in range(5):
        refused = other.post(LOGIN, {"login": "target@example.org", "password": "wrong-password"})
        assert refused.status_code == 200 and refused.context["form"].errors
    # Even the right password is refused now: the limit holds.
    limited = other.post(LOGIN, {"login": "target@example.org", "password": PASSWORD})
    assert limited.status_code in (200, 429)
    assert "Too many failed login attempts" in limited.content.decode()
    assert "_auth_user_id" not in other.session


def test_password_reset_works(redis_away, client):
    UserFactory(email="forgot@example.org", language="en")
    response = client.post(RESET, {"email": "forgot@example.org"})
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["forgot@example.org"]]


def test_the_api_answers_and_its_throttle_counts_per_process(redis_away, low_rates, school_a):
    client = api_client()
    answers = [client.get(API_SCHOOLS) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert school_a.code in [row["code"] for row in answers[0].json()["results"]]
    throttled = client.get(API_SCHOOLS)
    assert throttled.status_code == 429
    assert 0 < int(throttled["Retry-After"]) <= 60


def test_a_form_submission_is_saved(redis_away, school_a):
    client = Client(headers={"accept-language": "en"})
    response = client.post(VISIT_ASK, visit_form(school_a, "juf.jansen@school.example.org"))
    assert response.status_code == 302 and response["Location"] == reverse("outreach:visit-ask-sent")
    saved = VisitSubmission.objects.get()
    assert saved.contact_email == "juf.jansen@school.example.org" and saved.group_label == "Groep 8"


def test_the_forms_own_limit_still_holds_per_process(redis_away, school_a, monkeypatch):
    from professionalisation.outreach.services import visit_public

    monkeypatch.setattr(visit_public, "PER_ADDRESS_A_DAY", 2)
    client = Client(headers={"accept-language": "en"})
    statuses = [client.post(VISIT_ASK, visit_form(school_a, f"teacher{n}@example.org")).status_code for n in range(3)]
    assert statuses == [302, 302, 429]
    assert VisitSubmission.objects.count() == 2


def test_routes_pages_come_from_the_database_and_are_not_cached(redis_away, settings, client):
    settings.CATALOGUE_CACHE_SECONDS = 3600
    first = client.get(CATALOGUE)
    assert first.status_code == 200 and caches["default"].degraded is True
    second = client.get(CATALOGUE)
    assert second.status_code == 200
    assert second.content.decode().count("<h1") == first.content.decode().count("<h1") >= 1
    fallback = caches["default"]._fallback
    assert not [key for key in fallback._cache if catalogue_cache.PAGE_KEY_PREFIX in key]


def test_ready_says_503_naming_the_cache(redis_away, client):
    response = client.get(READY)
    assert response.status_code == 503
    assert "cache" in response.json()["down"]
    assert response.json()["checks"]["database"] == "ok"


def test_the_error_is_logged_once_a_minute_not_once_a_request(redis_away, client, clock, caplog):
    caplog.set_level(logging.ERROR, logger=LOGGER)
    UserFactory(email="person@example.org")
    for _ in range(3):
        assert client.post(LOGIN, {"login": "person@example.org", "password": PASSWORD}).status_code == 302
        client.logout()
        clock.value += 10  # Redis is asked again (RETRY_SECONDS) and still refuses
    (line,) = cache_errors(caplog)
    assert "cannot be reached (ConnectionError" in line.getMessage()
    assert "127.0.0.1" not in line.getMessage()
    clock.value += 60
    assert client.post(LOGIN, {"login": "person@example.org", "password": PASSWORD}).status_code == 302
    first, second = cache_errors(caplog)
    assert "operation(s) since the last report" in second.getMessage()


def test_redis_is_not_asked_again_before_the_retry_interval(redis_away, clock, monkeypatch):
    backend = caches["default"]
    asked = []
    original = resilient.ResilientRedisCache._come_back

    def counting_probe(self):
        asked.append(1)
        return original(self)

    monkeypatch.setattr(resilient.ResilientRedisCache, "_come_back", counting_probe)
    backend.set("greeting", "hallo")  # fails on Redis: the stand-in takes it
    assert [backend.get("greeting") for _ in range(5)] == ["hallo"] * 5
    assert asked == []  # not asked again within RETRY_SECONDS
    clock.value += backend.retry_seconds
    assert backend.get("greeting") == "hallo"  # asked once more, still away
    assert asked == [1]
    assert backend.get("greeting") == "hallo"
    assert asked == [1]


def test_other_redis_errors_still_raise(redis_away, monkeypatch):
    def wrong_type(self, *args, **kwargs):
        raise redis.exceptions.ResponseError("WRONGTYPE Operation against a key holding the wrong kind of value")

    monkeypatch.setattr(resilient.RedisCache, "incr", wrong_type)
    with pytest.raises(redis.exceptions.ResponseError):
        caches["default"].incr("counter")


# --- a Redis of its own, stopped mid-run and started again -------------------------------------------


class OwnRedis:
    def __init__(self, binary: str, port: int):
        self.binary, self.port = binary, port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        client.close()

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_connect_timeout=1)


@pytest.fixture
def own_redis():
    binary = shutil.which("redis-server")
    if binary is None:
        skip_or_fail("redis-server is not installed")
    server = OwnRedis(binary, _free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _drive(school, n: int) -> None:
    """Log in, read the API, submit the form and reset a password; each must work."""
    client = Client(headers={"accept-language": "en"})
    response = client.post(LOGIN, {"login": "person@example.org", "password": PASSWORD})
    assert response.status_code == 302 and client.session["_auth_user_id"]
    response = api_client().get(API_SCHOOLS)
    assert response.status_code == 200 and school.code in [row["code"] for row in response.json()["results"]]
    response = client.post(VISIT_ASK, visit_form(school, f"teacher{n}@example.org"))
    assert response.status_code == 302
    assert VisitSubmission.objects.filter(contact_email=f"teacher{n}@example.org").exists()
    assert Client().post(RESET, {"email": "person@example.org"}).status_code == 302


@pytest.mark.services
def test_redis_stopped_mid_run_and_started_again(own_redis, settings, school_a, caplog):
    caplog.set_level(logging.WARNING, logger=LOGGER)
    _use_redis(settings, own_redis.url)
    settings.CATALOGUE_CACHE_SECONDS = 3600
    UserFactory(email="person@example.org")
    backend = caches["default"]
    backend.retry_seconds = 0.2  # the restart below is noticed within the test's patience

    _drive(school_a, 1)
    assert backend.degraded is False
    keys = own_redis.client().keys("iclon:*")
    assert any(b"throttle_anon" in key for key in keys), keys  # DRF's throttle is in Redis
    assert any(b"allauth:rl:" in key for key in keys), keys  # allauth's rate limits too
    assert Client().get(CATALOGUE).status_code == 200
    version_in_redis = own_redis.client().get(f"iclon:1:{catalogue_cache.VERSION_KEY}")
    assert version_in_redis is not None
    assert Client().get(READY).status_code == 200

    own_redis.stop()
    stopped = time.monotonic()
    response = Client().get(READY)
    assert time.monotonic() - stopped < 5
    assert response.status_code == 503 and response.json()["down"] == ["cache"]
    _drive(school_a, 2)
    assert backend.degraded is True
    assert Client().get(CATALOGUE).status_code == 200
    catalogue_cache.bump_catalogue_version()  # a staff change while Redis is away
    assert VisitSubmission.objects.count() == 2
    errors = [r for r in caplog.records if r.name == LOGGER and r.levelno == logging.ERROR]
    assert len(errors) == 1, [r.getMessage() for r in errors]

    own_redis.start()  # the same port, empty; give it the old version back to see it retired
    own_redis.client().set(f"iclon:1:{catalogue_cache.VERSION_KEY}", version_in_redis)
    deadline = time.monotonic() + 5
    while backend.degraded:
        assert time.monotonic() < deadline, "the cache did not return to Redis"
        time.sleep(0.05)
        backend.get("anything")
    # The version this process bumped meanwhile is retired in Redis: no process serves old pages.
    assert own_redis.client().get(f"iclon:1:{catalogue_cache.VERSION_KEY}") is None
    assert any("answers again" in r.getMessage() for r in caplog.records)
    _drive(school_a, 3)
    assert any(b"throttle_anon" in key for key in own_redis.client().keys("iclon:*"))
    assert Client().get(READY).status_code == 200
