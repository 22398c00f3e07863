"""Who may do what with webhooks: predicates for the API, the admin and the services alike."""

from __future__ import annotations

from typing import Any

from iclon.accounts.roles import staff_may

SUBSCRIBE = "webhooks.add_webhooksubscription"
SEE_ALL = "webhooks.view_webhooksubscription"
CHANGE_ANY = "webhooks.change_webhooksubscription"
DELETE_ANY = "webhooks.delete_webhooksubscription"
REPLAY = "webhooks.change_webhookdelivery"


def can_subscribe(user: Any) -> bool:
    """Active staff holding the permission to subscribe (administrators; scripts use their token)."""
    return staff_may(user, SUBSCRIBE)


def can_see_all_subscriptions(user: Any) -> bool:
    return can_subscribe(user) and staff_may(user, SEE_ALL)


def can_change_subscription(user: Any, subscription: Any) -> bool:
    """The owner (while they may subscribe), or staff who may change every subscription."""
    if not can_subscribe(user):
        return False
    return subscription.owner_id == user.pk or staff_may(user, CHANGE_ANY)


def can_delete_subscription(user: Any, subscription: Any) -> bool:
    if not can_subscribe(user):
        return False
    return subscription.owner_id == user.pk or staff_may(user, DELETE_ANY)


def can_replay(user: Any) -> bool:
    return staff_may(user, REPLAY)
