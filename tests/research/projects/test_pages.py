"""The research portal's pages: projects and people with filters, search and pagination, a page
per project and per researcher (projects, supervision), the computed counts, drafts 404 for all but
research staff, and the own-profile page for the linked person only."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from research.models import MemberRole, ProjectKind, ProjectStatus, Researcher, TeachingLearningPrinciple
from tests.factories.accounts import UserFactory
from tests.factories.research import ProjectMemberFactory, ResearcherFactory, ResearchProjectFactory

pytestmark = pytest.mark.django_db

PROJECTS = reverse("research_projects:list")
PEOPLE = reverse("research_people:list")


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


def test_the_projects_page_filters_searches_and_counts(client):
    ResearchProjectFactory(title_en="Feedback literacy", status=ProjectStatus.RUNNING)
    ResearchProjectFactory(
        title_en="Reading across subjects",
        status=ProjectStatus.COMPLETED,
        start_date=datetime.date(2015, 1, 1),
        end_date=datetime.date(2019, 1, 1),
        defence_date=datetime.date(2019, 1, 1),
    )
    ResearchProjectFactory(title_en="Draft study", published=False)
    ResearchProjectFactory(title_en="Innovation lab", kind=ProjectKind.INNOVATION)
    html = client.get(PROJECTS).content.decode()
    assert "Feedback literacy" in html and "Draft study" not in html
    assert '<span class="stat__value">1</span><span class="stat__label">running PhD projects' in html
    assert '<span class="stat__value">1</span><span class="stat__label">completed dissertations' in html
    filtered = client.get(PROJECTS, {"status": "completed"}).content.decode()
    assert "Reading across subjects" in filtered and "Feedback literacy" not in filtered
    searched = client.get(PROJECTS, {"q": "innovation"}).content.decode()
    assert "Innovation lab" in searched and "Feedback literacy" not in searched
    # A wrong filter is shown on its field and left out.
    wrong = client.get(PROJECTS, {"year": "soon"})
    assert wrong.status_code == 200 and "Feedback literacy" in wrong.content.decode()


@pytest.mark.parametrize("rows", [1, 50])
def test_the_projects_page_runs_fixed_queries_and_is_paginated(client, rows, django_assert_max_num_queries, school_a):
    for _ in range(rows):
        project = ResearchProjectFactory(
            principles=TeachingLearningPrinciple.objects.all()[:2], partner_schools=[school_a]
        )
        ProjectMemberFactory(project=project, role=MemberRole.CANDIDATE)
        ProjectMemberFactory(project=project, role=MemberRole.PROMOTOR)
    with django_assert_max_num_queries(14):
        first = client.get(PROJECTS).content.decode()
    assert first.count('class="card route-card research-project-card"') == min(rows, 20)
    if rows > 20:
        assert "Page 1 of 3" in first
        assert client.get(PROJECTS, {"page": 3}).content.decode().count('research-project-card"') == 10


@pytest.mark.parametrize("rows", [1, 50])
def test_the_people_page_runs_fixed_queries(client, rows, django_assert_max_num_queries):
    for _ in range(rows):
        ResearcherFactory(principles=TeachingLearningPrinciple.objects.all()[:2])
    with django_assert_max_num_queries(8):
        response = client.get(PEOPLE)
    assert response.status_code == 200


def test_a_project_page_and_a_draft_is_404_but_for_research_staff(client, researcher, school_a_contact):
    project = ResearchProjectFactory(slug="visible", title_en="Visible study")
    ProjectMemberFactory(project=project, researcher__full_name="Pim Promovendus", role=MemberRole.CANDIDATE)
    ResearchProjectFactory(slug="draft", published=False)
    html = client.get(reverse("research_projects:detail", args=["visible"])).content.decode()
    assert "Visible study" in html and "Pim Promovendus" in html
    assert client.get(reverse("research_projects:detail", args=["draft"])).status_code == 404
    client.force_login(school_a_contact)
    assert client.get(reverse("research_projects:detail", args=["draft"])).status_code == 404
    staff = Client(headers={"accept-language": "en"})
    staff.force_login(researcher)
    preview = staff.get(reverse("research_projects:detail", args=["draft"]))
    assert preview.status_code == 200 and "Not published." in preview.content.decode()


def test_a_researchers_page_shows_projects_and_supervision(client):
    promotor = ResearcherFactory(slug="marieke", full_name="Marieke van Doorn")
    project = ResearchProjectFactory(title_en="Feedback literacy")
    ProjectMemberFactory(project=project, researcher=promotor, role=MemberRole.PROMOTOR)
    ProjectMemberFactory(project=project, researcher__full_name="Pim Promovendus", role=MemberRole.CANDIDATE)
    hidden = ResearchProjectFactory(title_en="Secret draft", published=False)
    ProjectMemberFactory(project=hidden, researcher=promotor, role=MemberRole.PROMOTOR)
    html = client.get(reverse("research_people:detail", args=["marieke"])).content.decode()
    assert "Feedback literacy" in html
    assert "Supervision of PhD candidates" in html and "Pim Promovendus" in html
    assert "Secret draft" not in html
    assert client.get(reverse("research_people:detail", args=["nobody"])).status_code == 404


def test_an_inactive_researcher_is_404_for_visitors(client):
    ResearcherFactory(slug="gone", active=False)
    assert client.get(reverse("research_people:detail", args=["gone"])).status_code == 404
    assert "gone" not in client.get(PEOPLE).content.decode()


def test_the_people_page_filters(client):
    ResearcherFactory(full_name="Prof Alpha", role="professor")
    ResearcherFactory(full_name="Postdoc Beta", role="postdoc")
    html = client.get(PEOPLE, {"role": "postdoc"}).content.decode()
    assert "Postdoc Beta" in html and "Prof Alpha" not in html


def test_the_header_links_to_the_research_portal(client):
    assert f'href="{PROJECTS}"' in client.get(PEOPLE).content.decode()


# --- the own profile ---------------------------------------------------------------------------------

OWN = reverse("research_people:own-profile")


def test_the_linked_person_edits_their_own_profile(client):
    person = UserFactory()
    profile = ResearcherFactory(user=person, slug="me", role="phd_candidate")
    client.force_login(person)
    assert client.get(OWN).status_code == 200
    response = client.post(OWN, {"expertise_nl": "Feedback", "expertise_en": "Feedback", "languages": "en"})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.languages, profile.role) == ("en", "phd_candidate")
    wrong = client.post(OWN, {"expertise_nl": "", "expertise_en": "", "languages": "english please"})
    assert wrong.status_code == 400


def test_someone_without_a_profile_gets_404_and_a_visitor_logs_in(client, school_a_contact):
    assert client.get(OWN).status_code == 302
    client.force_login(school_a_contact)
    assert client.get(OWN).status_code == 404
    assert not Researcher.objects.exists()
