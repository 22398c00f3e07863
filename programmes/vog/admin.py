"""Certificates of conduct in the admin: the rules per placement kind, and the certificates to
check (the action "Mark as checked", or "Not accept…" with a reason). Every change goes through
the services (programmes/vog/services.py)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from iclon.core.errors import PortalError
from iclon.core.forms import add_portal_error
from programmes.vog import services
from programmes.vog.forms import VogRejectForm
from programmes.vog.models import VogCertificate, VogRule, VogStatus


@admin.register(VogRule)
class VogRuleAdmin(admin.ModelAdmin):
    list_display = ["placement_kind", "max_age_months"]


@admin.register(VogCertificate)
class VogCertificateAdmin(admin.ModelAdmin):
    list_display = ["trainee", "issued_on", "status", "document_link", "checked_by", "created_at", "reject_link"]
    list_filter = ["status"]
    list_select_related = ["trainee", "checked_by"]
    search_fields = ["trainee__last_name", "trainee__first_name"]
    date_hierarchy = "created_at"
    actions = ["mark_checked"]
    fields = ["trainee", "issued_on", "document_link", "status", "checked_by", "checked_at", "rejection_reason"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # the trainee uploads (their page, the API)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("document"))
    def document_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("vog:document", args=[obj.pk]), obj.original_name)

    @admin.display(description=_("not accept"))
    def reject_link(self, obj):
        if obj.status != VogStatus.SUBMITTED:
            return "–"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:programmes_vogcertificate_reject", args=[obj.pk]),
            gettext("Not accept…"),
        )

    @admin.action(description=_("Mark as checked"), permissions=["change"])
    def mark_checked(self, request, queryset):
        done = 0
        for certificate in queryset:
            try:
                services.vog_verify(certificate=certificate, actor=request.user)
            except PortalError as error:
                self.message_user(request, f"{certificate}: {error.message}", messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d certificate checked.", "%(count)d certificates checked.", done) % {"count": done},
                messages.SUCCESS,
            )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/reject/", view(self.reject_view), name="programmes_vogcertificate_reject"),
            *super().get_urls(),
        ]

    def reject_view(self, request, pk):
        if not self.has_change_permission(request):
            raise PermissionDenied
        certificate = get_object_or_404(VogCertificate, pk=pk)
        form = VogRejectForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.vog_reject(certificate=certificate, actor=request.user, reason=form.cleaned_data["reason"])
            except PortalError as error:
                add_portal_error(form, error)
            else:
                self.message_user(request, gettext("The trainee is told why and asked for another."), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:programmes_vogcertificate_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Not accept this certificate"),
            "certificate": certificate,
            "form": form,
        }
        return TemplateResponse(request, "admin/programmes/vogcertificate/reject.html", context)
