"""The admin of higher-education research coordination: the support requests (their assignee and
internal notes saved by the services, everything else as the requester gave it) and, read-only,
the messages of their threads. Actions move the selected requests through the services (assign to
me, accept, ask the requester, complete); a refusal is reported per request. Requests are made by
the requesters in the portal, never added or deleted here; declining (with a reason) and
withdrawing are done on the request's page."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from iclon.core.admin import ServiceFormAdminMixin, ServiceHistoryAdmin
from iclon.core.errors import PortalError
from iclon.core.forms import ServiceModelForm
from research.coordination import selectors, services
from research.coordination.models import SupportRequest, SupportRequestMessage, SupportStatus


class SupportRequestForm(ServiceModelForm):
    class Meta:
        model = SupportRequest
        fields = ["assignee", "internal_notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "assignee" in self.fields:
            self.fields["assignee"].queryset = selectors.team_members()

    def call_service(self, data):
        support_request = self.instance
        if "assignee" in self.changed_data:
            support_request = services.support_request_assign(
                support_request=support_request, actor=self.actor, assignee=data.get("assignee")
            )
        if "internal_notes" in self.changed_data:
            support_request = services.support_request_notes_update(
                support_request=support_request, actor=self.actor, internal_notes=data.get("internal_notes") or ""
            )
        return support_request


class MessageInline(admin.TabularInline):
    model = SupportRequestMessage
    fields = ["created_at", "author", "from_team", "text"]
    readonly_fields = fields
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False  # written on the request's page (services.support_message_post)


READ_ONLY = [
    "requester",
    "faculty",
    "department",
    "kind",
    "title",
    "description",
    "course",
    "funder",
    "grant_call",
    "submission_deadline",
    "desired_start",
    "status",
    "status_reason",
    "created_at",
    "closed_at",
]


@admin.register(SupportRequest)
class SupportRequestAdmin(ServiceFormAdminMixin, SimpleHistoryAdmin):
    form = SupportRequestForm
    inlines = [MessageInline]
    fields = [*READ_ONLY, "assignee", "internal_notes"]
    readonly_fields = READ_ONLY
    list_display = ["title", "kind", "status", "requester", "faculty", "assignee", "submission_deadline", "created_at"]
    list_filter = ["status", "kind", ("assignee", admin.RelatedOnlyFieldListFilter), "faculty", "submission_deadline"]
    search_fields = ["title", "description", "requester__full_name", "requester__email", "funder", "grant_call"]
    list_select_related = ["requester", "assignee", "faculty__institution"]
    date_hierarchy = "created_at"
    actions = ["assign_to_me_action", "accept_action", "wait_action", "complete_action"]
    list_per_page = 50

    def has_add_permission(self, request):
        return False  # made by the requester in the portal (services.support_request_create)

    def has_delete_permission(self, request, obj=None):
        return False  # a request stays on the record; it is declined or withdrawn

    def _each(self, request, queryset, call, done_message):
        done = 0
        for support_request in queryset:
            try:
                call(support_request)
            except PortalError as error:
                self.message_user(request, f"{support_request.title}: {error.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)

    def _move(self, request, queryset, to):
        self._each(
            request,
            queryset,
            lambda row: services.support_request_transition(support_request=row, actor=request.user, to=to),
            lambda n: (
                ngettext("%(n)d request is now “%(status)s”.", "%(n)d requests are now “%(status)s”.", n)
                % {"n": n, "status": SupportStatus(to).label}
            ),
        )

    @admin.action(description=_("Assign the selected requests to me"), permissions=["change"])
    def assign_to_me_action(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda row: services.support_request_assign(support_request=row, actor=request.user, assignee=request.user),
            lambda n: (
                ngettext("%(n)d request is assigned to you.", "%(n)d requests are assigned to you.", n) % {"n": n}
            ),
        )

    @admin.action(description=_("Accept the selected requests (in progress)"), permissions=["change"])
    def accept_action(self, request, queryset):
        self._move(request, queryset, SupportStatus.IN_PROGRESS)

    @admin.action(description=_("Mark the selected requests as waiting for the requester"), permissions=["change"])
    def wait_action(self, request, queryset):
        self._move(request, queryset, SupportStatus.WAITING)

    @admin.action(description=_("Mark the selected requests completed"), permissions=["change"])
    def complete_action(self, request, queryset):
        self._move(request, queryset, SupportStatus.COMPLETED)


@admin.register(SupportRequestMessage)
class SupportRequestMessageAdmin(ServiceHistoryAdmin, admin.ModelAdmin):
    list_display = ["request", "author", "from_team", "created_at"]
    list_filter = ["from_team", "request__status"]
    search_fields = ["text", "request__title", "author__full_name"]
    list_select_related = ["request", "author"]
    readonly_fields = ["request", "author", "from_team", "text", "created_at"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False  # written on the request's page (services.support_message_post)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
