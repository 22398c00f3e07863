"""Admin of the support desk: questions (read here, with their thread; support staff work on them
on the desk's own pages, and the actions below call the same services) and the knowledge base's
articles (written and edited here; published and taken back through the service)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from iclon.core.errors import PortalError
from programmes.support import services
from programmes.support.models import SupportArticle, SupportQuestion, SupportReply


class SupportReplyInline(admin.TabularInline):
    model = SupportReply
    extra = 0
    can_delete = False
    fields = ["created_at", "author", "internal", "text"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


def _run(modeladmin, request, queryset, call, done_message) -> None:
    done = 0
    for row in queryset:
        try:
            call(row)
        except PortalError as error:
            modeladmin.message_user(request, f"{row}: {error.message}", messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message(done), messages.SUCCESS)


@admin.register(SupportQuestion)
class SupportQuestionAdmin(admin.ModelAdmin):
    list_display = ["title", "topic", "state", "asker", "assignee", "created_at", "first_response_at"]
    list_filter = ["state", "topic", "created_at"]
    search_fields = ["title", "body", "asker__email", "asker__full_name", "assignee__full_name"]
    list_select_related = ["asker", "assignee"]
    autocomplete_fields = ["asker", "assignee"]
    readonly_fields = [
        "asker",
        "topic",
        "title",
        "body",
        "student_reference",
        "state",
        "assignee",
        "created_at",
        "first_response_at",
        "answered_at",
        "closed_at",
    ]
    fields = readonly_fields
    date_hierarchy = "created_at"
    inlines = [SupportReplyInline]
    actions = ["assign_to_me", "close_questions"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Assign the selected questions to me"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda row: services.support_question_assign(question=row, assignee=request.user, actor=request.user),
            lambda n: (
                ngettext("%(count)d question assigned to you.", "%(count)d questions assigned to you.", n)
                % {"count": n}
            ),
        )

    @admin.action(description=_("Close the selected questions"), permissions=["change"])
    def close_questions(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda row: services.support_question_close(question=row, actor=request.user),
            lambda n: ngettext("%(count)d question closed.", "%(count)d questions closed.", n) % {"count": n},
        )


@admin.register(SupportArticle)
class SupportArticleAdmin(admin.ModelAdmin):
    list_display = ["title_nl", "topic", "published", "published_at", "updated_at"]
    list_filter = ["published", "topic"]
    search_fields = ["title_nl", "title_en", "body_nl", "body_en", "slug"]
    list_select_related = ["from_question"]
    autocomplete_fields = ["from_question"]
    prepopulated_fields = {"slug": ["title_nl"]}
    readonly_fields = ["published", "published_at", "created_by", "created_at", "updated_at"]
    fields = [
        "title_nl",
        "title_en",
        "slug",
        "topic",
        "body_nl",
        "body_en",
        "from_question",
        *readonly_fields,
    ]
    actions = ["publish", "unpublish"]

    def save_model(self, request, obj, form, change):
        # The article's texts are edited here; publishing goes through the service (the actions).
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Publish the selected articles"), permissions=["change"])
    def publish(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda row: services.support_article_publish(article=row, actor=request.user),
            lambda n: ngettext("%(count)d article published.", "%(count)d articles published.", n) % {"count": n},
        )

    @admin.action(description=_("Take the selected articles back (unpublish)"), permissions=["change"])
    def unpublish(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda row: services.support_article_publish(article=row, actor=request.user, published=False),
            lambda n: ngettext("%(count)d article taken back.", "%(count)d articles taken back.", n) % {"count": n},
        )
