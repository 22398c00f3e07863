"""Reads of webhooks, scoped to the viewer."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from iclon.webhooks.models import WebhookDelivery, WebhookSubscription
from iclon.webhooks.permissions import can_see_all_subscriptions, can_subscribe


def subscription_list_for_user(*, user: Any) -> QuerySet[WebhookSubscription]:
    """The viewer's own subscriptions; every subscription for staff who may see all; none for
    anyone who may not subscribe."""
    if not can_subscribe(user):
        return WebhookSubscription.objects.none()
    queryset = WebhookSubscription.objects.select_related("owner").order_by("-created_at", "-pk")
    if can_see_all_subscriptions(user):
        return queryset
    return queryset.filter(owner=user)


def subscription_get_for_user(*, user: Any, pk: Any) -> WebhookSubscription:
    """One subscription the viewer may see, else 404."""
    return get_object_or_404(subscription_list_for_user(user=user), pk=pk)


def delivery_list(*, subscription: WebhookSubscription) -> QuerySet[WebhookDelivery]:
    """A subscription's deliveries, newest first (the subscription is already checked)."""
    return WebhookDelivery.objects.filter(subscription=subscription).order_by("-created_at", "-pk")
