"""Every write of research projects; the admin and the demo call these.

Each service runs in one transaction, checks who acts (research staff: permissions.manages_projects),
validates on the server (the model's constraints: dates in order, a defence only on a PhD project,
a completed PhD project defended; and the rules below) and refuses with a translated PortalError
(NotAllowed for the wrong person, Conflict for the wrong moment) before it writes anything; the
history rows name the actor.

The status moves planned → running → completed, and one step back to correct a mistake
(`TRANSITIONS`); completing a PhD project needs its defence date. The candidate role is for PhD
projects only, and a PhD project has one candidate."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Max, Model
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from iclon.accounts.models import User
from iclon.core.errors import Conflict, NotAllowed, PortalError, full_clean_or_raise
from iclon.core.history import history_author, record_history_as
from partnerships.models import School, SchoolBoard
from research.knowledge.models import TeachingLearningPrinciple
from research.people.models import Researcher
from research.projects.models import (
    MemberRole,
    ProjectKind,
    ProjectMember,
    ProjectOutput,
    ProjectStatus,
    ResearchProject,
)
from research.projects.permissions import manages_projects

#: The fields of a project that `project_create` takes and `project_update` may change (the status
#: changes through `project_set_status`).
PROJECT_FIELDS = (
    "slug",
    "kind",
    "title_nl",
    "title_en",
    "summary_nl",
    "summary_en",
    "start_date",
    "end_date",
    "region",
    "funder",
    "grant_number",
    "defence_date",
    "dissertation_url",
    "published",
)

#: The status moves: forward, and one step back to correct a mistake.
TRANSITIONS = {
    ProjectStatus.PLANNED: (ProjectStatus.RUNNING,),
    ProjectStatus.RUNNING: (ProjectStatus.COMPLETED, ProjectStatus.PLANNED),
    ProjectStatus.COMPLETED: (ProjectStatus.RUNNING,),
}


def _save(row: Model, actor: User | AnonymousUser | None) -> Any:
    full_clean_or_raise(row)
    record_history_as(row, history_author(actor))
    row.save()
    return row


def _require_manager(actor: User | AnonymousUser | None) -> None:
    if not manages_projects(actor):
        raise NotAllowed()


def _unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:130] or "project"
    slug, number = base, 2
    while ResearchProject.objects.filter(slug=slug).exclude(pk=exclude_pk or 0).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _check_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(PROJECT_FIELDS)
    if unknown:
        raise PortalError(_("These fields cannot be changed here."), field=sorted(unknown)[0])
    return {name: value.strip() if isinstance(value, str) else value for name, value in fields.items()}


def _check_members_fit(project: ResearchProject) -> None:
    """A project that is no longer a PhD project keeps no candidate."""
    if not project.is_phd and project.memberships.filter(role=MemberRole.CANDIDATE).exists():
        raise PortalError(_("Only a PhD project has a PhD candidate: remove the candidate first."), field="kind")


def _set_relations(
    project: ResearchProject,
    *,
    partner_schools: Iterable[School] | None,
    school_boards: Iterable[SchoolBoard] | None,
    principles: Iterable[TeachingLearningPrinciple] | None,
) -> None:
    if partner_schools is not None:
        project.partner_schools.set(list(partner_schools))
    if school_boards is not None:
        project.school_boards.set(list(school_boards))
    if principles is not None:
        project.principles.set(list(principles))


def project_create(
    *,
    actor: User | AnonymousUser | None,
    kind: str,
    title_nl: str,
    start_date: datetime.date,
    status: str = ProjectStatus.PLANNED,
    partner_schools: Iterable[School] = (),
    school_boards: Iterable[SchoolBoard] = (),
    principles: Iterable[TeachingLearningPrinciple] = (),
    **fields: Any,
) -> ResearchProject:
    """Add a project (research staff), as a draft unless `published=True`. Without a slug, one is
    made from the title."""
    with transaction.atomic():
        _require_manager(actor)
        values = _check_fields(fields)
        title_nl = (title_nl or "").strip()
        if not title_nl:
            raise PortalError(_("Give the project's title."), field="title_nl")
        if status not in ProjectStatus.values:
            raise PortalError(_("Choose a valid status."), field="status")
        if not values.get("slug"):
            values["slug"] = _unique_slug(values.get("title_en") or title_nl)
        project = ResearchProject(kind=kind, title_nl=title_nl, start_date=start_date, status=status, **values)
        _save(project, actor)
        _set_relations(project, partner_schools=partner_schools, school_boards=school_boards, principles=principles)
        return project


def project_update(
    *,
    project: ResearchProject,
    actor: User | AnonymousUser | None,
    partner_schools: Iterable[School] | None = None,
    school_boards: Iterable[SchoolBoard] | None = None,
    principles: Iterable[TeachingLearningPrinciple] | None = None,
    **changes: Any,
) -> ResearchProject:
    """Change a project's fields (PROJECT_FIELDS) and relations (research staff)."""
    with transaction.atomic():
        _require_manager(actor)
        values = _check_fields(changes)
        project = ResearchProject.objects.select_for_update().get(pk=project.pk)
        if "slug" in values and not values["slug"]:
            values["slug"] = _unique_slug(project.title_en or project.title_nl, exclude_pk=project.pk)
        for name, value in values.items():
            setattr(project, name, value)
        _check_members_fit(project)
        _save(project, actor)
        _set_relations(project, partner_schools=partner_schools, school_boards=school_boards, principles=principles)
        return project


