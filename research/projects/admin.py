"""The admin of research projects: projects with their members and outputs inline, every save a
service call (research/projects/services.py); actions move the status. Members and outputs have
their own lists too, for search across projects."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from iclon.core.admin import ServiceFormAdminMixin, ServiceHistoryAdmin, ServiceInlineMixin
from iclon.core.errors import PortalError
from iclon.core.forms import ServiceModelForm
from research.projects import services
from research.projects.models import ProjectMember, ProjectOutput, ProjectStatus, ResearchProject


def adopt(instance, saved):
    """Give the form's own instance the row the service saved: the admin's inlines were built on
    that instance, and save their rows against it."""
    for model_field in type(saved)._meta.concrete_fields:
        setattr(instance, model_field.attname, getattr(saved, model_field.attname))
    instance._state.adding = False
    return instance


# --- members and outputs ----------------------------------------------------------------------------


class MemberForm(ServiceModelForm):
    class Meta:
        model = ProjectMember
        fields = ["project", "researcher", "role", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False
        if self.instance.pk is not None and "researcher" in self.fields:
            self.fields["researcher"].disabled = True
            if "project" in self.fields:
                self.fields["project"].disabled = True

    def _project(self, data):
        return data["project"]

    def call_service(self, data):
        if self.instance.pk is None:
            return services.member_add(
                project=self._project(data),
                researcher=data["researcher"],
                role=data["role"],
                order=data.get("order"),
                actor=self.actor,
            )
        return services.member_update(
            member=self.instance, actor=self.actor, role=data["role"], order=data.get("order")
        )

    def delete_service(self, instance):
        services.member_remove(member=instance, actor=self.actor)


class MemberInlineForm(MemberForm):
    class Meta(MemberForm.Meta):
        fields = ["researcher", "role", "order"]

    def _project(self, data):
        return self.instance.project


class MemberInline(ServiceInlineMixin, admin.TabularInline):
    model = ProjectMember
    form = MemberInlineForm
    extra = 0
    autocomplete_fields = ["researcher"]


class OutputForm(ServiceModelForm):
    class Meta:
        model = ProjectOutput
        fields = ["project", "title", "kind", "url", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False

    def _project(self, data):
        return data["project"]

    def call_service(self, data):
        values = {"title": data["title"], "kind": data["kind"], "url": data.get("url") or ""}
        if self.instance.pk is None:
            return services.output_add(project=self._project(data), actor=self.actor, order=data.get("order"), **values)
        if data.get("order") is not None:
            values["order"] = data["order"]
        return services.output_update(output=self.instance, actor=self.actor, **values)

    def delete_service(self, instance):
        services.output_remove(output=instance, actor=self.actor)


class OutputInlineForm(OutputForm):
    class Meta(OutputForm.Meta):
        fields = ["title", "kind", "url", "order"]

    def _project(self, data):
        return self.instance.project


class OutputInline(ServiceInlineMixin, admin.TabularInline):
    model = ProjectOutput
    form = OutputInlineForm
    extra = 0


# --- projects ------------------------------------------------------------------------------------------

RELATIONS = ("partner_schools", "school_boards", "principles")


class ProjectForm(ServiceModelForm):
    class Meta:
        model = ResearchProject
        fields = [*services.PROJECT_FIELDS, "status", *RELATIONS]
        widgets = {"principles": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Left empty, it is made from the title.")

    def call_service(self, data):
        values = {name: data.get(name) for name in services.PROJECT_FIELDS}
        for name in ("slug", "title_en", "summary_nl", "summary_en", "funder", "grant_number", "dissertation_url"):
            values[name] = values[name] or ""
        if self.instance.pk is None:
            relations = {name: data.get(name) or [] for name in RELATIONS}
            kind, title_nl, start_date = values.pop("kind"), values.pop("title_nl"), values.pop("start_date")
            project = services.project_create(
                actor=self.actor,
                kind=kind,
                title_nl=title_nl,
                start_date=start_date,
                status=data["status"],
                **relations,
                **values,
            )
            return adopt(self.instance, project)
        changes = {name: values[name] for name in self.changed_data if name in values}
        relations = {name: data.get(name) for name in RELATIONS if name in self.changed_data}
        project = services.project_update(project=self.instance, actor=self.actor, **relations, **changes)
        if "status" in self.changed_data:
            project = services.project_set_status(project=project, actor=self.actor, status=data["status"])
        return project


@admin.register(ResearchProject)
class ResearchProjectAdmin(ServiceFormAdminMixin, SimpleHistoryAdmin):
    form = ProjectForm
    inlines = [MemberInline, OutputInline]
    list_display = ["__str__", "kind", "status", "start_date", "end_date", "defence_date", "published"]
    list_filter = ["published", "kind", "status", "region", "principles"]
    search_fields = ["title_nl", "title_en", "slug", "funder", "grant_number", "memberships__researcher__full_name"]
    list_select_related = ["region"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["region", "partner_schools", "school_boards"]
    actions = ["start_action", "complete_action", "publish_action", "unpublish_action"]
    list_per_page = 50

    def has_delete_permission(self, request, obj=None):
        return False  # a project stays on the record; unpublish it to take it off the pages

    def _each(self, request, queryset, call, done_message):
        done = 0
        for project in queryset:
            try:
                call(project)
            except PortalError as error:
                self.message_user(request, f"{project}: {error.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)

    @admin.action(description=_("Mark the selected projects running"), permissions=["change"])
    def start_action(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda project: services.project_set_status(
                project=project, actor=request.user, status=ProjectStatus.RUNNING
            ),
            lambda n: ngettext("%(n)d project is running.", "%(n)d projects are running.", n) % {"n": n},
        )

    @admin.action(description=_("Mark the selected projects completed"), permissions=["change"])
    def complete_action(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda project: services.project_set_status(
                project=project, actor=request.user, status=ProjectStatus.COMPLETED
            ),
            lambda n: ngettext("%(n)d project is completed.", "%(n)d projects are completed.", n) % {"n": n},
        )

    @admin.action(description=_("Publish the selected projects"), permissions=["change"])
    def publish_action(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda project: services.project_update(project=project, actor=request.user, published=True),
            lambda n: ngettext("%(n)d project is published.", "%(n)d projects are published.", n) % {"n": n},
        )

    @admin.action(description=_("Take the selected projects off the public pages"), permissions=["change"])
    def unpublish_action(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda project: services.project_update(project=project, actor=request.user, published=False),
            lambda n: ngettext("%(n)d project is unpublished.", "%(n)d projects are unpublished.", n) % {"n": n},
        )


@admin.register(ProjectMember)
class ProjectMemberAdmin(ServiceFormAdminMixin, SimpleHistoryAdmin):
    form = MemberForm
    list_display = ["researcher", "role", "project", "order"]
    list_filter = ["role", "project__kind", "project__status"]
    search_fields = ["researcher__full_name", "project__title_nl", "project__title_en"]
    list_select_related = ["researcher", "project"]
    autocomplete_fields = ["project", "researcher"]

    def delete_model(self, request, obj):
        services.member_remove(member=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for member in queryset:
            services.member_remove(member=member, actor=request.user)


@admin.register(ProjectOutput)
class ProjectOutputAdmin(ServiceFormAdminMixin, ServiceHistoryAdmin, admin.ModelAdmin):
    form = OutputForm
    list_display = ["title", "kind", "project", "url"]
    list_filter = ["kind"]
    search_fields = ["title", "project__title_nl", "project__title_en"]
    list_select_related = ["project"]
    autocomplete_fields = ["project"]

    def delete_model(self, request, obj):
        services.output_remove(output=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for output in queryset:
            services.output_remove(output=output, actor=request.user)
