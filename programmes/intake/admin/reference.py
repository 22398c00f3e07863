"""Admin of the route checklists and the status history."""

from __future__ import annotations

import re

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from programmes.intake.admin.common import person
from programmes.intake.models import ApplicationTransition, ChecklistItem

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
