"""The notification service: write to the outbox inside the caller's transaction, deliver later.

`notify()` renders the message in the recipient's language and writes one row per channel. After
the caller's transaction commits, its e-mail rows are enqueued together: one Celery task per batch
of up to NOTIFICATION_BATCH_SIZE ids (robustly: a broker that is down never turns a committed
request into an error; the sweeper enqueues them later). `notification_deliver_batch()` is what
the task runs: it claims the rows (SELECT … FOR UPDATE SKIP LOCKED and a conditional update), so a
redelivered or repeated task never sends a row twice, then sends the claimed rows over one SMTP
connection, one message at a time, and records each row's outcome (sent, or queued again with a
backoff, or failed after NOTIFICATION_MAX_ATTEMPTS) on its own.

Every e-mail carries a Message-ID derived from its row (`message_id`), the same on every attempt. A
worker killed mid-send leaves its row in 'sending'; the sweeper queues such a row again once it has
been 'sending' longer than any task may run (NOTIFICATION_STUCK_AFTER_SECONDS), so no e-mail is
lost. It may then reach the recipient twice, but as the same message: mail clients and servers
show one message per Message-ID. A row interrupted NOTIFICATION_MAX_ATTEMPTS times (a message that
kills the worker) is failed, as a row whose sending fails that often is."""

import contextlib
import datetime
import logging
import random
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from email.utils import parseaddr
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError

from iclon.accounts.models import User
from iclon.accounts.roles import staff_may
from iclon.celery import app as celery_app
from iclon.core.errors import NotAllowed, PortalError
from iclon.core.usercache import retire_user_cache
from iclon.notifications.categories import categories, get_category
from iclon.notifications.messages import relative_link
from iclon.notifications.models import Channel, Notification, NotificationPreference, Status

logger = logging.getLogger(__name__)

# The delivery task, looked up in Celery's registry by its (stable) name when rows are enqueued:
# tasks.py calls this module, so this module does not import tasks.py (it is imported, and the task
# registered, by NotificationsConfig.ready()). tasks.py keeps send_notification_task (one row) for
# messages already queued under its name.
BATCH_TASK = "iclon.notifications.tasks.deliver_batch_task"
# While a batch is being sent, the rows already sent are recorded at least this often. 0: after
# every message (one UPDATE each), so that a worker killed mid-batch sends again at most the one
# message it was sending (with the same Message-ID), as before batching. A higher value trades
# that bound for fewer writes.
MARK_SENT_EVERY_SECONDS = 0.0


def batch_time_budget() -> float:
    """Seconds a batch may spend sending before it hands its remaining rows to a new task: half the
    task's soft time limit, so that a slow SMTP relay never makes a batch outlive its task."""
    return float(getattr(settings, "CELERY_TASK_SOFT_TIME_LIMIT", 90) or 90) / 2


BACKOFF_BASE_SECONDS = 30
BACKOFF_CAP_SECONDS = 3600
STUCK_REQUEUED = "Interrupted while sending (the worker stopped); sent again with the same Message-ID."
STUCK_FAILED = (
    "Interrupted while sending on every attempt (the worker stopped each time). It may have been delivered; "
    "resend if needed."
)
REDACTED = "[The text of this message held a personal link and was removed after sending.]"
# After a failed publish (the broker is down) this process stops trying for a while: a request
# that notifies many people must not wait for the broker once per notification. The rows stay
# queued; the sweeper enqueues them once the broker is back.
BROKER_PAUSE_SECONDS = 15
_broker_down_until = 0.0


def render_message(template: str, context: dict[str, Any], language: str) -> tuple[str, str, str]:
    """Subject, text and HTML of the e-mail templates `<template>_subject.txt`, `_body.txt`,
    `_body.html` (optional), rendered in `language`."""
    # No request, so no context processors: LANGUAGE_CODE (the HTML's lang) is given here.
    context = {"portal_url": settings.PORTAL_BASE_URL, **context, "LANGUAGE_CODE": language}
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}_body.txt", context)
        try:
            html: str = render_to_string(f"{template}_body.html", context)
        except TemplateDoesNotExist:
            html = ""
    return subject, text, html


