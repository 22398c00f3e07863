"""Admin of placements: periods, schools' offers, placements, evaluations.

Offers and placements change only through programmes/placements/services.py, in the admin
pattern of iclon/core/admin.py. The offer form (a ServiceModelForm) calls `offer_create` /
`offer_update` while it validates, inside the admin's transaction, so a refusal (fewer places
than taken, a mentor from another school, a past period) is an error on the form with the input
kept, and nothing is saved; `save_model` then has nothing left to write, and the services'
history rows are the only record (no LogEntry). The same holds for the people of a placement
(`placement_assign_people`). Placements are made by matching (the matching page, the API) or by
a trainee's registered job, never by the admin's add form; their status moves only with the
start / complete / cancel actions (`placement_set_status`). Evaluations are written by the
mentor and educator in the portal; here they are read.

The changelists run a fixed number of queries: relations come with list_select_related and the
places taken are annotated by the selector (one COUNT per page, not per row).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportActionMixin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from iclon.core.admin import ReadOnlyHistoryMixin, ServiceFormAdminMixin
from iclon.core.errors import PortalError
from iclon.core.forms import ServiceModelForm
from programmes.placements.exports import PlacementResource
from programmes.placements.models import (
    Evaluation,
    Placement,
    PlacementOffer,
    PlacementPeriod,
    PlacementStatus,
    PlacementWish,
)
from programmes.placements.selectors import (
    evaluation_list_for_user,
    offer_list_for_user,
    placement_list_for_user,
    wish_list_for_user,
)
from programmes.placements.services import (
    offer_create,
    offer_update,
    placement_assign_people,
    placement_cancel,
    placement_set_status,
)

# --- periods -------------------------------------------------------------------------------------


@admin.register(PlacementPeriod)
class PlacementPeriodAdmin(admin.ModelAdmin):
    list_display = ["name_nl", "name_en", "slug", "kind", "starts_on", "ends_on"]
    list_filter = ["kind"]
    search_fields = ["name_nl", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_nl"]}
    ordering = ["-starts_on"]


# --- offers --------------------------------------------------------------------------------------

OFFER_FIELDS = ["subject", "period", "places", "days_available", "paid_job_possible", "notes", "is_open"]


class PlacementOfferForm(ServiceModelForm):
    class Meta:
        model = PlacementOffer
        fields = ["school", *OFFER_FIELDS, "mentors"]

    def call_service(self, data):
        if self.instance.pk is None:
            offer = offer_create(
                school=data["school"],
                subject=data.get("subject"),
                period=data["period"],
                places=data["places"],
                mentors=data.get("mentors") or [],
                days_available=data.get("days_available") or [],
                paid_job_possible=data.get("paid_job_possible", False),
                notes=data.get("notes", ""),
                actor=self.actor,
            )
            if not data.get("is_open", True):
                offer = offer_update(offer=offer, actor=self.actor, is_open=False)
            return offer
        if "school" in self.changed_data:
            raise PortalError(
                gettext("An offer cannot move to another school; close it and add a new one."), field="school"
            )
        fields = {name: data.get(name) for name in OFFER_FIELDS if name in self.changed_data}
        mentors = data.get("mentors") if "mentors" in self.changed_data else None
        return offer_update(offer=self.instance, actor=self.actor, mentors=mentors, **fields)


@admin.register(PlacementOffer)
class PlacementOfferAdmin(ServiceFormAdminMixin, SimpleHistoryAdmin):
    form = PlacementOfferForm
    list_display = ["school", "subject_display", "period", "places", "taken_display", "is_open", "paid_job_possible"]
    list_filter = ["period", "is_open", "subject", "school__partnership", "paid_job_possible"]
    list_select_related = ["school", "subject", "period"]
    search_fields = ["school__name", "school__brin_code", "school__city"]
    search_help_text = _("Search by school name, BRIN code or town.")
    autocomplete_fields = ["school", "subject", "period", "mentors"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request):
        # The selector's rule (staff with the view permission see all) and its `taken` count.
        return offer_list_for_user(user=request.user).prefetch_related(None)

    @admin.display(description=_("school subject"), ordering="subject__name_nl")
    def subject_display(self, offer):
        return offer.subject.name if offer.subject_id else gettext("Primary education")

    @admin.display(description=_("places taken"), ordering="taken")
    def taken_display(self, offer):
        return f"{offer.taken} / {offer.places}"


# --- placements ----------------------------------------------------------------------------------

PEOPLE = ["workplace_mentor", "school_teacher_educator", "institute_educator"]


class PlacementPeopleForm(ServiceModelForm):
    class Meta:
        model = Placement
        fields = PEOPLE

    def call_service(self, data):
        changes = {name: data.get(name) for name in PEOPLE if name in self.changed_data}
        if not changes:
            return self.instance
        return placement_assign_people(placement=self.instance, actor=self.actor, **changes)


@admin.register(Placement)
class PlacementAdmin(ServiceFormAdminMixin, ExportActionMixin, SimpleHistoryAdmin):
    form = PlacementPeopleForm
    resource_classes = [PlacementResource]
    export_formats = [CSV, XLSX]
    list_display = ["trainee_display", "school", "subject_display", "period", "kind", "status", "workplace_mentor"]
    list_filter = ["status", "period", "kind", "trainee__subject", "school__partnership"]
    list_select_related = ["trainee", "trainee__subject", "school", "period", "workplace_mentor"]
    search_fields = ["school__name", "school__brin_code", "trainee__first_name", "trainee__last_name"]
    search_help_text = _("Search by school name, BRIN code or the trainee's name.")
    autocomplete_fields = PEOPLE
    readonly_fields = [
        "trainee",
        "school",
        "offer",
        "period",
        "kind",
        "status",
        "match_reason_list",
        "decline_reason",
        "employment_hours",
        "proposed_by",
        "responded_by",
        "responded_at",
        "created_at",
    ]
    fieldsets = (
        (None, {"fields": ["trainee", "school", "offer", "period", "kind", "status", "employment_hours"]}),
        (_("People"), {"fields": PEOPLE}),
        (
            _("Matching"),
            {"fields": ["match_reason_list", "proposed_by", "responded_by", "responded_at", "decline_reason"]},
        ),
    )
    actions = ["start_action", "complete_action", "cancel_action"]

    @admin.display(description=_("why this match"))
    def match_reason_list(self, placement):
        """The stored reasons in the reader's language."""
        return "; ".join(placement.match_reason_texts) or "—"

    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request):
        return placement_list_for_user(user=request.user)

    def has_add_permission(self, request):
        # Placements come from matching (page or API) or a trainee's registered job.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    @admin.display(description=_("trainee"), ordering="trainee__last_name")
    def trainee_display(self, placement):
        return f"{placement.trainee.reference} {placement.trainee.full_name}".strip()

    @admin.display(description=_("school subject"), ordering="trainee__subject__name_nl")
    def subject_display(self, placement):
        subject = placement.trainee.subject
        return subject.name if subject else gettext("Primary education")

    def _set_status(self, request, queryset, status: str, done_message: str):
        done, refused = 0, []
        for placement in queryset.order_by("pk"):
            try:
                if status == PlacementStatus.CANCELLED:
                    placement_cancel(placement=placement, actor=request.user)
                else:
                    placement_set_status(placement=placement, status=status, actor=request.user)
            except PortalError as error:
                refused.append(f"{placement.trainee.reference}: {error.message}")
            else:
                done += 1
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)
        if refused:
            self.message_user(
                request, gettext("Not changed: %(rows)s") % {"rows": "; ".join(refused[:20])}, messages.ERROR
            )

    @admin.action(description=_("Start the selected placements"), permissions=["change"])
    def start_action(self, request, queryset):
        self._set_status(request, queryset, PlacementStatus.RUNNING, gettext("Placements started: %(count)d."))

    @admin.action(description=_("Complete the selected placements"), permissions=["change"])
    def complete_action(self, request, queryset):
        self._set_status(request, queryset, PlacementStatus.COMPLETED, gettext("Placements completed: %(count)d."))

    @admin.action(description=_("Cancel the selected placements"), permissions=["change"])
    def cancel_action(self, request, queryset):
        self._set_status(request, queryset, PlacementStatus.CANCELLED, gettext("Placements cancelled: %(count)d."))


