"""Factories of the notifications outbox. The rows are written directly (set-up): test what is
sent through iclon.notifications.services, which also applies the preferences."""

import factory

from iclon.notifications.models import Channel, Notification, NotificationPreference, Status
from tests.factories.accounts import UserFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    """A queued e-mail to a user (`channel=Channel.IN_APP` for the portal's bell)."""

    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    email = factory.SelfAttribute("recipient.email")
    language = factory.SelfAttribute("recipient.language")
    category = "account.security"
    channel = Channel.EMAIL
    subject = "Je wachtwoord is gewijzigd"
    body_text = "Je wachtwoord is gewijzigd. Was jij dat niet? Neem dan contact op met ICLON."
    status = Status.QUEUED
    idempotency_key = factory.Sequence(lambda n: f"tests.notification.{n}")


class NotificationPreferenceFactory(factory.django.DjangoModelFactory):
    """A recipient who switched a category (one that may be switched off) off by e-mail."""

    class Meta:
        model = NotificationPreference
        django_get_or_create = ("user", "category")

    user = factory.SubFactory(UserFactory)
    category = "programmes.deadline_reminder"
    email = False
    in_app = True
