"""The inlines of the application admin: read-only records and the ones saved through the services.

Each row of a service inline is a ServiceModelForm (programmes/intake/admin/forms.py) that calls
its service while it validates. Where rows can be added, changed or removed is asked of the
intake services' rules (information_request_refusal, assessment_refusal, condition_refusal,
exemption_refusal), the same rules that make the services refuse: the admin offers a row exactly
where its save would be accepted."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from iclon.core.admin import ServiceInlineFormSet, ServiceInlineMixin
from programmes.catalogue.models import DeficiencyCourse, Module
from programmes.intake.admin.common import document_url, intake_staff, person
from programmes.intake.admin.forms import (
    AssessmentForm,
    ConditionForm,
    ExemptionForm,
    InformationRequestForm,
    NoteForm,
)
from programmes.intake.models import (
    AdmissionCondition,
    Application,
    ApplicationDocument,
    ApplicationTransition,
    AptitudeAssessment,
    Exemption,
    InformationRequest,
    InternalNote,
    PriorDegree,
)
from programmes.intake.services.applications import (
    DECIDE,
    assessment_refusal,
    condition_refusal,
    exemption_refusal,
    information_request_refusal,
    is_intake_staff,
)

# --- Inlines ---------------------------------------------------------------------------------


class LabelledRowsFormSet(ServiceInlineFormSet):
    """The rows of a tabular inline with a name for every control.

    Django's tabular inline shows the field labels once, as column headers, and renders the
    controls without a <label>: a screen reader (and axe) finds them unnamed. Each control gets
    an aria-label with its column's label and, on a saved row, the row's object ("Status:
    Dutch proficiency"); the delete box says what it removes."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        row = str(form.instance) if form.instance.pk else ""
        for name, field in form.fields.items():
            if field.widget.is_hidden:
                continue
            label = gettext("Delete") if name == "DELETE" else str(field.label or name)
            # A related field's widget is wrapped (RelatedFieldWidgetWrapper): label the control.
            widget = getattr(field.widget, "widget", field.widget)
            widget.attrs["aria-label"] = f"{label}: {row}" if row else label


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ServiceInline(ServiceInlineMixin, admin.TabularInline):
    """An inline whose rows are created (and changed) by a service, called by the row's form.

    Existing rows are read-only unless `has_change_permission` says otherwise; the parent
    application is kept for the choices and rules that depend on it."""

    extra = 0
    can_delete = False
    formset = LabelledRowsFormSet
    parent: Application | None = None

    def _application(self, obj) -> Application | None:
        return obj if isinstance(obj, Application) else self.parent

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
    form = NoteForm
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
    form = InformationRequestForm
    fields = ["question", "requested_by_name", "created_at", "answer", "answered_at"]
    readonly_fields = ["requested_by_name", "created_at", "answer", "answered_at"]
    formfield_overrides = {
        InformationRequest._meta.get_field("question").__class__: {"widget": forms.Textarea(attrs={"rows": 2})}
    }

    def has_add_permission(self, request, obj=None):
        return (
            obj is not None
            and information_request_refusal(obj, request.user) is None
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
        application = self._application(obj)
        return application is not None and exemption_refusal(application, request.user) is None

    def has_add_permission(self, request, obj=None):
        return self._may_decide(request, obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Revoking is deciding, not deleting a record: the service's rule governs it.
        return self._may_decide(request, obj) and self.has_view_permission(request, obj)

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

    def has_add_permission(self, request, obj=None):
        return (
            obj is not None
            and condition_refusal(obj, request.user) is None
            and super().has_add_permission(request, obj)
        )

    def has_change_permission(self, request, obj=None):
        # condition_set_status's rule: staff who decide change a condition's status at any time.
        application = self._application(obj)
        return (
            application is not None
            and is_intake_staff(request.user, DECIDE)
            and admin.TabularInline.has_change_permission(self, request, obj)
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "deficiency_course":
            courses = DeficiencyCourse.objects.order_by("subject__order", "name_nl")
            if self.parent and self.parent.subject_id:
                courses = courses.filter(subject_id=self.parent.subject_id)
            kwargs["queryset"] = courses
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("deficiency_course")


class AptitudeAssessmentInline(ServiceInlineMixin, admin.StackedInline):
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
        return application is not None and assessment_refusal(application, request.user) is None

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
