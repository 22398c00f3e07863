"""The admin of the participants' private calendar feeds: read-only, the secret token never shown;
the one action gives a feed a new address (`calendar_feed_renew`), as the participant's own page
does."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from professionalisation.activities.admin.common import ActionPageMixin, ConfirmForm
from professionalisation.activities.models import CalendarFeed
from professionalisation.activities.permissions import is_registration_staff
from professionalisation.activities.services.calendar import calendar_feed_renew

CALENDAR_FIELDS = ["participant", "created_at", "renewed_at"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ActionPageMixin, admin.ModelAdmin):
    list_display = CALENDAR_FIELDS
    list_filter = [("renewed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["participant"]
    search_fields = ["participant__email", "participant__full_name"]
    search_help_text = _("Search by the participant's name or e-mail.")
    autocomplete_fields = ["participant"]
    # The token is the feed's address: whoever reads it reads the participant's calendar.
    fields = CALENDAR_FIELDS
    readonly_fields = CALENDAR_FIELDS
    actions = ["renew_action"]
    list_per_page = 50
    show_full_result_count = False

    def has_add_permission(self, request):
        return False  # made by the participant's first visit to their calendar page

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_renew_permission(self, request):
        return is_registration_staff(request.user)

    @admin.action(description=_("Give the feed a new address"), permissions=["renew"])
    def renew_action(self, request, queryset):
        return self.confirmed_action(
            request,
            queryset.select_related("participant"),
            form_class=ConfirmForm,
            call=lambda feed, data: calendar_feed_renew(participant=feed.participant, actor=request.user),
            title=gettext("Give calendar feeds a new address"),
            explanation=gettext(
                "The old addresses stop working at once; each participant finds the new one on their calendar page."
            ),
            submit_label=gettext("Renew the addresses"),
            describe=str,
            done_message=lambda count: (
                ngettext("%(count)d calendar feed renewed.", "%(count)d calendar feeds renewed.", count)
                % {"count": count}
            ),
        )
