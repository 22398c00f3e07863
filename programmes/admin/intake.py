"""Admin of intake: applications with their pipeline, the route checklists, the status history.

Nothing here writes an application's rows itself. The status changes only through the buttons
on the change page, which post to `transition_view` and call `application_transition`; the
assignment, the checklist, notes, requests for information, the aptitude assessment, exemptions
and conditions are saved by the intake services from `save_model` and `save_formset`. When a
service refuses, the whole save is rolled back and its message is shown: nothing half-saved.

The changelist runs a fixed number of queries whatever the number of applications: the list's
relations come with `list_select_related`, the open requests are one subquery, the filters'
choices are a query each, and `show_full_result_count = False` spares a second count of the
whole table (100,000 rows) on every filtered page.
"""

from __future__ import annotations

import datetime
import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from import_export.admin import ExportActionMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ExportForm
from simple_history.admin import SimpleHistoryAdmin

from iclon.core.errors import PortalError
from programmes.intake import dashboard, letters
from programmes.models import (
    AdmissionCondition,
    Application,
    ApplicationDocument,
    ApplicationStatus,
    ApplicationTransition,
    AptitudeAssessment,
    ChecklistCheck,
    ChecklistItem,
    DeficiencyCourse,
    Exemption,
    InformationRequest,
    InternalNote,
    Module,
    PriorDegree,
)
from programmes.services.intake import (
    CONDITION_STATUSES,
    DECIDE,
    REVIEW,
    TRANSITIONS,
    allowed_transitions,
    application_assign,
    application_transition,
    aptitude_assessment_save,
    checklist_set,
    condition_add,
    condition_set_status,
    exemption_grant,
    exemption_revoke,
    information_request_create,
    is_intake_staff,
    note_add,
)

S = ApplicationStatus

# While the application is assessed: requests for information and the aptitude assessment.
ASSESSING = (S.SUBMITTED, S.IN_REVIEW, S.APTITUDE_ASSESSMENT)

# The buttons' labels, by the status they move to.
MOVE_LABELS = {
    S.IN_REVIEW: _("Start the review"),
    S.APTITUDE_ASSESSMENT: _("Go to the aptitude assessment"),
    S.ADMITTED: _("Admit"),
    S.ADMITTED_WITH_CONDITIONS: _("Admit with conditions"),
    S.REJECTED: _("Reject"),
    S.ENROLLED: _("Enrol"),
    S.WITHDRAWN: _("Withdraw"),
}
# Moves that take a reason: it is kept with the status change, and for a decision it becomes the
# explanation in the decision letter. TRANSITIONS says where it is required.
REASON_MOVES = (S.ADMITTED, S.ADMITTED_WITH_CONDITIONS, S.REJECTED, S.WITHDRAWN)
REASON_HELP = {
    S.ADMITTED: _("Optional. Printed in the decision letter as the explanation."),
    S.ADMITTED_WITH_CONDITIONS: _("Optional. Printed in the decision letter as the explanation."),
    S.REJECTED: _("Required. The applicant reads it in the decision letter."),
    S.WITHDRAWN: _("Optional. Why the application is withdrawn; the applicant is told."),
}


def intake_staff():
    """Staff who may review applications (intake officers, administrators): the people an
    application can be assigned to and who can assess. One query."""
    perm = {"codename": REVIEW.split(".")[1], "content_type__app_label": "programmes"}
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(
            Q(is_superuser=True)
            | Q(**{f"groups__permissions__{key}": value for key, value in perm.items()})
            | Q(**{f"user_permissions__{key}": value for key, value in perm.items()})
        )
        .distinct()
        .order_by("full_name", "email")
    )


def person(user) -> str:
    if user is None:
        return "–"
    return user.full_name or user.email


def document_url(document: ApplicationDocument) -> str:
    """The permission-checked download of a document (never the storage's own URL)."""
    return reverse("intake:document-download", kwargs={"pk": document.application_id, "document_pk": document.pk})


# --- Export (django-import-export) -----------------------------------------------------------