def _wanted_channels(recipient: User | None, category: str, channels: Iterable[str]) -> list[str]:
    if recipient is None:
        return [c for c in channels if c == Channel.EMAIL]
    if get_category(category).mandatory:
        return list(channels)
    preference = NotificationPreference.objects.filter(user=recipient, category=category).first()
    if preference is None:
        return list(channels)
    return [c for c in channels if getattr(preference, c)]


def notify(
    *,
    category: str,
    template: str,
    context: dict[str, Any],
    idempotency_key: str,
    recipient: User | None = None,
    email: str | None = None,
    language: str | None = None,
    channels: Iterable[str] = (Channel.EMAIL, Channel.IN_APP),
    message: str,
    url: str = "",
    params: dict[str, Any] | None = None,
) -> list[Notification]:
    """Queue `category` for `recipient` (a user) or, without an account, for `email`.

    Writes one Notification per wanted channel (the recipient's preferences decide, except for
    mandatory categories); a row that exists for `idempotency_key` and channel already is
    returned as it is, so the same event never notifies twice. E-mail rows are enqueued for
    delivery after the surrounding transaction commits; in-app rows are delivered at once.

    `url` is the object's page, a path on this site (a full address loses its host). `message`
    (required: an English msgid marked with gettext_noop, %(name)s placeholders) and `params` (JSON:
    see iclon/notifications/messages.py) are the short in-app text, translated when it is read, so a
    reader sees it in their current language (rows written before messages existed show their
    subject). The e-mail is rendered now, in the recipient's language."""
    get_category(category)  # an unknown category is a programming error: fail loudly
    if recipient is not None:
        email, language = recipient.email, recipient.language
    if not email:
        raise PortalError(_("A notification needs a recipient."))
    language = language or settings.LANGUAGE_CODE
    wanted = _wanted_channels(recipient, category, channels)
    if not wanted:
        return []
    subject, text, html = render_message(template, {**context, "recipient": recipient}, language)
    rows = []
    for channel in wanted:
        row = Notification(
            recipient=recipient,
            email=email,
            language=language,
            category=category,
            channel=channel,
            subject=subject[:300],
            body_text=text,
            body_html=html if channel == Channel.EMAIL else "",
            url=relative_link(url),
            message=message[:300],
            params=params or {},
            idempotency_key=idempotency_key,
        )
        if channel == Channel.IN_APP:
            row.status, row.sent_at = Status.SENT, timezone.now()
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:
            rows.append(Notification.objects.get(idempotency_key=idempotency_key, channel=channel))
            continue
        rows.append(row)
        if channel == Channel.EMAIL:
            transaction.on_commit(_after_commit_enqueue(row.pk), robust=True)
    return rows


def batch_size() -> int:
    """How many rows one delivery task sends over one SMTP connection (NOTIFICATION_BATCH_SIZE)."""
    return max(1, int(settings.NOTIFICATION_BATCH_SIZE))


def chunked(ids: Sequence[int], size: int) -> list[list[int]]:
    return [list(ids[i : i + size]) for i in range(0, len(ids), size)]


@dataclass(eq=False)
class _PendingBatch:
    """The e-mail rows written in one transaction, enqueued together once it commits.

    Every row still registers a robust on_commit callback of its own (so a savepoint that rolls
    back drops only its own callbacks); the first of them to run publishes the whole batch, the
    others find it published. An id whose row a savepoint rolled back is harmless: its claim finds
    no row."""

    hooks: list = field(default_factory=list)  # the transaction's on_commit list (identity only)
    ids: list[int] = field(default_factory=list)
    published: bool = False

    def flush(self) -> None:
        if self.published:
            return
        self.published = True
        enqueue_batch(self.ids)  # _current_batch starts a new batch at batch_size()


_pending = threading.local()


def _current_batch() -> _PendingBatch:
    """The batch of the current transaction. Django gives each transaction a new list of on_commit
    callbacks (after a commit, a rollback, or a savepoint's rollback): a batch belongs to that list,
    so the rows of a transaction that rolled back are never published with the next one's."""
    hooks = transaction.get_connection().run_on_commit
    batch = getattr(_pending, "batch", None)
    if batch is None or batch.published or batch.hooks is not hooks or len(batch.ids) >= batch_size():
        batch = _pending.batch = _PendingBatch(hooks=hooks)
    return batch


