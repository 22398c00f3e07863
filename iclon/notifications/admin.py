from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from iclon.core.errors import PortalError
from iclon.notifications.models import Channel, Notification, NotificationPreference
from iclon.notifications.services import message_id as notification_message_id
from iclon.notifications.services import notification_resend


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "email", "category", "channel", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "channel", "category", "language"]
    search_fields = ["email", "subject", "idempotency_key"]
    list_select_related = ["recipient"]
    autocomplete_fields = ["recipient"]
    date_hierarchy = "created_at"
    actions = ["resend"]
    readonly_fields = [
        "recipient", "email", "language", "category", "channel", "subject", "body_text", "body_html", "url",
        "message", "params",
        "status", "attempts", "last_error", "next_attempt_at", "claimed_at", "sent_at", "read_at",
        "idempotency_key", "message_id", "created_at", "updated_at",
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("Message-ID"))
    def message_id(self, notification):
        """The e-mail's Message-ID: the same on every attempt and resend."""
        return notification_message_id(notification) if notification.channel == Channel.EMAIL else "—"

    @admin.action(description=_("Send the selected failed notifications again"), permissions=["change"])
    def resend(self, request, queryset):
        done = 0
        for notification in queryset:
            try:
                notification_resend(notification=notification, actor=request.user)
            except PortalError as error:
                messages.warning(request, f"{notification}: {error.message}")
            else:
                done += 1
        if done:
            messages.success(
                request,
                ngettext("%(count)d notification queued again.", "%(count)d notifications queued again.", done)
                % {"count": done},
            )


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "category", "email", "in_app"]
    list_filter = ["category", "email", "in_app"]
    search_fields = ["user__email", "user__full_name"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
