"""The admin of orientation on the teaching profession. Orientation activities are activities (their
admin is professional development's, with the kinds taster day, a day as a teacher and information
evening); this part adds the orientation materials, plain links saved as they are (like the
catalogue's entries: no workflow, no state to guard)."""

from django.contrib import admin

from professionalisation.outreach.models.orientation import OrientationMaterial


@admin.register(OrientationMaterial)
class OrientationMaterialAdmin(admin.ModelAdmin):
    list_display = ["title_nl", "title_en", "sector", "order", "published"]
    list_filter = ["published", "sector", "subjects"]
    list_editable = ["order", "published"]
    search_fields = ["title_nl", "title_en", "url"]
    autocomplete_fields = ["subjects"]
    fields = ["title_nl", "title_en", "url", "subjects", "sector", "order", "published"]
