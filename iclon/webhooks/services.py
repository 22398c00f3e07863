"""Webhooks: subscriptions, publishing events into an outbox, and delivering them with retries.

`publish()` writes one WebhookDelivery per active subscription that wants the event, inside the
caller's transaction; after it commits, one delivery task per row is enqueued (a broker that is down
never fails the committed request: the sweeper enqueues the rows later). `delivery_attempt()` is
what the task runs: it claims the row with one conditional UPDATE (due, pending or failed →
sending, attempts + 1), so a redelivered or repeated task never sends an attempt twice, posts the
signed event and records the outcome: delivered (2xx), failed with the next attempt after an
exponential backoff, or given up after WEBHOOK_MAX_ATTEMPTS. `deliveries_sweep()` (beat, every
minute) enqueues the rows that are due, and again the rows stuck in 'sending' (their worker died).

Signing follows the Standard Webhooks specification (as Stripe and Svix do): the headers
`webhook-id` (the event's id, the same on every attempt, for the receiver to drop duplicates),
`webhook-timestamp` (seconds since the epoch) and `webhook-signature: v1,<base64 of HMAC-SHA256
of "{id}.{timestamp}.{body}" keyed with the secret's bytes>`.

A subscription whose deliveries have failed without one success for WEBHOOK_DISABLE_AFTER_DAYS
(default 3) is switched off and its owner is told (category "webhooks.subscription_disabled")."""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import logging
import random
import secrets
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from kombu.exceptions import OperationalError

from iclon.accounts.models import User
from iclon.celery import app as celery_app
from iclon.core.errors import NotAllowed, PortalError
from iclon.notifications.models import Channel
from iclon.notifications.services import notify
from iclon.webhooks import events
from iclon.webhooks.models import FINISHED, SENDABLE, DeliveryStatus, WebhookDelivery, WebhookSubscription
from iclon.webhooks.permissions import can_change_subscription, can_delete_subscription, can_replay, can_subscribe
from iclon.webhooks.targets import BadTarget, check_resolved_host, check_url

logger = logging.getLogger(__name__)

S = DeliveryStatus
# Looked up in Celery's registry by name: tasks.py imports this module, not the other way round.
DELIVER_TASK = "iclon.webhooks.tasks.deliver_webhook_task"
DISABLED_CATEGORY = "webhooks.subscription_disabled"
# Event ids are derived from the publisher's idempotency key, so publishing the same event twice
# (a retried service call) writes no second row (unique subscription and event id).
EVENT_NAMESPACE = uuid.UUID("6f1d3c9e-2f4b-4c55-9a0e-7b1f0c2d5e11")
SECRET_PREFIX = "whsec_"  # noqa: S105  (the prefix of Standard Webhooks secrets, not a secret)
MAX_NAME_LENGTH = 100
SWITCHED_OFF = "The subscription was switched off; not sent."
STUCK = "Interrupted while sending (the worker stopped); sent again."


# --- settings ---------------------------------------------------------------------------------


def timeout_seconds() -> float:
    return float(getattr(settings, "WEBHOOK_TIMEOUT_SECONDS", 5))


def max_attempts() -> int:
    return int(getattr(settings, "WEBHOOK_MAX_ATTEMPTS", 15))


def disable_after() -> datetime.timedelta:
    return datetime.timedelta(days=float(getattr(settings, "WEBHOOK_DISABLE_AFTER_DAYS", 3)))


def keep_deliveries() -> datetime.timedelta:
    """How long a finished delivery (delivered or given up) stays in the log for the admin's
    replay and the subscriber's questions: WEBHOOK_DELIVERY_KEEP_DAYS, 90 by default."""
    return datetime.timedelta(days=int(getattr(settings, "WEBHOOK_DELIVERY_KEEP_DAYS", 90)))


def stuck_after() -> datetime.timedelta:
    default = int(getattr(settings, "CELERY_TASK_TIME_LIMIT", 120) or 120) + 60
    return datetime.timedelta(seconds=int(getattr(settings, "WEBHOOK_STUCK_AFTER_SECONDS", default)))


BACKOFF_BASE_SECONDS = 60
BACKOFF_CAP_SECONDS = 12 * 3600


def backoff_seconds(attempts: int) -> int:
    """About 1 min × 2^(attempts − 1), capped at 12 hours, with ±20 % jitter (so that the waits
    still grow from one attempt to the next: 1.2 × 2^n < 0.8 × 2^(n+1)). Fifteen attempts span
    more than three days, past WEBHOOK_DISABLE_AFTER_DAYS."""
    base = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0))
    return int(base * random.uniform(0.8, 1.2))  # noqa: S311  (jitter, not security)


