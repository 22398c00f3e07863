"""The welcome e-mail, when a new account's e-mail address is confirmed (allauth's signal)."""

from allauth.account.signals import email_confirmed
from django.dispatch import receiver
from django.urls import reverse

from iclon.notifications.services import notify


@receiver(email_confirmed, dispatch_uid="iclon-welcome-on-email-confirmed")
def send_welcome(request, email_address, **kwargs):
    user = email_address.user
    notify(
        category="account.welcome",
        template="emails/notifications/welcome",
        context={"user": user, "dashboard_url": reverse("core:dashboard")},
        recipient=user,
        idempotency_key=f"account.welcome:{user.pk}",
        url=reverse("core:dashboard"),
    )
