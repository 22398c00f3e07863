"""Shortage statuses in the admin: staff set each subject's status per region, with its source."""

from django.contrib import admin

from programmes.supply.models import ShortageStatus


@admin.register(ShortageStatus)
class ShortageStatusAdmin(admin.ModelAdmin):
    list_display = ["subject", "region", "level", "source", "measured_on"]
    list_filter = ["level", "region", "subject"]
    list_select_related = ["subject", "region"]
    search_fields = ["subject__name_nl", "subject__name_en", "region__name", "source"]
    fields = ["subject", "region", "level", "source", "source_url", "measured_on"]
