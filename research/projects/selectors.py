"""The reads of research projects, scoped to the viewer in one place: everybody sees the published
projects, research staff (the view permission) the drafts too; and the figures the portal shows
(running PhD projects, completed dissertations), computed from the published projects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from iclon.accounts.models import User
from research.people.models import Researcher
from research.projects.models import (
    SUPERVISOR_ROLES,
    MemberRole,
    ProjectKind,
    ProjectMember,
    ProjectStatus,
    ResearchProject,
)
from research.projects.permissions import sees_unpublished_projects

Viewer = User | AnonymousUser | None

#: The longest search the lists take (longer input is cut).
MAX_SEARCH = 100


def _members() -> Prefetch:
    return Prefetch(
        "memberships",
        queryset=ProjectMember.objects.select_related("researcher").order_by("order", "pk"),
    )


def project_list_for_user(user: Viewer) -> QuerySet[ResearchProject]:
    rows = ResearchProject.objects.all()
    if not sees_unpublished_projects(user):
        rows = rows.filter(published=True)
    return rows.select_related("region").prefetch_related(_members(), "principles")


def project_get_for_user(*, user: Viewer, slug: Any) -> ResearchProject:
    """The project with everything its page shows, if `user` may see it; Http404 otherwise."""
    rows = project_list_for_user(user).prefetch_related("partner_schools", "school_boards", "outputs")
    return get_object_or_404(rows, slug=slug)


def project_filter(
    rows: QuerySet[ResearchProject],
    *,
    kind: str = "",
    status: str = "",
    principle: str = "",
    year: int | None = None,
    researcher: str = "",
    school: int | None = None,
    region: str = "",
    q: str = "",
) -> QuerySet[ResearchProject]:
    """`rows` narrowed by the portal's filters (the pages and the API use this one implementation):
    kind, status, principle (slug), year (the project ran in it), researcher (slug, in any role),
    partner school (id), education region (slug) and a search in titles, summaries and members'
    names. Each row at most once."""
    if kind:
        rows = rows.filter(kind=kind)
    if status:
        rows = rows.filter(status=status)
    if principle:
        rows = rows.filter(principles__slug=principle)
    if year:
        rows = rows.filter(start_date__year__lte=year).filter(Q(end_date__isnull=True) | Q(end_date__year__gte=year))
    if researcher:
        rows = rows.filter(Exists(ProjectMember.objects.filter(project=OuterRef("pk"), researcher__slug=researcher)))
    if school:
        rows = rows.filter(
            Exists(
                ResearchProject.partner_schools.through.objects.filter(researchproject=OuterRef("pk"), school=school)
            )
        )
    if region:
        rows = rows.filter(region__slug=region)
    for word in (q or "").strip()[:MAX_SEARCH].split():
        named = Exists(ProjectMember.objects.filter(project=OuterRef("pk"), researcher__full_name__icontains=word))
        rows = rows.filter(
            Q(title_nl__icontains=word)
            | Q(title_en__icontains=word)
            | Q(summary_nl__icontains=word)
            | Q(summary_en__icontains=word)
            | Q(grant_number__iexact=word)
            | named
        )
    return rows


@dataclass(frozen=True)
class ResearchCounts:
    running_phd_projects: int
    completed_dissertations: int


def research_counts() -> ResearchCounts:
    """The figures the portal shows, from the published PhD projects (one query)."""
    phd = ResearchProject.objects.filter(published=True, kind=ProjectKind.PHD)
    counts = phd.aggregate(
        running=Count("pk", filter=Q(status=ProjectStatus.RUNNING)),
        completed=Count("pk", filter=Q(status=ProjectStatus.COMPLETED)),
    )
    return ResearchCounts(running_phd_projects=counts["running"], completed_dissertations=counts["completed"])


def researcher_projects(*, user: Viewer, researcher: Researcher) -> QuerySet[ResearchProject]:
    """The projects `user` may see in which `researcher` has any role."""
    return project_filter(project_list_for_user(user), researcher=researcher.slug).order_by("-start_date", "pk")


def researcher_supervision(*, user: Viewer, researcher: Researcher) -> QuerySet[ProjectMember]:
    """The PhD candidates `researcher` supervises (as promotor, co-promotor or daily supervisor), in
    the PhD projects `user` may see: each candidate's membership, with project and candidate."""
    supervised = ProjectMember.objects.filter(researcher=researcher, role__in=SUPERVISOR_ROLES).values("project")
    projects = project_list_for_user(user).filter(kind=ProjectKind.PHD, pk__in=supervised).values("pk")
    return (
        ProjectMember.objects.filter(role=MemberRole.CANDIDATE, project__in=projects)
        .select_related("researcher", "project")
        .order_by("-project__start_date", "pk")
    )
