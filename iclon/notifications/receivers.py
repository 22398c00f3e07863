"""The welcome e-mail, when a new account's e-mail address is confirmed (allauth's signal); the
header's unread count retired when an in-app notification changes."""

from allauth.account.signals import email_confirmed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_noop

from iclon.core.usercache import retire_user_cache
from iclon.notifications.models import Channel, Notification
from iclon.notifications.services import notify


def send_welcome(*, user) -> None:
    """Welcome `user` to the portal. Keyed by the user, so nobody is welcomed twice (after
    sign-up the signal may fire again; an invited user is welcomed when the account is made)."""
    notify(
        category="account.welcome",
        template="emails/notifications/welcome",
        context={"user": user, "dashboard_url": reverse("core:dashboard")},
        recipient=user,
        idempotency_key=f"account.welcome:{user.pk}",
        url=reverse("core:dashboard"),
        message=gettext_noop("Welcome to the ICLON portal"),
        params={},
    )


@receiver(email_confirmed, dispatch_uid="iclon-welcome-on-email-confirmed")
def welcome_on_email_confirmed(request, email_address, **kwargs):
    send_welcome(user=email_address.user)


@receiver(post_save, sender=Notification, dispatch_uid="iclon-notifications-retire-unread-count")
@receiver(post_delete, sender=Notification, dispatch_uid="iclon-notifications-retire-unread-count-delete")
def retire_unread_count(sender, instance, **kwargs):
    """A notification made, read or deleted changes its recipient's unread count in the header
    (iclon/core/usercache.py). Marking read in bulk retires in notification_mark_read."""
    if instance.channel == Channel.IN_APP:
        retire_user_cache(instance.recipient_id)
