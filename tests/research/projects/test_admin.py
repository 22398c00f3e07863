"""The admin of research: every model's list for research staff (refused for other staff, school
users and visitors), a project saved with its members inline through the services (a refusal is an
error on the page, nothing saved), and the status actions."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from research.models import MemberRole, ProjectKind, ProjectMember, ProjectStatus, Researcher, ResearchProject
from tests.factories.research import (
    ProjectMemberFactory,
    ProjectOutputFactory,
    ResearcherFactory,
    ResearchProjectFactory,
)

pytestmark = pytest.mark.django_db

MODELS = ["researcher", "researchproject", "projectmember", "projectoutput"]


def admin_client(user):
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("researcher", 200),
        ("administrator", 200),
        ("placement_coordinator", 403),
        ("professionalisation_coordinator", 403),
        ("school_a_contact", 302),
        ("anonymous", 302),
    ],
)
def test_who_opens_the_lists(model, persona, status, request):
    ProjectMemberFactory()
    ProjectOutputFactory()
    client = Client() if persona == "anonymous" else admin_client(request.getfixturevalue(persona))
    response = client.get(reverse(f"admin:research_{model}_changelist"))
    assert response.status_code == status
    # The rows are listed only for those who may see them.
    assert ('id="result_list"' in response.content.decode()) is (status == 200)
    if status == 302:
        assert response["Location"].startswith(reverse("admin:login"))


def _project_data(**overrides):
    data = {
        "slug": "",
        "kind": ProjectKind.PRACTICE,
        "title_nl": "Lezen in alle vakken",
        "title_en": "Reading across subjects",
        "summary_nl": "",
        "summary_en": "",
        "start_date": "2025-09-01",
        "end_date": "",
        "region": "",
        "funder": "NRO",
        "grant_number": "",
        "defence_date": "",
        "dissertation_url": "",
        "status": ProjectStatus.PLANNED,
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "outputs-TOTAL_FORMS": "0",
        "outputs-INITIAL_FORMS": "0",
        "outputs-MIN_NUM_FORMS": "0",
        "outputs-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    data.update(overrides)
    return data


def test_a_project_is_added_with_its_members_through_the_services(researcher):
    person = ResearcherFactory()
    response = admin_client(researcher).post(
        reverse("admin:research_researchproject_add"),
        _project_data(**{"memberships-0-researcher": person.pk, "memberships-0-role": MemberRole.MEMBER}),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    project = ResearchProject.objects.get()
    assert project.slug == "reading-across-subjects"
    assert list(project.memberships.values_list("researcher", "role", "order")) == [(person.pk, "member", 1)]
    assert project.history.get().history_user == researcher


def test_a_candidate_on_a_practice_project_is_refused_and_nothing_is_saved(researcher):
    person = ResearcherFactory()
    response = admin_client(researcher).post(
        reverse("admin:research_researchproject_add"),
        _project_data(**{"memberships-0-researcher": person.pk, "memberships-0-role": MemberRole.CANDIDATE}),
    )
    assert response.status_code == 200
    assert "Only a PhD project has a PhD candidate." in response.content.decode()
    assert not ResearchProject.objects.exists()
    assert not ProjectMember.objects.exists()


def test_the_complete_action_refuses_a_phd_without_defence(researcher):
    phd = ResearchProjectFactory(kind=ProjectKind.PHD, status=ProjectStatus.RUNNING)
    other = ResearchProjectFactory(kind=ProjectKind.INNOVATION, status=ProjectStatus.RUNNING)
    response = admin_client(researcher).post(
        reverse("admin:research_researchproject_changelist"),
        {"action": "complete_action", "_selected_action": [phd.pk, other.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "A completed PhD project has a defence date." in html
    phd.refresh_from_db()
    other.refresh_from_db()
    assert (phd.status, other.status) == (ProjectStatus.RUNNING, ProjectStatus.COMPLETED)


def test_a_researcher_with_a_wrong_orcid_is_refused_on_the_field(researcher):
    response = admin_client(researcher).post(
        reverse("admin:research_researcher_add"),
        {
            "full_name": "Dr. Test",
            "slug": "",
            "role": "postdoc",
            "orcid": "https://orcid.org/0000-0002-1825-0098",
            "school": "",
            "user": "",
            "active": "on",
            "expertise_nl": "",
            "expertise_en": "",
            "languages": "nl",
            "_save": "Save",
        },
    )
    assert response.status_code == 200
    assert "check digit" in response.content.decode()
    assert not Researcher.objects.exists()
    ok = admin_client(researcher).post(
        reverse("admin:research_researcher_add"),
        {
            "full_name": "Dr. Test",
            "slug": "",
            "role": "postdoc",
            "orcid": "https://orcid.org/0000-0002-1825-0097",
            "active": "on",
            "languages": "nl, en",
            "_save": "Save",
        },
    )
    assert ok.status_code == 302
    assert Researcher.objects.get().orcid == "0000-0002-1825-0097"


def test_researchers_and_projects_are_not_deleted_in_the_admin(researcher):
    project = ResearchProjectFactory(end_date=datetime.date(2030, 1, 1))
    client = admin_client(researcher)
    assert client.get(reverse("admin:research_researchproject_delete", args=[project.pk])).status_code == 403
    assert ResearchProject.objects.filter(pk=project.pk).exists()