def _after_commit_enqueue(notification_id: int) -> Callable[[], None]:
    """The on_commit callback that enqueues `notification_id`, with the other rows of its transaction.

    A named function, not functools.partial: when a robust callback raises, Django logs the
    error using the callback's __qualname__, which a partial lacks; the AttributeError would
    then escape into the committed request (Django 5.2, base.py run_and_clear_commit_hooks)."""
    batch = _current_batch()
    batch.ids.append(notification_id)

    def enqueue_notification_after_commit() -> None:
        batch.flush()

    return enqueue_notification_after_commit


def enqueue_delivery(notification_id: int, *, probe: bool = False) -> bool:
    """Publish the delivery of `notification_id` alone; False when the broker is unreachable."""
    return enqueue_batch([notification_id], probe=probe)


def _describe(ids: Sequence[int]) -> str:
    if len(ids) == 1:
        return f"notification {ids[0]}"
    return f"{len(ids)} notifications ({ids[0]} … {ids[-1]})"


def enqueue_batch(notification_ids: Sequence[int], *, probe: bool = False) -> bool:
    """Publish one delivery task for `notification_ids`; False when the broker is unreachable.

    A broker that is down costs one bounded publish attempt (see CELERY_TASK_PUBLISH_RETRY_POLICY),
    after which this process skips publishing for BROKER_PAUSE_SECONDS; the rows stay queued
    and the sweeper enqueues them later. `probe` (the sweeper) tries even during the pause."""
    global _broker_down_until

    ids = list(notification_ids)
    if not ids:
        return True
    if not probe and time.monotonic() < _broker_down_until:
        logger.info("Broker unavailable; %s waits for the sweeper", _describe(ids))
        return False
    try:
        celery_app.tasks[BATCH_TASK].apply_async(args=[ids])
    except OperationalError as error:
        _broker_down_until = time.monotonic() + BROKER_PAUSE_SECONDS
        logger.warning("Could not enqueue %s (%s); the sweeper will", _describe(ids), error)
        return False
    _broker_down_until = 0.0
    return True


def message_id(notification: Notification) -> str:
    """The Message-ID of `notification`'s e-mail: the same on every attempt and resend, unique
    (the row's id and creation time, in the domain of DEFAULT_FROM_EMAIL). Not make_msgid(), which
    is random and names the sending host: a message sent again must be recognisably the same."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "iclon.invalid"
    created = notification.created_at.astimezone(datetime.UTC).strftime("%Y%m%d%H%M%S%f")
    return f"<notification-{notification.pk}.{created}@{domain}>"


def backoff_seconds(attempts: int) -> int:
    """Exponential backoff with jitter: about 30 s, 60 s, 120 s… capped at an hour."""
    base = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0))
    return int(base * random.uniform(0.5, 1.5))  # noqa: S311  (jitter, not security)


@dataclass
class BatchOutcome:
    """What one batch did: the rows sent, and the rows queued again with the wait before the
    retry (the longest of their backoffs, so that each is due when the retry comes)."""

    sent: list[int] = field(default_factory=list)
    retry: list[int] = field(default_factory=list)
    wait: int | None = None
    # Rows not tried because the batch ran out of time (batch_time_budget): queued again, due now,
    # for the caller to enqueue as a new batch.
    rest: list[int] = field(default_factory=list)


def notification_deliver(*, notification_id: int) -> int | None:
    """Send e-mail notification `notification_id` if it is still queued and due (a batch of one).

    Returns the seconds to wait before a retry when the send failed and the row was queued again,
    otherwise None; see notification_deliver_batch()."""
    return notification_deliver_batch(notification_ids=[notification_id]).wait


def _claim(notification_ids: Sequence[int], now: datetime.datetime) -> list[Notification]:
    """Queued, due e-mail rows among `notification_ids`, claimed (queued → sending) for this worker.

    SELECT … FOR UPDATE SKIP LOCKED: rows another worker is claiming are skipped, not waited for,
    and a row another worker claimed meanwhile no longer matches (PostgreSQL re-checks a locked
    row's conditions). SQLite has no row locks but one writer at a time; the UPDATE repeats the
    conditions either way. The claim's time (claimed_at) identifies it."""
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    queued = Notification.objects.filter(pk__in=list(notification_ids), channel=Channel.EMAIL, status=Status.QUEUED)
    with transaction.atomic():
        rows = list(queued.filter(due).select_for_update(skip_locked=True).order_by("pk"))
        if not rows:
            return []
        Notification.objects.filter(pk__in=[row.pk for row in rows], status=Status.QUEUED).update(
            status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1, updated_at=now
        )
    for row in rows:
        row.status, row.claimed_at, row.attempts, row.updated_at = Status.SENDING, now, row.attempts + 1, now
    return rows


def _message(notification: Notification, connection: Any) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        notification.subject,
        notification.body_text,
        settings.DEFAULT_FROM_EMAIL,
        [notification.email],
        connection=connection,
    )
    message.extra_headers["X-ICLON-Notification"] = str(notification.pk)
    message.extra_headers["Message-ID"] = message_id(notification)
    if notification.body_html:
        message.attach_alternative(notification.body_html, "text/html")
    return message