def project_set_status(
    *,
    project: ResearchProject,
    actor: User | AnonymousUser | None,
    status: str,
    end_date: datetime.date | None = None,
    defence_date: datetime.date | None = None,
    dissertation_url: str | None = None,
) -> ResearchProject:
    """Move a project to `status` (TRANSITIONS). Completing may set the end date and, for a PhD
    project, the defence date (required) and the dissertation's link."""
    with transaction.atomic():
        _require_manager(actor)
        project = ResearchProject.objects.select_for_update().get(pk=project.pk)
        if status not in ProjectStatus.values:
            raise PortalError(_("Choose a valid status."), field="status")
        if status not in TRANSITIONS[ProjectStatus(project.status)]:
            raise Conflict(
                _("A project cannot go from “%(current)s” to “%(new)s”.")
                % {"current": project.get_status_display(), "new": ProjectStatus(status).label}
            )
        if end_date is not None:
            project.end_date = end_date
        if defence_date is not None:
            project.defence_date = defence_date
        if dissertation_url is not None:
            project.dissertation_url = dissertation_url.strip()
        if status == ProjectStatus.COMPLETED and project.is_phd and project.defence_date is None:
            raise PortalError(_("A completed PhD project has a defence date."), field="defence_date")
        project.status = status
        return _save(project, actor)


# --- members ---------------------------------------------------------------------------------------


def member_add(
    *,
    project: ResearchProject,
    researcher: Researcher,
    role: str,
    actor: User | AnonymousUser | None,
    order: int | None = None,
) -> ProjectMember:
    """Add `researcher` to the project in `role` (research staff). The candidate role is for a PhD
    project's one candidate; a researcher has each role in a project once. Without an order the
    member comes last."""
    with transaction.atomic():
        _require_manager(actor)
        project = ResearchProject.objects.select_for_update().get(pk=project.pk)
        if role not in MemberRole.values:
            raise PortalError(_("Choose a valid role."), field="role")
        if role == MemberRole.CANDIDATE and project.kind != ProjectKind.PHD:
            raise PortalError(_("Only a PhD project has a PhD candidate."), field="role")
        if role == MemberRole.CANDIDATE and project.memberships.filter(role=MemberRole.CANDIDATE).exists():
            raise Conflict(_("This PhD project has a candidate already."))
        if project.memberships.filter(researcher=researcher, role=role).exists():
            raise Conflict(_("This researcher has this role in the project already."))
        if order is None:
            order = (project.memberships.aggregate(last=Max("order"))["last"] or 0) + 1
        return _save(ProjectMember(project=project, researcher=researcher, role=role, order=order), actor)


def member_update(
    *, member: ProjectMember, actor: User | AnonymousUser | None, role: str | None = None, order: int | None = None
) -> ProjectMember:
    """Change a member's role or place in the list (research staff), under member_add's rules."""
    with transaction.atomic():
        _require_manager(actor)
        member = ProjectMember.objects.select_for_update().select_related("project").get(pk=member.pk)
        if role is not None and role != member.role:
            if role not in MemberRole.values:
                raise PortalError(_("Choose a valid role."), field="role")
            if role == MemberRole.CANDIDATE and not member.project.is_phd:
                raise PortalError(_("Only a PhD project has a PhD candidate."), field="role")
            if role == MemberRole.CANDIDATE and member.project.memberships.filter(role=role).exists():
                raise Conflict(_("This PhD project has a candidate already."))
            member.role = role
        if order is not None:
            member.order = order
        return _save(member, actor)


def member_remove(*, member: ProjectMember, actor: User | AnonymousUser | None) -> None:
    """Take a researcher off a project (research staff)."""
    with transaction.atomic():
        _require_manager(actor)
        record_history_as(member, history_author(actor))
        member.delete()


# --- outputs ---------------------------------------------------------------------------------------


def output_add(
    *,
    project: ResearchProject,
    actor: User | AnonymousUser | None,
    title: str,
    kind: str,
    url: str = "",
    order: int | None = None,
) -> ProjectOutput:
    with transaction.atomic():
        _require_manager(actor)
        if not (title or "").strip():
            raise PortalError(_("Give the output's title."), field="title")
        if order is None:
            order = (project.outputs.aggregate(last=Max("order"))["last"] or 0) + 1
        output = ProjectOutput(project=project, title=title.strip(), kind=kind, url=(url or "").strip(), order=order)
        return _save(output, actor)


def output_update(*, output: ProjectOutput, actor: User | AnonymousUser | None, **changes: Any) -> ProjectOutput:
    with transaction.atomic():
        _require_manager(actor)
        unknown = set(changes) - {"title", "kind", "url", "order"}
        if unknown:
            raise PortalError(_("These fields cannot be changed here."), field=sorted(unknown)[0])
        output = ProjectOutput.objects.select_for_update().get(pk=output.pk)
        for name, value in changes.items():
            setattr(output, name, value.strip() if isinstance(value, str) else value)
        if not output.title:
            raise PortalError(_("Give the output's title."), field="title")
        return _save(output, actor)


def output_remove(*, output: ProjectOutput, actor: User | AnonymousUser | None) -> None:
    with transaction.atomic():
        _require_manager(actor)
        output.delete()