class ApplicationResource(resources.ModelResource):
    """What an export of applications holds: the pipeline's facts, no personal data.

    Names, e-mail addresses, dates of birth, addresses, phone numbers and motivations are left out
    on purpose. An export leaves the portal (a file on a laptop, in a mailbox) where neither the
    permission checks nor the anonymisation after the retention period reach it, while the
    numbers intake needs (per route, subject, start, status, officer) do without them; the
    reference finds the person in the admin when someone needs to. The assigned officer is a
    colleague's name, which staff see anyway."""

    reference = fields.Field(attribute="reference", column_name=_("reference"))
    status = fields.Field(attribute="status", column_name=_("status"))
    pathway = fields.Field(column_name=_("pathway"))
    subject = fields.Field(column_name=_("school subject"))
    start = fields.Field(column_name=_("start"))
    submitted_at = fields.Field(column_name=_("submitted at"))
    decided_at = fields.Field(column_name=_("decided at"))
    assigned_to = fields.Field(column_name=_("assigned to"))

    class Meta:
        model = Application
        fields = ("reference", "status", "pathway", "subject", "start", "submitted_at", "decided_at", "assigned_to")
        export_order = fields

    def dehydrate_status(self, application):
        return str(application.get_status_display())

    def dehydrate_pathway(self, application):
        return application.pathway.name

    def dehydrate_subject(self, application):
        return application.subject.name if application.subject_id else ""

    def dehydrate_start(self, application):
        return application.start_moment.starts_on.isoformat()

    @staticmethod
    def _moment(value):
        # Local time as text: spreadsheets keep no time zones (openpyxl refuses aware datetimes).
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""

    def dehydrate_submitted_at(self, application):
        return self._moment(application.submitted_at)

    def dehydrate_decided_at(self, application):
        return self._moment(application.decided_at)

    def dehydrate_assigned_to(self, application):
        return person(application.assigned_to) if application.assigned_to_id else ""


# --- Changelist filters ----------------------------------------------------------------------


