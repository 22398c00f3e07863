"""The personal data of notifications (iclon.core.privacy): the person's notifications with their
e-mail bodies, and their preferences. Notifications to others that name the person (an
application's officer told of a new application) keep their event but lose the person's name and
addresses."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from iclon.core.privacy import delete_rows, personal_data, scrub
from iclon.notifications.models import Notification


def _notifications_erase(user: Any, identifiers: frozenset[str]) -> None:
    delete_rows(Notification.objects.filter(recipient=user))
    # The outbox rows sent to the person's address without an account (invitations).
    delete_rows(Notification.objects.filter(recipient=None, email__in=[i for i in identifiers if "@" in i]))
    texts = ("subject", "body_text", "body_html", "email", "last_error")
    # The in-app message's parameters (JSON) name the person where the texts do: those rows lose
    # their message and show their scrubbed subject.
    naming = Q(pk__in=[])
    for identifier in identifiers:
        if len(identifier) >= 3:
            naming |= Q(subject__contains=identifier) | Q(body_text__contains=identifier)
    Notification.objects.filter(naming).exclude(message="").update(message="", params={})
    scrub(Notification.objects.all(), texts, identifiers)


PERSONAL_DATA = [
    personal_data(
        "notifications.Notification",
        fields=("recipient", "email", "subject", "body_text", "body_html", "message", "params"),
        owner=("recipient",),
        export_fields=(
            "created_at",
            "email",
            "language",
            "category",
            "channel",
            "subject",
            "body_text",
            "url",
            "status",
            "sent_at",
            "read_at",
        ),
        erase=_notifications_erase,
    ),
    personal_data("notifications.NotificationPreference", fields=("user", "email"), owner=("user",), erase="delete"),
]
