"""The health endpoints: `live` answers whatever the services do; `ready` says 503 naming what is
down, within the timeout, never with an address or a password; both are answered before the host
check, the HTTPS redirect, the session and the rate limits. The last test stops a Redis of its own
and finds `ready` saying so within 5 seconds."""

import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.test import Client, override_settings

from iclon.core import health
from tests.conftest import skip_or_fail

LIVE = "/health/live"
READY = "/health/ready"


@pytest.fixture
def client():
    return Client()


@pytest.mark.django_db
@pytest.mark.parametrize("path", [LIVE, READY, f"{LIVE}/", f"{READY}/"])
def test_both_answer_200_when_all_is_well(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_ready_names_each_check(client):
    body = client.get(READY).json()
    # The suite runs without a broker on a bare machine (tasks run in the process), with one in CI.
    assert body["status"] == "ready"
    assert body["checks"]["database"] == "ok" and body["checks"]["cache"] == "ok"
    assert body["checks"]["broker"] in ("ok", "not used")


@pytest.mark.django_db
@pytest.mark.parametrize("down", ["database", "cache", "broker"])
def test_a_service_down_is_a_503_naming_it_and_nothing_secret(client, monkeypatch, down):
    def fail():
        raise ConnectionError("redis://:s3cret-password@10.0.0.7:6379/0 refused")

    monkeypatch.setitem(health.CHECKS, down, fail)
    response = client.get(READY)
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable" and body["down"] == [down]
    assert "s3cret" not in response.content.decode() and "10.0.0.7" not in response.content.decode()
    # live does not depend on the services.
    assert client.get(LIVE).status_code == 200


@pytest.mark.django_db
def test_a_check_that_hangs_is_down_after_the_timeout(client, monkeypatch, settings):
    settings.HEALTH_CHECK_TIMEOUT = 0.2
    monkeypatch.setitem(health.CHECKS, "cache", lambda: time.sleep(3) or "ok")
    started = time.monotonic()
    response = client.get(READY)
    assert time.monotonic() - started < 1.5
    assert response.status_code == 503 and response.json()["down"] == ["cache"]


@pytest.mark.django_db
@override_settings(ALLOWED_HOSTS=["portal.iclon.example"], SECURE_SSL_REDIRECT=True)
def test_answered_before_host_check_https_redirect_and_session(client):
    # A load balancer asks by IP address, over plain HTTP.
    response = client.get(LIVE, HTTP_HOST="10.1.2.3:8000")
    assert response.status_code == 200
    assert not response.cookies
    response = client.get(READY, HTTP_HOST="10.1.2.3:8000")
    assert response.status_code == 200 and not response.cookies
    # Any other page still gets the host check.
    assert client.get("/", HTTP_HOST="10.1.2.3:8000").status_code == 400


@pytest.mark.django_db
def test_the_check_connections_of_its_threads_are_closed(client, settings):
    for _ in range(5):
        assert client.get(READY).status_code == 200
    assert health.check_database() == "ok"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.services
@pytest.mark.django_db
def test_ready_says_503_within_5_seconds_of_its_redis_stopping(client, settings):
    binary = shutil.which("redis-server")
    if binary is None:
        skip_or_fail("redis-server is not installed")
    port = _free_port()
    server = subprocess.Popen(
        [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        probe = redis.Redis.from_url(url, socket_connect_timeout=1)
        for _ in range(50):
            try:
                probe.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.1)
        settings.CELERY_BROKER_URL = url
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            }
        }
        assert client.get(READY).json() == {
            "status": "ready",
            "checks": {"database": "ok", "cache": "ok", "broker": "ok"},
        }
        server.terminate()
        server.wait(timeout=10)
        stopped = time.monotonic()
        response = client.get(READY)
        assert time.monotonic() - stopped < 5
        assert response.status_code == 503
        assert sorted(response.json()["down"]) == ["broker", "cache"]
        assert client.get(LIVE).status_code == 200
    finally:
        server.kill()
        server.wait(timeout=10)
