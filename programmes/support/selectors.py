"""Whose support questions are read where: the one place the rule is written.

An asker reads their own questions; support staff read every question. Internal notes are
support staff's alone: `reply_list_for_user` leaves them out for anybody else, so no page or
endpoint can show them by mistake. The knowledge base shows published articles to every staff
member, and drafts too to support staff."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, Permission
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone, translation

from iclon.accounts.models import User
from programmes.support.models import WAITING_STATES, SupportArticle, SupportQuestion, SupportReply, SupportState
from programmes.support.permissions import SUPPORT, can_ask, is_support_staff

DEFAULT_RESPONSE_DAYS = 2

Viewer = User | AnonymousUser | None


def response_days() -> int:
    """The working days within which a question is usually answered (settings.SUPPORT_RESPONSE_DAYS)."""
    return int(getattr(settings, "SUPPORT_RESPONSE_DAYS", DEFAULT_RESPONSE_DAYS))


def working_days_before(moment: datetime.datetime, days: int) -> datetime.datetime:
    """`moment` moved back by `days` working days (Monday to Friday; holidays are not known)."""
    result = timezone.localtime(moment)
    while days > 0:
        result -= datetime.timedelta(days=1)
        if result.weekday() < 5:
            days -= 1
    return result


def question_list_for_user(*, user: Viewer) -> QuerySet[SupportQuestion]:
    """The questions `user` may read, newest first, with asker and assignee loaded."""
    if is_support_staff(user):
        rows = SupportQuestion.objects.all()
    elif can_ask(user):
        rows = SupportQuestion.objects.filter(asker_id=getattr(user, "pk", None))
    else:
        return SupportQuestion.objects.none()
    return rows.select_related("asker", "assignee").order_by("-created_at", "-pk")


def question_get_for_user(*, user: Viewer, pk: int | str) -> SupportQuestion:
    """One question `user` may read; 404 for anybody else's (and for visitors)."""
    try:
        return question_list_for_user(user=user).get(pk=pk)
    except (SupportQuestion.DoesNotExist, ValueError):
        raise Http404 from None


def reply_list_for_user(*, user: Viewer, question: SupportQuestion) -> QuerySet[SupportReply]:
    """The thread of `question` as `user` may read it: without internal notes unless support staff."""
    rows = SupportReply.objects.filter(question=question).select_related("author").order_by("created_at", "pk")
    return rows if is_support_staff(user) else rows.filter(internal=False)


def with_visible_replies(rows: QuerySet[SupportQuestion], *, user: Viewer) -> QuerySet[SupportQuestion]:
    """`rows` with their replies (as `user` may read them) prefetched: one query for any number."""
    replies = SupportReply.objects.select_related("author").order_by("created_at", "pk")
    if not is_support_staff(user):
        replies = replies.filter(internal=False)
    return rows.prefetch_related(Prefetch("replies", queryset=replies, to_attr="visible_replies"))


def question_filter(
    rows: QuerySet[SupportQuestion], *, state: str = "", topic: str = "", assignee: str = "", user: Viewer = None
) -> QuerySet[SupportQuestion]:
    """The queue's filters: a state, a topic, and the assignee ("me", "none" or a user's id)."""
    if state:
        rows = rows.filter(state=state)
    if topic:
        rows = rows.filter(topic=topic)
    if assignee == "me" and user is not None:
        rows = rows.filter(assignee_id=getattr(user, "pk", None))
    elif assignee == "none":
        rows = rows.filter(assignee__isnull=True)
    elif assignee.isdigit():
        rows = rows.filter(assignee_id=int(assignee))
    return rows


def queue_counts() -> dict[str, int]:
    """The number of questions in each state, plus the open ones nobody is assigned to and the
    waiting ones without a response after the usual response time (one query)."""
    overdue_before = working_days_before(timezone.now(), response_days())
    counts = SupportQuestion.objects.aggregate(
        **{state.value: Count("pk", filter=Q(state=state)) for state in SupportState},
        unassigned=Count("pk", filter=Q(state=SupportState.OPEN, assignee__isnull=True)),
        overdue=Count(
            "pk", filter=Q(state__in=WAITING_STATES, first_response_at__isnull=True, created_at__lt=overdue_before)
        ),
    )
    return {key: value or 0 for key, value in counts.items()}


def overdue_filter(rows: QuerySet[SupportQuestion]) -> QuerySet[SupportQuestion]:
    """Waiting questions without a first response after the usual response time."""
    overdue_before = working_days_before(timezone.now(), response_days())
    return rows.filter(state__in=WAITING_STATES, first_response_at__isnull=True, created_at__lt=overdue_before)


def support_staff_list() -> QuerySet[User]:
    """The active staff who may answer questions (for assigning and notifying)."""
    app_label, codename = SUPPORT.split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    if permission is None:
        return User.objects.none()
    return (
        User.objects.filter(is_active=True, is_staff=True)
        .filter(Q(groups__permissions=permission) | Q(user_permissions=permission) | Q(is_superuser=True))
        .distinct()
        .order_by("full_name", "pk")
    )


def article_list_for_user(*, user: Viewer, q: str = "", topic: str = "") -> QuerySet[SupportArticle]:
    """The knowledge base as `user` may read it (published articles; drafts too for support staff),
    searched in the active language's title and text."""
    if not can_ask(user):
        return SupportArticle.objects.none()
    rows = SupportArticle.objects.all() if is_support_staff(user) else SupportArticle.objects.filter(published=True)
    if topic:
        rows = rows.filter(topic=topic)
    q = (q or "").strip()[:100]
    if q:
        language = _language()
        rows = rows.filter(Q(**{f"title_{language}__icontains": q}) | Q(**{f"body_{language}__icontains": q}))
    return rows.select_related("from_question").order_by(f"title_{_language()}", "title_nl", "pk")


def _language() -> str:
    return "en" if (translation.get_language() or "nl").startswith("en") else "nl"


def article_get_for_user(*, user: Viewer, key: str) -> SupportArticle:
    """One article by slug (or id) that `user` may read; 404 otherwise."""
    rows = article_list_for_user(user=user)
    lookup = Q(slug=key) | Q(pk=int(key)) if key.isdigit() else Q(slug=key)
    article = rows.filter(lookup).first()
    if article is None:
        raise Http404
    return article