# --- evaluations ---------------------------------------------------------------------------------


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyHistoryMixin, SimpleHistoryAdmin):
    """Read-mostly: the mentor and the institute-based educator write evaluations in the portal."""

    list_display = ["placement", "moment", "author_role", "due_on", "submitted_at", "released_at", "judgement"]
    list_filter = ["moment", "author_role", "judgement", ("submitted_at", admin.EmptyFieldListFilter)]
    list_select_related = ["placement", "placement__trainee", "placement__school", "placement__period"]
    search_fields = ["placement__school__name", "placement__trainee__first_name", "placement__trainee__last_name"]
    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request):
        return evaluation_list_for_user(user=request.user).select_related(*self.list_select_related)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- wishes --------------------------------------------------------------------------------------


@admin.register(PlacementWish)
class PlacementWishAdmin(admin.ModelAdmin):
    """Read-only: the trainee writes their wishes and introduction in the portal (wish_save)."""

    list_display = ["trainee", "municipality", "region", "partnership", "days", "has_introduction", "updated_at"]
    list_filter = ["region", "partnership"]
    list_select_related = ["trainee", "region", "partnership"]
    search_fields = ["trainee__first_name", "trainee__last_name", "municipality"]
    fields = ["trainee", "region", "municipality", "partnership", "days", "introduction", "notes", "updated_at"]
    readonly_fields = fields
    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request):
        return wish_list_for_user(user=request.user).select_related("trainee")

    @admin.display(description=_("days I can be at school"))
    def days(self, wish):
        return wish.day_names or "—"

    @admin.display(description=_("introduction for the school"), boolean=True)
    def has_introduction(self, wish):
        return bool(wish.introduction)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
