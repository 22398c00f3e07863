"""The notification service: write to the outbox inside the caller's transaction, deliver later.

`notify()` renders the message in the recipient's language and writes one row per channel. After
the caller's transaction commits, one Celery task per e-mail row is enqueued (robustly: a broker
that is down never turns a committed request into an error; the sweeper enqueues it later).
`notification_deliver()` is what the task runs: it claims the row with a conditional update, so a
redelivered or repeated task never sends twice.

Every e-mail carries a Message-ID derived from its row (`message_id`), the same on every attempt. A
worker killed mid-send leaves its row in 'sending'; the sweeper queues such a row again once it has
been 'sending' longer than any task may run (NOTIFICATION_STUCK_AFTER_SECONDS), so no e-mail is
lost. It may then reach the recipient twice, but as the same message: mail clients and servers
show one message per Message-ID. A row interrupted NOTIFICATION_MAX_ATTEMPTS times (a message that
kills the worker) is failed, as a row whose sending fails that often is."""

import datetime
import logging
import random
import time
from collections.abc import Callable, Iterable
from datetime import timedelta
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
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
from iclon.notifications.models import Channel, Notification, NotificationPreference, Status

logger = logging.getLogger(__name__)

# The delivery task, looked up in Celery's registry by its (stable) name when a row is enqueued:
# tasks.py calls this module, so this module does not import tasks.py (it is imported, and the task
# registered, by NotificationsConfig.ready()).
SEND_TASK = "iclon.notifications.tasks.send_notification_task"

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
    url: str = "",
) -> list[Notification]:
    """Queue `category` for `recipient` (a user) or, without an account, for `email`.

    Writes one Notification per wanted channel (the recipient's preferences decide, except for
    mandatory categories); a row that exists for `idempotency_key` and channel already is
    returned as it is, so the same event never notifies twice. E-mail rows are enqueued for
    delivery after the surrounding transaction commits; in-app rows are delivered at once."""
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
            url=url,
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


def _after_commit_enqueue(notification_id: int) -> Callable[[], None]:
    """The on_commit callback that enqueues `notification_id`.

    A named function, not functools.partial: when a robust callback raises, Django logs the
    error using the callback's __qualname__, which a partial lacks; the AttributeError would
    then escape into the committed request (Django 5.2, base.py run_and_clear_commit_hooks)."""

    def enqueue_notification_after_commit() -> None:
        enqueue_delivery(notification_id)

    return enqueue_notification_after_commit


def enqueue_delivery(notification_id: int, *, probe: bool = False) -> bool:
    """Publish the delivery task of `notification_id`; False when the broker is unreachable.

    A broker that is down costs one bounded publish attempt (see CELERY_TASK_PUBLISH_RETRY_POLICY),
    after which this process skips publishing for BROKER_PAUSE_SECONDS; the row stays queued
    and the sweeper enqueues it later. `probe` (the sweeper) tries even during the pause."""
    global _broker_down_until

    if not probe and time.monotonic() < _broker_down_until:
        logger.info("Broker unavailable; notification %s waits for the sweeper", notification_id)
        return False
    try:
        celery_app.tasks[SEND_TASK].apply_async(args=[notification_id])
    except OperationalError as error:
        _broker_down_until = time.monotonic() + BROKER_PAUSE_SECONDS
        logger.warning("Could not enqueue notification %s (%s); the sweeper will", notification_id, error)
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


def notification_deliver(*, notification_id: int) -> int | None:
    """Send e-mail notification `notification_id` if it is still queued and due.

    Claims the row (queued → sending) with a conditional update: a row that is already being
    sent, sent or failed is left alone. On success the row becomes 'sent'; on a transient
    failure it is queued again with a backoff and the number of seconds to wait is returned;
    after NOTIFICATION_MAX_ATTEMPTS it becomes 'failed'. The claim's time identifies it: a send
    that outlasted NOTIFICATION_STUCK_AFTER_SECONDS (the sweeper queued the row again, another
    worker may have claimed it) does not overwrite what came after it."""
    now = timezone.now()
    claimed = (
        Notification.objects.filter(pk=notification_id, channel=Channel.EMAIL, status=Status.QUEUED)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1, updated_at=now)
    )
    if not claimed:
        return None
    notification = Notification.objects.get(pk=notification_id)
    # Known before sending: nothing after a successful send may fail and leave the row 'sending'.
    category = categories().get(notification.category)
    sensitive = category.sensitive if category else False
    message = EmailMultiAlternatives(
        notification.subject, notification.body_text, settings.DEFAULT_FROM_EMAIL, [notification.email]
    )
    message.extra_headers["X-ICLON-Notification"] = str(notification.pk)
    message.extra_headers["Message-ID"] = message_id(notification)
    if notification.body_html:
        message.attach_alternative(notification.body_html, "text/html")
    try:
        message.send()
    except Exception as error:  # any failure of the mail backend is retried
        return _record_failure(notification, error, claimed_at=now)
    done = {"status": Status.SENT, "sent_at": timezone.now(), "last_error": "", "updated_at": timezone.now()}
    if sensitive:
        done.update(body_text=REDACTED, body_html="")
    # This worker's claim, or the row the sweeper queued again meanwhile (it went out: not again);
    # not another worker's later claim, which ends as that worker's send does.
    Notification.objects.filter(pk=notification.pk).filter(
        Q(status=Status.SENDING, claimed_at=now) | Q(status=Status.QUEUED)
    ).update(**done)
    return None


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
    for pk in due_ids:
        if not enqueue_delivery(pk, probe=not enqueued):
            break
        enqueued.append(pk)
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
