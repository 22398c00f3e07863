from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "iclon.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    group_permissions = {
        "intake_officer": ["notifications.view_notification"],
        "programme_coordinator": ["notifications.view_notification"],
        "placement_coordinator": ["notifications.view_notification"],
        "professionalisation_coordinator": ["notifications.view_notification"],
    }

    # The categories of this app; other apps declare theirs the same way on their AppConfig.
    notification_categories = [
        ("account.welcome", _("Welcome to the portal"), True),
        ("account.security", _("Account security"), True),
    ]

    def ready(self):
        # Connects the signal receivers and registers the Celery tasks (services enqueue by name).
        from iclon.notifications import receivers, tasks  # noqa: F401
