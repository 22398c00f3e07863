"""The admin of attendance, assignment results, completions, certificates and evaluations.

Every change goes through professionalisation/completion/services.py, in the admin pattern of
iclon/core/admin.py:

- Attendance is added by a form whose save is `attendance_record` (and so evaluates the rule);
  existing marks change by the actions "mark present" / "mark absent", which call it per row.
- An assignment result is added and changed by a form whose save is `assignment_record`.
- Completions are made by the rule, never by hand: read-only, with the action "re-evaluate"
  (`completion_evaluate`).
- Certificates are read-only, with a link to their PDF and the action "revoke" (with a reason,
  `certificate_revoke`).
- Evaluations are the participants' words: read-only, filtered by activity and session.
"""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from iclon.core.admin import ServiceFormAdminMixin, ServiceHistoryAdmin
from iclon.core.forms import ServiceModelForm
from professionalisation.activities.admin.common import ActionPageMixin, ConfirmForm, ReasonForm, action_confirmed
from professionalisation.completion import services
from professionalisation.completion.models import AssignmentResult, Attendance, Certificate, Completion, Evaluation
from professionalisation.completion.permissions import can_revoke_certificate, is_attendance_staff


def _done(singular: str, plural: str):
    return lambda count: ngettext(singular, plural, count) % {"count": count}


# --- Attendance ---------------------------------------------------------------------------------


class AttendanceAddForm(ServiceModelForm):
    """Staff mark one participant at one meeting: `attendance_record`, as the day list does."""

    class Meta:
        model = Attendance
        fields = ["meeting", "registration", "present"]

    def call_service(self, data):
        return services.attendance_record(
            meeting=data["meeting"],
            registration=data["registration"],
            present=bool(data.get("present")),
            actor=self.actor,
        )


ATTENDANCE_FIELDS = ["meeting", "registration", "present", "recorded_by", "created_at", "updated_at"]


@admin.register(Attendance)
class AttendanceAdmin(ActionPageMixin, ServiceFormAdminMixin, SimpleHistoryAdmin):
    form = AttendanceAddForm
    list_display = ["registration", "meeting", "present", "recorded_by", "updated_at"]
    list_filter = ["present", "meeting__date", "meeting__session__activity"]
    list_select_related = [
        "registration__participant",
        "registration__session__activity",
        "meeting",
        "recorded_by",
    ]
    search_fields = [
        "registration__participant__email",
        "registration__participant__full_name",
        "meeting__session__name",
    ]
    autocomplete_fields = ["meeting", "registration"]
    actions = ["mark_present_action", "mark_absent_action"]
    list_per_page = 50
    show_full_result_count = False

    def get_fields(self, request, obj=None):
        return ["meeting", "registration", "present"] if obj is None else ATTENDANCE_FIELDS

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ATTENDANCE_FIELDS

    def has_add_permission(self, request):
        return super().has_add_permission(request) and is_attendance_staff(request.user)

    def has_change_permission(self, request, obj=None):
        return False  # changed by the actions, which evaluate the rule

    def has_delete_permission(self, request, obj=None):
        return False  # a mark is corrected, not removed: the rule counts what is recorded

    def has_mark_permission(self, request):
        return is_attendance_staff(request.user)

    def _mark(self, request, queryset, *, present: bool):
        form = ConfirmForm(request.POST if action_confirmed(request) else None)
        if form.is_bound and form.is_valid():
            self.run_each(
                request,
                queryset.select_related("meeting", "registration"),
                lambda row: services.attendance_record(
                    meeting=row.meeting, registration=row.registration, present=present, actor=request.user
                ),
                describe=str,
                done_message=_done("%(count)d mark recorded.", "%(count)d marks recorded."),
            )
            return None
        return self.action_page(
            request,
            queryset,
            form=form,
            title=gettext("Mark present") if present else gettext("Mark absent"),
            explanation=gettext("The completion rule is evaluated again for each participant."),
            submit_label=gettext("Record"),
            describe=str,
        )

    @admin.action(description=_("Mark the selected participants present"), permissions=["mark"])
    def mark_present_action(self, request, queryset):
        return self._mark(request, queryset, present=True)

    @admin.action(description=_("Mark the selected participants absent"), permissions=["mark"])
    def mark_absent_action(self, request, queryset):
        return self._mark(request, queryset, present=False)


# --- Assignment results -------------------------------------------------------------------------


class AssignmentResultForm(ServiceModelForm):
    class Meta:
        model = AssignmentResult
        fields = ["registration", "passed", "note"]

    def call_service(self, data):
        registration = data.get("registration") or self.instance.registration
        return services.assignment_record(
            registration=registration, passed=bool(data.get("passed")), note=data.get("note", ""), actor=self.actor
        )


