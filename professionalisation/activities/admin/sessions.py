"""The admin of sessions (capacity through `session_capacity_change`, the cancel action) and their
meetings (added, changed and removed through services/sessions.py, on the session's page and their
own)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from iclon.core.admin import ServiceFormAdminMixin, ServiceInlineMixin
from iclon.core.errors import full_clean_or_raise
from iclon.core.forms import ServiceModelForm
from iclon.core.history import record_history_as
from professionalisation.activities.admin.common import (
    ActionPageMixin,
    CancelMeetingsForm,
    CancelSessionsForm,
    ConfirmForm,
    change_url,
    changelist_url,
    format_day,
    format_moment,
    has_people,
    places_of,
    sessions_with_places,
)
from professionalisation.activities.models import (
    LIVE_WAITING,
    Meeting,
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
    WaitingListEntry,
    WaitingStatus,
)
from professionalisation.activities.permissions import can_change_meetings, is_registration_staff
from professionalisation.activities.services import session_cancel, session_capacity_change, session_places
from professionalisation.activities.services.sessions import (
    MEETING_FIELDS,
    meeting_cancel,
    meeting_create,
    meeting_delete,
    meeting_people,
    meeting_update,
)

# --- Sessions ----------------------------------------------------------------------------------

SESSION_FIELDS = ["name", "capacity", "onz_places", "onz_places_until", "registration_deadline", "offers_until"]


class SessionForm(ServiceModelForm):
    """A new session is saved with the model's own checks; on an existing one a new capacity goes
    through `session_capacity_change` and the other fields are saved as they are."""

    class Meta:
        model = Session
        fields = ["activity", *SESSION_FIELDS]

    def call_service(self, data):
        if self.instance.pk is None:
            return self._create(data)
        others = {name: data.get(name) for name in SESSION_FIELDS if name != "capacity" and name in self.changed_data}
        capacity = data["capacity"] if "capacity" in self.changed_data else None
        # The ONZ places may never exceed the capacity (a constraint): raise the capacity before
        # raising them, lower them before lowering it.
        raise_first = capacity is not None and capacity > self.instance.capacity
        if raise_first:
            session_capacity_change(session=self.instance, capacity=capacity, actor=self.actor)
        if others:
            self._save_fields(others)
        if capacity is not None and not raise_first:
            session_capacity_change(session=self.instance, capacity=capacity, actor=self.actor)
        # The same object the inlines hold, with what the service wrote (status, capacity).
        self.instance.refresh_from_db()
        return self.instance

    def _create(self, data):
        # The formsets of the inlines (meetings) hold this very object: it is saved in place.
        session = self.instance
        session.activity = data["activity"]
        for name in SESSION_FIELDS:
            setattr(session, name, data.get(name))
        full_clean_or_raise(session)
        record_history_as(session, self.actor)
        session.save()
        return session

    def _save_fields(self, changes: dict) -> None:
        session = Session.objects.select_for_update().get(pk=self.instance.pk)
        for name, value in changes.items():
            setattr(session, name, value)
        full_clean_or_raise(session)
        record_history_as(session, self.actor)
        session.save()


class MeetingForm(ServiceModelForm):
    """A meeting is added by `meeting_create`, changed by `meeting_update` (which tells the people
    of the session) and removed by `meeting_delete` (refused once people are in the session)."""

    class Meta:
        model = Meeting
        fields = ["session", *MEETING_FIELDS]

    def call_service(self, data):
        values = {name: data.get(name) for name in MEETING_FIELDS}
        values["place"], values["online_link"] = values["place"] or "", values["online_link"] or ""
        if self.instance.pk is not None:
            return meeting_update(meeting=self.instance, actor=self.actor, **values)
        session = data.get("session") or getattr(self.instance, "session", None)
        if session is None or session.pk is None:
            # A new session's page whose session form was refused: the page is shown again.
            return self.instance
        return meeting_create(session=session, actor=self.actor, **values)

    def delete_service(self, instance):
        meeting_delete(meeting=instance, actor=self.actor)


class MeetingInline(ServiceInlineMixin, admin.TabularInline):
    model = Meeting
    form = MeetingForm
    fields = [*MEETING_FIELDS, "cancelled_at", "cancel_reason"]
    readonly_fields = ["cancelled_at", "cancel_reason"]
    extra = 0

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj is None else 0


class SessionStatusFilter(admin.SimpleListFilter):
    """The status, and "open or full" (the sessions that still take registrations)."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("live", _("Open or full")), *SessionStatus.choices]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "live":
            return queryset.filter(status__in=[SessionStatus.OPEN, SessionStatus.FULL])
        if value in SessionStatus.values:
            return queryset.filter(status=value)
        return queryset


