"""The request id: kept from `X-Request-ID` when safe, made otherwise, answered in the header, on
every log record (JSON lines when DJANGO_LOG_FORMAT=json), on the error pages, and carried by the
tasks a request sends to the worker's log records."""

import io
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from iclon.core import requestid
from iclon.core.logs import JSONFormatter, RequestContextFilter
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
GENERATED = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def json_lines():
    """The JSON lines the access logger writes, formatted as in production (a handler of its own)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JSONFormatter())
    handler.addFilter(RequestContextFilter())
    logger = logging.getLogger("iclon.access")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)
    logger.setLevel(level)


@pytest.mark.django_db
def test_a_request_without_an_id_gets_a_new_one_in_the_header(client):
    first = client.get(reverse("core:home"))
    second = client.get(reverse("core:home"))
    assert GENERATED.fullmatch(first["X-Request-ID"])
    assert GENERATED.fullmatch(second["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.django_db
@pytest.mark.parametrize("incoming", ["abc-123", "lb.7f3a_9", "a" * 64])
def test_a_safe_incoming_id_is_kept(client, incoming):
    response = client.get(reverse("core:home"), headers={"X-Request-ID": incoming})
    assert response["X-Request-ID"] == incoming


@pytest.mark.django_db
@pytest.mark.parametrize(
    "incoming", ["a" * 65, "with space", "semi;colon", "<script>", "ünïcode", "line\u2028break", "a/b", "%0d%0a"]
)
def test_an_unsafe_incoming_id_is_replaced(client, incoming):
    response = client.get(reverse("core:home"), headers={"X-Request-ID": incoming})
    assert response["X-Request-ID"] != incoming
    assert GENERATED.fullmatch(response["X-Request-ID"])


@pytest.mark.django_db
def test_health_answers_stay_out_of_the_access_log(client, json_lines):
    client.get("/health/live")
    client.get(reverse("core:home"))
    assert [line["path"] for line in json_lines()] == [reverse("core:home")]


@pytest.mark.django_db
def test_the_access_line_as_json_names_request_user_path_status_and_duration(client, json_lines):
    user = UserFactory()
    client.force_login(user)
    response = client.get(reverse("core:dashboard") + "?secret=token-in-query", headers={"X-Request-ID": "req-42"})
    assert response.status_code == 200
    [line] = json_lines()
    assert line["request_id"] == "req-42" == response["X-Request-ID"]
    assert line["user_id"] == user.pk
    assert line["method"] == "GET"
    assert line["path"] == reverse("core:dashboard")  # the query string (tokens) stays out
    assert "token-in-query" not in json.dumps(line)
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["logger"] == "iclon.access" and line["level"] == "INFO"
    assert line["time"].endswith("+00:00")


@pytest.mark.django_db
def test_an_anonymous_request_logs_a_null_user_and_its_status(client, json_lines):
    client.get("/no-such-page/", headers={"X-Request-ID": "missing-1"})
    [line] = json_lines()
    assert line["user_id"] is None
    assert line["status"] == 404
    assert line["request_id"] == "missing-1"


def test_records_logged_during_the_request_carry_its_id():
    seen = []

    def view(request):
        record = logging.makeLogRecord({"msg": "inside the view"})
        RequestContextFilter().filter(record)
        seen.append(record)
        return HttpResponse("ok")

    response = requestid.RequestIdMiddleware(view)(RequestFactory().get("/", headers={"X-Request-ID": "inner-7"}))
    assert response["X-Request-ID"] == "inner-7"
    assert (seen[0].request_id, seen[0].user_id) == ("inner-7", None)
    # Outside a request the records carry no id.
    record = logging.makeLogRecord({"msg": "after"})
    RequestContextFilter().filter(record)
    assert record.request_id is None and record.user_id is None


def test_json_formatter_keeps_extras_and_the_exception_and_leaves_out_the_request():
    try:
        raise ValueError("broken")
    except ValueError:
        record = logging.getLogger("test").makeRecord(
            "test", logging.ERROR, __file__, 1, "failed %s", ("here",), sys.exc_info(),
            extra={"status_code": 500, "request": "<WSGIRequest: GET '/x?token=s3cret'>"},
        )  # fmt: skip
    RequestContextFilter().filter(record)
    line = json.loads(JSONFormatter().format(record))
    assert line["message"] == "failed here"
    assert line["status_code"] == 500
    assert "ValueError: broken" in line["exception"]
    assert "request" not in line and "s3cret" not in json.dumps(line)
    assert line["request_id"] is None and line["user_id"] is None


def _log_in_fresh_process(**env):
    code = "import django, logging; django.setup(); logging.getLogger('iclon.check').warning('hello %s', 'world')"
    base = {k: v for k, v in os.environ.items() if k != "DJANGO_LOG_FORMAT"}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "iclon.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_django_log_format_json_writes_json_lines_and_text_is_the_default():
    as_json = _log_in_fresh_process(DJANGO_LOG_FORMAT="json")
    assert as_json.returncode == 0, as_json.stderr
    line = json.loads(as_json.stderr.strip().splitlines()[-1])
    assert line["message"] == "hello world" and line["level"] == "WARNING" and line["logger"] == "iclon.check"
    assert line["request_id"] is None and "user_id" in line

    as_text = _log_in_fresh_process()
    assert as_text.returncode == 0, as_text.stderr
    assert as_text.stderr.strip().splitlines()[-1].endswith("WARNING iclon.check: hello world")

    wrong = _log_in_fresh_process(DJANGO_LOG_FORMAT="xml")
    assert wrong.returncode != 0 and "DJANGO_LOG_FORMAT" in wrong.stderr


@pytest.mark.django_db
@pytest.mark.urls("tests.core.urls_request_id")
def test_the_500_page_shows_the_request_id():
    client = Client(raise_request_exception=False)
    response = client.get("/__test__/boom/", headers={"X-Request-ID": "oops-500"})
    assert response.status_code == 500
    assert response["X-Request-ID"] == "oops-500"
    assert "<code>oops-500</code>" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.urls("tests.core.urls_request_id")
@pytest.mark.parametrize(("path", "status"), [("/__test__/refuse/", 403), ("/no-such-page/", 404)])
def test_the_403_and_404_pages_show_the_request_id(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert f"<code>{response['X-Request-ID']}</code>" in response.content.decode()


def test_a_task_sent_during_a_request_carries_its_ids_and_the_worker_restores_them():
    token = requestid._context.set(requestid.LogContext(request_id="web-9"))
    try:
        headers: dict = {}
        requestid.add_ids_to_task_headers(headers=headers, body=(), exchange="", routing_key="celery")
    finally:
        requestid._context.reset(token)
    assert headers[requestid.TASK_HEADER_REQUEST_ID] == "web-9"

    # In the worker: no request; the headers arrive as attributes of the task's request.
    assert requestid.get_request_id() is None
    task = SimpleNamespace(request=SimpleNamespace(iclon_request_id="web-9", iclon_user_id=12, headers=None))
    requestid.restore_ids_in_worker(task_id="t-1", task=task)
    record = logging.makeLogRecord({"msg": "sending e-mail"})
    RequestContextFilter().filter(record)
    assert (record.request_id, record.user_id) == ("web-9", 12)

    requestid.clear_ids_in_worker(task_id="t-1", task=task)
    assert requestid.get_request_id() is None


def test_the_headers_may_also_arrive_in_the_task_requests_headers_and_unsafe_ids_are_replaced():
    task = SimpleNamespace(request=SimpleNamespace(headers={"iclon_request_id": "bad id\n", "iclon_user_id": "x"}))
    requestid.restore_ids_in_worker(task_id="t-2", task=task)
    try:
        context = requestid.current_context()
        assert context is not None and GENERATED.fullmatch(context.request_id)
        assert context.user_id is None
    finally:
        requestid.clear_ids_in_worker(task_id="t-2")
    assert requestid.current_context() is None


def test_outside_a_request_a_task_gets_no_headers_and_a_task_without_them_keeps_its_context():
    headers: dict = {}
    requestid.add_ids_to_task_headers(headers=headers)
    assert headers == {}
    requestid.restore_ids_in_worker(task_id="t-3", task=SimpleNamespace(request=SimpleNamespace(headers=None)))
    assert requestid.current_context() is None


@pytest.mark.django_db
def test_a_signed_in_requests_task_headers_name_the_user(client):
    user = UserFactory()
    client.force_login(user)
    captured = {}

    def view(request):
        assert request.user.is_authenticated  # loaded, as any page that knows the user does
        requestid.add_ids_to_task_headers(headers=captured)
        return HttpResponse("ok")

    request = RequestFactory().get("/", headers={"X-Request-ID": "with-user"})
    request.COOKIES = {name: morsel.value for name, morsel in client.cookies.items()}
    requestid.RequestIdMiddleware(SessionMiddleware(AuthenticationMiddleware(view)))(request)
    assert captured == {requestid.TASK_HEADER_REQUEST_ID: "with-user", requestid.TASK_HEADER_USER_ID: user.pk}


def test_the_celery_signals_reach_the_handlers():
    from celery import signals

    import iclon.celery  # noqa: F401  (connects them)

    token = requestid._context.set(requestid.LogContext(request_id="via-signal"))
    try:
        headers: dict = {}
        signals.before_task_publish.send(sender="some.task", headers=headers, body=(), routing_key="celery")
    finally:
        requestid._context.reset(token)
    assert headers[requestid.TASK_HEADER_REQUEST_ID] == "via-signal"

    class Task:  # a worker's task: the headers arrive with its request
        request = SimpleNamespace(headers=headers)

    task = Task()
    signals.task_prerun.send(sender=task, task_id="t-4", task=task, args=(), kwargs={})
    assert requestid.get_request_id() == "via-signal"
    signals.task_postrun.send(sender=task, task_id="t-4", task=task, args=(), kwargs={}, retval=None, state="SUCCESS")
    assert requestid.get_request_id() is None
