"""The personal data of webhooks (iclon.core.privacy): a subscription is made by, and belongs to,
a staff member; its deliveries hold ids and references only (no personal data by design), and go
with the subscription."""

from iclon.core.privacy import personal_data

PERSONAL_DATA = [
    personal_data(
        "webhooks.WebhookSubscription",
        fields=("owner", "name", "disabled_reason"),
        owner=("owner",),
        # The secret is never exported (iclon.core.privacy.SECRET_FIELDS).
        export_fields=("created_at", "name", "url", "event_types", "active", "disabled_at", "disabled_reason"),
        erase="delete",
    ),
]
