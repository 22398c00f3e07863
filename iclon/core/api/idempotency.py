"""`Idempotency-Key` on every API POST: a retried request gets the first answer and writes nothing twice.

A client that cannot tell whether its POST arrived (a timeout, a dropped connection) sends it again
with the same `Idempotency-Key` header (any 1–255 visible ASCII characters; a UUID is best), as
Stripe's API and the IETF draft "The Idempotency-Key HTTP Header Field" describe:

- The first request runs as usual, inside one transaction with a row that records its answer
  (iclon.core.models.IdempotencyRecord): the answer and the row are committed together, or neither.
- A request with a key that its owner used before gets that first answer again, byte for byte, with
  `Idempotent-Replayed: true`, and runs nothing. Two requests with the same key at the same moment:
  the second waits for the first (the row's unique index) and then gets its answer.
- The same key with another request (method, path, content type or body differ) is refused with 422.
- An answer is kept only when the view ran to a decision: a server error (5xx) rolls the whole
  request back and keeps nothing, so a retry runs again; refusals that come before the view's work
  (401, 403, 429) are not kept either, so a retry after signing in or waiting runs.

Keys are per owner: the same key of two clients never meets (the owner is a digest of the
`Authorization` header, else of the session cookie, else of the client's address). Answers are
kept IDEMPOTENCY_KEY_HOURS (24) and purged nightly (iclon/core/tasks.py). Without the header an API
POST behaves as before (a repeated create answers 409 where the service refuses a duplicate)."""

from __future__ import annotations

import datetime
import hashlib
import re

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from iclon.core.models import IdempotencyRecord

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
KEY_PATTERN = re.compile(r"[!-~]{1,255}")
#: Answers given before the view did its work: a retry must run again.
NOT_KEPT = frozenset({401, 403, 429})


def _digest(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8", "surrogateescape"))
        digest.update(b"\0")
    return digest.hexdigest()


def owner_of(request) -> str:
    """Who asked, as a digest: the credentials of a script, the browser session of a person, or
    (anonymous) the client's address."""
    authorization = request.META.get("HTTP_AUTHORIZATION", "")
    if authorization:
        return _digest("authorization", authorization)
    session = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
    if session:
        return _digest("session", session)
    return _digest("address", request.META.get("REMOTE_ADDR", ""))


def fingerprint_of(request) -> str:
    return _digest(request.method, request.get_full_path(), request.META.get("CONTENT_TYPE", ""), request.body)


def is_api_post(request) -> bool:
    return request.method == "POST" and request.path.startswith(settings.API_PATH_PREFIX)


def _expired_before() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS)


def replay(record: IdempotencyRecord) -> HttpResponse:
    response = HttpResponse(bytes(record.body), status=record.status_code, content_type=record.content_type or None)
    if record.location:
        response["Location"] = record.location
    response[REPLAYED_HEADER] = "true"
    return response


def _refusal(detail: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status)


class IdempotencyKeyMiddleware:
    """Last in MIDDLEWARE, so that it wraps the view alone (iclon/settings.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_api_post(request) or HEADER not in request.headers:
            return self.get_response(request)
        key = request.headers[HEADER].strip()
        if not KEY_PATTERN.fullmatch(key):
            return _refusal(_("The Idempotency-Key header must be 1 to 255 visible ASCII characters."), 400)
        owner, fingerprint = owner_of(request), fingerprint_of(request)
        with transaction.atomic():
            IdempotencyRecord.objects.filter(owner=owner, key=key, created_at__lt=_expired_before()).delete()
            record = IdempotencyRecord(
                owner=owner,
                key=key,
                fingerprint=fingerprint,
                method=request.method,
                path=request.get_full_path()[:2000],
                status_code=0,
                body=b"",
            )
            try:
                with transaction.atomic():
                    record.save()
            except IntegrityError:
                # The key was used: wait for (on PostgreSQL the insert waited for) the first request.
                first = IdempotencyRecord.objects.get(owner=owner, key=key)
                if first.fingerprint != fingerprint:
                    return _refusal(
                        _("This Idempotency-Key was used for another request. Use a new key for a new request."), 422
                    )
                return replay(first)
            response = self.get_response(request)
            if response.streaming or response.status_code >= 500:
                # A server error leaves nothing half-written, and a retry runs again.
                transaction.set_rollback(True)
                return response
            if response.status_code in NOT_KEPT:
                record.delete()
                return response
            record.status_code = response.status_code
            record.content_type = response.get("Content-Type", "")[:200]
            record.location = response.get("Location", "")[:2000]
            record.body = response.content
            record.save(update_fields=["status_code", "content_type", "location", "body"])
        return response


def idempotency_records_purge(now: datetime.datetime | None = None) -> int:
    """Delete the kept answers older than IDEMPOTENCY_KEY_HOURS (safe to run twice)."""
    before = (now or timezone.now()) - datetime.timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS)
    deleted, _by_model = IdempotencyRecord.objects.filter(created_at__lt=before).delete()
    return deleted
