"""The admin of PAL student assistants: the pool, requests (with suggestions), assignments and
hours, every write through the services (professionalisation/outreach/services/pal.py).

Coordinators keep the pool, add a request for a school, assign students to requests (an action
with a choice of students), withdraw and close requests and decline proposed assignments. Hours
are read-only here: the student logs them and the school confirms them in the portal (staff do
not confirm hours: see permissions/pal.py); the coordinators export confirmed hours for payroll.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from iclon.core.admin import ServiceFormAdminMixin, ServiceHistoryAdmin
from iclon.core.forms import ServiceModelForm
from professionalisation.activities.admin.common import ActionPageMixin, ConfirmForm, ReasonForm
from professionalisation.outreach.models.pal import (
    PalAssignment,
    PalHours,
    PalRequest,
    PalStudent,
    PalTask,
    PalWeekday,
)
from professionalisation.outreach.permissions.pal import may_export_hours
from professionalisation.outreach.selectors import pal as selectors
from professionalisation.outreach.services import pal as services

# --- forms whose save is a service --------------------------------------------------------------


class PalStudentForm(ServiceModelForm):
    weekdays = forms.MultipleChoiceField(
        label=_("weekdays available"), choices=PalWeekday.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = PalStudent
        fields = ["user", *services.STUDENT_FIELDS, "subjects"]

    def call_service(self, data):
        return services.pal_student_save(
            actor=self.actor,
            student=self.instance if self.instance.pk else None,
            user=data["user"] if self.instance.pk is None else self.instance.user,
            region=data["region"],
            weekdays=data.get("weekdays") or [],
            subjects=data.get("subjects") or [],
            trained=bool(data.get("trained")),
            trained_on=data.get("trained_on"),
            training_completion=data.get("training_completion"),
            training_activity=data.get("training_activity"),
            active=bool(data.get("active")),
        )


class PalRequestForm(ServiceModelForm):
    tasks = forms.MultipleChoiceField(label=_("tasks"), choices=PalTask.choices, widget=forms.CheckboxSelectMultiple)
    weekdays = forms.MultipleChoiceField(
        label=_("weekdays"), choices=PalWeekday.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = PalRequest
        fields = [
            "school",
            "tasks",
            "tasks_other",
            "subject",
            "hours_per_week",
            "starts_on",
            "ends_on",
            "weekdays",
            "region",
            "notes",
        ]

    def call_service(self, data):
        return services.pal_request_create(actor=self.actor, **data)


class AssignForm(forms.Form):
    students = forms.ModelMultipleChoiceField(
        label=_("PAL students"),
        queryset=PalStudent.objects.filter(active=True, trained=True).select_related("user"),
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )
    hours_per_week = forms.DecimalField(
        label=_("hours per week"),
        required=False,
        max_digits=4,
        decimal_places=1,
        help_text=_("The request's if empty."),
    )


# --- model admins -------------------------------------------------------------------------------


class AssignmentInline(admin.TabularInline):
    model = PalAssignment
    fields = ["student", "hours_per_week", "status", "student_confirmed_at", "school_confirmed_at", "decline_reason"]
    readonly_fields = fields
    can_delete = False
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PalStudent)
class PalStudentAdmin(ServiceFormAdminMixin, SimpleHistoryAdmin):
    form = PalStudentForm
    list_display = ["user", "region", "trained", "trained_on", "active"]
    list_filter = ["active", "trained", "region", "subjects"]
    list_select_related = ["user", "region"]
    search_fields = ["user__full_name", "user__email"]
    autocomplete_fields = ["user", "region", "subjects", "training_activity"]
    raw_id_fields = ["training_completion"]

    def get_readonly_fields(self, request, obj=None):
        return ["user"] if obj else []

    def has_delete_permission(self, request, obj=None):
        return False  # a student leaves the pool by becoming inactive; their hours stay


@admin.register(PalRequest)
class PalRequestAdmin(ActionPageMixin, ServiceFormAdminMixin, SimpleHistoryAdmin):
    form = PalRequestForm
    inlines = [AssignmentInline]
    list_display = ["school", "subject", "region", "hours_per_week", "starts_on", "ends_on", "status"]
    list_filter = ["status", "region", "subject"]
    list_select_related = ["school", "subject", "region"]
    search_fields = ["school__name", "school__brin_code", "notes"]
    autocomplete_fields = ["school", "subject", "region"]
    date_hierarchy = "starts_on"
    actions = ["assign_action", "withdraw_action", "close_action"]

    def get_queryset(self, request):
        return selectors.pal_request_list_for_user(request.user)

    def get_fields(self, request, obj=None):
        fields = list(PalRequestForm.Meta.fields)
        return [*fields, "status", "reason", "requested_by", "suggestions"] if obj else fields

    def get_readonly_fields(self, request, obj=None):
        # Changed only through the actions once it is made.
        return [*PalRequestForm.Meta.fields, "status", "reason", "requested_by", "suggestions"] if obj else []

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("suggested PAL students"))
    def suggestions(self, obj):
        rows = selectors.pal_suggestions(obj) if obj.is_open else []
        if not rows:
            return "–"
        return format_html_join(
            "", "<p><strong>{}</strong> ({}): {}</p>", ((s.student, s.score, "; ".join(s.reasons)) for s in rows)
        )

    @admin.action(description=_("Assign PAL students"), permissions=["change"])
    def assign_action(self, request, queryset):
        return self.confirmed_action(
            request,
            queryset,
            form_class=AssignForm,
            call=lambda row, data: services.pal_assign(
                actor=request.user,
                request=row,
                students=list(data["students"]),
                hours_per_week=data.get("hours_per_week"),
                reasons={s.student.pk: s.reasons for s in selectors.pal_suggestions(row, limit=1000)},
            ),
            title=gettext("Assign PAL students"),
            explanation=gettext("The students and the schools are asked to confirm."),
            submit_label=gettext("Assign"),
            describe=str,
            done_message=lambda n: (
                ngettext("%(count)d request assigned.", "%(count)d requests assigned.", n) % {"count": n}
            ),
        )

    @admin.action(description=_("Withdraw the selected requests"), permissions=["change"])
    def withdraw_action(self, request, queryset):
        return self.confirmed_action(
            request,
            queryset,
            form_class=ReasonForm,
            call=lambda row, data: services.pal_request_withdraw(
                actor=request.user, request=row, reason=data["reason"]
            ),
            title=gettext("Withdraw PAL requests"),
            explanation=gettext("Their assignments are cancelled; the schools and students are told."),
            submit_label=gettext("Withdraw"),
            describe=str,
            done_message=lambda n: (
                ngettext("%(count)d request withdrawn.", "%(count)d requests withdrawn.", n) % {"count": n}
            ),
        )

    @admin.action(description=_("Close the selected requests"), permissions=["change"])
    def close_action(self, request, queryset):
        return self.confirmed_action(
            request,
            queryset,
            form_class=ConfirmForm,
            call=lambda row, data: services.pal_request_close(actor=request.user, request=row),
            title=gettext("Close PAL requests"),
            explanation=gettext("A request is closed once all its hours are confirmed."),
            submit_label=gettext("Close"),
            describe=str,
            done_message=lambda n: (
                ngettext("%(count)d request closed.", "%(count)d requests closed.", n) % {"count": n}
            ),
        )


@admin.register(PalAssignment)
class PalAssignmentAdmin(ActionPageMixin, ServiceHistoryAdmin, SimpleHistoryAdmin):
    list_display = ["student", "request", "hours_per_week", "status", "student_confirmed_at", "school_confirmed_at"]
    list_filter = ["status", "request__region"]
    list_select_related = ["student__user", "request__school"]
    search_fields = ["student__user__full_name", "request__school__name"]
    readonly_fields = [
        "request",
        "student",
        "hours_per_week",
        "status",
        "reasons",
        "assigned_by",
        "student_confirmed_at",
        "school_confirmed_at",
        "school_confirmed_by",
        "declined_by",
        "decline_reason",
    ]
    actions = ["decline_action"]

    def get_queryset(self, request):
        return selectors.pal_assignment_list_for_user(request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_add_permission(self, request):
        return False  # assigned through the request's action

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Decline the selected proposed assignments"), permissions=["change"])
    def decline_action(self, request, queryset):
        return self.confirmed_action(
            request,
            queryset,
            form_class=ReasonForm,
            call=lambda row, data: services.pal_assignment_decline(
                actor=request.user, assignment=row, reason=data["reason"]
            ),
            title=gettext("Decline PAL assignments"),
            explanation=gettext("The student and the school are told, with the reason."),
            submit_label=gettext("Decline"),
            describe=str,
            done_message=lambda n: (
                ngettext("%(count)d assignment declined.", "%(count)d assignments declined.", n) % {"count": n}
            ),
        )


@admin.register(PalHours)
class PalHoursAdmin(ServiceHistoryAdmin, SimpleHistoryAdmin):
    list_display = ["assignment", "year", "week", "hours", "status", "confirmed_by", "confirmed_at"]
    list_filter = ["status", "year", "assignment__request__region"]
    list_select_related = ["assignment__student__user", "assignment__request__school", "confirmed_by"]
    search_fields = ["assignment__student__user__full_name", "assignment__request__school__name"]
    readonly_fields = [
        "assignment",
        "year",
        "week",
        "hours",
        "note",
        "status",
        "logged_by",
        "logged_at",
        "confirmed_by",
        "confirmed_at",
        "reject_reason",
    ]
    actions = ["export_csv_action", "export_xlsx_action"]

    def get_queryset(self, request):
        return selectors.pal_hours_list_for_user(request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_add_permission(self, request):
        return False  # the student logs hours in the portal

    def has_change_permission(self, request, obj=None):
        return False  # logged by the student, confirmed by the school; confirmed hours are locked

    def has_delete_permission(self, request, obj=None):
        return False

    def _export(self, request, queryset, fmt):
        if not may_export_hours(request.user):
            self.message_user(request, gettext("You are not allowed to do this."), messages.ERROR)
            return None
        content = selectors.payroll_file(queryset, fmt)
        response = HttpResponse(content, content_type=selectors.EXPORT_TYPES[fmt])
        name = f"pal-hours-{timezone.localdate().isoformat()}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    @admin.action(description=_("Export the selected confirmed hours for payroll (CSV)"), permissions=["view"])
    def export_csv_action(self, request, queryset):
        return self._export(request, queryset, "csv")

    @admin.action(description=_("Export the selected confirmed hours for payroll (XLSX)"), permissions=["view"])
    def export_xlsx_action(self, request, queryset):
        return self._export(request, queryset, "xlsx")
