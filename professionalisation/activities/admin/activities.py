"""The admin of the catalogue's entries: the target audiences (fixed) and the activities."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import OuterRef
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from iclon.core.admin import ReadOnlyHistoryMixin
from professionalisation.activities.admin.common import (
    change_url,
    format_day,
    has_people,
    sessions_with_places,
)
from professionalisation.activities.models import Activity, Registration, Session, TargetAudience, WaitingListEntry
from professionalisation.activities.selectors import count_of, places_of

# --- Audiences ---------------------------------------------------------------------------------


@admin.register(TargetAudience)
class TargetAudienceAdmin(admin.ModelAdmin):
    """The fixed list of audiences (made by migration 0002; the codes are the model's choices)."""

    list_display = ["__str__", "code"]
    search_fields = ["code"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Activities --------------------------------------------------------------------------------


@admin.register(Activity)
class ActivityAdmin(ReadOnlyHistoryMixin, SimpleHistoryAdmin):
    """The catalogue's entry: saved as it is (no service owns it), its history kept by
    django-simple-history. Its sessions are listed with their places and link to their pages."""

    list_display = ["title_nl", "title_en", "kind", "format", "region", "award", "published", "session_count"]
    list_filter = ["published", "kind", "sector", "format", "region", "award", "audiences"]
    list_select_related = ["region"]
    search_fields = ["title_nl", "title_en", "slug", "contact_email"]
    search_help_text = _("Search by title (Dutch or English), slug or contact e-mail.")
    prepopulated_fields = {"slug": ["title_nl"]}
    autocomplete_fields = ["organisers"]
    # Short lists (19 subjects, 12 principles); coordinators need no rights on their admins.
    filter_horizontal = ["subjects", "principles"]
    readonly_fields = ["sessions_list", "created_at", "updated_at"]
    list_per_page = 50
    show_full_result_count = False

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": ["kind", "title_nl", "title_en", "slug", "published"]}),
            (_("Description"), {"fields": ["description_nl", "description_en"]}),
            (_("Who and what"), {"fields": ["audiences", "subjects", "sector", "principles", "region", "format"]}),
            (_("Price and study load"), {"fields": ["price", "onz_price", "study_load_hours", "study_load_ec"]}),
            (_("Completion"), {"fields": ["award", "meetings_required", "assignment_required"]}),
            (_("Registration"), {"fields": ["offer_hours", "cancel_days_before"]}),
            (_("Organisation"), {"fields": ["organisers", "contact_email"]}),
        ]
        if obj is not None:
            fieldsets += [
                (_("Sessions"), {"fields": ["sessions_list"]}),
                (_("Dates"), {"fields": ["created_at", "updated_at"]}),
            ]
        return fieldsets

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "audiences":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(session_total=count_of(Session.objects.filter(activity=OuterRef("pk"))))
        )

    def get_actions(self, request):
        # Deleting in bulk would skip the per-activity check below.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        # An activity someone registered or waited for stays: cancel its sessions instead (the
        # waiting list would go without anyone being told).
        if obj is not None and has_people(
            registrations=Registration.objects.filter(session__activity=obj),
            waiting=WaitingListEntry.objects.filter(activity=obj),
        ):
            return False
        return super().has_delete_permission(request, obj)

    def view_on_site(self, obj):
        return reverse("activities:detail", args=[obj.slug])

    @admin.display(description=_("sessions"), ordering="session_total")
    def session_count(self, activity):
        return activity.session_total

    @admin.display(description=_("sessions"))
    def sessions_list(self, activity):
        sessions = sessions_with_places(
            Session.objects.filter(activity=activity).order_by("registration_deadline", "pk")
        )
        rows = []
        for session in sessions:
            places = places_of(session)
            rows.append(
                (
                    change_url(session),
                    session.name,
                    session.get_status_display(),
                    format_day(session.first_meeting),
                    gettext("%(taken)d of %(capacity)d taken, %(left)d left, %(waiting)d waiting")
                    % {
                        "taken": places.taken,
                        "capacity": places.capacity,
                        "left": places.left,
                        "waiting": places.waiting,
                    },
                )
            )
        add_url = reverse("admin:professionalisation_session_add") + "?" + urlencode({"activity": activity.pk})
        add_link = format_html('<p><a href="{}" class="addlink">{}</a></p>', add_url, gettext("Add a session"))
        if not rows:
            return format_html("<p>{}</p>{}", gettext("No sessions yet."), add_link)
        return format_html(
            '<ul class="iclon-session-list">{}</ul>{}',
            format_html_join("", '<li><a href="{}">{}</a> – {} – {} – {}</li>', rows),
            add_link,
        )
