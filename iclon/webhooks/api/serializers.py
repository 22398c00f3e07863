"""Serializers of the webhooks API (/api/v1/webhooks/): explicit fields; the secret is written out
once, in the answer to the creation, and never again."""

from django.urls import reverse
from drf_spectacular.utils import OpenApiExample, extend_schema_serializer
from rest_framework import serializers

from iclon.webhooks.events import EVENT_TYPES
from iclon.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from iclon.webhooks.services import MAX_NAME_LENGTH
from iclon.webhooks.targets import MAX_URL_LENGTH

EVENT_TYPE_HELP = "One of: " + ", ".join(EVENT_TYPES) + "."

SUBSCRIPTION_EXAMPLE = {
    "id": 7,
    "name": "Intake dashboard",
    "url": "https://hooks.example.org/iclon",
    "event_types": ["application.submitted", "application.decided"],
    "active": True,
    "owner": 12,
    "disabled_at": None,
    "disabled_reason": "",
    "created_at": "2026-12-06T20:15:00+01:00",
    "deliveries": "https://portal.iclon.example/api/v1/webhooks/7/deliveries/",
}


@extend_schema_serializer(examples=[OpenApiExample("A subscription", response_only=True, value=SUBSCRIPTION_EXAMPLE)])
class WebhookSubscriptionSerializer(serializers.ModelSerializer):
    event_types = serializers.ListField(child=serializers.ChoiceField(choices=list(EVENT_TYPES)), read_only=True)
    owner = serializers.IntegerField(source="owner_id", read_only=True, help_text="The owner's user id.")
    deliveries = serializers.SerializerMethodField(help_text="The subscription's deliveries (API).")

    class Meta:
        model = WebhookSubscription
        fields = [
            "id", "name", "url", "event_types", "active", "owner", "disabled_at", "disabled_reason", "created_at",
            "deliveries",
        ]  # fmt: skip
        read_only_fields = fields

    def get_deliveries(self, obj) -> str:
        path = reverse("api:webhook-deliveries", kwargs={"pk": obj.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A new subscription, with its secret",
            response_only=True,
            value={**SUBSCRIPTION_EXAMPLE, "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"},
        )
    ]
)
class WebhookSubscriptionCreatedSerializer(WebhookSubscriptionSerializer):
    secret = serializers.SerializerMethodField(
        help_text="The signing secret: shown in this answer only. Keep it; it is never shown again."
    )

    class Meta(WebhookSubscriptionSerializer.Meta):
        fields = [*WebhookSubscriptionSerializer.Meta.fields, "secret"]
        read_only_fields = fields

    def get_secret(self, obj) -> str:
        return self.context["secret"]


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "Subscribe to applications",
            request_only=True,
            value={
                "name": "Intake dashboard",
                "url": "https://hooks.example.org/iclon",
                "event_types": ["application.submitted", "application.decided"],
            },
        )
    ]
)
class WebhookSubscriptionInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=MAX_NAME_LENGTH)
    url = serializers.CharField(
        max_length=MAX_URL_LENGTH, help_text="An https URL of a public host; http only to localhost in development."
    )
    event_types = serializers.ListField(
        child=serializers.ChoiceField(choices=list(EVENT_TYPES)), min_length=1, max_length=len(EVENT_TYPES),
        help_text=EVENT_TYPE_HELP,
    )  # fmt: skip
    active = serializers.BooleanField(required=False, help_text="Switch the subscription off or on again.")


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A delivery",
            response_only=True,
            status_codes=["200", "202"],
            value={
                "id": 301,
                "event_type": "application.submitted",
                "event_id": "0b4c9b52-6d1e-5a43-9a8e-2f7f0c1d3b55",
                "payload": {
                    "id": "0b4c9b52-6d1e-5a43-9a8e-2f7f0c1d3b55",
                    "type": "application.submitted",
                    "created_at": "2026-12-06T20:15:00+00:00",
                    "data": {"application": 12, "reference": "A-2026-0012", "status": "submitted"},
                },
                "status": "failed",
                "attempts": 2,
                "next_attempt_at": "2026-12-06T20:19:00+01:00",
                "last_status_code": 503,
                "last_response_ms": 120,
                "last_error": "HTTP 503: Service Unavailable",
                "delivered_at": None,
                "created_at": "2026-12-06T20:15:00+01:00",
            },
        )
    ]
)
class WebhookDeliverySerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=DeliveryStatus.choices, read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id", "event_type", "event_id", "payload", "status", "attempts", "next_attempt_at", "last_status_code",
            "last_response_ms", "last_error", "delivered_at", "created_at",
        ]  # fmt: skip
        read_only_fields = fields
