"""Admin of saved routes: read-only for staff who hold the view permission (programme coordinators,
administrators), to see which routes people keep coming back to. A shortlist is its owner's: staff
neither add, change nor remove its rows (the person does, on the pages or in the API; erasure of
the account removes them, iclon.core.privacy)."""

from django.contrib import admin

from programmes.shortlist.models import SavedRoute


@admin.register(SavedRoute)
class SavedRouteAdmin(admin.ModelAdmin):
    list_display = ["pathway", "user", "created_at"]
    list_filter = ["pathway__sector", "pathway__qualification", "created_at"]
    search_fields = ["pathway__name_nl", "pathway__name_en", "pathway__slug", "user__email", "user__full_name"]
    list_select_related = ["pathway", "user"]
    readonly_fields = ["user", "pathway", "note", "created_at"]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