def _mark_sent(rows: list[Notification], *, claimed_at: datetime.datetime) -> None:
    """Record `rows` as sent: two UPDATEs at most (the sensitive ones lose their text)."""
    if not rows:
        return
    now = timezone.now()
    done = {"status": Status.SENT, "sent_at": now, "last_error": "", "updated_at": now}
    # Known before sending: nothing after a successful send may fail and leave the row 'sending'.
    sensitive = {row.pk for row in rows if (category := categories().get(row.category)) and category.sensitive}
    plain = [row.pk for row in rows if row.pk not in sensitive]
    # This worker's claim, or the row the sweeper queued again meanwhile (it went out: not again);
    # not another worker's later claim, which ends as that worker's send does.
    ours = Q(status=Status.SENDING, claimed_at=claimed_at) | Q(status=Status.QUEUED)
    if plain:
        Notification.objects.filter(pk__in=plain).filter(ours).update(**done)
    if sensitive:
        Notification.objects.filter(pk__in=sensitive).filter(ours).update(**done, body_text=REDACTED, body_html="")


def _release(rows: list[Notification], error: Exception, *, claimed_at: datetime.datetime, wait: int) -> None:
    """Rows claimed but never tried (the SMTP connection was lost before their turn): queued again
    for the retry, their attempt not counted."""
    now = timezone.now()
    text = f"{type(error).__name__}: {error}"[:2000]
    Notification.objects.filter(pk__in=[row.pk for row in rows], status=Status.SENDING, claimed_at=claimed_at).update(
        status=Status.QUEUED,
        attempts=F("attempts") - 1,
        last_error=text,
        next_attempt_at=now + timedelta(seconds=wait),
        updated_at=now,
    )
    logger.warning("%s notification(s) not tried (%s); retry in %s s", len(rows), text, wait)


def _reconnect(connection: Any) -> Exception | None:
    """Close and open the SMTP connection again after a failed message; the error if it cannot."""
    with contextlib.suppress(Exception):  # a broken connection may fail to close; it is dropped anyway
        connection.close()
    try:
        connection.open()
    except Exception as error:  # any failure to connect leaves the rest for the retry
        return error
    return None


