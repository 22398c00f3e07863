"""Fixtures of the webhook tests: a real HTTP receiver on 127.0.0.1 (a random port, in a thread)
that checks each request's signature with the subscription's secret, written here from the
Standard Webhooks specification rather than with the portal's own code."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth.models import Permission

from iclon.celery import app as celery_app
from iclon.webhooks import services
from tests.factories import StaffUserFactory


def verify(secret: str, headers: dict[str, str], body: bytes) -> bool:
    """What a receiver does: HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}" keyed with the
    secret's bytes (base64 after "whsec_"), compared with each "v1," signature of the header."""
    key = base64.b64decode(secret.split("_", 1)[1])
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    given = [part.split(",", 1)[1] for part in headers["webhook-signature"].split() if part.startswith("v1,")]
    return any(hmac.compare_digest(expected, candidate) for candidate in given)


class Receiver:
    """An HTTP server that records every POST and answers `status` (401 to a bad signature)."""

    def __init__(self, port: int = 0, status: int = 204):
        self.status = status
        self.secret = ""
        self.requests: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                headers = {key.lower(): value for key, value in self.headers.items()}
                signed = bool(receiver.secret) and verify(receiver.secret, headers, body)
                receiver.requests.append(
                    {"path": self.path, "headers": headers, "body": body, "json": json.loads(body), "signed": signed}
                )
                status = receiver.status if signed else 401
                self.send_response(status)
                if 300 <= status < 400:
                    self.send_header("Location", "http://127.0.0.1:1/elsewhere")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/iclon"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(autouse=True)
def local_receivers(settings):
    """The tests' receiver is http on 127.0.0.1: allowed here as in development (DEBUG)."""
    settings.WEBHOOK_ALLOW_LOCAL_HTTP = True


@pytest.fixture(autouse=True)
def eager_tasks():
    before = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = before


@pytest.fixture
def receiver():
    running = Receiver()
    yield running
    running.close()


@pytest.fixture
def subscriber(db):
    """A staff member who may subscribe (the permission alone, not an administrator)."""
    return make_subscriber()


def make_subscriber(**fields):
    user = StaffUserFactory(**fields)  # with two-factor set up: API tokens need it
    user.user_permissions.add(Permission.objects.get(codename="add_webhooksubscription"))
    return type(user).objects.get(pk=user.pk)  # drop the permission cache


def subscribe(owner, url: str, event_types=("application.submitted",), receiver: Receiver | None = None, **extra):
    """A subscription made by the service; the receiver learns its secret."""
    subscription, secret = services.subscription_create(
        owner=owner, name=extra.pop("name", "Hook"), url=url, event_types=list(event_types), actor=owner
    )
    if receiver is not None:
        receiver.secret = secret
    return subscription
