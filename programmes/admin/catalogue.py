from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from programmes.models import (
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


@admin.register(SchoolSubject)
class SchoolSubjectAdmin(SimpleHistoryAdmin):
    list_display = ["name_nl", "name_en", "slug", "domain", "is_shortage_subject", "order"]
    list_filter = ["domain", "is_shortage_subject"]
    search_fields = ["name_nl", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_nl"]}


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
    fields = ["order", "name_nl", "name_en", "kind", "ec"]


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
        (_("Admission and costs"), {"fields": ("admission_nl", "admission_en", "costs_nl", "costs_en")}),
    )

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


@admin.register(DegreeRelatedness)
class DegreeRelatednessAdmin(SimpleHistoryAdmin):
    """The relatedness table. Filter on a subject to edit its column as a grid (list_editable)."""

    list_display = ["degree_field", "subject", "relation"]
    list_editable = ["relation"]
    list_filter = ["subject", "relation"]
    search_fields = ["degree_field__name_nl", "degree_field__name_en", "subject__name_nl"]
    list_select_related = ["degree_field", "subject"]
    autocomplete_fields = ["degree_field", "subject", "deficiency_courses"]
    list_per_page = 100
    ordering = ["subject__order", "degree_field__name_nl"]
