"""Research projects through the services: research staff create and change projects, their
members and outputs, and move their status; every rule is checked on the server, and a refusal
writes nothing."""

import datetime

import pytest

from iclon.core.errors import Conflict, NotAllowed, PortalError
from research.models import (
    MemberRole,
    ProjectKind,
    ProjectMember,
    ProjectOutput,
    ProjectStatus,
    ResearchProject,
    TeachingLearningPrinciple,
)
from research.projects import services
from research.projects.permissions import manages_projects, sees_unpublished_projects
from tests.factories.partnerships import EducationRegionFactory, SchoolBoardFactory
from tests.factories.research import ProjectMemberFactory, ResearcherFactory, ResearchProjectFactory
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

START = datetime.date(2024, 9, 1)


def create(actor, **fields):
    values = {"kind": ProjectKind.PHD, "title_nl": "Feedback in de klas", "start_date": START, **fields}
    return services.project_create(actor=actor, **values)


def test_research_staff_create_a_project_as_a_draft_with_its_relations(researcher, school_a):
    region = EducationRegionFactory()
    board = SchoolBoardFactory()
    project = create(
        researcher,
        title_en="Feedback in the classroom",
        kind=ProjectKind.PRACTICE,
        region=region,
        funder="NRO",
        grant_number="40.5.22500.123",
        partner_schools=[school_a],
        school_boards=[board],
        principles=TeachingLearningPrinciple.objects.filter(slug="formatief"),
    )
    project.refresh_from_db()
    assert project.slug == "feedback-in-the-classroom"
    assert (project.status, project.published) == (ProjectStatus.PLANNED, False)
    assert list(project.partner_schools.all()) == [school_a]
    assert list(project.school_boards.all()) == [board]
    assert project.region == region
    assert [p.slug for p in project.principles.all()] == ["formatief"]
    assert project.history.get().history_user == researcher


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title_nl": " "}, "title_nl"),
        ({"kind": "hobby"}, "kind"),
        ({"status": "paused"}, "status"),
        ({"end_date": START - datetime.timedelta(days=1)}, None),
        ({"kind": ProjectKind.INNOVATION, "defence_date": START}, None),
        ({"kind": ProjectKind.INNOVATION, "dissertation_url": "https://hdl.handle.net/1887/1"}, None),
        ({"status": ProjectStatus.COMPLETED}, None),  # a completed PhD project without defence
        ({"defence_date": START - datetime.timedelta(days=1)}, None),
        ({"dissertation_url": "not a link"}, "dissertation_url"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_each_wrong_project_is_refused(researcher, fields, field):
    with nothing_written(ResearchProject), pytest.raises(PortalError) as caught:
        create(researcher, **fields)
    assert caught.value.field == field


def test_the_refusals_name_the_rule(researcher):
    with pytest.raises(PortalError, match="end date cannot be before"):
        create(researcher, end_date=START - datetime.timedelta(days=1))
    with pytest.raises(PortalError, match="completed PhD project has a defence date"):
        create(researcher, status=ProjectStatus.COMPLETED)
    with pytest.raises(PortalError, match="Only a PhD project has a defence date"):
        create(researcher, kind=ProjectKind.POSTDOC, defence_date=START)


@pytest.mark.parametrize(
    "persona",
    ["anonymous", "applicant", "school_a_contact", "programme_coordinator", "professionalisation_coordinator"],
)
def test_nobody_but_research_staff_writes_projects(persona, request):
    actor = None if persona == "anonymous" else request.getfixturevalue(persona)
    project = ResearchProjectFactory()
    candidate = ResearcherFactory()
    assert not manages_projects(actor)
    assert not sees_unpublished_projects(actor)
    with nothing_written(ResearchProject), nothing_written(ProjectMember), nothing_written(ProjectOutput):
        for call in (
            lambda: create(actor),
            lambda: services.project_update(project=project, actor=actor, title_nl="Anders"),
            lambda: services.project_set_status(project=project, actor=actor, status=ProjectStatus.PLANNED),
            lambda: services.member_add(project=project, researcher=candidate, role=MemberRole.MEMBER, actor=actor),
            lambda: services.output_add(project=project, actor=actor, title="Rapport", kind="report"),
        ):
            with pytest.raises(NotAllowed):
                call()


def test_a_member_of_the_project_does_not_edit_it(researcher):
    person_project = ResearchProjectFactory()
    member = ProjectMemberFactory(
        project=person_project,
        researcher__user=researcher.__class__.objects.create_user(email="member@example.org", password="x"),
    )
    with pytest.raises(NotAllowed):
        services.project_update(project=person_project, actor=member.researcher.user, title_nl="Mijn titel")


def test_administrators_write_projects(administrator):
    assert create(administrator).pk
    assert manages_projects(administrator)


def test_update_changes_fields_and_relations(researcher, school_a, school_b):
    project = ResearchProjectFactory(partner_schools=[school_a])
    services.project_update(
        project=project, actor=researcher, title_en="New title", partner_schools=[school_b], published=False
    )
    project.refresh_from_db()
    assert project.title_en == "New title"
    assert list(project.partner_schools.all()) == [school_b]
    assert not project.published


# --- status ---------------------------------------------------------------------------------------


def test_a_project_moves_planned_running_completed(researcher):
    project = create(researcher, kind=ProjectKind.INNOVATION)
    services.project_set_status(project=project, actor=researcher, status=ProjectStatus.RUNNING)
    done = services.project_set_status(
        project=project, actor=researcher, status=ProjectStatus.COMPLETED, end_date=datetime.date(2025, 7, 1)
    )
    assert (done.status, done.end_date) == (ProjectStatus.COMPLETED, datetime.date(2025, 7, 1))


def test_a_phd_project_completes_with_its_defence(researcher):
    project = ResearchProjectFactory(kind=ProjectKind.PHD, status=ProjectStatus.RUNNING)
    with nothing_written(project), pytest.raises(PortalError) as caught:
        services.project_set_status(project=project, actor=researcher, status=ProjectStatus.COMPLETED)
    assert caught.value.field == "defence_date"
    done = services.project_set_status(
        project=project,
        actor=researcher,
        status=ProjectStatus.COMPLETED,
        defence_date=datetime.date(2027, 6, 12),
        dissertation_url="https://hdl.handle.net/1887/3000000",
    )
    assert done.defence_date == datetime.date(2027, 6, 12)
    assert done.dissertation_url == "https://hdl.handle.net/1887/3000000"


@pytest.mark.parametrize(
    ("current", "new"),
    [(ProjectStatus.PLANNED, ProjectStatus.COMPLETED), (ProjectStatus.COMPLETED, ProjectStatus.PLANNED)],
)
def test_a_status_is_not_skipped(researcher, current, new):
    project = ResearchProjectFactory(kind=ProjectKind.POSTDOC, status=current)
    with nothing_written(project), pytest.raises(Conflict):
        services.project_set_status(project=project, actor=researcher, status=new)


def test_a_status_step_back_corrects_a_mistake(researcher):
    project = ResearchProjectFactory(kind=ProjectKind.POSTDOC, status=ProjectStatus.RUNNING)
    back = services.project_set_status(project=project, actor=researcher, status=ProjectStatus.PLANNED)
    assert back.status == ProjectStatus.PLANNED


# --- members ----------------------------------------------------------------------------------------


def test_members_are_added_in_order_with_their_roles(researcher):
    project = ResearchProjectFactory()
    promotor, candidate = ResearcherFactory(), ResearcherFactory()
    first = services.member_add(project=project, researcher=promotor, role=MemberRole.PROMOTOR, actor=researcher)
    second = services.member_add(project=project, researcher=candidate, role=MemberRole.CANDIDATE, actor=researcher)
    assert (first.order, second.order) == (1, 2)
    # A promotor may also be the daily supervisor: another role.
    services.member_add(project=project, researcher=promotor, role=MemberRole.DAILY_SUPERVISOR, actor=researcher)
    assert project.memberships.count() == 3


def test_the_candidate_role_is_for_a_phd_projects_one_candidate(researcher):
    phd = ResearchProjectFactory()
    services.member_add(project=phd, researcher=ResearcherFactory(), role=MemberRole.CANDIDATE, actor=researcher)
    with nothing_written(ProjectMember), pytest.raises(Conflict):
        services.member_add(project=phd, researcher=ResearcherFactory(), role=MemberRole.CANDIDATE, actor=researcher)
    other = ResearchProjectFactory(kind=ProjectKind.PRACTICE)
    with nothing_written(ProjectMember), pytest.raises(PortalError) as caught:
        services.member_add(project=other, researcher=ResearcherFactory(), role=MemberRole.CANDIDATE, actor=researcher)
    assert caught.value.field == "role"


def test_a_role_twice_is_refused(researcher):
    member = ProjectMemberFactory(role=MemberRole.MEMBER)
    with nothing_written(ProjectMember), pytest.raises(Conflict):
        services.member_add(
            project=member.project, researcher=member.researcher, role=MemberRole.MEMBER, actor=researcher
        )
    with pytest.raises(PortalError) as caught:
        services.member_add(project=member.project, researcher=member.researcher, role="dean", actor=researcher)
    assert caught.value.field == "role"


def test_a_phd_project_with_a_candidate_does_not_become_another_kind(researcher):
    member = ProjectMemberFactory(role=MemberRole.CANDIDATE)
    with nothing_written(member.project), pytest.raises(PortalError) as caught:
        services.project_update(project=member.project, actor=researcher, kind=ProjectKind.POSTDOC)
    assert caught.value.field == "kind"


def test_member_update_and_remove(researcher):
    member = ProjectMemberFactory(role=MemberRole.MEMBER, project__kind=ProjectKind.PRACTICE)
    with pytest.raises(PortalError):
        services.member_update(member=member, actor=researcher, role=MemberRole.CANDIDATE)
    changed = services.member_update(member=member, actor=researcher, role=MemberRole.DAILY_SUPERVISOR, order=5)
    assert (changed.role, changed.order) == (MemberRole.DAILY_SUPERVISOR, 5)
    services.member_remove(member=changed, actor=researcher)
    assert not ProjectMember.objects.exists()


# --- outputs ----------------------------------------------------------------------------------------


def test_outputs_are_added_changed_and_removed(researcher):
    project = ResearchProjectFactory()
    output = services.output_add(project=project, actor=researcher, title=" Handreiking ", kind="tool")
    assert (output.title, output.order) == ("Handreiking", 1)
    with pytest.raises(PortalError) as caught:
        services.output_add(project=project, actor=researcher, title="Link", kind="tool", url="nope")
    assert caught.value.field == "url"
    with pytest.raises(PortalError) as caught:
        services.output_update(output=output, actor=researcher, title="")
    assert caught.value.field == "title"
    services.output_update(output=output, actor=researcher, url="https://example.org/handreiking")
    services.output_remove(output=output, actor=researcher)
    assert not ProjectOutput.objects.exists()