class AssignedToFilter(admin.SimpleListFilter):
    title = _("assigned to")
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [
            ("me", _("Assigned to me")),
            ("none", _("Unassigned")),
            *((str(user.pk), person(user)) for user in intake_staff()),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "me":
            return queryset.filter(assigned_to=request.user)
        if value == "none":
            return queryset.filter(assigned_to__isnull=True)
        if value and value.isdigit():
            return queryset.filter(assigned_to_id=int(value))
        return queryset


class StartFilter(admin.SimpleListFilter):
    """By start date (a round of starts across routes): a handful of choices, not one per
    start moment of every route."""

    title = _("start")
    parameter_name = "start"

    def lookups(self, request, model_admin):
        return [(day.isoformat(), date_format(day, "j F Y")) for day in dashboard.start_rounds()]

    def queryset(self, request, queryset):
        value = self.value()
        if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return queryset.filter(start_moment__starts_on=value)
        return queryset


class OpenRequestFilter(admin.SimpleListFilter):
    title = _("open requests for information")
    parameter_name = "open_requests"

    def lookups(self, request, model_admin):
        return [("yes", _("Waiting for an answer")), ("no", _("None open"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(open_request_count__gt=0)
        if self.value() == "no":
            return queryset.filter(open_request_count=0)
        return queryset


# --- Forms -----------------------------------------------------------------------------------


class ApplicationForm(forms.ModelForm):
    """The change form: the assignment and the route's checklist; the rest is read-only."""

    checklist = forms.MultipleChoiceField(
        label=_("checklist"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick what has been checked. The items are set per route under “Checklist items”."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.checklist_items = {}
        if self.instance.pk and "checklist" in self.fields:
            items = list(ChecklistItem.objects.filter(pathway_id=self.instance.pathway_id))
            checks = {
                check.item_id: check
                for check in ChecklistCheck.objects.filter(application=self.instance).select_related("done_by")
            }
            self.checklist_items = {str(item.pk): item for item in items}
            self.fields["checklist"].choices = [
                (str(item.pk), checklist_label(item, checks.get(item.pk))) for item in items
            ]
            self.fields["checklist"].initial = [str(pk) for pk in checks]
            if not items:
                self.fields["checklist"].help_text = gettext(
                    "This route has no checklist yet; programme coordinators set it up under “Checklist items”."
                )


def checklist_label(item: ChecklistItem, check: ChecklistCheck | None) -> str:
    if check is None:
        return item.label
    return gettext("%(item)s (ticked by %(who)s on %(date)s)") % {
        "item": item.label,
        "who": person(check.done_by),
        "date": date_format(timezone.localtime(check.created_at), "j F Y"),
    }


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Intake officer"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Nobody (unassign)"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = intake_staff()
        self.fields["assignee"].label_from_instance = person


class InformationRequestActionForm(forms.Form):
    question = forms.CharField(
        label=_("Question to the applicants"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Each applicant gets this question by e-mail and answers it in the portal."),
        error_messages={"required": _("Write the question.")},
    )


class ExemptionForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        module, ec = cleaned.get("module"), cleaned.get("ec")
        if module and ec and ec > module.ec:
            self.add_error("ec", gettext("The exemption is between 1 and %(ec)s EC.") % {"ec": module.ec})
        return cleaned


class ConditionForm(forms.ModelForm):
    """A new condition is filled in whole; of an existing one only the status changes."""

    LOCKED = ("kind", "deficiency_course", "description", "due_on")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in self.LOCKED:
                if name in self.fields:
                    self.fields[name].disabled = True

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            kind = cleaned.get("kind")
            if kind == AdmissionCondition.Kind.DEFICIENCY_COURSE and not cleaned.get("deficiency_course"):
                self.add_error("deficiency_course", gettext("Choose the deficiency course."))
            if kind == AdmissionCondition.Kind.OTHER and not (cleaned.get("description") or "").strip():
                self.add_error("description", gettext("Describe the condition."))
        return cleaned


class AssessmentForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") not in (None, AptitudeAssessment.Outcome.PENDING) and not cleaned.get("scheduled_at"):
            self.add_error("scheduled_at", gettext("Enter the date of the assessment."))
        return cleaned


class DashboardFilterForm(forms.Form):
    """The dashboard's filter: one start moment of a route, or one start date (round). The
    choices are loaded once, with their routes; a choice is validated against them, no query."""

    start_moment = forms.TypedChoiceField(
        label=_("Start moment"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose one of the start moments in the list.")},
    )
    starts_on = forms.ChoiceField(
        label=_("Start date (round)"),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the start dates in the list.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.moments = {moment.pk: moment for moment in dashboard.start_moments_with_applications()}
        self.fields["start_moment"].choices = [("", gettext("All"))] + [
            (pk, f"{moment.pathway.name} – {date_format(moment.starts_on, 'j F Y')}")
            for pk, moment in self.moments.items()
        ]
        self.fields["starts_on"].choices = [("", gettext("All"))] + [
            (day.isoformat(), date_format(day, "j F Y")) for day in dashboard.start_rounds()
        ]

    def clean_start_moment(self):
        pk = self.cleaned_data.get("start_moment")
        return self.moments.get(pk) if pk else None

    def clean_starts_on(self):
        value = self.cleaned_data.get("starts_on")
        return datetime.date.fromisoformat(value) if value else None


# --- Inlines ---------------------------------------------------------------------------------


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ServiceInline(admin.TabularInline):
    """An inline whose rows are created (and changed) by a service: `save_formset` calls it.

    Existing rows are read-only unless `has_change_permission` says otherwise; the parent
    application is kept for the choices and rules that depend on it."""

    extra = 0
    can_delete = False
    parent: Application | None = None

    def get_formset(self, request, obj=None, **kwargs):
        self.parent = obj
        return super().get_formset(request, obj, **kwargs)

    def get_extra(self, request, obj=None, **kwargs):
        # One empty row to fill in: without JavaScript "Add another" cannot add one.
        return 1 if self.has_add_permission(request, obj) else 0

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DocumentInline(ReadOnlyInline):
    model = ApplicationDocument
    fields = ["kind", "original_name", "size_display", "created_at", "download"]
    readonly_fields = fields
    verbose_name_plural = _("documents")

    @admin.display(description=_("size"))
    def size_display(self, document):
        from django.template.defaultfilters import filesizeformat

        return filesizeformat(document.size)

    @admin.display(description=_("open"))
    def download(self, document):
        url = document_url(document)
        if url is None:
            return gettext("(the download page is not available yet)")
        return format_html(
            '<a href="{}">{}<span class="visually-hidden"> {}</span></a>',
            url,
            gettext("Open"),
            document.original_name,
        )


class PriorDegreeInline(ReadOnlyInline):
    model = PriorDegree
    fields = ["level", "field", "field_other", "institution", "year", "subject_content_ec"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("field")


class TransitionInline(ReadOnlyInline):
    model = ApplicationTransition
    fields = ["created_at", "from_status", "to_status", "actor_name", "reason"]
    readonly_fields = fields
    verbose_name_plural = _("status history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    @admin.display(description=_("by"))
    def actor_name(self, transition):
        return person(transition.actor)


class InternalNoteInline(ServiceInline):
    """Notes among intake staff: added through note_add, never changed or removed, never shown to
    the applicant."""

    model = InternalNote
    fields = ["text", "author_name", "created_at"]
    readonly_fields = ["author_name", "created_at"]
    formfield_overrides = {
        InternalNote._meta.get_field("text").__class__: {"widget": forms.Textarea(attrs={"rows": 2})}
    }
    verbose_name_plural = _("internal notes (never shown to the applicant)")

    def has_add_permission(self, request, obj=None):
        return obj is not None and is_intake_staff(request.user) and super().has_add_permission(request, obj)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")

    @admin.display(description=_("by"))
    def author_name(self, note):
        return person(note.author) if note.pk else ""


class InformationRequestInline(ServiceInline):
    model = InformationRequest
    fields = ["question", "requested_by_name", "created_at", "answer", "answered_at"]
    readonly_fields = ["requested_by_name", "created_at", "answer", "answered_at"]
    formfield_overrides = {
        InformationRequest._meta.get_field("question").__class__: {"widget": forms.Textarea(attrs={"rows": 2})}
    }

    def has_add_permission(self, request, obj=None):
        return (
            obj is not None
            and obj.status in ASSESSING
            and is_intake_staff(request.user)
            and super().has_add_permission(request, obj)
        )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("requested_by")

    @admin.display(description=_("asked by"))
    def requested_by_name(self, request_):
        return person(request_.requested_by) if request_.pk else ""


class ExemptionInline(ServiceInline):
    """Exemptions of modules of the application's route (EVC): granted with exemption_grant,
    revoked (the delete box) with exemption_revoke."""

    model = Exemption
    form = ExemptionForm
    can_delete = True
    fields = ["module", "ec", "reason", "granted_by_name", "created_at"]
    readonly_fields = ["granted_by_name", "created_at"]
    formfield_overrides = {Exemption._meta.get_field("reason").__class__: {"widget": forms.Textarea(attrs={"rows": 2})}}

    def _may_decide(self, request, obj) -> bool:
        return obj is not None and obj.status in CONDITION_STATUSES and is_intake_staff(request.user, DECIDE)

    def has_add_permission(self, request, obj=None):
        return self._may_decide(request, obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Revoking is deciding, not deleting a record: the decide permission governs it.
        application = obj if isinstance(obj, Application) else self.parent
        return self._may_decide(request, application) and self.has_view_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "module":
            pathway_id = self.parent.pathway_id if self.parent else None
            kwargs["queryset"] = Module.objects.filter(pathway_id=pathway_id).order_by("order", "pk")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("module", "granted_by")

    @admin.display(description=_("granted by"))
    def granted_by_name(self, exemption):
        return person(exemption.granted_by) if exemption.pk else ""


class ConditionInline(ServiceInline):
    """Conditions of admission: added with condition_add; of an existing one only the status
    changes (condition_set_status). A condition is never removed: waive it."""

    model = AdmissionCondition
    form = ConditionForm
    fields = ["kind", "deficiency_course", "description", "due_on", "status", "status_changed_at"]
    readonly_fields = ["status_changed_at"]

    def _may_decide(self, request, obj) -> bool:
        return obj is not None and is_intake_staff(request.user, DECIDE)

    def has_add_permission(self, request, obj=None):
        return (
            self._may_decide(request, obj)
            and obj.status in CONDITION_STATUSES
            and super().has_add_permission(request, obj)
        )

    def has_change_permission(self, request, obj=None):
        application = obj if isinstance(obj, Application) else self.parent
        return self._may_decide(request, application) and admin.TabularInline.has_change_permission(self, request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "deficiency_course":
            courses = DeficiencyCourse.objects.order_by("subject__order", "name_nl")
            if self.parent and self.parent.subject_id:
                courses = courses.filter(subject_id=self.parent.subject_id)
            kwargs["queryset"] = courses
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("deficiency_course")


class AptitudeAssessmentInline(admin.StackedInline):
    """The aptitude assessment, on routes that ask for one: saved with aptitude_assessment_save."""

    model = AptitudeAssessment
    form = AssessmentForm
    fields = ["scheduled_at", "assessors", "outcome", "advice"]
    max_num = 1
    can_delete = False
    parent: Application | None = None

    def get_formset(self, request, obj=None, **kwargs):
        self.parent = obj
        return super().get_formset(request, obj, **kwargs)

    def get_extra(self, request, obj=None, **kwargs):
        return 1

    def _may_record(self, request, obj) -> bool:
        application = obj if isinstance(obj, Application) else self.parent
        return application is not None and application.status in ASSESSING[1:] and is_intake_staff(request.user)

    def has_add_permission(self, request, obj=None):
        return self._may_record(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may_record(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "assessors":
            kwargs["queryset"] = intake_staff()
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)


# --- The application admin -------------------------------------------------------------------

PERSONAL_FIELDSETS = (
    (
        _("Personal details"),
        {"fields": ["first_name", "last_name", "date_of_birth", "phone", "street", "postcode", "city", "country"]},
    ),
    (
        _("Employment as a teacher"),
        {"fields": ["employed_as_teacher", "employing_school", "employer_name", "employment_hours"]},
    ),
    (_("Languages"), {"fields": ["dutch_proficiency", "english_proficiency_notes"]}),
    (_("Motivation"), {"fields": ["motivation"]}),
)


@admin.register(Application)
class ApplicationAdmin(ExportActionMixin, SimpleHistoryAdmin):
    form = ApplicationForm
    change_form_template = "admin/programmes/application/change_form.html"
    change_list_template = "admin/programmes/application/change_list.html"
    # Our changelist template links to the export itself (import-export's template would hide
    # every other object tool when adding is off, as it is here).
    import_export_change_list_template = None
    show_change_form_export = False
    resource_classes = [ApplicationResource]
    export_formats = [CSV, XLSX]
    export_form_class = ExportForm

    list_display = [
        "reference_display",
        "name",
        "pathway",
        "subject",
        "start",
        "status",
        "assigned_name",
        "submitted_at",
        "open_requests",
    ]
    list_display_links = ["reference_display", "name"]
    list_filter = [
        "status",
        "pathway",
        "subject",
        StartFilter,
        AssignedToFilter,
        OpenRequestFilter,
        ("submitted_at", admin.DateFieldListFilter),
    ]
    list_select_related = ["pathway", "subject", "start_moment", "assigned_to"]
    search_fields = ["first_name", "last_name", "applicant__email", "applicant__full_name"]
    search_help_text = _("Search by reference (ICL-000123), name or e-mail address.")
    ordering = ["-created_at", "-pk"]
    list_per_page = 50
    # Counting the whole table again on every filtered page is what makes a changelist slow at
    # 100,000 rows; the filtered count is enough.
    show_full_result_count = False
    # No date_hierarchy: it needs a DISTINCT over the dates of every filtered row on each page
    # load; the "submitted at" filter gives the same navigation without a query.
    actions = ["assign_action", "request_information_action"]

    # -- permissions: applications are made by applicants and removed by anonymisation --------

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_review_permission(self, request):
        return is_intake_staff(request.user)

    def has_export_permission(self, request):
        # import-export's default lets any staff member export; exporting is viewing.
        return self.has_view_permission(request)

    def revert_disabled(self, request, obj=None):
        # Reverting to an old version would write the status and the decision behind the
        # services' back; the history is for reading.
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    # -- the list -------------------------------------------------------------------------------

    def get_queryset(self, request):
        # Staff reach this admin only with the view permission, which is the selector's rule for
        # seeing every application (programmes.intake.selectors.sees_all_applications).
        open_requests = (
            InformationRequest.objects.filter(application=OuterRef("pk"), answered_at__isnull=True)
            .order_by()
            .values("application")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(open_request_count=Coalesce(Subquery(open_requests, output_field=IntegerField()), Value(0)))
        )

    def get_search_results(self, request, queryset, search_term):
        match = re.fullmatch(r"\s*(?:ICL-?)?0*(\d{1,9})\s*", search_term, flags=re.IGNORECASE)
        if match:
            return queryset.filter(pk=int(match.group(1))), False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description=_("reference"), ordering="pk")
    def reference_display(self, application):
        return application.reference

    @admin.display(description=_("name"), ordering="last_name")
    def name(self, application):
        if application.anonymised_at:
            return gettext("(anonymised)")
        return application.full_name or "–"

    @admin.display(description=_("start"), ordering="start_moment__starts_on")
    def start(self, application):
        return date_format(application.start_moment.starts_on, "j M Y")

    @admin.display(description=_("assigned to"), ordering="assigned_to__full_name")
    def assigned_name(self, application):
        return person(application.assigned_to) if application.assigned_to_id else "–"

    @admin.display(description=_("open requests"), ordering="open_request_count")
    def open_requests(self, application):
        return application.open_request_count

    # -- the change page ------------------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        main = [
            "reference_display",
            "status",
            "applicant_display",
            "pathway",
            "subject",
            "start_moment",
            "assigned_to",
            "submitted_at",
        ]
        fieldsets = [(None, {"fields": main})]
        if obj is not None and obj.anonymised_at:
            fieldsets.append((_("Personal details"), {"fields": ["anonymised_note"]}))
        else:
            fieldsets += list(PERSONAL_FIELDSETS)
        fieldsets += [
            (_("Checklist of the route"), {"fields": ["checklist"]}),
            (_("Decision"), {"fields": ["decided_at", "decided_by", "decision_explanation", "letter_links"]}),
            (_("Dates"), {"fields": ["created_at", "enrolled_at", "withdrawn_at", "anonymised_at"]}),
        ]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        # Everything but the assignment and the checklist: the applicant's data changes only
        # through the applicant's own pages, the status only through the buttons.
        editable = {"assigned_to", "checklist"} if is_intake_staff(request.user) else set()
        names = []
        for _name, options in self.get_fieldsets(request, obj):
            names += [name for name in options["fields"] if name not in editable]
        return names

    def get_inlines(self, request, obj):
        if obj is None:
            return []
        inlines = [DocumentInline, PriorDegreeInline, InformationRequestInline]
        if obj.pathway.requires_aptitude_assessment:
            inlines.append(AptitudeAssessmentInline)
        inlines += [ExemptionInline, ConditionInline, InternalNoteInline, TransitionInline]
        return inlines

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assigned_to":
            kwargs["queryset"] = intake_staff()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("applicant"))
    def applicant_display(self, application):
        if application.applicant_id is None:
            return "–"
        return f"{application.applicant.full_name} <{application.applicant.email}>"

    @admin.display(description=_("personal details"))
    def anonymised_note(self, application):
        return gettext("Anonymised on %(date)s: the personal details and documents have been removed.") % {
            "date": date_format(timezone.localtime(application.anonymised_at), "j F Y")
        }

    @admin.display(description=_("checklist"))
    def checklist(self, application):
        items = list(ChecklistItem.objects.filter(pathway_id=application.pathway_id))
        done = set(ChecklistCheck.objects.filter(application=application).values_list("item_id", flat=True))
        if not items:
            return gettext("This route has no checklist.")
        return format_html_join(
            "",
            "<div>{} {}</div>",
            ((gettext("Done:") if item.pk in done else gettext("To do:"), item.label) for item in items),
        )

    @admin.display(description=_("decision letter"))
    def letter_links(self, application):
        if not letters.has_letter(application):
            return gettext("Once the application is decided.")
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:programmes_application_letter", args=[application.pk]),
            gettext("Letter (HTML)"),
            reverse("admin:programmes_application_letter_pdf", args=[application.pk]),
            gettext("Letter (PDF)"),
        )

    def moves(self, request, application) -> dict:
        """The buttons for `request.user`: the moves allowed now, and the ones a rule still holds
        back (with the rule's message), so staff see what is missing."""
        allowed = allowed_transitions(application, request.user)
        buttons = []
        for target in allowed:
            move = TRANSITIONS.get((application.status, target))
            if move is None:
                continue
            buttons.append(
                {
                    "to_status": target,
                    "label": MOVE_LABELS.get(target, S(target).label),
                    "reason": target in REASON_MOVES,
                    "reason_required": move.reason_required,
                    "reason_help": REASON_HELP.get(target, ""),
                    "danger": target in (S.REJECTED, S.WITHDRAWN),
                }
            )
        held = []
        for (source, target), move in TRANSITIONS.items():
            if source != application.status or target in allowed or move.check is None:
                continue
            if target == S.APTITUDE_ASSESSMENT and not application.pathway.requires_aptitude_assessment:
                continue  # not a step of this route at all, so nothing is "missing"
            if move.by in ("staff", "either") and is_intake_staff(request.user, move.perm):
                refusal = move.check(application)
                if refusal:
                    held.append({"label": MOVE_LABELS.get(target, S(target).label), "refusal": refusal})
        return {"buttons": buttons, "held": held}

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        application = self.get_object(request, unquote(object_id))
        if application is not None:
            extra_context.setdefault("moves", self.moves(request, application))
            extra_context["has_letter"] = letters.has_letter(application)
            extra_context["transition_url"] = reverse("admin:programmes_application_transition", args=[application.pk])
        return super().change_view(request, object_id, form_url, extra_context)

    # -- saving through the services --------------------------------------------------------

    def _attempt(self, request, label, call):
        """Run one service call; a refusal is remembered and the whole save rolled back."""
        try:
            return call()
        except PortalError as error:
            request._intake_refusals = [*getattr(request, "_intake_refusals", []), f"{label}: {error.message}"]
            transaction.set_rollback(True)
            return None

    def save_model(self, request, obj, form, change):
        # Never obj.save(): every change is a service call (and the status is not in this form).
        if "assigned_to" in form.changed_data:
            self._attempt(
                request,
                gettext("Assignment"),
                lambda: application_assign(
                    application=obj, assignee=form.cleaned_data["assigned_to"], actor=request.user
                ),
            )
        if "checklist" in form.changed_data:
            wanted = set(form.cleaned_data["checklist"])
            before = set(form.fields["checklist"].initial or [])
            for pk in sorted(wanted ^ before):
                item = form.checklist_items[pk]
                self._attempt(
                    request,
                    item.label,
                    lambda item=item, pk=pk: checklist_set(
                        application=obj, item=item, done=pk in wanted, actor=request.user
                    ),
                )

    def save_formset(self, request, form, formset, change):
        application = form.instance
        user = request.user
        # The admin's change message reads these (formset.save() would set them).
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        model = formset.model
        for row in formset.forms:
            if not row.has_changed() and not (row.instance.pk and formset._should_delete_form(row)):
                continue
            data = row.cleaned_data
            new = row.instance.pk is None
            if model is InternalNote and new:
                created = self._attempt(
                    request,
                    gettext("Note"),
                    lambda d=data: note_add(application=application, text=d["text"], actor=user),
                )
                self._record(formset, created, new=True)
            elif model is InformationRequest and new:
                created = self._attempt(
                    request,
                    gettext("Request for information"),
                    lambda d=data: information_request_create(
                        application=application, question=d["question"], actor=user
                    ),
                )
                self._record(formset, created, new=True)
            elif model is Exemption:
                if new:
                    created = self._attempt(
                        request,
                        gettext("Exemption"),
                        lambda d=data: exemption_grant(
                            application=application, module=d["module"], ec=d["ec"], reason=d["reason"], actor=user
                        ),
                    )
                    self._record(formset, created, new=True)
                elif formset._should_delete_form(row):
                    exemption = row.instance
                    self._attempt(
                        request,
                        gettext("Exemption"),
                        lambda e=exemption: exemption_revoke(exemption=e, actor=user),
                    )
                    formset.deleted_objects.append(exemption)
            elif model is AdmissionCondition:
                self._save_condition(request, application, row, formset)
            elif model is AptitudeAssessment:
                saved = self._attempt(
                    request,
                    gettext("Aptitude assessment"),
                    lambda d=data: aptitude_assessment_save(
                        application=application,
                        actor=user,
                        scheduled_at=d.get("scheduled_at"),
                        assessors=d.get("assessors"),
                        outcome=d.get("outcome") or AptitudeAssessment.Outcome.PENDING,
                        advice=d.get("advice") or "",
                    ),
                )
                self._record(formset, saved, new=new, changed=row.changed_data)

    def _save_condition(self, request, application, row, formset):
        user, data = request.user, row.cleaned_data
        if row.instance.pk is None:

            def add():
                condition = condition_add(
                    application=application,
                    kind=data["kind"],
                    actor=user,
                    deficiency_course=data.get("deficiency_course"),
                    description=data.get("description") or "",
                    due_on=data.get("due_on"),
                )
                if data.get("status") and data["status"] != AdmissionCondition.Status.OPEN:
                    condition_set_status(condition=condition, status=data["status"], actor=user)
                return condition

            self._record(formset, self._attempt(request, gettext("Condition"), add), new=True)
        elif "status" in row.changed_data:
            condition = row.instance
            saved = self._attempt(
                request,
                gettext("Condition"),
                lambda: condition_set_status(
                    condition=AdmissionCondition.objects.get(pk=condition.pk), status=data["status"], actor=user
                ),
            )
            self._record(formset, saved, new=False, changed=["status"])

    @staticmethod
    def _record(formset, obj, *, new, changed=()):
        if obj is None:
            return
        if new:
            formset.new_objects.append(obj)
        else:
            formset.changed_objects.append((obj, list(changed)))

    def response_change(self, request, obj):
        refusals = getattr(request, "_intake_refusals", None)
        if refusals:
            transaction.set_rollback(True)
            self.message_user(
                request,
                gettext("Nothing was saved. %(reasons)s") % {"reasons": " ".join(refusals)},
                messages.ERROR,
            )
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def log_change(self, request, obj, message):
        if getattr(request, "_intake_refusals", None):
            return None
        return super().log_change(request, obj, message)

    # -- extra pages ----------------------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        # Before the default URLs: their "<path:object_id>/" pattern would match these too.
        return [
            path("dashboard/", view(self.dashboard_view), name="programmes_application_dashboard"),
            path(
                "<path:object_id>/transition/",
                view(self.transition_view),
                name="programmes_application_transition",
            ),
            path("<path:object_id>/letter/", view(self.letter_view), name="programmes_application_letter"),
            path("<path:object_id>/letter.pdf", view(self.letter_pdf_view), name="programmes_application_letter_pdf"),
            *super().get_urls(),
        ]

    def _get_viewable(self, request, object_id) -> Application:
        if not self.has_view_permission(request):
            raise PermissionDenied
        application = self.get_object(request, unquote(object_id))
        if application is None:
            raise Http404(gettext("This application does not exist."))
        return application

    def transition_view(self, request, object_id):
        """POST from a button: make the move through application_transition."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        application = self._get_viewable(request, object_id)
        to_status = request.POST.get("to_status", "")
        reason = request.POST.get("reason", "")
        try:
            application = application_transition(
                application=application, to_status=to_status, actor=request.user, reason=reason
            )
        except PortalError as error:
            self.message_user(
                request,
                gettext("The status was not changed: %(reason)s") % {"reason": error.message},
                messages.ERROR,
            )
            # Show the page again with what was typed, rather than a redirect that loses it.
            request.method = "GET"
            moves = self.moves(request, application)
            for button in moves["buttons"]:
                if button["to_status"] == to_status:
                    button.update(error=error.message, value=reason)
            response = self.change_view(request, object_id, extra_context={"moves": moves})
            response.status_code = 400
            return response
        status = application.get_status_display()
        self.log_change(request, application, gettext("Status: %(status)s") % {"status": status})
        self.message_user(
            request,
            gettext("%(reference)s is now “%(status)s”.")
            % {"reference": application.reference, "status": application.get_status_display()},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:programmes_application_change", args=[application.pk]))

    def letter_view(self, request, object_id):
        application = self._get_viewable(request, object_id)
        if not letters.has_letter(application):
            raise Http404(gettext("This application has no decision yet."))
        return HttpResponse(letters.render_decision_letter(application, request=request))

    def letter_pdf_view(self, request, object_id):
        application = self._get_viewable(request, object_id)
        if not letters.has_letter(application):
            raise Http404(gettext("This application has no decision yet."))
        return letters.pdf_response(application)

    def dashboard_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = DashboardFilterForm(request.GET or None)
        start_moment = starts_on = None
        if form.is_bound and form.is_valid():
            start_moment = form.cleaned_data.get("start_moment")
            starts_on = form.cleaned_data.get("starts_on") or None
        data = dashboard.intake_dashboard(start_moment=start_moment, starts_on=starts_on)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Intake dashboard"),
            "form": form,
            "filtered": bool(start_moment or starts_on),
            "changelist_url": reverse("admin:programmes_application_changelist"),
            **data,
        }
        return TemplateResponse(request, "admin/programmes/application/dashboard.html", context)

    # -- bulk actions ---------------------------------------------------------------------------

    def _action_page(self, request, queryset, template, form, title):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "form": form,
            "applications": queryset[:50],
            "count": queryset.count(),
            "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "action": request.POST.get("action", ""),
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, template, context)

    @admin.action(description=_("Assign to an intake officer"), permissions=["review"])
    def assign_action(self, request, queryset):
        form = AssignForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            assignee = form.cleaned_data["assignee"]
            done, refused = self._each(
                request,
                queryset,
                lambda application: application_assign(application=application, assignee=assignee, actor=request.user),
            )
            if done:
                message = (
                    ngettext(
                        "%(count)d application assigned to %(who)s.",
                        "%(count)d applications assigned to %(who)s.",
                        done,
                    )
                    if assignee
                    else ngettext("%(count)d application unassigned.", "%(count)d applications unassigned.", done)
                )
                self.message_user(request, message % {"count": done, "who": person(assignee)}, messages.SUCCESS)
            self._report_refusals(request, refused)
            return None
        return self._action_page(
            request,
            queryset,
            "admin/programmes/application/action_assign.html",
            form,
            gettext("Assign applications to an intake officer"),
        )

    @admin.action(description=_("Request information from the applicants"), permissions=["review"])
    def request_information_action(self, request, queryset):
        form = InformationRequestActionForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            question = form.cleaned_data["question"]
            done, refused = self._each(
                request,
                queryset,
                lambda application: information_request_create(
                    application=application, question=question, actor=request.user
                ),
            )
            if done:
                self.message_user(
                    request,
                    ngettext(
                        "The question was sent to %(count)d applicant.",
                        "The question was sent to %(count)d applicants.",
                        done,
                    )
                    % {"count": done},
                    messages.SUCCESS,
                )
            self._report_refusals(request, refused)
            return None
        return self._action_page(
            request,
            queryset,
            "admin/programmes/application/action_request_information.html",
            form,
            gettext("Request information from the applicants"),
        )

    @staticmethod
    def _each(request, queryset, call) -> tuple[int, list[tuple[Application, str]]]:
        """Call the service for each application, each in its own transaction: one refusal does
        not undo the others."""
        done, refused = 0, []
        for application in queryset.order_by("pk"):
            try:
                call(application)
            except PortalError as error:
                refused.append((application, str(error.message)))
            else:
                done += 1
        return done, refused

    def _report_refusals(self, request, refused):
        if not refused:
            return
        shown = "; ".join(f"{application.reference}: {reason}" for application, reason in refused[:20])
        more = len(refused) - 20
        if more > 0:
            shown += " " + gettext("(and %(count)d more)") % {"count": more}
        self.message_user(
            request,
            ngettext(
                "%(count)d application was skipped: %(reasons)s",
                "%(count)d applications were skipped: %(reasons)s",
                len(refused),
            )
            % {"count": len(refused), "reasons": shown},
            messages.WARNING,
        )


# --- Route checklists and the status history -------------------------------------------------


@admin.register(ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    """What intake checks per route. Configuration, like the catalogue: saved as it is."""

    list_display = ["label_nl", "label_en", "pathway", "order"]
    list_editable = ["order"]
    list_filter = ["pathway"]
    list_select_related = ["pathway"]
    search_fields = ["label_nl", "label_en", "pathway__name_nl", "pathway__name_en"]
    autocomplete_fields = ["pathway"]
    ordering = ["pathway__name_nl", "order", "pk"]
    fields = ["pathway", "label_nl", "label_en", "order"]


@admin.register(ApplicationTransition)
class ApplicationTransitionAdmin(admin.ModelAdmin):
    """Every status change, read-only: made only by the services."""

    list_display = ["created_at", "application_reference", "from_status", "to_status", "actor_name", "reason"]
    list_filter = ["to_status", "from_status", ("created_at", admin.DateFieldListFilter)]
    list_select_related = ["application", "actor"]
    search_fields = ["reason", "actor__full_name", "actor__email"]
    ordering = ["-created_at", "-pk"]
    show_full_result_count = False
    fields = ["application", "from_status", "to_status", "actor", "reason", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_search_results(self, request, queryset, search_term):
        match = re.fullmatch(r"\s*(?:ICL-?)?0*(\d{1,9})\s*", search_term, flags=re.IGNORECASE)
        if match:
            return queryset.filter(application_id=int(match.group(1))), False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description=_("application"), ordering="application_id")
    def application_reference(self, transition):
        return transition.application.reference

    @admin.display(description=_("by"))
    def actor_name(self, transition):
        return person(transition.actor)
