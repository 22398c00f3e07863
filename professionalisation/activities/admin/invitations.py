"""The schools' invitations to their teachers (services/invitations.py): read-only here, made on
the school's page; staff withdraw open ones with an action that calls the service."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from iclon.core.admin import ServiceHistoryAdmin
from professionalisation.activities.admin.common import ActionPageMixin
from professionalisation.activities.models import RegistrationInvitation
from professionalisation.activities.permissions import is_registration_staff
from professionalisation.activities.services.invitations import registration_invitation_withdraw

INVITATION_FIELDS = [
    "session",
    "school",
    "name",
    "email",
    "language",
    "invited_by",
    "status",
    "expires_at",
    "answered_at",
    "participant",
    "registration",
    "waiting_list_entry",
    "created_at",
]


@admin.register(RegistrationInvitation)
class RegistrationInvitationAdmin(ActionPageMixin, ServiceHistoryAdmin, SimpleHistoryAdmin):
    list_display = ["name", "email", "school", "session", "status", "expires_at", "answered_at"]
    list_filter = ["status", "session__activity__kind", "session__activity__region"]
    list_select_related = ["school", "session", "session__activity"]
    search_fields = [
        "name",
        "email",
        "school__name",
        "school__brin_code",
        "session__name",
        "session__activity__title_nl",
    ]
    search_help_text = _("Search by the teacher's name or e-mail, the school, the session or the activity.")
    readonly_fields = INVITATION_FIELDS
    fields = INVITATION_FIELDS
    actions = ["withdraw_action"]
    list_per_page = 50
    show_full_result_count = False

    def has_add_permission(self, request):
        return False  # schools invite on their page

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_withdraw_permission(self, request):
        return is_registration_staff(request.user)

    @admin.action(description=_("Withdraw the selected invitations"), permissions=["withdraw"])
    def withdraw_action(self, request, queryset):
        self.run_each(
            request,
            queryset,
            lambda invitation: registration_invitation_withdraw(invitation=invitation, actor=request.user),
            describe=str,
            done_message=lambda count: (
                ngettext("%(count)d invitation withdrawn.", "%(count)d invitations withdrawn.", count)
                % {"count": count}
            ),
        )