def notification_deliver_batch(*, notification_ids: Sequence[int]) -> BatchOutcome:
    """Send the e-mail notifications among `notification_ids` that are still queued and due.

    Claims them (see _claim: a row already being sent, sent or failed is left alone), opens ONE
    connection to the mail server and sends them one by one over it. Each row ends on its own: a
    message that went out becomes 'sent' (recorded at least every MARK_SENT_EVERY_SECONDS, and at
    the end); a message whose send failed is queued again with a backoff, or failed after
    NOTIFICATION_MAX_ATTEMPTS, and the connection is opened again for the next; if it cannot be,
    the rows not tried yet are queued again without counting an attempt. A batch that has been
    sending longer than batch_time_budget() queues its remaining rows again, due at once and
    without counting an attempt, and returns them in `rest` (the task enqueues them anew). A send that outlasted
    NOTIFICATION_STUCK_AFTER_SECONDS (the sweeper queued the row again, another worker may have
    claimed it) does not overwrite what came after it."""
    outcome = BatchOutcome()
    now = timezone.now()
    rows = _claim(notification_ids, now)
    if not rows:
        return outcome
    waits: list[int] = []

    def failed(row: Notification, error: Exception) -> int | None:
        wait = _record_failure(row, error, claimed_at=now)
        if wait is not None:
            outcome.retry.append(row.pk)
            waits.append(wait)
        return wait

    connection = get_connection()
    try:
        connection.open()
    except Exception as error:  # the server is unreachable: every claimed row failed this attempt
        for row in rows:
            failed(row, error)
        outcome.wait = max(waits) if waits else None
        return outcome
    unmarked: list[Notification] = []
    marked_at = started = time.monotonic()
    budget = batch_time_budget()
    try:
        for index, row in enumerate(rows):
            if index and time.monotonic() - started > budget:
                rest = rows[index:]
                _release(rest, TimeoutError("the batch ran out of time"), claimed_at=now, wait=0)
                outcome.rest = [r.pk for r in rest]
                break
            try:
                connection.send_messages([_message(row, connection)])
            except SoftTimeLimitExceeded:
                raise  # the task is being stopped: the rows not marked yet are swept as stuck
            except Exception as error:  # any failure of the mail backend is retried
                wait = failed(row, error)
                lost = _reconnect(connection)
                if lost is not None:
                    rest = rows[index + 1 :]
                    if rest:
                        pause = wait or backoff_seconds(1)
                        _release(rest, lost, claimed_at=now, wait=pause)
                        outcome.retry.extend(r.pk for r in rest)
                        waits.append(pause)
                    break
                continue
            unmarked.append(row)
            outcome.sent.append(row.pk)
            if time.monotonic() - marked_at >= MARK_SENT_EVERY_SECONDS:
                _mark_sent(unmarked, claimed_at=now)
                unmarked, marked_at = [], time.monotonic()
    finally:
        _mark_sent(unmarked, claimed_at=now)
        with contextlib.suppress(Exception):  # the messages are sent and recorded; closing is a courtesy
            connection.close()
    outcome.wait = max(waits) if waits else None
    return outcome


def _record_failure(notification: Notification, error: Exception, *, claimed_at: datetime.datetime) -> int | None:
    now = timezone.now()
    text = f"{type(error).__name__}: {error}"[:2000]
    # Only the row as this worker claimed it (the sweeper may have queued it again meanwhile).
    claimed = Notification.objects.filter(pk=notification.pk, status=Status.SENDING, claimed_at=claimed_at)
    if notification.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
        claimed.update(status=Status.FAILED, last_error=text, updated_at=now)
        logger.error(
            "Notification %s failed for good after %s attempts: %s", notification.pk, notification.attempts, text
        )
        return None
    wait = backoff_seconds(notification.attempts)
    claimed.update(status=Status.QUEUED, last_error=text, next_attempt_at=now + timedelta(seconds=wait), updated_at=now)
    logger.warning(
        "Notification %s attempt %s failed (%s); retry in %s s", notification.pk, notification.attempts, text, wait
    )
    return wait


def _requeue_stuck(*, now: datetime.datetime, limit: int) -> tuple[list[int], int]:
    """Rows 'sending' for longer than NOTIFICATION_STUCK_AFTER_SECONDS: their worker died mid-send.
    Queued again (ids returned, to enqueue now), or failed after the last attempt; and the count."""
    stuck_since = now - timedelta(seconds=settings.NOTIFICATION_STUCK_AFTER_SECONDS)
    stuck = Notification.objects.filter(channel=Channel.EMAIL, status=Status.SENDING, claimed_at__lte=stuck_since)
    failed = stuck.filter(attempts__gte=settings.NOTIFICATION_MAX_ATTEMPTS).update(
        status=Status.FAILED, last_error=STUCK_FAILED, updated_at=now
    )
    if failed:
        logger.error("%s notification(s) interrupted on every attempt were failed", failed)
    ids = list(stuck.order_by("claimed_at").values_list("pk", flat=True)[:limit])
    # Conditional again: a worker that finished meanwhile keeps its outcome.
    requeued = Notification.objects.filter(pk__in=ids, status=Status.SENDING, claimed_at__lte=stuck_since).update(
        status=Status.QUEUED, next_attempt_at=now, last_error=STUCK_REQUEUED, updated_at=now
    )
    if requeued:
        logger.warning("%s notification(s) interrupted while sending are sent again", requeued)
    return ids, failed + requeued


