from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from iclon.core.admin import ServiceFormAdminMixin
from iclon.core.errors import PortalError
from iclon.core.forms import ServiceModelForm
from programmes.catalogue.models import (
    DeficiencyCourse,
    DegreeField,
    DegreeRelatedness,
    Module,
    Pathway,
    PriorEducationRule,
    Programme,
    Qualification,
    SchoolSubject,
    StartMoment,
)
from programmes.catalogue.services import RelatednessGridInvalid, RelatednessRow, relatedness_grid_save
from research.admin import register_tagged_inline

# --- The relatedness table of one subject, as a grid -----------------------------------------------


class RelatednessRowForm(forms.Form):
    """One degree field's row of a subject's grid. The choices come from the view, computed once
    for the whole grid (a ModelChoiceField would query once per row)."""

    degree_field = forms.TypedChoiceField(coerce=int, widget=forms.HiddenInput)
    relation = forms.ChoiceField(
        label=_("relation"),
        choices=DegreeRelatedness.Relation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how this degree field relates to the subject.")},
    )
    deficiency_courses = forms.TypedMultipleChoiceField(
        label=_("deficiency courses"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, field_choices, course_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["degree_field"].choices = field_choices
        self.fields["deficiency_courses"].choices = course_choices


class BaseRelatednessFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            degree_field = form.cleaned_data.get("degree_field")
            if degree_field in seen:
                raise forms.ValidationError(_("A degree field appears twice in the table; reload the page."))
            seen.add(degree_field)


RelatednessFormSet = forms.formset_factory(
    RelatednessRowForm, formset=BaseRelatednessFormSet, extra=0, max_num=1000, validate_max=True
)


def relatedness_grid_view(model_admin, request, object_id):
    """GET shows a subject's column of the relatedness table, one row per degree field; POST
    saves the whole grid through relatedness_grid_save. Staff who may change the table edit it,
    staff who may view it read it, other staff get 403 (the admin sends everybody else to its
    login page)."""
    relatedness_admin = model_admin.admin_site.get_model_admin(DegreeRelatedness)
    if not relatedness_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    can_change = relatedness_admin.has_change_permission(request)
    if request.method == "POST" and not can_change:
        raise PermissionDenied
    subject = model_admin.get_object(request, unquote(object_id))
    if subject is None:
        raise Http404(gettext("This school subject does not exist."))

    fields = list(DegreeField.objects.order_by("name_nl"))
    courses = list(subject.deficiency_courses.order_by("provider", "name_nl"))
    existing = {
        row.degree_field_id: row
        for row in DegreeRelatedness.objects.filter(subject=subject).prefetch_related("deficiency_courses")
    }
    initial = [
        {
            "degree_field": field.pk,
            "relation": existing[field.pk].relation if field.pk in existing else DegreeRelatedness.Relation.NOT_RELATED,
            "deficiency_courses": [c.pk for c in existing[field.pk].deficiency_courses.all()]
            if field.pk in existing
            else [],
        }
        for field in fields
    ]
    form_kwargs = {
        "field_choices": [(field.pk, field.name) for field in fields],
        "course_choices": [(course.pk, course_label(course)) for course in courses],
    }
    formset = RelatednessFormSet(
        request.POST if request.method == "POST" else None, initial=initial, form_kwargs=form_kwargs, prefix="grid"
    )
    error = None
    if request.method == "POST" and formset.is_valid():
        fields_by_pk = {field.pk: field for field in fields}
        courses_by_pk = {course.pk: course for course in courses}
        rows = [
            RelatednessRow(
                degree_field=fields_by_pk[form.cleaned_data["degree_field"]],
                relation=form.cleaned_data["relation"],
                deficiency_courses=[courses_by_pk[pk] for pk in form.cleaned_data["deficiency_courses"]],
            )
            for form in formset
        ]
        try:
            result = relatedness_grid_save(subject=subject, rows=rows, actor=request.user)
        except RelatednessGridInvalid as invalid:
            error = invalid.message
            for form in formset:
                for message in invalid.errors.get(form.cleaned_data["degree_field"], []):
                    form.add_error(None, message)
        except PortalError as refused:
            error = refused.message
        else:
            changed = result.changed + result.created
            messages.success(
                request,
                ngettext(
                    "The relatedness table of %(subject)s was saved: %(count)d row changed.",
                    "The relatedness table of %(subject)s was saved: %(count)d rows changed.",
                    changed,
                )
                % {"subject": subject.name, "count": changed},
            )
            return HttpResponseRedirect(request.path)
    elif request.method == "POST":
        error = gettext("The relatedness table was not saved: correct the rows marked below.")

    fields_by_pk = {field.pk: field for field in fields}
    relation_labels = dict(DegreeRelatedness.Relation.choices)
    grid = []
    for form, field_initial in zip(formset, initial, strict=False):
        # A bound row names its degree field in the POST data; an unknown one is shown as posted.
        value = form["degree_field"].value()
        field = fields_by_pk.get(int(value)) if str(value).isdigit() else None
        relatedness = existing.get(field.pk) if field else None
        grid.append(
            {
                "form": form,
                "field": field,
                "relatedness": relatedness,
                "initial": field_initial,
                "relation_label": relation_labels[field_initial["relation"]],
            }
        )
    opts = model_admin.model._meta
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "title": gettext("Relatedness table: %(subject)s") % {"subject": subject.name},
        "subtitle": subject.name,
        "subject": subject,
        "original": subject,
        "formset": formset,
        "grid": grid,
        "courses": courses,
        "relations": DegreeRelatedness.Relation.choices,
        "relation_labels": dict(DegreeRelatedness.Relation.choices),
        "course_labels": dict(form_kwargs["course_choices"]),
        "can_change": can_change,
        "error": error,
    }
    return TemplateResponse(request, "admin/programmes/schoolsubject/relatedness.html", context)


def course_label(course: DeficiencyCourse) -> str:
    return f"{course.name} ({course.get_provider_display()}, {course.ec} EC)"


@admin.register(SchoolSubject)
class SchoolSubjectAdmin(SimpleHistoryAdmin):
    list_display = ["name_nl", "name_en", "slug", "domain", "is_shortage_subject", "order"]
    list_filter = ["domain", "is_shortage_subject"]
    search_fields = ["name_nl", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_nl"]}

    def get_urls(self):
        # Before the default URLs: their "<object_id>/" pattern would match this path too.
        return [
            path(
                "<path:object_id>/relatedness/",
                self.admin_site.admin_view(self.relatedness_view),
                name="programmes_schoolsubject_relatedness",
            ),
            *super().get_urls(),
        ]

    def relatedness_view(self, request, object_id):
        return relatedness_grid_view(self, request, object_id)


@admin.register(Qualification)
class QualificationAdmin(admin.ModelAdmin):
    list_display = ["name_nl", "name_en", "kind", "sector", "rank"]
    list_filter = ["sector", "kind"]
    search_fields = ["name_nl", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_nl"]}


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["name_nl", "name_en", "slug", "institution"]
    list_filter = ["institution"]
    search_fields = ["name_nl", "name_en", "slug"]
    list_select_related = ["institution"]
    autocomplete_fields = ["institution"]
    prepopulated_fields = {"slug": ["name_nl"]}


class PriorEducationRuleInline(admin.TabularInline):
    model = PriorEducationRule
    extra = 0
    verbose_name_plural = _("who is admitted (prior education)")


class StartMomentInline(admin.TabularInline):
    model = StartMoment
    extra = 0
    fields = ["starts_on", "application_deadline"]


class ModuleInline(admin.TabularInline):
    model = Module
    extra = 0
    fields = ["order", "name_nl", "name_en", "kind", "ec", "principles"]
    autocomplete_fields = ["principles"]


@admin.register(Pathway)
class PathwayAdmin(SimpleHistoryAdmin):
    list_display = ["name_nl", "programme", "qualification", "sector", "mode", "ec", "is_published"]
    list_filter = ["is_published", "sector", "mode", "qualification", "programme"]
    search_fields = ["name_nl", "name_en", "slug", "programme__name_nl"]
    list_select_related = ["programme", "qualification"]
    autocomplete_fields = ["programme", "qualification", "plus_programme_of"]
    filter_horizontal = ["subjects"]
    prepopulated_fields = {"slug": ["name_nl"]}
    inlines = [PriorEducationRuleInline, StartMomentInline, ModuleInline]
    actions = ["publish", "unpublish"]
    fieldsets = (
        (None, {"fields": ("programme", "qualification", "name_nl", "name_en", "slug", "is_published", "order")}),
        (_("Shape"), {"fields": ("sector", "mode", "ec", "duration_months", "subjects", "plus_programme_of")}),
        (
            _("Who it is for"),
            {
                "fields": (
                    "summary_nl",
                    "summary_en",
                    "target_group_nl",
                    "target_group_en",
                    "requires_related_degree",
                    "requires_teaching_job",
                    "requires_aptitude_assessment",
                    "requires_english",
                    "dutch_proficiency_required",
                )
            },
        ),
        (
            _("Admission and costs"),
            {
                "fields": (
                    "admission_nl",
                    "admission_en",
                    "enrol_first_nl",
                    "enrol_first_en",
                    ("tuition_fee", "tuition_fee_year"),
                    "costs_nl",
                    "costs_en",
                    "financing_nl",
                    "financing_en",
                )
            },
        ),
        (
            _("Contact and open days"),
            {"fields": ("contact_name", "contact_email", "contact_phone", "open_days_nl", "open_days_en")},
        ),
    )

    def view_on_site(self, obj):
        # The public page; for an unpublished pathway it is a preview that only staff who may
        # change pathways can open (visitors get 404).
        return reverse("programmes:pathway-detail", args=[obj.slug])

    @admin.action(description=_("Publish the selected pathways"), permissions=["change"])
    def publish(self, request, queryset):
        self._set_published(request, queryset, True)

    @admin.action(description=_("Unpublish the selected pathways"), permissions=["change"])
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, False)

    def _set_published(self, request, queryset, value):
        # Saved one by one, so that the history records who (un)published what.
        changed = 0
        for pathway in queryset.filter(is_published=not value):
            pathway.is_published = value
            pathway.save(update_fields=["is_published", "updated_at"])
            changed += 1
        message = (
            ngettext("%(count)d pathway published.", "%(count)d pathways published.", changed)
            if value
            else ngettext("%(count)d pathway unpublished.", "%(count)d pathways unpublished.", changed)
        )
        messages.success(request, message % {"count": changed})


@admin.register(DegreeField)
class DegreeFieldAdmin(admin.ModelAdmin):
    list_display = ["name_nl", "name_en", "slug"]
    search_fields = ["name_nl", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_nl"]}


@admin.register(DeficiencyCourse)
class DeficiencyCourseAdmin(admin.ModelAdmin):
    list_display = ["name_nl", "provider", "subject", "ec", "is_online", "is_free"]
    list_filter = ["provider", "subject", "is_online", "is_free"]
    search_fields = ["name_nl", "name_en", "slug"]
    list_select_related = ["subject"]
    autocomplete_fields = ["subject"]
    prepopulated_fields = {"slug": ["name_nl"]}


class DegreeRelatednessForm(ServiceModelForm):
    """One row of the relatedness table (its change page, and its relation in the changelist),
    saved by relatedness_grid_save as a grid of one row: the rules are the grid page's."""

    class Meta:
        model = DegreeRelatedness
        fields = ["degree_field", "subject", "relation", "deficiency_courses"]

    def call_service(self, data):
        row = self.instance
        subject = data["subject"] if "subject" in self.fields else row.subject
        degree_field = data["degree_field"] if "degree_field" in self.fields else row.degree_field
        if row.pk is None and DegreeRelatedness.objects.filter(subject=subject, degree_field=degree_field).exists():
            raise PortalError(
                gettext("The table already has a row for this degree field and subject: change that row."),
                field="degree_field",
            )
        courses = data.get("deficiency_courses") if "deficiency_courses" in self.fields else None
        if courses is None:
            courses = list(row.deficiency_courses.all()) if row.pk else []
        try:
            relatedness_grid_save(
                subject=subject,
                rows=[RelatednessRow(degree_field=degree_field, relation=data["relation"], deficiency_courses=courses)],
                actor=self.actor,
            )
        except RelatednessGridInvalid as invalid:
            messages_ = invalid.errors.get(degree_field.pk) or [str(invalid.message)]
            raise PortalError(
                " ".join(str(message) for message in messages_),
                field="deficiency_courses" if "deficiency_courses" in self.fields else "relation",
            ) from invalid
        return DegreeRelatedness.objects.get(subject=subject, degree_field=degree_field)


@admin.register(DegreeRelatedness)
class DegreeRelatednessAdmin(ServiceFormAdminMixin, SimpleHistoryAdmin):
    """The relatedness table, row by row. A subject's whole column is edited as a grid on the
    subject's relatedness page (SchoolSubjectAdmin.relatedness_view); each row links to it. A
    row's change page and the changelist's relation column save through the grid's service."""

    form = DegreeRelatednessForm
    list_display = ["degree_field", "subject", "relation", "grid_link"]
    list_editable = ["relation"]
    list_filter = ["subject", "relation"]
    search_fields = ["degree_field__name_nl", "degree_field__name_en", "subject__name_nl"]
    list_select_related = ["degree_field", "subject"]
    autocomplete_fields = ["degree_field", "subject", "deficiency_courses"]
    list_per_page = 100
    ordering = ["subject__order", "degree_field__name_nl"]

    def get_readonly_fields(self, request, obj=None):
        # A row is one degree field of one subject: another pair is another row.
        return ["degree_field", "subject"] if obj is not None else []

    @admin.display(description=_("grid of the subject"))
    def grid_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:programmes_schoolsubject_relatedness", args=[obj.subject_id]),
            gettext("Edit %(subject)s as a grid") % {"subject": obj.subject.name},
        )

    def changelist_view(self, request, extra_context=None):
        # Filtered on one subject: a button to that subject's grid next to "Add".
        subject_id = request.GET.get("subject__id__exact", "")
        subject = SchoolSubject.objects.filter(pk=subject_id).first() if subject_id.isdigit() else None
        return super().changelist_view(request, {**(extra_context or {}), "grid_subject": subject})


# --- What is tagged with a teaching-learning principle (shown on the principle's admin page) -------


@register_tagged_inline
class PrincipleModuleInline(admin.TabularInline):
    """The modules tagged with a principle, read-only: modules are edited on their pathway."""

    model = Module.principles.through
    verbose_name = _("tagged module")
    verbose_name_plural = _("modules tagged with this principle")
    fields = ["module_name", "pathway_link"]
    readonly_fields = ["module_name", "pathway_link"]
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("module__pathway").order_by("module__pathway__order")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("module"))
    def module_name(self, obj):
        return str(obj.module)

    @admin.display(description=_("pathway"))
    def pathway_link(self, obj):
        pathway = obj.module.pathway
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:programmes_pathway_change", args=[pathway.pk]), pathway.name
        )
