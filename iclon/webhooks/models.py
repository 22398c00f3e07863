"""Webhook subscriptions and their outbox of deliveries.

A subscription names a URL and the event types it wants; publishing an event writes one delivery
row per active subscription that wants it, in the publisher's transaction (the outbox), and the
rows are sent after commit and retried with backoff (iclon/webhooks/services.py)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from iclon.core.models import TimeStampedModel


class WebhookSubscription(TimeStampedModel):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="webhook_subscriptions",
        verbose_name=_("owner"),
    )
    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("URL"), max_length=500, help_text=_("Where the events are posted (https)."))
    event_types = models.JSONField(_("event types"), default=list)
    # The signing key (Standard Webhooks: "whsec_" and base64). It must be readable to sign, so it is
    # stored as it is; it is shown once, when the subscription is made, and never again.
    secret = models.CharField(_("secret"), max_length=100, editable=False)
    active = models.BooleanField(_("active"), default=True)
    # Set by the first failed delivery after a success, cleared by the next success: a subscription
    # failing since longer than WEBHOOK_DISABLE_AFTER_DAYS is switched off.
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True)
    disabled_at = models.DateTimeField(_("switched off at"), null=True, blank=True)
    disabled_reason = models.CharField(_("why switched off"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "created_at"], name="webhooks_subscription_owner")]

    def __str__(self):
        return f"{self.name} → {self.url}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed, will retry")
    GAVE_UP = "gave_up", _("Gave up")


# The rows a delivery task may claim (once due).
SENDABLE = (DeliveryStatus.PENDING, DeliveryStatus.FAILED)
# The rows that will not be sent again unless replayed: purged once older than the log keeps them.
FINISHED = (DeliveryStatus.DELIVERED, DeliveryStatus.GAVE_UP)


class WebhookDelivery(TimeStampedModel):
    """One event for one subscription: the payload as it is posted on every attempt."""

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("subscription")
    )
    event_type = models.CharField(_("event type"), max_length=64)
    event_id = models.UUIDField(_("event id"), default=uuid.uuid4, editable=False)
    payload = models.JSONField(_("payload"))
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), db_index=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("last status code"), null=True, blank=True)
    last_response_ms = models.PositiveIntegerField(_("last response time (ms)"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event_id"], name="webhooks_unique_subscription_event"),
        ]
        indexes = [
            models.Index(fields=["subscription", "created_at"], name="webhooks_delivery_subscription"),
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status__in=["pending", "failed"]),
                name="webhooks_delivery_due",
            ),
            models.Index(
                fields=["updated_at"],
                condition=Q(status__in=["delivered", "gave_up"]),
                name="webhooks_delivery_finished",
            ),
        ]

    def __str__(self):
        return f"{self.event_type} {self.event_id} → {self.subscription.name} ({self.get_status_display()})"
