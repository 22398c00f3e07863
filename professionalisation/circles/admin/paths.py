"""The admin of development paths (saved as they are, with their steps inline; steps move through
`path_step_move`), their steps, and completed modules of the teacher education (recorded through
`prior_module_record`)."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from iclon.core.admin import ReadOnlyHistoryMixin, ServiceFormAdminMixin
from iclon.core.forms import ServiceModelForm
from professionalisation.activities.admin.common import ActionPageMixin
from professionalisation.circles import services
from professionalisation.circles.models import DevelopmentPath, PathStep, PriorModule


class StepInline(admin.StackedInline):
    """A path's steps: plain data (their order is unique per path; to reorder, use the steps'
    actions "Move up" and "Move down")."""

    model = PathStep
    fields = ["order", "title_nl", "title_en", "activities", "modules"]
    autocomplete_fields = ["activities"]
    filter_horizontal = ["modules"]
    extra = 0


@admin.register(DevelopmentPath)
class DevelopmentPathAdmin(ReadOnlyHistoryMixin, SimpleHistoryAdmin):
    inlines = [StepInline]
    list_display = ["name_nl", "name_en", "slug", "published"]
    list_filter = ["published"]
    search_fields = ["name_nl", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_nl"]}

    def view_on_site(self, obj):
        return reverse("circles:path-detail", args=[obj.slug])


def _move_action(up: bool, description):
    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        modeladmin.run_each(
            request,
            queryset.select_related("path"),
            lambda step: services.path_step_move(step=step, up=up, actor=request.user),
            describe=str,
            done_message=lambda n: ngettext("%(count)d step moved.", "%(count)d steps moved.", n) % {"count": n},
        )

    action.__name__ = "move_up_action" if up else "move_down_action"
    return action


@admin.register(PathStep)
class PathStepAdmin(ActionPageMixin, ReadOnlyHistoryMixin, SimpleHistoryAdmin):
    list_display = ["path", "order", "title_nl", "title_en"]
    list_filter = ["path"]
    list_select_related = ["path"]
    search_fields = ["title_nl", "title_en", "path__name_nl"]
    autocomplete_fields = ["path", "activities"]
    filter_horizontal = ["modules"]
    actions = [_move_action(True, _("Move up")), _move_action(False, _("Move down"))]


class PriorModuleForm(ServiceModelForm):
    class Meta:
        model = PriorModule
        fields = ["person", "module", "completed_on"]

    def call_service(self, data):
        return services.prior_module_record(actor=self.actor, **data)


@admin.register(PriorModule)
class PriorModuleAdmin(ServiceFormAdminMixin, SimpleHistoryAdmin):
    form = PriorModuleForm
    list_display = ["person", "module", "completed_on", "recorded_by"]
    list_filter = ["module__pathway"]
    list_select_related = ["person", "module", "recorded_by"]
    search_fields = ["person__full_name", "person__email", "module__name_nl"]
    autocomplete_fields = ["person"]

    def get_readonly_fields(self, request, obj=None):
        return ["person", "module", "completed_on", "recorded_by"] if obj else []
