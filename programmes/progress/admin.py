"""Study progress in the admin: results (added through the same service as the pages and the API;
a recorded result is read-only, a new attempt is a new result) and study plans with their planned
modules, showing the projected completion and whether the trainee is behind the plan. A result is
corrected by voiding it (study advisers, administrators: the actions "Void selected results" and
"Void this import batch", with a reason typed beside the action); the row stays, counting nowhere."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from iclon.core.admin import ReadOnlyHistoryMixin, ServiceFormAdminMixin
from iclon.core.errors import PortalError
from iclon.core.forms import ServiceModelForm
from programmes.catalogue.models import Module
from programmes.progress import services
from programmes.progress.models import ModuleResult, PlannedModule, ResultSource, StudyPlan
from programmes.progress.permissions import may_plan
from programmes.progress.selectors import all_trainees, progress_of, with_progress_rows


class ModuleResultForm(ServiceModelForm):
    class Meta:
        model = ModuleResult
        fields = ["trainee", "module", "date", "grade", "outcome", "examiner"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "outcome" in self.fields:
            self.fields["outcome"].required = False
            self.fields["outcome"].help_text = _("Leave empty to take it from the grade.")

    def call_service(self, data: dict) -> ModuleResult:
        entry = services.ResultEntry(
            trainee=data["trainee"],
            module=data["module"],
            date=data.get("date"),
            examiner=data.get("examiner"),
            grade=data.get("grade"),
            outcome=data.get("outcome") or "",
        )
        return services.record_result(entry=entry, actor=self.actor, source=ResultSource.MANUAL)


def _voided(count: int) -> str:
    return ngettext("%(count)d result voided.", "%(count)d results voided.", count) % {"count": count}


class VoidActionForm(ActionForm):
    reason = forms.CharField(label=_("Reason (to void results)"), required=False, max_length=500)


@admin.register(ModuleResult)
class ModuleResultAdmin(ServiceFormAdminMixin, SimpleHistoryAdmin):
    form = ModuleResultForm
    action_form = VoidActionForm
    actions = ["void_results", "void_import_batch"]
    list_display = ["trainee", "module", "grade", "outcome", "date", "examiner", "source", "voided_at"]
    list_filter = ["module__pathway", "module", "date", "source", "outcome", ("voided_at", admin.EmptyFieldListFilter)]
    list_select_related = ["trainee", "trainee__pathway", "module", "examiner"]
    search_fields = ["trainee__last_name", "trainee__first_name", "trainee__applicant__email"]
    raw_id_fields = ["trainee"]
    date_hierarchy = "date"

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [
            *self.form.Meta.fields,
            "source",
            "import_batch",
            "recorded_by",
            "created_at",
            "voided_at",
            "voided_by",
            "void_reason",
        ]

    def has_void_permission(self, request) -> bool:
        return may_plan(request.user)

    def _void(self, request, results) -> None:
        reason = request.POST.get("reason", "")
        count = 0
        try:
            for result in results:
                services.result_void(result=result, actor=request.user, reason=reason)
                count += 1
        except PortalError as error:
            self.message_user(request, str(error.message), messages.ERROR)
        if count:
            self.message_user(
                request,
                ngettext("%(count)d result voided.", "%(count)d results voided.", count) % {"count": count},
                messages.SUCCESS,
            )

    @admin.action(description=_("Void selected results"), permissions=["void"])
    def void_results(self, request, queryset):
        if not request.POST.get("reason", "").strip():
            self.message_user(request, gettext("Give the reason for voiding the result."), messages.ERROR)
            return
        self._void(request, queryset.filter(voided_at__isnull=True))

    @admin.action(description=_("Void this import batch"), permissions=["void"])
    def void_import_batch(self, request, queryset):
        batches = set(queryset.values_list("import_batch", flat=True))
        if batches != {b for b in batches if b} or len(batches) != 1:
            self.message_user(request, gettext("Select results of one import only."), messages.ERROR)
            return
        try:
            count = services.import_batch_void(
                import_batch=batches.pop(), actor=request.user, reason=request.POST.get("reason", "")
            )
        except PortalError as error:
            self.message_user(request, str(error.message), messages.ERROR)
            return
        self.message_user(
            request,
            ngettext("%(count)d result voided.", "%(count)d results voided.", count) % {"count": count},
            messages.SUCCESS,
        )

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and obj is None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "trainee":
            kwargs["queryset"] = all_trainees()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PlannedModuleForm(forms.ModelForm):
    class Meta:
        model = PlannedModule
        fields = ["module", "academic_year", "semester"]

    def clean(self):
        data = super().clean()
        module = data.get("module")
        plan = self.instance.plan if self.instance.plan_id else getattr(self, "parent_plan", None)
        trainee = getattr(plan, "trainee", None) if plan is not None else None
        if module is not None and trainee is not None and module.pathway_id != trainee.pathway_id:
            self.add_error("module", gettext("This module is not part of the trainee's pathway."))
        return data


class PlannedModuleInline(admin.TabularInline):
    model = PlannedModule
    form = PlannedModuleForm
    extra = 1
    fields = ["module", "academic_year", "semester", "ends_on"]
    readonly_fields = ["ends_on"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class WithPlan(formset):
            def _construct_form(self, i, **form_kwargs):
                form = super()._construct_form(i, **form_kwargs)
                form.parent_plan = self.instance
                return form

        return WithPlan

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """The module choices: the modules of the plan's trainee's pathway."""
        if db_field.name == "module":
            plan = getattr(request, "_progress_plan", None)
            queryset = Module.objects.select_related("pathway").order_by("order", "pk")
            kwargs["queryset"] = queryset.filter(pathway_id=plan.trainee.pathway_id) if plan is not None else queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(StudyPlan)
class StudyPlanAdmin(ReadOnlyHistoryMixin, SimpleHistoryAdmin):
    list_display = ["trainee", "pace", "adviser", "updated_at"]
    list_filter = ["pace", "adviser"]
    list_select_related = ["trainee", "trainee__pathway", "adviser"]
    search_fields = ["trainee__last_name", "trainee__first_name", "trainee__applicant__email"]
    raw_id_fields = ["trainee"]
    fields = ["trainee", "pace", "adviser", "projected_completion", "behind_plan"]
    readonly_fields = ["projected_completion", "behind_plan"]
    inlines = [PlannedModuleInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "trainee":
            kwargs["queryset"] = all_trainees()
        if db_field.name == "adviser":
            kwargs["queryset"] = db_field.related_model.objects.filter(is_staff=True, is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_object(self, request, object_id, from_field=None):
        plan = super().get_object(request, object_id, from_field)
        request._progress_plan = plan  # the inline's module choices (PlannedModuleInline)
        return plan

    def _progress(self, obj):
        """The trainee's progress, computed once per plan object (both read-only fields use it)."""
        if obj is None or obj.pk is None:
            return None
        if not hasattr(obj, "_progress_cache"):
            trainee = with_progress_rows(all_trainees().filter(pk=obj.trainee_id)).first()
            obj._progress_cache = progress_of(trainee) if trainee else None
        return obj._progress_cache

    @admin.display(description=_("projected completion"))
    def projected_completion(self, obj):
        progress = self._progress(obj)
        if progress is None:
            return "–"
        if progress.complete:
            return gettext("Every module is completed or exempted.")
        return date_format(progress.projected_completion, "j F Y") if progress.projected_completion else "–"

    @admin.display(description=_("behind plan"), boolean=True)
    def behind_plan(self, obj):
        progress = self._progress(obj)
        return bool(progress and progress.behind_plan)
