"""Matching runs in the admin: the runs with their proposals (read-only: the pages and the API
change them through the services), and the pins and forbids."""

from __future__ import annotations

from django.contrib import admin

from programmes.matchruns.models import MatchingConstraint, MatchingProposal, MatchingRun


class MatchingProposalInline(admin.TabularInline):
    model = MatchingProposal
    fields = ["trainee", "offer", "score", "pinned", "decision", "placement", "error_code", "error_message"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("trainee", "offer__school", "offer__period", "placement")


@admin.register(MatchingRun)
class MatchingRunAdmin(admin.ModelAdmin):
    list_display = ["__str__", "period", "subject", "status", "total_score", "created_by", "created_at", "applied_at"]
    list_filter = ["status", "period"]
    list_select_related = ["period", "subject", "created_by"]
    date_hierarchy = "created_at"
    fields = [
        "period",
        "subject",
        "status",
        "total_score",
        "parameters",
        "unassigned",
        "created_by",
        "computed_at",
        "applied_by",
        "applied_at",
    ]
    readonly_fields = fields
    inlines = [MatchingProposalInline]

    def has_add_permission(self, request):
        return False  # a run is started on its page or through the API, and computed there


@admin.register(MatchingConstraint)
class MatchingConstraintAdmin(admin.ModelAdmin):
    list_display = ["run", "trainee", "offer", "kind", "created_by", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["run__period", "trainee", "offer__school", "offer__period", "offer__subject", "created_by"]
    fields = ["run", "trainee", "offer", "kind", "created_by", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # set on the run's page (the run is computed again at once)

    def has_change_permission(self, request, obj=None):
        return False
