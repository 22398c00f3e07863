"""The outbox: one row per notification and channel, written in the caller's transaction."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from iclon.core.models import TimeStampedModel
from iclon.notifications.messages import relative_link, render_message


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    IN_APP = "in_app", _("In the portal")


class Status(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Notification(TimeStampedModel):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("recipient"),
        help_text=_("Empty for someone without an account yet (an invitation)."),
    )
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    category = models.CharField(_("category"), max_length=64)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel)
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True, help_text=_("A path on this site, without host."))
    # The in-app text, rendered when read in the reader's language (iclon/notifications/messages.py):
    # an English msgid with %(name)s placeholders, and its parameters.
    message = models.CharField(_("message"), max_length=300, blank=True)
    params = models.JSONField(_("message parameters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    idempotency_key = models.CharField(
        _("idempotency key"), max_length=200, help_text=_("The same event never notifies twice.")
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["idempotency_key", "channel"], name="notifications_unique_event_channel"),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="notifications_status_created"),
            models.Index(
                fields=["recipient", "created_at"],
                condition=Q(channel="in_app", read_at__isnull=True),
                name="notifications_unread_in_app",
            ),
            models.Index(fields=["recipient", "channel", "created_at"], name="notifications_recipient"),
        ]

    @property
    def text(self) -> str:
        """The short in-app text in the active language; the subject for rows without a message."""
        if self.message:
            return render_message(self.message, self.params)
        return self.subject

    @property
    def link(self) -> str:
        """The object's page: a path on this site (rows written with a full address lose the host)."""
        return relative_link(self.url)

    def __str__(self):
        return f"{self.subject} → {self.email} ({self.get_channel_display()}, {self.get_status_display()})"


class NotificationPreference(TimeStampedModel):
    """A recipient's choice for one category; no row means the category is on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    category = models.CharField(_("category"), max_length=64)
    email = models.BooleanField(_("by e-mail"), default=True)
    in_app = models.BooleanField(_("in the portal"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "category"], name="notifications_unique_preference")]

    def __str__(self):
        return f"{self.user}: {self.category}"
