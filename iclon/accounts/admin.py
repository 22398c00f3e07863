from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from iclon.accounts.models import ErasureRequest, User
from iclon.accounts.permissions import can_handle_erasure_request
from iclon.accounts.services import erasure_request_carry_out, erasure_request_refuse
from iclon.core.errors import PortalError
from iclon.core.privacy import personal_entries


class ErasureRefusalForm(forms.Form):
    refusal_reason = forms.CharField(
        label=_("Reason for refusal"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["full_name", "email"]
    list_display = ["email", "full_name", "language", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active", "language", "groups"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal details"), {"fields": ("full_name", "language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "language", "password1", "password2"),
            },
        ),
    )


@admin.register(ErasureRequest)
class ErasureRequestAdmin(admin.ModelAdmin):
    """Staff see the requests to delete an account and carry them out (or refuse them) through
    the services; nothing here is edited by hand."""

    list_display = ["user", "status", "requested_at", "handled_at", "handled_by"]
    list_filter = ["status"]
    search_fields = ["user__email", "user__full_name"]
    list_select_related = ["user", "handled_by"]
    date_hierarchy = "requested_at"
    actions = ["carry_out", "refuse"]
    readonly_fields = [
        "user", "reason", "status", "requested_at", "handled_at", "handled_by", "refusal_reason", "retention",
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("What erasure keeps, and why"))
    def retention(self, obj):
        # The retention rules of the registry of personal data (iclon.core.privacy), as the apps
        # declare them: what stays after erasure and its legal basis.
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li><strong>{}</strong>: {} {}</li>",
                (
                    (apps.get_model(entry.model)._meta.verbose_name_plural, entry.keep, entry.legal_basis)
                    for entry in personal_entries()
                    if entry.keep
                ),
            ),
        )

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # The change permission gates the actions (obj is None); a request itself is read-only.
        return obj is None and can_handle_erasure_request(request.user)

    @admin.action(description=_("Carry out the selected requests (erase the person's data)"), permissions=["change"])
    def carry_out(self, request, queryset):
        done = 0
        for erasure_request in queryset:
            try:
                erasure_request_carry_out(request=erasure_request, actor=request.user)
            except PortalError as error:
                messages.warning(request, f"{erasure_request.pk}: {error.message}")
            else:
                done += 1
        if done:
            messages.success(
                request,
                ngettext("%(count)d person erased.", "%(count)d people erased.", done) % {"count": done},
            )

    @admin.action(
        description=_("Refuse the selected requests (with a reason the person reads)"), permissions=["change"]
    )
    def refuse(self, request, queryset):
        form = ErasureRefusalForm(request.POST if "refusal_reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            done = 0
            for erasure_request in queryset:
                try:
                    erasure_request_refuse(
                        request=erasure_request, actor=request.user, reason=form.cleaned_data["refusal_reason"]
                    )
                except PortalError as error:
                    messages.warning(request, f"{erasure_request.pk}: {error.message}")
                else:
                    done += 1
            if done:
                messages.success(
                    request,
                    ngettext("%(count)d request refused.", "%(count)d requests refused.", done) % {"count": done},
                )
            return None
        return TemplateResponse(
            request,
            "admin/accounts/erasurerequest/refuse.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Refuse erasure requests"),
                "form": form,
                "queryset": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )
