"""A request id for every request, so that an operator can follow one request through the web
process and the workers (docs/operations.md).

- `RequestIdMiddleware` keeps an incoming `X-Request-ID` when it looks safe (at most 64 characters of
  letters, digits, `.`, `_` and `-`; a load balancer or a proxy may set one) or makes a new one,
  holds it in a context variable for the request, answers it in the `X-Request-ID` header and logs
  one access line per request (logger `iclon.access`: method, path, status, duration, user id).
  It comes right after the health middleware: health answers stay out of the access log.
- Tasks sent during a request carry the id (and the user id) in their headers
  (`before_task_publish`); the worker restores them around the task (`task_prerun`/`task_postrun`),
  connected in iclon/celery.py.
- iclon/core/logs.py adds both ids to every log record; the error pages show the id as a reference.
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty

access_logger = logging.getLogger("iclon.access")

HEADER = "X-Request-ID"
#: The names of the task headers that carry the ids from the web process to the worker.
TASK_HEADER_REQUEST_ID = "iclon_request_id"
TASK_HEADER_USER_ID = "iclon_user_id"

SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


@dataclass
class LogContext:
    """What the log records of the current request (or task) are about."""

    request_id: str
    request: HttpRequest | None = None
    #: A task's user (from its headers); a request's user is read from the request.
    user_id: int | None = None

    def current_user_id(self) -> int | None:
        if self.request is not None:
            return request_user_id(self.request)
        return self.user_id


_context: contextvars.ContextVar[LogContext | None] = contextvars.ContextVar("iclon_log_context", default=None)


def current_context() -> LogContext | None:
    return _context.get()


def get_request_id() -> str | None:
    """The id of the request (or of the request that sent the task) being handled, if any."""
    context = _context.get()
    return context.request_id if context is not None else None


def clean_request_id(value: str | None) -> str:
    """`value` when it is a safe id; otherwise a new one (32 hexadecimal characters)."""
    if value and SAFE_REQUEST_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


def request_user_id(request: HttpRequest) -> int | None:
    """The signed-in user's id, if the request has already loaded its user; never loads it (a log
    line must not cost a query, nor fail because the database is what failed)."""
    user = request.__dict__.get("user")
    if user is None or (isinstance(user, SimpleLazyObject) and getattr(user, "_wrapped", empty) is empty):
        return None
    if not getattr(user, "is_authenticated", False):
        return None
    return user.pk


class RequestIdMiddleware:
    """Gives the request its id (see the module's text) and logs its access line."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = clean_request_id(request.headers.get(HEADER))
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _context.set(LogContext(request_id=request_id, request=request))
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[HEADER] = request_id
            duration_ms = round((time.monotonic() - started) * 1000, 1)
            access_logger.info(
                "%s %s %s %sms",
                request.method,
                request.path,
                response.status_code,
                duration_ms,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                },
            )
            return response
        finally:
            _context.reset(token)


# Celery (connected in iclon/celery.py) ------------------------------------------------------------

#: The context each running task replaced, to put back when it ends (by task id).
_task_tokens: dict[str, contextvars.Token[LogContext | None]] = {}


def add_ids_to_task_headers(headers: dict[str, Any] | None = None, **kwargs: Any) -> None:
    """`before_task_publish`: a task sent while a request (or a task) is handled carries its ids."""
    context = _context.get()
    if context is None or headers is None:
        return
    headers.setdefault(TASK_HEADER_REQUEST_ID, context.request_id)
    headers.setdefault(TASK_HEADER_USER_ID, context.current_user_id())


def _task_header(task: Any, name: str) -> Any:
    request = getattr(task, "request", None)
    if request is None:
        return None
    value = getattr(request, name, None)
    if value is None:
        # Depending on the protocol, custom headers are attributes of the request or in its headers.
        value = (getattr(request, "headers", None) or {}).get(name)
    return value


def restore_ids_in_worker(task_id: str | None = None, task: Any = None, **kwargs: Any) -> None:
    """`task_prerun`: the task's log records carry the ids of the request that sent it. A task run
    in the process (eager) without the headers keeps the context it runs in."""
    request_id = _task_header(task, TASK_HEADER_REQUEST_ID)
    if not isinstance(request_id, str) or task_id is None:
        return
    user_id = _task_header(task, TASK_HEADER_USER_ID)
    context = LogContext(request_id=clean_request_id(request_id), user_id=user_id if isinstance(user_id, int) else None)
    _task_tokens[task_id] = _context.set(context)


def clear_ids_in_worker(task_id: str | None = None, **kwargs: Any) -> None:
    """`task_postrun`: the next task on this worker does not inherit the ids."""
    token = _task_tokens.pop(task_id, None) if task_id is not None else None
    if token is not None:
        try:
            _context.reset(token)
        except ValueError:  # set in another context (thread): leave that one alone
            _context.set(None)