@admin.register(Session)
class SessionAdmin(ActionPageMixin, ServiceFormAdminMixin, SimpleHistoryAdmin):
    form = SessionForm
    inlines = [MeetingInline]
    list_display = [
        "name",
        "activity",
        "status",
        "first_meeting_display",
        "capacity",
        "taken_display",
        "held_display",
        "left_display",
        "waiting_display",
        "registration_deadline",
    ]
    list_filter = [
        SessionStatusFilter,
        "activity__kind",
        "activity__region",
        "activity__published",
        "activity__format",
    ]
    list_select_related = ["activity"]
    search_fields = ["name", "activity__title_nl", "activity__title_en", "activity__slug"]
    search_help_text = _("Search by session name or the activity's title or slug.")
    autocomplete_fields = ["activity"]
    actions = ["cancel_action"]
    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request):
        return sessions_with_places(super().get_queryset(request))

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": ["activity", "name", "status"] if obj else ["activity", "name"]}),
            (_("Places"), {"fields": ["capacity", "places_summary"] if obj else ["capacity"]}),
            (
                _("ONZ member schools"),
                {"fields": ["onz_places", "onz_places_until"]},
            ),
            (_("Deadlines"), {"fields": ["registration_deadline", "offers_until"]}),
        ]
        if obj is not None:
            fieldsets += [
                (_("Registrations"), {"fields": ["registrations_list"]}),
                (_("Waiting list"), {"fields": ["waiting_list_display"]}),
                (_("Dates"), {"fields": ["created_at", "updated_at"]}),
            ]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # A session's people belong to its activity: it never moves to another one. Its status
        # is the services' (open/full follow the places; cancelling is the action).
        return [
            "activity",
            "status",
            "places_summary",
            "registrations_list",
            "waiting_list_display",
            "created_at",
            "updated_at",
        ]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        # A session with people is cancelled (they are told), never deleted.
        if obj is not None and has_people(
            registrations=Registration.objects.filter(session=obj),
            waiting=WaitingListEntry.objects.filter(Q(session=obj) | Q(offered_session=obj)),
        ):
            return False
        return super().has_delete_permission(request, obj)

    def has_cancel_permission(self, request):
        return is_registration_staff(request.user)

    # -- the list -------------------------------------------------------------------------------

    @admin.display(description=_("first meeting"), ordering="first_meeting")
    def first_meeting_display(self, session):
        return format_day(session.first_meeting)

    @admin.display(description=_("taken"), ordering="places_taken")
    def taken_display(self, session):
        return session.places_taken

    @admin.display(description=_("held by an offer"), ordering="places_held")
    def held_display(self, session):
        return session.places_held

    @admin.display(description=_("left"))
    def left_display(self, session):
        return places_of(session).left

    @admin.display(description=_("waiting"), ordering="places_waiting")
    def waiting_display(self, session):
        return session.places_waiting

    # -- the change page ------------------------------------------------------------------------

    @admin.display(description=_("places now"))
    def places_summary(self, session):
        places = session_places(session)
        text = gettext(
            "%(taken)d taken, %(held)d held by an offer, %(left)d left, %(onz)d held for ONZ, %(waiting)d waiting"
        ) % {
            "taken": places.taken,
            "held": places.held,
            "left": places.left,
            "onz": places.onz_held,
            "waiting": places.waiting,
        }
        register_url = reverse("admin:professionalisation_registration_add") + "?" + urlencode({"session": session.pk})
        return format_html('{}<br><a href="{}" class="addlink">{}</a>', text, register_url, gettext("Register someone"))

    @admin.display(description=_("registrations"))
    def registrations_list(self, session):
        registrations = session.registrations.select_related("participant", "school").order_by("created_at", "pk")
        rows = [
            (
                change_url(registration),
                str(registration.participant),
                f" ({registration.school.name})" if registration.school_id else "",
                registration.get_status_display(),
                format_moment(registration.created_at),
            )
            for registration in registrations
        ]
        if not rows:
            return gettext("Nobody has registered yet.")
        manage = changelist_url(Registration, session__id__exact=session.pk, status__exact=RegistrationStatus.CONFIRMED)
        return format_html(
            '<ol class="iclon-registration-list">{}</ol><p><a href="{}">{}</a></p>',
            format_html_join("", '<li><a href="{}">{}</a>{} – {} – {}</li>', rows),
            manage,
            gettext("Cancel registrations"),
        )

    @admin.display(description=_("waiting list"))
    def waiting_list_display(self, session):
        """The queue of this session in its order: people waiting for it or for any session of the
        activity, and the open offers of its places."""
        entries = (
            WaitingListEntry.objects.filter(
                Q(session=session)
                | Q(session__isnull=True, activity_id=session.activity_id)
                | Q(offered_session=session),
                status__in=LIVE_WAITING,
            )
            .select_related("participant")
            .order_by("created_at", "pk")
        )
        rows, position = [], 0
        for entry in entries:
            if entry.status == WaitingStatus.OFFERED:
                if entry.offered_session_id != session.pk:
                    continue  # holds a place of another session
                where = gettext("place offered until %(moment)s") % {"moment": format_moment(entry.offer_expires_at)}
            else:
                position += 1
                where = gettext("number %(position)d") % {"position": position}
            scope = gettext("any session") if entry.session_id is None else gettext("this session")
            rows.append((change_url(entry), str(entry.participant), where, scope))
        if not rows:
            return gettext("Nobody is waiting.")
        manage = changelist_url(WaitingListEntry, activity__id__exact=session.activity_id)
        return format_html(
            '<ul class="iclon-waiting-list">{}</ul><p><a href="{}">{}</a></p>',
            format_html_join("", '<li><a href="{}">{}</a> – {} ({})</li>', rows),
            manage,
            gettext("Promote or take off the waiting list"),
        )

    # -- cancelling -----------------------------------------------------------------------------

    @staticmethod
    def _describe(session) -> str:
        places = places_of(session)
        return gettext("%(session)s (%(taken)d registered, %(waiting)d waiting)") % {
            "session": session,
            "taken": places.taken,
            "waiting": places.waiting,
        }

    @admin.action(description=_("Cancel the selected sessions"), permissions=["cancel"])
    def cancel_action(self, request, queryset):
        return self.confirmed_action(
            request,
            queryset,
            form_class=CancelSessionsForm,
            call=lambda session, data: session_cancel(session=session, actor=request.user, reason=data["reason"]),
            title=gettext("Cancel sessions"),
            explanation=gettext(
                "Every registration is cancelled and everyone on the waiting list is taken off it. "
                "This cannot be undone."
            ),
            submit_label=gettext("Cancel the sessions"),
            describe=self._describe,
            label=str,
            done_message=lambda count: (
                ngettext(
                    "%(count)d session cancelled; everyone registered or waiting is told.",
                    "%(count)d sessions cancelled; everyone registered or waiting is told.",
                    count,
                )
                % {"count": count}
            ),
        )


