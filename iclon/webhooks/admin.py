from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from iclon.core.errors import PortalError
from iclon.webhooks import services
from iclon.webhooks.events import event_type_choices
from iclon.webhooks.models import WebhookDelivery, WebhookSubscription
from iclon.webhooks.targets import check_url


class WebhookSubscriptionForm(forms.ModelForm):
    class Meta:
        model = WebhookSubscription
        fields = ["name", "url"]

    def clean_url(self):
        # The SSRF guard, shown on the field (the service checks again when it saves).
        try:
            return check_url(self.cleaned_data.get("url", ""))
        except PortalError as error:
            raise ValidationError(error.message) from error


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    form = WebhookSubscriptionForm
    list_display = ["name", "url", "owner", "active", "disabled_at", "created_at"]
    list_filter = ["active"]
    search_fields = ["name", "url", "owner__email", "owner__full_name"]
    list_select_related = ["owner"]
    autocomplete_fields = ["owner"]
    date_hierarchy = "created_at"
    actions = ["enable", "send_test"]
    # Subscriptions are made through the API (the secret is shown once, in its answer); the secret
    # is never displayed here.
    fields = [
        "name", "url", "event_types_display", "owner", "active", "failing_since", "disabled_at", "disabled_reason",
        "created_at", "updated_at",
    ]  # fmt: skip
    readonly_fields = [
        "event_types_display", "owner", "active", "failing_since", "disabled_at", "disabled_reason",
        "created_at", "updated_at",
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("event types"))
    def event_types_display(self, subscription):
        labels = dict(event_type_choices())
        return format_html("{}", ", ".join(f"{key} ({labels.get(key, '?')})" for key in subscription.event_types or []))

    def save_model(self, request, obj, form, change):
        services.subscription_update(
            subscription=obj, actor=request.user, name=form.cleaned_data["name"], url=form.cleaned_data["url"]
        )

    def delete_model(self, request, obj):
        services.subscription_delete(subscription=obj, actor=request.user)

    @admin.action(description=_("Switch the selected subscriptions on again"), permissions=["change"])
    def enable(self, request, queryset):
        done = 0
        for subscription in queryset:
            try:
                services.subscription_enable(subscription=subscription, actor=request.user)
            except PortalError as error:
                messages.warning(request, f"{subscription}: {error.message}")
            else:
                done += 1
        if done:
            messages.success(
                request,
                ngettext("%(count)d subscription switched on.", "%(count)d subscriptions switched on.", done)
                % {"count": done},
            )

    @admin.action(description=_("Send a test event to the selected subscriptions"), permissions=["change"])
    def send_test(self, request, queryset):
        done = 0
        for subscription in queryset:
            try:
                services.subscription_send_test(subscription=subscription, actor=request.user)
            except PortalError as error:
                messages.warning(request, f"{subscription}: {error.message}")
            else:
                done += 1
        if done:
            messages.success(
                request,
                ngettext("%(count)d test event queued.", "%(count)d test events queued.", done) % {"count": done},
            )


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "event_type", "subscription", "status", "attempts", "last_status_code", "last_response_ms",
        "next_attempt_at", "delivered_at", "created_at",
    ]  # fmt: skip
    list_filter = ["status", "event_type", "subscription"]
    search_fields = ["event_id", "subscription__name", "subscription__url"]
    list_select_related = ["subscription"]
    autocomplete_fields = ["subscription"]
    date_hierarchy = "created_at"
    actions = ["replay"]
    readonly_fields = [
        "subscription", "event_type", "event_id", "payload", "status", "attempts", "next_attempt_at",
        "claimed_at", "last_status_code", "last_response_ms", "last_error", "delivered_at", "created_at",
        "updated_at",
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Replay: send the selected deliveries again"), permissions=["change"])
    def replay(self, request, queryset):
        done = 0
        for delivery in queryset.select_related("subscription"):
            try:
                services.delivery_replay(delivery=delivery, actor=request.user)
            except PortalError as error:
                messages.warning(request, f"{delivery}: {error.message}")
            else:
                done += 1
        if done:
            messages.success(
                request,
                ngettext("%(count)d delivery queued again.", "%(count)d deliveries queued again.", done)
                % {"count": done},
            )
