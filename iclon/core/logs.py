"""Log records with the request id and the user id (settings.LOGGING), and JSON lines when
`DJANGO_LOG_FORMAT=json`: one object a line, for a log collector to index (see iclon/core/requestid.py)."""

from __future__ import annotations

import datetime
import json
import logging

from django.core.exceptions import PermissionDenied

from iclon.core.requestid import current_context

#: The attributes every LogRecord has; anything else on a record came from `extra=` and is logged,
#: except Django's `request` (its text holds the query string, which may hold a token).
_LEFT_OUT = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "taskName", "request"}


class RequestContextFilter(logging.Filter):
    """Adds `request_id` and `user_id` (or None) to every record that passes the handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = current_context()
        if not hasattr(record, "request_id"):
            record.request_id = context.request_id if context is not None else None
        if not hasattr(record, "user_id"):
            record.user_id = context.current_user_id() if context is not None else None
        return True


class JSONFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, request_id, user_id,
    the record's extra fields (method, path, status, duration_ms, …) and the exception, if any."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
            "user_id": getattr(record, "user_id", None),
        }
        for key, value in record.__dict__.items():
            if key not in _LEFT_OUT and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class PermissionDeniedWithoutTraceback(logging.Filter):
    """Drops the traceback from Django's line about an ordinary 403 (settings.LOGGING, django.request).

    Django logs "Forbidden (Permission denied): /path/" with the PermissionDenied exception attached,
    so every refused request printed a traceback, as if the portal had failed. A refusal is the
    portal working: the one WARNING line (path, status, request id) is kept, the traceback is not."""

    def filter(self, record: logging.LogRecord) -> bool:
        exception = record.exc_info[1] if record.exc_info else None
        if isinstance(exception, PermissionDenied) and record.levelno <= logging.WARNING:
            record.exc_info = None
            record.exc_text = None
        return True