# --- Meetings ----------------------------------------------------------------------------------


@admin.register(Meeting)
class MeetingAdmin(ActionPageMixin, ServiceFormAdminMixin, SimpleHistoryAdmin):
    """Meetings are saved by the services of MeetingForm (a change is told to the session's
    people); removed by `meeting_delete`, from the page or with the remove action (Django's bulk
    delete would skip it), only while nobody is in the session."""

    form = MeetingForm
    actions = ["cancel_action", "remove_action"]
    list_display = ["date", "starts_at", "ends_at", "session", "place", "cancelled_display"]
    list_filter = [("date", admin.DateFieldListFilter), "session__status", "session__activity__kind"]
    list_select_related = ["session", "session__activity"]
    search_fields = ["session__name", "session__activity__title_nl", "session__activity__title_en", "place"]
    search_help_text = _("Search by session name, the activity's title or the place.")
    autocomplete_fields = ["session"]
    list_per_page = 50
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        # A meeting belongs to its session's people: it never moves to another session. It is
        # cancelled by the cancel action (meeting_cancel), never by editing the fields.
        return ["session", "cancelled_at", "cancel_reason"] if obj is not None else []

    def get_fields(self, request, obj=None):
        fields = ["session", *MEETING_FIELDS]
        return [*fields, "cancelled_at", "cancel_reason"] if obj is not None and obj.cancelled else fields

    @admin.display(description=_("cancelled"), boolean=True, ordering="cancelled_at")
    def cancelled_display(self, meeting):
        return meeting.cancelled

    def has_cancel_permission(self, request):
        return can_change_meetings(request.user)

    @admin.action(
        description=_("Cancel the selected meetings (the rest of the session goes on)"), permissions=["cancel"]
    )
    def cancel_action(self, request, queryset):
        return self.confirmed_action(
            request,
            queryset.select_related("session__activity"),
            form_class=CancelMeetingsForm,
            call=lambda meeting, data: meeting_cancel(meeting=meeting, reason=data["reason"], actor=request.user),
            title=gettext("Cancel meetings"),
            explanation=gettext(
                "A cancelled meeting stays in its session, marked cancelled, and no longer counts towards "
                "completion. A meeting that has taken place, or a session's last meeting, cannot be cancelled: "
                "cancel the session instead."
            ),
            submit_label=gettext("Cancel the meetings"),
            describe=lambda meeting: f"{meeting.session} – {meeting}",
            done_message=lambda count: (
                ngettext("%(count)d meeting cancelled.", "%(count)d meetings cancelled.", count) % {"count": count}
            ),
        )

    def get_actions(self, request):
        # Django's bulk delete would skip meeting_delete: remove_action calls it for each row.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_remove_permission(self, request):
        return can_change_meetings(request.user)

    @admin.action(description=_("Remove the selected meetings"), permissions=["remove"])
    def remove_action(self, request, queryset):
        return self.confirmed_action(
            request,
            queryset.select_related("session__activity"),
            form_class=ConfirmForm,
            call=lambda meeting, data: meeting_delete(meeting=meeting, actor=request.user),
            title=gettext("Remove meetings"),
            explanation=gettext(
                "Only meetings of sessions nobody is registered for can be removed; change the others instead."
            ),
            submit_label=gettext("Remove the meetings"),
            describe=lambda meeting: f"{meeting.session} – {meeting}",
            done_message=lambda count: (
                ngettext("%(count)d meeting removed.", "%(count)d meetings removed.", count) % {"count": count}
            ),
        )

    def delete_model(self, request, obj):
        meeting_delete(meeting=obj, actor=request.user)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and meeting_people(obj.session):
            return False
        return super().has_delete_permission(request, obj)