def notification_sweep(*, limit: int = 1000) -> dict[str, int]:
    """Enqueue again the e-mail rows still queued well after they were due (the broker was down,
    or a retry message was lost), and the rows stuck in 'sending' (their worker died), queued again
    (or failed after NOTIFICATION_MAX_ATTEMPTS).

    They are published in batches of NOTIFICATION_BATCH_SIZE.
    Returns the counts: rows enqueued, rows found stuck. Enqueuing twice is harmless: delivery
    claims the row first. A swept row gets next_attempt_at = now, so it is swept again only after
    another NOTIFICATION_SWEEP_AFTER_SECONDS (a long backlog is not enqueued again every minute).
    The first failed publish ends the sweep: the broker is down, the next sweep tries again (the
    stuck rows are queued by then, so it finds them as overdue)."""
    now = timezone.now()
    requeued_ids, stuck = _requeue_stuck(now=now, limit=limit)
    overdue = now - timedelta(seconds=settings.NOTIFICATION_SWEEP_AFTER_SECONDS)
    due_ids = requeued_ids + list(
        Notification.objects.filter(channel=Channel.EMAIL, status=Status.QUEUED)
        .filter(Q(next_attempt_at__isnull=True, created_at__lte=overdue) | Q(next_attempt_at__lte=overdue))
        .exclude(pk__in=requeued_ids)
        .order_by("created_at")
        .values_list("pk", flat=True)[: max(limit - len(requeued_ids), 0)]
    )
    enqueued: list[int] = []
    for chunk in chunked(due_ids, batch_size()):
        if not enqueue_batch(chunk, probe=not enqueued):
            break
        enqueued.extend(chunk)
    if enqueued:
        # Not a row that meanwhile failed again and waits for its backoff (next_attempt_at later).
        Notification.objects.filter(pk__in=enqueued, status=Status.QUEUED).filter(
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
        ).update(next_attempt_at=now)
    return {"enqueued": len(enqueued), "stuck": stuck}


def notification_resend(*, notification: Notification, actor: User) -> None:
    """Queue a failed e-mail notification again (admin action); it keeps its Message-ID."""
    with transaction.atomic():
        if not staff_may(actor, "notifications.change_notification"):
            raise NotAllowed()
        updated = Notification.objects.filter(pk=notification.pk, status=Status.FAILED, channel=Channel.EMAIL).update(
            status=Status.QUEUED, attempts=0, next_attempt_at=None, updated_at=timezone.now()
        )
        if not updated:
            raise PortalError(_("Only failed e-mail notifications can be sent again."))
        transaction.on_commit(_after_commit_enqueue(notification.pk), robust=True)


def notification_mark_read(*, user: User, notification_id: int | None = None) -> int:
    """Mark one (or, without an id, every) unread in-app notification of `user` as read."""
    qs = Notification.objects.filter(recipient=user, channel=Channel.IN_APP, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    updated = qs.update(read_at=timezone.now())
    retire_user_cache(user.pk)  # the header's unread count (iclon/core/usercache.py)
    return updated


def preferences_save(*, user: User, choices: dict[str, dict[str, bool]]) -> None:
    """Store `user`'s choices {category: {"email": bool, "in_app": bool}}; mandatory categories
    cannot be switched off and are ignored."""
    with transaction.atomic():
        for key, channels in choices.items():
            if get_category(key).mandatory:
                continue
            NotificationPreference.objects.update_or_create(
                user=user,
                category=key,
                defaults={"email": bool(channels.get("email")), "in_app": bool(channels.get("in_app"))},
            )
