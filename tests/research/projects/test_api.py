"""/api/v1/research-projects/: public reads of the published projects (drafts for research staff),
the filters of the page, pagination with `count`, and a fixed number of queries."""

import datetime

import pytest
from django.urls import reverse

from research.models import MemberRole, ProjectKind, ProjectStatus, ResearchProject, TeachingLearningPrinciple
from tests.api.conftest import api_client
from tests.factories.research import (
    ProjectMemberFactory,
    ProjectOutputFactory,
    ResearcherFactory,
    ResearchProjectFactory,
)
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

LIST = reverse("api:research-project-list")


def detail(slug):
    return reverse("api:research-project-detail", args=[slug])


def slugs(response):
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


def test_a_project_with_its_people_in_order_and_in_the_requests_language(school_a):
    project = ResearchProjectFactory(
        slug="feedback-in-de-klas",
        title_nl="Feedback in de klas",
        title_en="Feedback in the classroom",
        partner_schools=[school_a],
        principles=TeachingLearningPrinciple.objects.filter(slug="formatief"),
    )
    ProjectMemberFactory(
        project=project, researcher__slug="pim", researcher__full_name="Pim", role="candidate", order=2
    )
    ProjectMemberFactory(project=project, researcher__slug="marieke", role=MemberRole.PROMOTOR, order=1)
    ProjectOutputFactory(project=project)
    body = api_client(language="en").get(detail("feedback-in-de-klas")).json()
    assert body["title"] == "Feedback in the classroom"
    assert [(p["researcher"], p["role"]) for p in body["people"]] == [("marieke", "promotor"), ("pim", "candidate")]
    assert body["partner_schools"] == [{"id": school_a.pk, "name": school_a.name, "code": school_a.code}]
    assert body["principles"] == ["formatief"]
    assert body["outputs"][0]["kind"] == "tool"
    assert body["url"].endswith("/research/projects/feedback-in-de-klas/")
    assert api_client(language="nl").get(detail("feedback-in-de-klas")).json()["title"] == "Feedback in de klas"


def test_drafts_are_for_research_staff_only(researcher, school_a_contact, intake_officer):
    ResearchProjectFactory(slug="public")
    ResearchProjectFactory(slug="draft", published=False)
    assert set(slugs(api_client().get(LIST))) == {"public"}
    for user in (school_a_contact, intake_officer):
        assert set(slugs(api_client(user).get(LIST))) == {"public"}
        assert api_client(user).get(detail("draft")).status_code == 404
    assert set(slugs(api_client(researcher).get(LIST))) == {"public", "draft"}
    assert api_client(researcher).get(detail("draft")).status_code == 200
    assert api_client().get(detail("draft")).status_code == 404


def test_the_filters_of_the_page(school_a, school_b):
    person = ResearcherFactory(slug="sanne")
    a = ResearchProjectFactory(
        slug="a",
        kind=ProjectKind.PHD,
        status=ProjectStatus.RUNNING,
        start_date=datetime.date(2022, 9, 1),
        principles=TeachingLearningPrinciple.objects.filter(slug="formatief"),
        partner_schools=[school_a],
        region=school_a.region,
        title_en="Feedback literacy",
    )
    ProjectMemberFactory(project=a, researcher=person, role=MemberRole.DAILY_SUPERVISOR)
    ResearchProjectFactory(
        slug="b",
        kind=ProjectKind.PRACTICE,
        status=ProjectStatus.COMPLETED,
        start_date=datetime.date(2015, 1, 1),
        end_date=datetime.date(2018, 1, 1),
        partner_schools=[school_b],
    )
    client = api_client()
    assert set(slugs(client.get(LIST, {"kind": "phd"}))) == {"a"}
    assert set(slugs(client.get(LIST, {"status": "completed"}))) == {"b"}
    assert set(slugs(client.get(LIST, {"principle": "formatief"}))) == {"a"}
    assert set(slugs(client.get(LIST, {"year": 2016}))) == {"b"}
    assert set(slugs(client.get(LIST, {"year": 2024}))) == {"a"}
    assert set(slugs(client.get(LIST, {"researcher": "sanne"}))) == {"a"}
    assert set(slugs(client.get(LIST, {"school": school_b.pk}))) == {"b"}
    assert set(slugs(client.get(LIST, {"region": school_a.region.slug}))) == {"a"}
    assert set(slugs(client.get(LIST, {"q": "literacy"}))) == {"a"}
    assert set(slugs(client.get(LIST, {"q": person.full_name.split()[0]}))) == {"a"}


@pytest.mark.parametrize(
    ("parameter", "value"),
    [("kind", "hobby"), ("year", "1e80"), ("year", "99999"), ("school", "abc"), ("principle", "nope")],
)
def test_a_wrong_filter_is_a_400_naming_it(parameter, value):
    response = api_client().get(LIST, {parameter: value})
    assert response.status_code == 400
    assert parameter in response.json()["errors"]


def test_paginated_with_count():
    ResearchProjectFactory.create_batch(3)
    body = api_client().get(LIST, {"page_size": 2}).json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_read_only(method, researcher):
    ResearchProjectFactory(slug="x")
    url = LIST if method == "post" else detail("x")
    with nothing_written(ResearchProject):
        response = getattr(api_client(researcher), method)(url, {"title_nl": "Anders"}, format="json")
    assert response.status_code == 405


def _fill(count):
    for _ in range(count):
        project = ResearchProjectFactory(principles=TeachingLearningPrinciple.objects.all()[:2])
        ProjectMemberFactory(project=project, role=MemberRole.CANDIDATE)
        ProjectMemberFactory(project=project, role=MemberRole.PROMOTOR)
        ProjectOutputFactory(project=project)


@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_runs_a_fixed_number_of_queries(rows, django_assert_max_num_queries):
    _fill(rows)
    with django_assert_max_num_queries(8):
        body = api_client().get(LIST, {"page_size": 50}).json()
    assert body["count"] == rows
