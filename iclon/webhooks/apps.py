from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "iclon.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooks")

    # Subscribing is for administrators and their scripts (the group holds every permission; the
    # grant is written out so that the rule is visible here).
    group_permissions = {
        "administrator": [
            "webhooks.add_webhooksubscription",
            "webhooks.view_webhooksubscription",
            "webhooks.change_webhooksubscription",
            "webhooks.delete_webhooksubscription",
            "webhooks.view_webhookdelivery",
            "webhooks.change_webhookdelivery",
        ],
    }

    notification_categories = [
        ("webhooks.subscription_disabled", _("Webhook subscriptions switched off after failing"), True),
    ]

    def ready(self):
        # Registers the Celery tasks (services enqueue them by name).
        from iclon.webhooks import tasks  # noqa: F401