# --- signing ----------------------------------------------------------------------------------


def secret_generate() -> str:
    """A new signing secret: "whsec_" and 32 random bytes in base64 (Standard Webhooks' form)."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _secret_key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def signature(*, secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The `webhook-signature` header's value: "v1," and the base64 HMAC-SHA256 of
    "{message_id}.{timestamp}.{body}" keyed with the secret's bytes."""
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(_secret_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signature_verify(*, secret: str, headers: dict[str, str], body: bytes, tolerance: int | None = 300) -> bool:
    """Whether `body` with the Standard Webhooks `headers` was signed with `secret` (what a receiver
    does; here for the tests and the documentation). `tolerance`: seconds the timestamp may differ
    from now (None: not checked)."""
    lowered = {key.lower(): value for key, value in headers.items()}
    try:
        message_id, timestamp = lowered["webhook-id"], int(lowered["webhook-timestamp"])
        given = lowered["webhook-signature"].split()
    except (KeyError, ValueError):
        return False
    if tolerance is not None and abs(time.time() - timestamp) > tolerance:
        return False
    expected = signature(secret=secret, message_id=message_id, timestamp=timestamp, body=body)
    return any(hmac.compare_digest(expected, candidate) for candidate in given)


def body_of(delivery: WebhookDelivery) -> bytes:
    """The posted body: the stored event, the same bytes on every attempt."""
    return json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()


# --- subscriptions ----------------------------------------------------------------------------


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > MAX_NAME_LENGTH:
        raise PortalError(_("Give a name of at most %(max)d characters.") % {"max": MAX_NAME_LENGTH}, field="name")
    return name


def _clean_event_types(event_types: Sequence[str]) -> list[str]:
    chosen = list(dict.fromkeys(event_types or []))
    unknown = [value for value in chosen if value not in events.EVENT_TYPES]
    if not chosen or unknown:
        raise PortalError(
            _("Choose one or more of the event types: %(types)s.") % {"types": ", ".join(events.EVENT_TYPES)},
            field="event_types",
        )
    return chosen


def subscription_create(
    *, owner: User, name: str, url: str, event_types: Sequence[str], actor: User
) -> tuple[WebhookSubscription, str]:
    """Subscribe `owner` (the actor) to `event_types` at `url`. Returns the subscription and its
    secret, which is shown this once. Raises NotAllowed without the permission to subscribe,
    PortalError (BadTarget) for a URL that may not receive webhooks, a bad name or event types;
    nothing is written then."""
    if not can_subscribe(actor) or owner.pk != actor.pk:
        raise NotAllowed()
    values = {"name": _clean_name(name), "url": check_url(url), "event_types": _clean_event_types(event_types)}
    secret = secret_generate()
    with transaction.atomic():
        subscription = WebhookSubscription.objects.create(owner=owner, secret=secret, **values)
    logger.info("Webhook subscription %s made by user %s", subscription.pk, actor.pk)
    return subscription, secret


def subscription_update(*, subscription: WebhookSubscription, actor: User, **fields: Any) -> WebhookSubscription:
    """Change the name, URL, event types or active flag. Switching a subscription on clears its
    switch-off and its failure clock (see subscription_enable). Raises NotAllowed or PortalError."""
    if not can_change_subscription(actor, subscription):
        raise NotAllowed()
    cleaners: dict[str, Callable[[Any], Any]] = {
        "name": _clean_name,
        "url": check_url,
        "event_types": _clean_event_types,
        "active": bool,
    }
    unknown = set(fields) - set(cleaners)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    values: dict[str, Any] = {key: cleaners[key](value) for key, value in fields.items()}
    with transaction.atomic():
        subscription = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
        if values.get("active") and not subscription.active:
            values.update(failing_since=None, disabled_at=None, disabled_reason="")
        for key, value in values.items():
            setattr(subscription, key, value)
        subscription.save()
    return subscription


def subscription_enable(*, subscription: WebhookSubscription, actor: User) -> WebhookSubscription:
    """Switch a subscription on again (admin action): clears disabled_at, the reason and the
    failure clock. The deliveries given up meanwhile stay given up (replay them to send them)."""
    return subscription_update(subscription=subscription, actor=actor, active=True)


def subscription_delete(*, subscription: WebhookSubscription, actor: User) -> None:
    """Delete a subscription and its deliveries."""
    if not can_delete_subscription(actor, subscription):
        raise NotAllowed()
    subscription.delete()


def subscription_send_test(*, subscription: WebhookSubscription, actor: User) -> WebhookDelivery:
    """Queue a test event ("webhook.test") to this one subscription, sent after commit like any
    event (also to a subscription that is switched off, to check it before switching it on).
    Raises NotAllowed."""
    if not can_change_subscription(actor, subscription):
        raise NotAllowed()
    now = timezone.now()
    event_id = uuid.uuid4()
    with transaction.atomic():
        delivery = WebhookDelivery.objects.create(
            subscription=subscription,
            event_type=events.TEST,
            event_id=event_id,
            payload=_envelope(event_id, events.TEST, now, {"subscription": subscription.pk}),
            next_attempt_at=now,
        )
        transaction.on_commit(_after_commit_enqueue([delivery.pk]), robust=True)
    return delivery


# --- publishing -------------------------------------------------------------------------------


def _envelope(
    event_id: uuid.UUID, event_type: str, created_at: datetime.datetime, data: dict[str, Any]
) -> dict[str, Any]:
    # Through JSON once, so that dates and UUIDs in `data` are stored as the receiver reads them.
    data = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    return {"id": str(event_id), "type": event_type, "created_at": created_at.isoformat(), "data": data}


def event_id_for(event_type: str, idempotency_key: str) -> uuid.UUID:
    return uuid.uuid5(EVENT_NAMESPACE, f"{event_type}:{idempotency_key}")


def publish(event_type: str, payload: dict[str, Any], *, idempotency_key: str) -> list[WebhookDelivery]:
    """Write one delivery of `event_type` per active subscription that wants it, inside the
    caller's transaction, and enqueue them after it commits.

    `payload` is the event's `data`: small and stable (ids, status, references, API urls; no
    personal data). The event's id is derived from `idempotency_key`, so publishing the same event
    again writes nothing twice (the rows already written are returned). An unknown event type is a
    programming error (LookupError)."""
    if event_type not in events.EVENT_TYPES:
        raise LookupError(f"Unknown webhook event type {event_type!r}; add it to iclon/webhooks/events.py.")
    subscribers = [
        pk
        for pk, wanted in WebhookSubscription.objects.filter(active=True).values_list("pk", "event_types")
        # In Python: SQLite has no JSON containment lookup, and subscriptions are few.
        if isinstance(wanted, list) and event_type in wanted
    ]
    if not subscribers:
        return []
    now = timezone.now()
    event_id = event_id_for(event_type, idempotency_key)
    envelope = _envelope(event_id, event_type, now, payload)
    rows, new = [], []
    for subscription_id in subscribers:
        row = WebhookDelivery(
            subscription_id=subscription_id,
            event_type=event_type,
            event_id=event_id,
            payload=envelope,
            next_attempt_at=now,
        )
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:
            rows.append(WebhookDelivery.objects.get(subscription_id=subscription_id, event_id=event_id))
            continue
        rows.append(row)
        new.append(row.pk)
    if new:
        transaction.on_commit(_after_commit_enqueue(new), robust=True)
    return rows


def _after_commit_enqueue(delivery_ids: list[int]) -> Callable[[], None]:
    """The on_commit callback that enqueues the rows (a named function: Django logs a failing
    robust callback by its __qualname__)."""

    def enqueue_webhooks_after_commit() -> None:
        enqueue(delivery_ids)

    return enqueue_webhooks_after_commit


def enqueue(delivery_ids: Sequence[int]) -> int:
    """Publish one delivery task per row; stops at the first failed publish (the broker is down;
    the sweeper enqueues the rest). Returns how many were published."""
    published = 0
    for delivery_id in delivery_ids:
        try:
            celery_app.tasks[DELIVER_TASK].apply_async(args=[delivery_id])
        except OperationalError as error:
            logger.warning("Could not enqueue webhook delivery %s (%s); the sweeper will", delivery_id, error)
            break
        published += 1
    return published


# --- delivering -------------------------------------------------------------------------------


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not a new target: following it could lead inside the network."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> None:
        return None


# No proxies from the environment either: the guard has checked the host the request goes to.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirects())


@dataclass
class Response:
    status_code: int | None
    error: str
    elapsed_ms: int


def _post(url: str, body: bytes, headers: dict[str, str]) -> Response:
    started = time.monotonic()
    status_code, error = None, ""
    try:
        check_resolved_host(url)
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310  (checked)
        with _OPENER.open(request, timeout=timeout_seconds()) as answer:
            status_code = answer.status
            answer.read(1024)
    except BadTarget as refused:
        error = str(refused.message)
    except urllib.error.HTTPError as answer:
        status_code = answer.code
        try:
            text = answer.read(500).decode("utf-8", "replace")
        except Exception:  # the error body is a courtesy
            text = ""
        error = f"HTTP {answer.code}: {text}".strip()
    except (urllib.error.URLError, OSError, ValueError) as failure:  # refused, timed out, TLS, bad URL
        reason = getattr(failure, "reason", failure)
        error = f"{type(reason).__name__}: {reason}"
    elapsed = int((time.monotonic() - started) * 1000)
    return Response(status_code=status_code, error=error[:2000], elapsed_ms=elapsed)


def headers_for(delivery: WebhookDelivery, body: bytes, *, timestamp: int) -> dict[str, str]:
    message_id = str(delivery.event_id)
    return {
        "Content-Type": "application/json",
        "User-Agent": "ICLON-portal-webhooks/1",
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(
            secret=delivery.subscription.secret, message_id=message_id, timestamp=timestamp, body=body
        ),
    }


def _claim(delivery_id: int, now: datetime.datetime) -> WebhookDelivery | None:
    """Claim a due row for this attempt with one conditional UPDATE (atomic on every database: a
    second worker's UPDATE finds the row 'sending' and claims nothing)."""
    claimed = WebhookDelivery.objects.filter(pk=delivery_id, status__in=SENDABLE, next_attempt_at__lte=now).update(
        status=S.SENDING, claimed_at=now, attempts=F("attempts") + 1, updated_at=now
    )
    if not claimed:
        return None
    return WebhookDelivery.objects.select_related("subscription", "subscription__owner").get(pk=delivery_id)


def delivery_attempt(*, delivery_id: int) -> str | None:
    """Make one attempt at delivery `delivery_id` if it is due and not being sent; returns its
    status afterwards (None when there was nothing to do)."""
    now = timezone.now()
    delivery = _claim(delivery_id, now)
    if delivery is None:
        return None
    subscription = delivery.subscription
    ours = WebhookDelivery.objects.filter(pk=delivery.pk, status=S.SENDING, claimed_at=now)
    if not subscription.active and delivery.event_type != events.TEST:
        ours.update(status=S.GAVE_UP, attempts=F("attempts") - 1, last_error=SWITCHED_OFF, updated_at=timezone.now())
        return S.GAVE_UP
    body = body_of(delivery)
    response = _post(subscription.url, body, headers_for(delivery, body, timestamp=int(now.timestamp())))
    done = timezone.now()
    outcome = {"last_status_code": response.status_code, "last_response_ms": response.elapsed_ms, "updated_at": done}
    counts = delivery.event_type != events.TEST  # a test event never starts or stops the failure clock
    if response.status_code is not None and 200 <= response.status_code < 300:
        ours.update(status=S.DELIVERED, delivered_at=done, last_error="", **outcome)
        if counts:
            WebhookSubscription.objects.filter(pk=subscription.pk, failing_since__isnull=False).update(
                failing_since=None
            )
        return S.DELIVERED
    error = response.error or f"HTTP {response.status_code}"
    if delivery.attempts >= max_attempts():
        ours.update(status=S.GAVE_UP, last_error=error, **outcome)
        status = S.GAVE_UP
        logger.error("Webhook delivery %s gave up after %s attempts: %s", delivery.pk, delivery.attempts, error)
    else:
        wait = backoff_seconds(delivery.attempts)
        ours.update(
            status=S.FAILED, last_error=error, next_attempt_at=done + datetime.timedelta(seconds=wait), **outcome
        )
        status = S.FAILED
        logger.warning(
            "Webhook delivery %s attempt %s failed (%s); retry in %s s", delivery.pk, delivery.attempts, error, wait
        )
    if counts:
        _failure_clock(subscription.pk, now)
    return status


def _failure_clock(subscription_id: int, now: datetime.datetime) -> None:
    """Start the subscription's failure clock (if it is not running) and switch the subscription
    off when it has run for WEBHOOK_DISABLE_AFTER_DAYS."""
    WebhookSubscription.objects.filter(pk=subscription_id, failing_since__isnull=True).update(failing_since=now)
    since = WebhookSubscription.objects.filter(pk=subscription_id, active=True).values_list("failing_since", flat=True)
    started = since.first()
    if started is not None and now - started >= disable_after():
        subscription_disable(subscription_id=subscription_id, failing_since=started)


DISABLED_MESSAGE = gettext_noop("Your webhook %(name)s was switched off: its deliveries failed for %(days)s days")


def subscription_disable(*, subscription_id: int, failing_since: datetime.datetime) -> None:
    """Switch a failing subscription off: not active, when and why; its deliveries still waiting
    are given up; the owner is told (in-app and e-mail) with a link to the subscription."""
    with transaction.atomic():
        subscription = (
            WebhookSubscription.objects.select_for_update().select_related("owner").filter(pk=subscription_id).first()
        )
        if subscription is None or not subscription.active:
            return
        now = timezone.now()
        days = disable_after().days or disable_after().total_seconds() / 86400
        subscription.active, subscription.disabled_at = False, now
        subscription.disabled_reason = (
            f"Every delivery failed since {failing_since:%Y-%m-%d %H:%M} UTC ({days} days); switched off."
        )[:300]
        subscription.save(update_fields=["active", "disabled_at", "disabled_reason", "updated_at"])
        WebhookDelivery.objects.filter(subscription=subscription, status__in=SENDABLE).update(
            status=S.GAVE_UP, last_error=SWITCHED_OFF, updated_at=now
        )
        path = reverse("admin:webhooks_webhooksubscription_change", args=[subscription.pk])
        notify(
            category=DISABLED_CATEGORY,
            template="emails/webhooks/subscription_disabled",
            context={
                "subscription": subscription,
                "days": days,
                "url": f"{settings.PORTAL_BASE_URL}{path}",
            },
            recipient=subscription.owner,
            idempotency_key=f"{DISABLED_CATEGORY}:{subscription.pk}:{now.isoformat()}",
            channels=(Channel.EMAIL, Channel.IN_APP),
            url=path,
            message=DISABLED_MESSAGE,
            params={"name": subscription.name, "days": days},
        )
    logger.warning("Webhook subscription %s switched off after failing since %s", subscription_id, failing_since)


def deliveries_sweep(*, limit: int = 500) -> dict[str, int]:
    """Periodic (beat): enqueue the deliveries that are due (a retry, or a row whose enqueue after
    commit was lost), and queue again the rows stuck in 'sending' (their worker died; given up
    after WEBHOOK_MAX_ATTEMPTS). Enqueuing a row twice is harmless: an attempt claims it first."""
    now = timezone.now()
    stuck = WebhookDelivery.objects.filter(status=S.SENDING, claimed_at__lte=now - stuck_after())
    gave_up = stuck.filter(attempts__gte=max_attempts()).update(status=S.GAVE_UP, last_error=STUCK, updated_at=now)
    requeued = stuck.update(status=S.FAILED, next_attempt_at=now, last_error=STUCK, updated_at=now)
    due = list(
        WebhookDelivery.objects.filter(status__in=SENDABLE, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    return {"enqueued": enqueue(due), "stuck": gave_up + requeued}


def deliveries_purge(*, now: datetime.datetime | None = None) -> int:
    """Nightly (beat): delete the deliveries that finished (delivered, or given up) longer than
    WEBHOOK_DELIVERY_KEEP_DAYS ago. Pending, failing and sending rows stay whatever their age: they
    are the outbox. The payloads hold ids and links only, yet the log must not grow for ever."""
    now = now or timezone.now()
    finished = WebhookDelivery.objects.filter(status__in=FINISHED, updated_at__lt=now - keep_deliveries())
    deleted, _per_model = finished.delete()
    return deleted


def delivery_replay(*, delivery: WebhookDelivery, actor: User) -> None:
    """Queue a finished delivery (delivered, failed or given up) again as a new attempt, due now,
    with the same event id (the receiver can recognise it). Raises NotAllowed, or PortalError for
    a delivery already waiting or being sent, or one whose subscription is switched off."""
    if not can_replay(actor):
        raise NotAllowed()
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().select_related("subscription").get(pk=delivery.pk)
        if not delivery.subscription.active and delivery.event_type != events.TEST:
            raise PortalError(_("The subscription is switched off; switch it on before replaying its deliveries."))
        if delivery.status in (S.PENDING, S.SENDING):
            raise PortalError(_("This delivery is waiting to be sent already."))
        now = timezone.now()
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=S.PENDING, next_attempt_at=now, claimed_at=None, updated_at=now
        )
        transaction.on_commit(_after_commit_enqueue([delivery.pk]), robust=True)
