"""The admin of Meet the Professor: the pool of researchers (with their unavailable periods inline),
visit requests (read-only, moved along by actions that call the services: propose, with the
suggestions on the action's page; mark held; withdraw), preferred dates and evaluations (read-only:
the schools and researchers write them through the services), and the requests of the public form
(read-only, with their status; coordinators may delete them, through the service)."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from iclon.core.admin import ServiceFormAdminMixin, ServiceHistoryAdmin, ServiceInlineMixin
from iclon.core.errors import PortalError
from iclon.core.forms import ServiceModelForm
from partnerships.models import EducationRegion
from professionalisation.activities.admin.common import ActionPageMixin, ConfirmForm, ReasonForm, format_moment
from professionalisation.outreach.models.visits import (
    VISIT_ZONE,
    ResearcherProfile,
    ResearcherUnavailability,
    SubmissionStatus,
    VisitEvaluation,
    VisitPreferredDate,
    VisitRequest,
    VisitSubmission,
)
from professionalisation.outreach.selectors.visits import researcher_suggestions
from professionalisation.outreach.services import visit_public as public_services
from professionalisation.outreach.services import visits as services

# --- the pool ------------------------------------------------------------------------------------


class ResearcherForm(ServiceModelForm):
    regions = forms.ModelMultipleChoiceField(
        queryset=EducationRegion.objects.all(), required=False, label=_("regions they travel to")
    )

    class Meta:
        model = ResearcherProfile
        fields = ["user", *services.RESEARCHER_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["regions"].initial = list(self.instance.regions.all())
            self.fields["user"].disabled = True

    def call_service(self, data):
        values = {name: data.get(name) for name in services.RESEARCHER_FIELDS}
        if self.instance.pk is None:
            researcher = services.researcher_create(
                actor=self.actor, user=data["user"], regions=data.get("regions") or [], **values
            )
            for model_field in ResearcherProfile._meta.concrete_fields:
                setattr(self.instance, model_field.attname, getattr(researcher, model_field.attname))
            self.instance._state.adding = False
            return self.instance
        changes = {name: values[name] for name in self.changed_data if name in values}
        regions = data.get("regions") if "regions" in self.changed_data else None
        return services.researcher_update(researcher=self.instance, actor=self.actor, regions=regions, **changes)


class UnavailabilityForm(ServiceModelForm):
    """A period is added or removed, never changed."""

    class Meta:
        model = ResearcherUnavailability
        fields = ["researcher", "starts_on", "ends_on", "note"]

    def call_service(self, data):
        if self.instance.pk is not None:
            raise PortalError(gettext("A period is not changed: remove it and add it again."))
        return services.unavailability_add(
            researcher=data["researcher"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            note=data.get("note") or "",
            actor=self.actor,
        )

    def delete_service(self, instance):
        services.unavailability_remove(period=instance, actor=self.actor)


class UnavailabilityInlineForm(UnavailabilityForm):
    class Meta(UnavailabilityForm.Meta):
        fields = ["starts_on", "ends_on", "note"]

    def call_service(self, data):
        return super().call_service({**data, "researcher": self.instance.researcher})


class UnavailabilityInline(ServiceInlineMixin, admin.TabularInline):
    model = ResearcherUnavailability
    form = UnavailabilityInlineForm
    extra = 0


@admin.register(ResearcherProfile)
class ResearcherProfileAdmin(ServiceFormAdminMixin, SimpleHistoryAdmin):
    form = ResearcherForm
    inlines = [UnavailabilityInline]
    list_display = ["__str__", "discipline", "faculty", "max_visits_per_year", "active"]
    list_filter = ["active", "faculty", "regions"]
    search_fields = ["user__full_name", "user__email", "discipline", "topics"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "faculty"]

    def has_delete_permission(self, request, obj=None):
        return False  # make a researcher inactive instead: their visits keep them


@admin.register(ResearcherUnavailability)
class ResearcherUnavailabilityAdmin(ServiceFormAdminMixin, admin.ModelAdmin):
    form = UnavailabilityForm
    list_display = ["researcher", "starts_on", "ends_on", "note"]
    list_filter = ["starts_on"]
    search_fields = ["researcher__user__full_name"]
    list_select_related = ["researcher__user"]
    autocomplete_fields = ["researcher"]

    def delete_model(self, request, obj):
        services.unavailability_remove(period=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for period in queryset:
            services.unavailability_remove(period=period, actor=request.user)


# --- requests --------------------------------------------------------------------------------------


class ProposeForm(forms.Form):
    researcher = forms.ModelChoiceField(label=_("researcher"), queryset=ResearcherProfile.objects.none())
    date = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))
    starts_at = forms.TimeField(label=_("start time"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends_at = forms.TimeField(label=_("end time"), widget=forms.TimeInput(attrs={"type": "time"}))

    def __init__(self, *args, suggestions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["researcher"].queryset = ResearcherProfile.objects.filter(active=True).select_related("user")
        self.fields["researcher"].help_text = " · ".join(
            f"{s.researcher} ({s.score}): " + "; ".join(r.text for r in s.reasons) for s in suggestions
        )


class PreferredDateInline(admin.TabularInline):
    model = VisitPreferredDate
    fields = ["date", "part_of_day"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class EvaluationInline(admin.StackedInline):
    model = VisitEvaluation
    fields = ["side", "rating", "text", "author"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


def _describe(visit: VisitRequest) -> str:
    return f"{visit.school.name} – {visit.group_label} ({visit.get_status_display()}, {format_moment(visit.starts_at)})"


@admin.register(VisitRequest)
class VisitRequestAdmin(ActionPageMixin, ServiceHistoryAdmin, SimpleHistoryAdmin):
    """Read-only: requests are made by the schools' pages and the API, and moved along by the
    actions here (each a service call)."""

    inlines = [PreferredDateInline, EvaluationInline]
    list_display = ["school", "group_label", "pupils", "status", "researcher", "starts_at", "created_at"]
    list_filter = ["status", "location", "school__region", "starts_at"]
    search_fields = ["school__name", "contact_name", "contact_email", "researcher__user__full_name", "wishes"]
    list_select_related = ["school", "researcher__user"]
    date_hierarchy = "created_at"
    actions = ["propose_action", "mark_held_action", "withdraw_action"]

    def get_readonly_fields(self, request, obj=None):
        secret = ("answer_token_hash", "school_token_hash")
        return [f.name for f in VisitRequest._meta.concrete_fields if f.name not in secret] + ["declined_by"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description=_("Propose a researcher (with suggestions)"), permissions=["change"])
    def propose_action(self, request, queryset):
        queryset = queryset.select_related("school")
        if queryset.count() != 1:
            self.message_user(request, gettext("Choose one request to propose a researcher for."), level="error")
            return None
        suggestions = researcher_suggestions(queryset.get())
        return self.confirmed_action(
            request,
            queryset,
            form_class=ProposeForm,
            form_kwargs={"suggestions": suggestions},
            call=lambda row, data: services.visit_propose(
                visit=row,
                researcher=data["researcher"],
                starts_at=datetime.datetime.combine(data["date"], data["starts_at"], tzinfo=VISIT_ZONE),
                ends_at=datetime.datetime.combine(data["date"], data["ends_at"], tzinfo=VISIT_ZONE),
                actor=request.user,
            ),
            title=gettext("Propose a researcher"),
            explanation=gettext(
                "The suggestions, best first, are under the researcher field. The researcher receives an e-mail "
                "with a link to accept or decline."
            ),
            submit_label=gettext("Propose"),
            describe=_describe,
            done_message=lambda n: gettext("The researcher has been asked."),
        )

    @admin.action(description=_("Mark as held"), permissions=["change"])
    def mark_held_action(self, request, queryset):
        return self.confirmed_action(
            request,
            queryset.select_related("school"),
            form_class=ConfirmForm,
            call=lambda row, data: services.visit_mark_held(visit=row, actor=request.user),
            title=gettext("Mark as held"),
            explanation=gettext("The school and the researcher are asked to evaluate the visit."),
            submit_label=gettext("Mark as held"),
            describe=_describe,
            done_message=lambda n: (
                ngettext("%(n)d visit marked as held.", "%(n)d visits marked as held.", n) % {"n": n}
            ),
        )

    @admin.action(description=_("Withdraw"), permissions=["change"])
    def withdraw_action(self, request, queryset):
        return self.confirmed_action(
            request,
            queryset.select_related("school"),
            form_class=ReasonForm,
            call=lambda row, data: services.visit_withdraw(visit=row, actor=request.user, reason=data["reason"]),
            title=gettext("Withdraw"),
            explanation=gettext("The school and the researcher (if one was proposed) receive the reason by e-mail."),
            submit_label=gettext("Withdraw"),
            describe=_describe,
            done_message=lambda n: ngettext("%(n)d request withdrawn.", "%(n)d requests withdrawn.", n) % {"n": n},
        )


@admin.register(VisitPreferredDate)
class VisitPreferredDateAdmin(admin.ModelAdmin):
    list_display = ["request", "date", "part_of_day"]
    list_filter = ["date"]
    list_select_related = ["request__school"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(VisitEvaluation)
class VisitEvaluationAdmin(ServiceHistoryAdmin, SimpleHistoryAdmin):
    list_display = ["request", "side", "rating", "author", "created_at"]
    list_filter = ["side", "rating"]
    list_select_related = ["request__school", "author"]
    readonly_fields = ["request", "side", "rating", "text", "author"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- the public form's requests ----------------------------------------------------------------------


class SubmissionStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return SubmissionStatus.choices

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == SubmissionStatus.VERIFIED:
            return queryset.filter(verified_at__isnull=False)
        if self.value() == SubmissionStatus.EXPIRED:
            return queryset.filter(verified_at__isnull=True, expires_at__lte=now)
        if self.value() == SubmissionStatus.PENDING:
            return queryset.filter(Q(verified_at__isnull=True) & Q(expires_at__gt=now))
        return queryset


@admin.register(VisitSubmission)
class VisitSubmissionAdmin(admin.ModelAdmin):
    """Read-only: teachers write them through the public form; coordinators may delete them (the
    request one made stays). Unverified ones are purged (tasks/visits.py)."""

    list_display = ["school", "group_label", "contact_name", "contact_email", "status_display", "created_at"]
    list_filter = [SubmissionStatusFilter, "created_at"]
    search_fields = ["school__name", "contact_name", "contact_email"]
    list_select_related = ["school"]
    date_hierarchy = "created_at"
    fields = [
        "school",
        "contact_name",
        "contact_email",
        "language",
        "group_label",
        "pupils",
        "wishes",
        "location",
        "accessibility_notes",
        "preferred_dates",
        "status_display",
        "created_at",
        "expires_at",
        "verified_at",
        "visit",
    ]
    readonly_fields = fields

    @admin.display(description=_("status"))
    def status_display(self, obj: VisitSubmission) -> str:
        return obj.get_status_display()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        public_services.visit_submission_delete(submission=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for submission in queryset:
            public_services.visit_submission_delete(submission=submission, actor=request.user)
