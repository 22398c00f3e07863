"""What the console shows: an ordinary 403 is one WARNING line without a traceback (a refusal is
the portal working), while a failure keeps its traceback (iclon/core/logs.py, settings.LOGGING)."""

import io
import logging

import pytest
from django.conf import settings
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.urls_request_id")]


@pytest.fixture
def console():
    """What the `django` loggers write, formatted as the portal's console handler formats it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(settings.LOGGING["formatters"]["plain"]["format"]))
    logger = logging.getLogger("django")
    logger.addHandler(handler)
    yield stream
    logger.removeHandler(handler)


def test_a_refused_request_is_one_warning_line_without_a_traceback(client, console):
    response = client.get("/__test__/refuse/")
    assert response.status_code == 403
    assert "403" in response.content.decode()  # the portal's 403 page
    lines = console.getvalue().splitlines()
    assert lines == [lines[0]]
    assert "WARNING django.request: Forbidden (Permission denied): /__test__/refuse/" in lines[0]
    assert "Traceback" not in console.getvalue()


def test_a_failing_view_keeps_its_traceback(console):
    response = Client(raise_request_exception=False).get("/__test__/boom/")
    assert response.status_code == 500
    output = console.getvalue()
    assert "ERROR django.request: Internal Server Error: /__test__/boom/" in output
    assert "Traceback" in output
    assert "RuntimeError: the view failed on purpose" in output
