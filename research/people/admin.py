"""The admin of researchers' profiles: research staff keep every field through the services
(research/people/services.py); a profile is made inactive, never deleted (projects keep their
people)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from iclon.core.admin import ServiceFormAdminMixin
from iclon.core.forms import ServiceModelForm
from research.people import services
from research.people.models import Researcher


class ResearcherForm(ServiceModelForm):
    class Meta:
        model = Researcher
        fields = [*services.RESEARCHER_FIELDS, "principles"]
        widgets = {"principles": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Left empty, it is made from the name.")

    def call_service(self, data):
        values = {name: data.get(name) for name in services.RESEARCHER_FIELDS}
        for name in ("slug", "orcid", "expertise_nl", "expertise_en"):
            values[name] = values[name] or ""
        if values["photo"] is False:  # the "clear" box of the photo
            values["photo"] = ""
        elif values["photo"] is None:
            values.pop("photo")
        if self.instance.pk is None:
            full_name, role = values.pop("full_name"), values.pop("role")
            researcher = services.researcher_create(
                actor=self.actor, full_name=full_name, role=role, principles=data.get("principles") or [], **values
            )
            for model_field in Researcher._meta.concrete_fields:
                setattr(self.instance, model_field.attname, getattr(researcher, model_field.attname))
            self.instance._state.adding = False
            return self.instance
        changes = {name: values[name] for name in self.changed_data if name in values}
        principles = data.get("principles") if "principles" in self.changed_data else None
        return services.researcher_update(researcher=self.instance, actor=self.actor, principles=principles, **changes)


@admin.register(Researcher)
class ResearcherAdmin(ServiceFormAdminMixin, SimpleHistoryAdmin):
    form = ResearcherForm
    list_display = ["full_name", "role", "orcid", "school", "user", "active"]
    list_filter = ["active", "role", "principles"]
    search_fields = ["full_name", "orcid", "slug", "expertise_nl", "expertise_en", "user__email"]
    autocomplete_fields = ["school", "user"]
    list_select_related = ["school", "user"]
    list_per_page = 50

    def has_delete_permission(self, request, obj=None):
        return False  # make a researcher inactive instead: their projects keep them
