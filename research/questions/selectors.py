"""The reads of research questions, scoped to the viewer in one place.

Who sees which questions (`question_list_for_user`): research staff (the view permission) all; a
school user their schools' (the tenancy rule, partnerships/tenancy.py); the person who submitted
one and the researcher matched to it theirs; anybody else none. The answered questions a school
made public are everybody's (`public_question_list`); the open thesis topics are the trainees'
(`thesis_topic_list`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from iclon.accounts.models import User
from partnerships.models import School
from partnerships.selectors import active_memberships
from partnerships.tenancy import visible_rows
from research.questions.models import MatchKind, QuestionStatus, ResearchQuestion
from research.questions.permissions import VIEW_QUESTIONS, can_choose_thesis, is_active_person, is_research_staff

Viewer = User | AnonymousUser | None


def _related(rows: QuerySet[ResearchQuestion]) -> QuerySet[ResearchQuestion]:
    return rows.select_related("school", "researcher", "project", "submitted_by", "thesis_trainee").prefetch_related(
        "principles"
    )


def question_list_for_user(user: Viewer) -> QuerySet[ResearchQuestion]:
    own = Q(submitted_by=user) | Q(researcher__user=user) if is_active_person(user) else None
    rows = visible_rows(ResearchQuestion.objects.all(), user=user, perm=VIEW_QUESTIONS, school="school", own=own)
    return _related(rows)


def question_get_for_user(*, user: Viewer, pk: Any) -> ResearchQuestion:
    """The question if `user` may see it (or it is public); Http404 otherwise."""
    rows = question_list_for_user(user) | _related(public_question_list())
    return get_object_or_404(_related(rows.distinct()), pk=pk)


def question_filter(
    rows: QuerySet[ResearchQuestion], *, status: str = "", urgency: str = "", q: str = ""
) -> QuerySet[ResearchQuestion]:
    """`rows` narrowed by the queue's filters (the pages and the API use this one implementation)."""
    if status in QuestionStatus.values:
        rows = rows.filter(status=status)
    if urgency:
        rows = rows.filter(urgency=urgency)
    q = (q or "").strip()[:100]
    if q:
        rows = rows.filter(Q(title__icontains=q) | Q(context__icontains=q) | Q(school__name__icontains=q))
    return rows


def public_question_list() -> QuerySet[ResearchQuestion]:
    """The answered questions their school made public, newest answer first."""
    rows = ResearchQuestion.objects.filter(public=True, status=QuestionStatus.ANSWERED)
    return _related(rows).order_by("-answered_at", "-pk")


def public_questions_for_principle(principle: Any) -> QuerySet[ResearchQuestion]:
    """The public answered questions tagged with `principle`, with their school, newest first."""
    rows = ResearchQuestion.objects.filter(public=True, status=QuestionStatus.ANSWERED, principles=principle)
    return rows.select_related("school").order_by("-answered_at", "-pk")


def thesis_topic_list(user: Viewer) -> QuerySet[ResearchQuestion]:
    """The questions offered as master's thesis topics: to trainees and research staff."""
    if not (can_choose_thesis(user) or is_research_staff(user)):
        return ResearchQuestion.objects.none()
    rows = ResearchQuestion.objects.filter(status=QuestionStatus.MATCHED, match_kind=MatchKind.THESIS)
    if not is_research_staff(user):
        rows = rows.filter(Q(thesis_trainee__isnull=True) | Q(thesis_trainee=user))
    return _related(rows).order_by("thesis_trainee_id", "-matched_at", "-pk")


def schools_for_submitting(user: Viewer) -> QuerySet[School]:
    """The schools `user` may submit a question for: where they hold an active membership."""
    if not is_active_person(user):
        return School.objects.none()
    ids = active_memberships(user=user).values_list("school_id", flat=True)  # type: ignore[arg-type]
    return School.objects.filter(pk__in=list(ids), is_active=True).order_by("name")


def queue_counts() -> dict[str, int]:
    """How many questions wait for research staff, by state (the dashboard card)."""
    waiting = (QuestionStatus.SUBMITTED, QuestionStatus.ACCEPTED, QuestionStatus.MATCHED)
    counts: dict[str, int] = {str(state): 0 for state in waiting}
    rows = ResearchQuestion.objects.filter(status__in=waiting).values("status").annotate(number=Count("pk"))
    counts.update({row["status"]: row["number"] for row in rows.order_by()})
    return counts
