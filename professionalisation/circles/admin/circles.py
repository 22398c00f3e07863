"""The admin of learning circles: circles (with their members and meetings inline), memberships,
meetings, practice questions and products, every write through the services."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from iclon.core.admin import ServiceFormAdminMixin, ServiceInlineMixin
from iclon.core.errors import PortalError
from iclon.core.forms import ServiceModelForm
from professionalisation.activities.admin.common import ActionPageMixin
from professionalisation.circles import services
from professionalisation.circles.models import (
    CircleMeeting,
    CircleMembership,
    CircleProduct,
    LearningCircle,
    PracticeQuestion,
    QuestionStatus,
)
from research.questions.models import ResearchQuestion


class ResearchQuestionLinkForm(forms.Form):
    """The research question a circle takes up: one accepted or matched (research/questions)."""

    question = forms.ModelChoiceField(
        label=_("research question"),
        queryset=ResearchQuestion.objects.filter(status__in=["accepted", "matched"]).select_related("school"),
    )


# --- forms whose save is a service --------------------------------------------------------------


class CircleForm(ServiceModelForm):
    class Meta:
        model = LearningCircle
        fields = list(services.CIRCLE_FIELDS)

    def call_service(self, data):
        values = {name: data.get(name) for name in services.CIRCLE_FIELDS}
        if self.instance.pk is None:
            circle = services.circle_create(actor=self.actor, **values)
            # The inlines' formsets are built on this very object: it becomes the new row.
            for model_field in LearningCircle._meta.concrete_fields:
                setattr(self.instance, model_field.attname, getattr(circle, model_field.attname))
            self.instance._state.adding = False
            return self.instance
        changes = {name: values[name] for name in self.changed_data if name in values}
        return services.circle_update(circle=self.instance, actor=self.actor, **changes)


class MembershipForm(ServiceModelForm):
    """A new row adds a person (`membership_add`); on an existing row only the end date may be set
    (`membership_end`)."""

    class Meta:
        model = CircleMembership
        fields = ["circle", "person", "role", "school", "position", "joined_on", "left_on"]

    def call_service(self, data):
        if self.instance.pk is None:
            membership = services.membership_add(
                circle=data["circle"],
                person=data["person"],
                role=data["role"],
                school=data.get("school"),
                position=data.get("position") or "",
                joined_on=data.get("joined_on"),
                actor=self.actor,
            )
            if data.get("left_on"):
                membership = services.membership_end(membership=membership, left_on=data["left_on"], actor=self.actor)
            return membership
        if set(self.changed_data) - {"left_on"} or not data.get("left_on"):
            raise PortalError(gettext("A membership is not changed: end it, and add the person again if needed."))
        return services.membership_end(membership=self.instance, left_on=data["left_on"], actor=self.actor)


class MembershipInlineForm(MembershipForm):
    class Meta(MembershipForm.Meta):
        fields = ["person", "role", "school", "position", "joined_on", "left_on"]

    def call_service(self, data):
        return super().call_service({**data, "circle": self.instance.circle})


class MeetingForm(ServiceModelForm):
    class Meta:
        model = CircleMeeting
        fields = ["circle", *services.MEETING_FIELDS]

    def call_service(self, data):
        values = {name: data.get(name) for name in services.MEETING_FIELDS}
        values = {name: value if value is not None else "" for name, value in values.items()}
        if self.instance.pk is None:
            return services.meeting_add(circle=data["circle"], actor=self.actor, **values)
        changes = {name: values[name] for name in self.changed_data if name in values}
        return services.meeting_update(meeting=self.instance, actor=self.actor, **changes)


class MeetingInlineForm(MeetingForm):
    class Meta(MeetingForm.Meta):
        fields = list(services.MEETING_FIELDS)

    def call_service(self, data):
        return super().call_service({**data, "circle": self.instance.circle})


class QuestionForm(ServiceModelForm):
    class Meta:
        model = PracticeQuestion
        fields = ["circle", "school", "title", "context"]

    def call_service(self, data):
        return services.practice_question_submit(actor=self.actor, **data)


class ProductForm(ServiceModelForm):
    class Meta:
        model = CircleProduct
        fields = ["meeting", "title", "text", "link"]

    def call_service(self, data):
        return services.product_add(actor=self.actor, **data)


# --- inlines ------------------------------------------------------------------------------------


class MembershipInline(ServiceInlineMixin, admin.TabularInline):
    model = CircleMembership
    form = MembershipInlineForm
    fields = ["person", "role", "school", "position", "joined_on", "left_on"]
    autocomplete_fields = ["person", "school"]
    can_delete = False
    extra = 0


class MeetingInline(ServiceInlineMixin, admin.StackedInline):
    model = CircleMeeting
    form = MeetingInlineForm
    fields = list(services.MEETING_FIELDS)
    can_delete = False
    extra = 0


# --- model admins -------------------------------------------------------------------------------


@admin.register(LearningCircle)
class LearningCircleAdmin(ActionPageMixin, ServiceFormAdminMixin, SimpleHistoryAdmin):
    form = CircleForm
    inlines = [MembershipInline, MeetingInline]
    list_display = ["name_nl", "region", "theme_nl", "starts_on", "ends_on", "active"]
    list_filter = ["active", "region", "principles"]
    list_select_related = ["region"]
    search_fields = ["name_nl", "name_en", "theme_nl", "theme_en"]
    autocomplete_fields = ["region"]
    # Twelve principles, as on activities: coordinators need no rights on the principles' admin.
    filter_horizontal = ["principles"]
    actions = ["deactivate_action", "link_research_question_action"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description=_("Link a school's research question (research staff)"), permissions=["change"])
    def link_research_question_action(self, request, queryset):
        return self.confirmed_action(
            request,
            queryset,
            form_class=ResearchQuestionLinkForm,
            call=lambda circle, data: services.circle_link_research_question(
                circle=circle, question=data["question"], actor=request.user
            ),
            title=gettext("Link a research question"),
            explanation=gettext("The question is matched to the circle, and its school is told."),
            submit_label=gettext("Link"),
            describe=str,
            done_message=lambda n: ngettext("%(count)d circle linked.", "%(count)d circles linked.", n) % {"count": n},
        )

    @admin.action(description=_("End the selected circles (no longer active)"), permissions=["change"])
    def deactivate_action(self, request, queryset):
        self.run_each(
            request,
            queryset,
            lambda circle: services.circle_update(circle=circle, active=False, actor=request.user),
            describe=str,
            done_message=lambda n: ngettext("%(count)d circle ended.", "%(count)d circles ended.", n) % {"count": n},
        )


@admin.register(CircleMembership)
class CircleMembershipAdmin(ActionPageMixin, ServiceFormAdminMixin, SimpleHistoryAdmin):
    form = MembershipForm
    list_display = ["person", "circle", "role", "school", "position", "joined_on", "left_on"]
    list_filter = ["role", "position", "circle__region", "circle"]
    list_select_related = ["person", "circle", "school"]
    search_fields = ["person__full_name", "person__email", "school__name", "circle__name_nl"]
    autocomplete_fields = ["circle", "person", "school"]
    actions = ["end_action"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        return False  # a membership is ended, and its history kept

    @admin.action(description=_("End the selected memberships today"), permissions=["change"])
    def end_action(self, request, queryset):
        self.run_each(
            request,
            queryset.select_related("person", "circle"),
            lambda membership: services.membership_end(membership=membership, actor=request.user),
            describe=str,
            done_message=lambda n: (
                ngettext("%(count)d membership ended.", "%(count)d memberships ended.", n) % {"count": n}
            ),
        )


@admin.register(CircleMeeting)
class CircleMeetingAdmin(ServiceFormAdminMixin, SimpleHistoryAdmin):
    form = MeetingForm
    list_display = ["circle", "date", "starts_at", "ends_at", "place"]
    list_filter = ["circle__region", "circle"]
    list_select_related = ["circle"]
    search_fields = ["circle__name_nl", "place", "agenda"]
    autocomplete_fields = ["circle"]
    date_hierarchy = "date"


def _status_action(status: str, description):
    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        modeladmin.run_each(
            request,
            queryset,
            lambda question: services.practice_question_set_status(
                question=question, status=status, actor=request.user
            ),
            describe=str,
            done_message=lambda n: (
                ngettext("%(count)d question changed.", "%(count)d questions changed.", n) % {"count": n}
            ),
        )

    action.__name__ = f"status_{status}_action"
    return action


@admin.register(PracticeQuestion)
class PracticeQuestionAdmin(ActionPageMixin, ServiceFormAdminMixin, SimpleHistoryAdmin):
    form = QuestionForm
    list_display = ["title", "circle", "school", "status", "submitted_by", "created_at"]
    list_filter = ["status", "circle__region", "circle"]
    list_select_related = ["circle", "school", "submitted_by"]
    search_fields = ["title", "context", "school__name", "circle__name_nl"]
    autocomplete_fields = ["circle", "school"]
    actions = [
        _status_action(QuestionStatus.IN_PROGRESS, _("Mark as being worked on")),
        _status_action(QuestionStatus.ANSWERED, _("Mark as answered")),
        _status_action(QuestionStatus.CLOSED, _("Close")),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Changed only through the actions (its status) once it is brought in.
        return ["circle", "school", "title", "context", "status", "submitted_by"] if obj else []

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(CircleProduct)
class CircleProductAdmin(ServiceFormAdminMixin, SimpleHistoryAdmin):
    form = ProductForm
    list_display = ["title", "meeting", "added_by", "created_at"]
    list_filter = ["meeting__circle"]
    list_select_related = ["meeting__circle", "added_by"]
    search_fields = ["title", "text", "meeting__circle__name_nl"]
    autocomplete_fields = ["meeting"]

    def get_readonly_fields(self, request, obj=None):
        return ["meeting", "title", "text", "link", "added_by"] if obj else []