@admin.register(AssignmentResult)
class AssignmentResultAdmin(ServiceFormAdminMixin, SimpleHistoryAdmin):
    form = AssignmentResultForm
    list_display = ["registration", "passed", "assessed_by", "updated_at"]
    list_filter = ["passed", "registration__session__activity"]
    list_select_related = ["registration__participant", "registration__session__activity", "assessed_by"]
    search_fields = ["registration__participant__email", "registration__participant__full_name"]
    autocomplete_fields = ["registration"]

    def get_readonly_fields(self, request, obj=None):
        return ["registration", "assessed_by"] if obj is not None else []

    def has_add_permission(self, request):
        return super().has_add_permission(request) and is_attendance_staff(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and is_attendance_staff(request.user)

    def has_delete_permission(self, request, obj=None):
        return False


# --- Completions --------------------------------------------------------------------------------

COMPLETION_FIELDS = [
    "registration",
    "completed_at",
    "meetings_attended",
    "meetings_total",
    "withdrawn_at",
    "withdraw_reason",
]


@admin.register(Completion)
class CompletionAdmin(ActionPageMixin, ServiceHistoryAdmin, SimpleHistoryAdmin):
    """Read-only: the rule makes and withdraws completions; "re-evaluate" asks it again."""

    list_display = ["registration", "completed_at", "meetings_attended", "meetings_total", "withdrawn_at"]
    list_filter = [("withdrawn_at", admin.EmptyFieldListFilter), "registration__session__activity"]
    list_select_related = ["registration__participant", "registration__session__activity"]
    search_fields = ["registration__participant__email", "registration__participant__full_name"]
    fields = COMPLETION_FIELDS
    readonly_fields = COMPLETION_FIELDS
    actions = ["reevaluate_action"]
    list_per_page = 50
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_reevaluate_permission(self, request):
        return is_attendance_staff(request.user)

    @admin.action(description=_("Evaluate the completion rule again"), permissions=["reevaluate"])
    def reevaluate_action(self, request, queryset):
        form = ConfirmForm(request.POST if action_confirmed(request) else None)
        if form.is_bound and form.is_valid():
            self.run_each(
                request,
                queryset.select_related("registration"),
                lambda row: services.completion_evaluate(registration=row.registration, actor=request.user),
                describe=str,
                done_message=_done("%(count)d completion evaluated.", "%(count)d completions evaluated."),
            )
            return None
        return self.action_page(
            request,
            queryset,
            form=form,
            title=gettext("Evaluate completions again"),
            explanation=gettext(
                "Each completion is checked against the recorded attendance and assignment: one that no longer "
                "meets the rule is withdrawn and its certificate revoked."
            ),
            submit_label=gettext("Evaluate"),
            describe=str,
        )


# --- Certificates -------------------------------------------------------------------------------

CERTIFICATE_FIELDS = ["number", "completion", "language", "issued_at", "revoked_at", "revoke_reason", "pdf_link"]


class RevokeForm(ReasonForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = _("Kept with the certificate; its verification page says it is revoked.")


@admin.register(Certificate)
class CertificateAdmin(ActionPageMixin, ServiceHistoryAdmin, SimpleHistoryAdmin):
    list_display = ["number", "participant_display", "activity_display", "language", "issued_at", "revoked_at"]
    list_filter = [
        ("revoked_at", admin.EmptyFieldListFilter),
        "language",
        "completion__registration__session__activity",
    ]
    list_select_related = ["completion__registration__participant", "completion__registration__session__activity"]
    search_fields = ["number", "code", "completion__registration__participant__email"]
    fields = CERTIFICATE_FIELDS
    readonly_fields = CERTIFICATE_FIELDS
    actions = ["revoke_action"]
    list_per_page = 50
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_revoke_permission(self, request):
        return can_revoke_certificate(request.user)

    @admin.display(description=_("participant"))
    def participant_display(self, certificate):
        return certificate.completion.registration.participant

    @admin.display(description=_("activity"))
    def activity_display(self, certificate):
        return certificate.completion.registration.session.activity

    @admin.display(description=_("PDF"))
    def pdf_link(self, certificate):
        return format_html(
            '<a href="{}">{}</a>', reverse("completion:certificate-pdf", args=[certificate.pk]), gettext("Open the PDF")
        )

    @admin.action(description=_("Revoke the selected certificates"), permissions=["revoke"])
    def revoke_action(self, request, queryset):
        form = RevokeForm(request.POST if action_confirmed(request) else None)
        if form.is_bound and form.is_valid():
            reason = form.cleaned_data["reason"]
            self.run_each(
                request,
                queryset,
                lambda row: services.certificate_revoke(certificate=row, reason=reason, actor=request.user),
                describe=str,
                done_message=_done("%(count)d certificate revoked.", "%(count)d certificates revoked."),
            )
            return None
        return self.action_page(
            request,
            queryset,
            form=form,
            title=gettext("Revoke certificates"),
            explanation=gettext("A revoked certificate is shown as revoked on its public verification page."),
            submit_label=gettext("Revoke"),
            describe=str,
        )


# --- Evaluations --------------------------------------------------------------------------------

EVALUATION_FIELDS = ["registration", "rating", "comment", "created_at", "updated_at"]


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    """Read-only: the participants' own words (they write and change them on their page)."""

    list_display = ["registration", "rating", "short_comment", "created_at"]
    list_filter = ["rating", "registration__session__activity", "registration__session"]
    list_select_related = ["registration__participant", "registration__session__activity"]
    search_fields = ["comment", "registration__participant__full_name", "registration__session__name"]
    fields = EVALUATION_FIELDS
    readonly_fields = EVALUATION_FIELDS
    list_per_page = 50
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("comment"))
    def short_comment(self, evaluation):
        return evaluation.comment[:80] + ("…" if len(evaluation.comment) > 80 else "")
