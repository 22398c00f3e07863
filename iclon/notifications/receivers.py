"""The welcome e-mail, when a new account's e-mail address is confirmed (allauth's signal)."""

from allauth.account.signals import email_confirmed
from django.dispatch import receiver
from django.urls import reverse

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
    )


@receiver(email_confirmed, dispatch_uid="iclon-welcome-on-email-confirmed")
def welcome_on_email_confirmed(request, email_address, **kwargs):
    send_welcome(user=email_address.user)
