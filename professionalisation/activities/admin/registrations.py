"""The admin of registrations (added through `registration_create`, the cancel action) and of the
waiting list (read-only; the promote and remove actions)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from iclon.core.admin import ServiceFormAdminMixin, ServiceHistoryAdmin
from iclon.core.forms import ServiceModelForm
from professionalisation.activities.admin.common import (
    ActionPageMixin,
    CancelRegistrationsForm,
    ConfirmForm,
    PromoteForm,
    change_url,
)
from professionalisation.activities.models import Registration, Session, SessionStatus, WaitingListEntry
from professionalisation.activities.permissions import is_registration_staff
from professionalisation.activities.services import (
    registration_cancel,
    registration_create,
    waiting_list_leave,
    waiting_list_promote,
    waiting_position,
)

# --- Registrations -----------------------------------------------------------------------------


class RegistrationAddForm(ServiceModelForm):
    """Staff register someone: `registration_create`, as every other edge registers."""

    join_waiting_list = forms.BooleanField(
        label=_("If the session is full, put this person on its waiting list"), required=False, initial=True
    )

    class Meta:
        model = Registration
        fields = ["session", "participant", "school"]

    def call_service(self, data):
        return registration_create(
            session=data["session"],
            participant=data["participant"],
            actor=self.actor,
            school=data.get("school"),
            join_waiting_list=bool(data.get("join_waiting_list")),
        )


REGISTRATION_FIELDS = [
    "session",
    "participant",
    "school",
    "registered_by",
    "status",
    "onz_place",
    "created_at",
    "cancelled_at",
    "cancel_reason",
]


@admin.register(Registration)
class RegistrationAdmin(ActionPageMixin, ServiceFormAdminMixin, SimpleHistoryAdmin):
    form = RegistrationAddForm
    list_display = ["participant", "session", "school", "status", "onz_place", "created_at", "cancelled_at"]
    list_filter = [
        "status",
        "onz_place",
        "session__status",
        "session__activity__kind",
        "session__activity__region",
    ]
    list_select_related = ["participant", "session", "session__activity", "school"]
    search_fields = [
        "participant__email",
        "participant__full_name",
        "school__name",
        "school__brin_code",
        "session__name",
        "session__activity__title_nl",
    ]
    search_help_text = _("Search by the participant's name or e-mail, the school, the session or the activity.")
    autocomplete_fields = ["session", "participant", "school"]
    actions = ["cancel_action"]
    list_per_page = 50
    show_full_result_count = False

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": ["session", "participant", "school", "join_waiting_list"]})]
        return [(None, {"fields": REGISTRATION_FIELDS})]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else REGISTRATION_FIELDS

    def has_add_permission(self, request):
        return super().has_add_permission(request) and is_registration_staff(request.user)

    def has_change_permission(self, request, obj=None):
        # Made by registration_create, changed by the actions: the page is for reading.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_cancel_permission(self, request):
        return is_registration_staff(request.user)

    def response_add(self, request, obj, post_url_continue=None):
        """Say what registration_create did: a place, or a place on the waiting list."""
        if isinstance(obj, WaitingListEntry):
            message = gettext("%(session)s is full: %(person)s is on its waiting list as number %(position)d.") % {
                "session": obj.session,
                "person": obj.participant,
                "position": waiting_position(obj),
            }
            level, url = messages.WARNING, change_url(obj)
        else:
            message = gettext("%(person)s is registered for %(session)s.") % {
                "person": obj.participant,
                "session": obj.session,
            }
            level, url = messages.SUCCESS, change_url(obj)
        self.message_user(request, message, level)
        if "_addanother" in request.POST:
            url = reverse("admin:professionalisation_registration_add") + "?" + urlencode({"session": obj.session_id})
        return HttpResponseRedirect(url)

    @admin.action(description=_("Cancel the selected registrations"), permissions=["cancel"])
    def cancel_action(self, request, queryset):
        return self.confirmed_action(
            request,
            queryset,
            form_class=CancelRegistrationsForm,
            call=lambda registration, data: registration_cancel(
                registration=registration, actor=request.user, reason=data["reason"]
            ),
            title=gettext("Cancel registrations"),
            explanation=gettext(
                "Each participant is told, and each place is offered to the first on the waiting list. "
                "Staff may cancel after the participants' deadline."
            ),
            submit_label=gettext("Cancel the registrations"),
            describe=str,
            done_message=lambda count: (
                ngettext("%(count)d registration cancelled.", "%(count)d registrations cancelled.", count)
                % {"count": count}
            ),
        )


# --- The waiting list --------------------------------------------------------------------------

WAITING_FIELDS = [
    "activity",
    "session",
    "participant",
    "school",
    "registered_by",
    "status",
    "position_display",
    "offered_session",
    "offered_at",
    "offer_expires_at",
    "offer_reason",
    "staff_reason",
    "answered_at",
    "created_at",
]


@admin.register(WaitingListEntry)
class WaitingListEntryAdmin(ActionPageMixin, ServiceHistoryAdmin, SimpleHistoryAdmin):
    """Read-only: entries are made by registration_create and waiting_list_join and move by the
    services (offers, answers, expiry) or by the actions here."""

    list_display = [
        "participant",
        "activity",
        "session_display",
        "status",
        "offered_session_display",
        "offer_expires_at",
        "offer_reason",
        "created_at",
    ]
    list_filter = [
        "status",
        "offer_reason",
        ("session", admin.EmptyFieldListFilter),
        # "Waiting for a full session": the dashboard's count of what waits for the coordinators.
        "session__status",
        "activity__kind",
        "activity__region",
    ]
    # The session's activity too: the row's checkbox is labelled with str(entry).
    list_select_related = ["participant", "activity", "session", "session__activity", "offered_session", "school"]
    search_fields = [
        "participant__email",
        "participant__full_name",
        "school__name",
        "activity__title_nl",
        "activity__title_en",
        "session__name",
    ]
    search_help_text = _("Search by the participant's name or e-mail, the school, the activity or the session.")
    fields = WAITING_FIELDS
    readonly_fields = WAITING_FIELDS
    actions = ["promote_action", "remove_action"]
    list_per_page = 50
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_promote_permission(self, request):
        return is_registration_staff(request.user)

    def has_remove_permission(self, request):
        return is_registration_staff(request.user)

    @admin.display(description=_("session"), ordering="session__registration_deadline")
    def session_display(self, entry):
        return entry.session.name if entry.session_id else gettext("any session")

    @admin.display(description=_("session offered"), ordering="offered_session__registration_deadline")
    def offered_session_display(self, entry):
        return entry.offered_session.name if entry.offered_session_id else "–"

    @admin.display(description=_("place in the queue"))
    def position_display(self, entry):
        position = waiting_position(entry)
        return position if position is not None else "–"

    @staticmethod
    def _describe(entry) -> str:
        where = entry.session.name if entry.session_id else gettext("any session")
        return f"{entry.participant} – {entry.activity} ({where}) – {entry.get_status_display()}"

    @admin.action(description=_("Offer a place now (promote)"), permissions=["promote"])
    def promote_action(self, request, queryset):
        # The session to offer a place in is asked only for people waiting for any session.
        any_session = queryset.filter(session__isnull=True).values("activity")
        sessions = None
        if any_session.exists():
            sessions = (
                Session.objects.filter(activity__in=any_session, status__in=[SessionStatus.OPEN, SessionStatus.FULL])
                .select_related("activity")
                .order_by("activity__title_nl", "registration_deadline", "pk")
            )
        return self.confirmed_action(
            request,
            queryset,
            form_class=PromoteForm,
            form_kwargs={"sessions": sessions},
            call=lambda entry, data: waiting_list_promote(
                entry=entry,
                actor=request.user,
                reason=data["reason"],
                session=data.get("session") if entry.session_id is None else None,
            ),
            title=gettext("Offer a place from the waiting list"),
            explanation=gettext(
                "Each person selected is offered a place now, ahead of the queue, and told by e-mail. "
                "When the session has no free place, it gets one more place for them."
            ),
            submit_label=gettext("Offer the places"),
            describe=self._describe,
            done_message=lambda count: (
                ngettext("%(count)d person was offered a place.", "%(count)d people were offered a place.", count)
                % {"count": count}
            ),
        )

    @admin.action(description=_("Take off the waiting list"), permissions=["remove"])
    def remove_action(self, request, queryset):
        return self.confirmed_action(
            request,
            queryset,
            form_class=ConfirmForm,
            call=lambda entry, data: waiting_list_leave(entry=entry, actor=request.user),
            title=gettext("Take people off the waiting list"),
            explanation=gettext("An open offer goes to the next person in line."),
            submit_label=gettext("Take them off"),
            describe=self._describe,
            done_message=lambda count: (
                ngettext(
                    "%(count)d person taken off the waiting list.",
                    "%(count)d people taken off the waiting list.",
                    count,
                )
                % {"count": count}
            ),
        )
