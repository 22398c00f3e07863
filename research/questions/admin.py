"""The admin of research questions: the questions (read-only: schools submit them through their
pages, the public form and the API; research staff move them along on the question's page, and
accept the submitted ones here with an action that calls the service) and the submissions of the
public form (read-only; research staff may delete them, through the service)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from iclon.core.admin import ServiceHistoryAdmin
from iclon.core.errors import PortalError
from research.questions import public, services
from research.questions.models import QuestionSubmission, ResearchQuestion


@admin.register(ResearchQuestion)
class ResearchQuestionAdmin(ServiceHistoryAdmin, SimpleHistoryAdmin):
    """Read-only: written by the services only."""

    list_display = ["title", "school", "status", "urgency", "match_kind", "rating", "public", "created_at"]
    list_filter = ["status", "urgency", "sector", "match_kind", "public"]
    search_fields = ["title", "context", "school__name", "contact_name", "contact_email"]
    list_select_related = ["school"]
    autocomplete_fields = ["school"]
    date_hierarchy = "created_at"
    actions = ["accept_action"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in ResearchQuestion._meta.concrete_fields] + ["principles"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description=_("Accept the submitted questions"), permissions=["change"])
    def accept_action(self, request, queryset):
        done, refused = 0, []
        for question in queryset:
            try:
                services.question_review(question=question, actor=request.user, decision="accept")
            except PortalError as error:
                refused.append(f"{question}: {error.message}")
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d question accepted.", "%(count)d questions accepted.", done) % {"count": done},
            )
        if refused:
            self.message_user(request, gettext("Refused: %(list)s") % {"list": "; ".join(refused)}, level="error")


@admin.register(QuestionSubmission)
class QuestionSubmissionAdmin(admin.ModelAdmin):
    """Read-only: teachers write them through the public form; research staff may delete them (the
    question one made stays). Unverified ones are purged (tasks.py)."""

    list_display = ["title", "school", "contact_name", "contact_email", "created_at", "verified_at"]
    list_filter = ["created_at", "verified_at"]
    search_fields = ["title", "school__name", "contact_name", "contact_email"]
    list_select_related = ["school"]
    autocomplete_fields = ["school"]
    date_hierarchy = "created_at"
    fields = [
        "school",
        "title",
        "context",
        "subject",
        "sector",
        "intended_use",
        "urgency",
        "contact_name",
        "contact_email",
        "language",
        "created_at",
        "expires_at",
        "verified_at",
        "question",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        public.submission_delete(submission=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for submission in queryset:
            public.submission_delete(submission=submission, actor=request.user)
