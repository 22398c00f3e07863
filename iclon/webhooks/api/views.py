"""The webhooks API: /api/v1/webhooks/, the signed-in staff member's own subscriptions.

Only staff who may subscribe (`webhooks.add_webhooksubscription`: administrators, and their
scripts with a token) reach it; everybody else signed in gets 403, visitors 401. Each sees their
own subscriptions (another's is a 404); staff who may view every subscription see all. Writes call
iclon/webhooks/services.py, as the admin does."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from iclon.core.api.views import TenantScopedMixin
from iclon.webhooks import services
from iclon.webhooks.api.serializers import (
    WebhookDeliverySerializer,
    WebhookSubscriptionCreatedSerializer,
    WebhookSubscriptionInputSerializer,
    WebhookSubscriptionSerializer,
)
from iclon.webhooks.models import WebhookSubscription
from iclon.webhooks.permissions import can_subscribe
from iclon.webhooks.selectors import delivery_list, subscription_get_for_user, subscription_list_for_user

TAG = ["Webhooks"]
ID_PARAMETER = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The subscription's id.")
SIGNING = (
    " Each event is POSTed as JSON {id, type, created_at, data} with the Standard Webhooks headers "
    "`webhook-id`, `webhook-timestamp` and `webhook-signature: v1,<base64 HMAC-SHA256 of "
    '"{id}.{timestamp}.{body}" keyed with the secret\'s bytes after "whsec_">`. A 2xx answer within 5 s '
    "is a delivery; anything else is retried with exponential backoff. A subscription failing for "
    "WEBHOOK_DISABLE_AFTER_DAYS (3) is switched off and its owner told."
)


class MaySubscribe(permissions.BasePermission):
    """Signed in, and staff holding the permission to subscribe (else 403)."""

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and can_subscribe(request.user))


@extend_schema_view(
    list=extend_schema(tags=TAG, summary="List your webhook subscriptions", description="Newest first." + SIGNING),
    retrieve=extend_schema(tags=TAG, summary="Get a webhook subscription", parameters=[ID_PARAMETER]),
    create=extend_schema(
        tags=TAG,
        summary="Subscribe to events",
        description="Answers 201 with the subscription and its signing `secret`, shown this once." + SIGNING,
        request=WebhookSubscriptionInputSerializer,
        responses={201: WebhookSubscriptionCreatedSerializer},
    ),
    update=extend_schema(
        tags=TAG,
        summary="Change a webhook subscription",
        parameters=[ID_PARAMETER],
        request=WebhookSubscriptionInputSerializer,
        responses={200: WebhookSubscriptionSerializer},
    ),
    partial_update=extend_schema(
        tags=TAG,
        summary="Change part of a webhook subscription",
        description="`active: true` switches a subscription that was switched off on again.",
        parameters=[ID_PARAMETER],
        request=WebhookSubscriptionInputSerializer(partial=True),
        responses={200: WebhookSubscriptionSerializer},
    ),
    destroy=extend_schema(
        tags=TAG, summary="Delete a webhook subscription and its deliveries", parameters=[ID_PARAMETER]
    ),
)
class WebhookSubscriptionViewSet(
    TenantScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = WebhookSubscriptionSerializer
    permission_classes = [MaySubscribe]
    filter_backends: list = []
    lookup_value_regex = r"[0-9]{1,10}"
    queryset = WebhookSubscription.objects.none()  # for the schema; the real one comes from the selector

    def get_queryset(self):
        return subscription_list_for_user(user=self.request.user)

    def get_object(self):
        subscription = subscription_get_for_user(user=self.request.user, pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, subscription)
        return subscription

    def create(self, request, *args, **kwargs):
        data = WebhookSubscriptionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        subscription, secret = services.subscription_create(
            owner=request.user,
            name=values["name"],
            url=values["url"],
            event_types=values["event_types"],
            actor=request.user,
        )
        if values.get("active") is False:
            subscription = services.subscription_update(subscription=subscription, actor=request.user, active=False)
        context = {**self.get_serializer_context(), "secret": secret}
        return Response(WebhookSubscriptionCreatedSerializer(subscription, context=context).data, status=201)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        subscription = self.get_object()
        data = WebhookSubscriptionInputSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        subscription = services.subscription_update(
            subscription=subscription, actor=request.user, **data.validated_data
        )
        return Response(self.get_serializer(subscription).data)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def perform_destroy(self, instance):
        services.subscription_delete(subscription=instance, actor=self.request.user)

    @extend_schema(
        tags=TAG,
        summary="List a subscription's deliveries",
        description="Newest first, paginated: status, attempts, the last answer's status code and time.",
        parameters=[ID_PARAMETER],
        responses={200: WebhookDeliverySerializer(many=True)},
    )
    @action(detail=True, methods=["get"], url_path="deliveries", url_name="deliveries")
    def deliveries(self, request, pk=None):
        subscription = self.get_object()
        page = self.paginate_queryset(delivery_list(subscription=subscription))
        serializer = WebhookDeliverySerializer(page, many=True, context=self.get_serializer_context())
        return self.get_paginated_response(serializer.data)

    @extend_schema(
        tags=TAG,
        summary="Send a test event",
        description='Queues a "webhook.test" event to this subscription; answers 202 with the delivery.',
        parameters=[ID_PARAMETER],
        request=None,
        responses={202: WebhookDeliverySerializer},
    )
    @action(detail=True, methods=["post"], url_path="test", url_name="test")
    def send_test(self, request, pk=None):
        subscription = self.get_object()
        delivery = services.subscription_send_test(subscription=subscription, actor=request.user)
        return Response(WebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)
