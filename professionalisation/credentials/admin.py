"""The admin of microcredentials: the EU elements per activity (plain data, saved as they are),
the signing keys (read-only; "rotate" calls signing_key_rotate; the private key is never shown)
and the issued credentials (read-only JSON; "revoke" asks a reason and calls
microcredential_revoke for each selected credential)."""

from __future__ import annotations

import json

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from iclon.core.admin import ReadOnlyHistoryMixin, ServiceHistoryAdmin
from iclon.core.errors import PortalError
from professionalisation.activities.admin.common import ActionPageMixin, ConfirmForm, ReasonForm, action_confirmed
from professionalisation.credentials import services
from professionalisation.credentials.models import Microcredential, MicrocredentialSpec, SigningKey
from professionalisation.credentials.permissions import manages_credentials, manages_keys


@admin.register(MicrocredentialSpec)
class MicrocredentialSpecAdmin(ReadOnlyHistoryMixin, SimpleHistoryAdmin):
    """The EU elements an activity's microcredential needs beside the activity's own fields."""

    list_display = ["activity", "eqf_level", "assessment_type", "participation_form"]
    list_filter = ["eqf_level", "assessment_type", "participation_form", "activity__award"]
    list_select_related = ["activity"]
    search_fields = ["activity__title_nl", "activity__title_en", "activity__slug"]
    autocomplete_fields = ["activity"]
    fieldsets = [
        (None, {"fields": ["activity", "eqf_level", "assessment_type", "participation_form"]}),
        (_("Learning outcomes"), {"fields": ["learning_outcomes_nl", "learning_outcomes_en"]}),
        (_("Quality assurance"), {"fields": ["quality_assurance_nl", "quality_assurance_en"]}),
    ]


@admin.register(SigningKey)
class SigningKeyAdmin(ActionPageMixin, ServiceHistoryAdmin, SimpleHistoryAdmin):
    list_display = ["key_id", "source", "active", "created_at", "retired_at"]
    list_filter = ["active", "source"]
    list_select_related = []
    search_fields = ["key_id"]
    autocomplete_fields = []
    # The private key is not among the fields at all (and not editable on the model).
    fields = ["key_id", "source", "active", "public_key_pem", "created_at", "retired_at"]
    readonly_fields = fields
    actions = ["rotate_action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # A deleted public key would make every credential it signed unverifiable.
        return False

    def has_rotate_permission(self, request):
        return manages_keys(request.user)

    @admin.action(description=_("Rotate: retire the active key and make a new one"), permissions=["rotate"])
    def rotate_action(self, request, queryset):
        if not action_confirmed(request):
            return self.action_page(
                request,
                queryset,
                form=ConfirmForm(),
                title=gettext("Rotate the signing key"),
                explanation=gettext(
                    "New credentials will be signed with a new key. The retired key stays published, so the "
                    "credentials it signed stay valid."
                ),
                submit_label=gettext("Yes, rotate"),
                describe=str,
            )
        try:
            key = services.signing_key_rotate(actor=request.user)
        except PortalError as error:
            self.message_user(request, str(error.message), level="error")
        else:
            self.message_user(request, gettext("New signing key: %(key)s") % {"key": key.key_id})
        return None


@admin.register(Microcredential)
class MicrocredentialAdmin(ActionPageMixin, ServiceHistoryAdmin, SimpleHistoryAdmin):
    list_display = ["learner_name", "title", "issued_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "language", "signing_key"]
    list_select_related = ["participant", "signing_key"]
    search_fields = ["learner_name", "learner_email", "credential_id", "participant__email"]
    search_help_text = _("Search by the learner's name or e-mail, or the credential id.")
    autocomplete_fields = ["participant"]
    date_hierarchy = "issued_at"
    fields = [
        "credential_id",
        "learner_name",
        "learner_email",
        "participant",
        "completion",
        "language",
        "issued_at",
        "signing_key",
        "revoked_at",
        "revoke_reason",
        "revoked_by",
        "credential_json",
        "jwt",
    ]
    readonly_fields = fields
    actions = ["revoke_action"]
    list_per_page = 50
    show_full_result_count = False

    @admin.display(description=_("title"))
    def title(self, obj):
        return obj.name

    @admin.display(description=_("credential (JSON)"))
    def credential_json(self, obj):
        return format_html("<pre>{}</pre>", json.dumps(obj.credential, ensure_ascii=False, indent=2))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Issued by microcredential_issue, revoked by the action: the page is for reading.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_revoke_permission(self, request):
        return manages_credentials(request.user)

    @admin.action(description=_("Revoke the selected microcredentials"), permissions=["revoke"])
    def revoke_action(self, request, queryset):
        form = ReasonForm(request.POST if action_confirmed(request) else None)
        form.fields["reason"].help_text = _("Kept with each credential and published on the revocation list.")
        if not form.is_valid():
            return self.action_page(
                request,
                queryset,
                form=form,
                title=gettext("Revoke microcredentials"),
                explanation=gettext("Anyone who verifies a revoked credential is told it was revoked, and why."),
                submit_label=gettext("Yes, revoke"),
                describe=str,
            )
        reason = form.cleaned_data["reason"]
        self.run_each(
            request,
            queryset,
            lambda row: services.microcredential_revoke(credential=row, reason=reason, actor=request.user),
            describe=str,
            done_message=lambda count: (
                ngettext("%(count)d microcredential revoked.", "%(count)d microcredentials revoked.", count)
                % {"count": count}
            ),
        )
        return None
