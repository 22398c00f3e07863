"""/api/v1/research-people/: public reads of the active researchers (the inactive for research
staff), filters, pagination, fixed queries. Not /api/v1/researchers/, Meet the Professor's pool."""

import pytest
from django.urls import reverse

from research.models import ResearcherRole, TeachingLearningPrinciple
from tests.api.conftest import api_client
from tests.factories.research import ResearcherFactory

pytestmark = pytest.mark.django_db

LIST = reverse("api:research-person-list")


def slugs(response):
    assert response.status_code == 200, response.content
    return {row["slug"] for row in response.json()["results"]}


def test_a_researcher_in_the_requests_language():
    ResearcherFactory(
        slug="janneke",
        full_name="Prof. dr. Janneke",
        role=ResearcherRole.PROFESSOR,
        orcid="0000-0002-1825-0097",
        principles=TeachingLearningPrinciple.objects.filter(slug="formatief"),
    )
    body = api_client(language="en").get(reverse("api:research-person-detail", args=["janneke"])).json()
    assert body["role"] == "professor"
    assert body["orcid_url"] == "https://orcid.org/0000-0002-1825-0097"
    assert body["expertise"] == body["expertise_en"]
    assert body["languages"] == ["nl", "en"]
    assert body["principles"] == ["formatief"]
    assert body["photo"] is None and body["school"] is None
    assert (
        api_client(language="nl").get(reverse("api:research-person-detail", args=["janneke"])).json()["expertise"]
        == body["expertise_nl"]
    )


def test_the_meet_the_professor_pool_keeps_its_address():
    assert reverse("api:research-person-list") == "/api/v1/research-people/"
    assert api_client().get("/api/v1/researchers/").status_code in (401, 403)


def test_inactive_researchers_for_research_staff_only(researcher, school_a_contact):
    ResearcherFactory(slug="on")
    ResearcherFactory(slug="off", active=False)
    assert slugs(api_client().get(LIST)) == {"on"}
    assert slugs(api_client(school_a_contact).get(LIST)) == {"on"}
    assert slugs(api_client(researcher).get(LIST)) == {"on", "off"}
    assert api_client().get(reverse("api:research-person-detail", args=["off"])).status_code == 404


def test_filters(school_a):
    ResearcherFactory(slug="prof", role=ResearcherRole.PROFESSOR, expertise_en="Self-regulated learning")
    ResearcherFactory(
        slug="teacher",
        role=ResearcherRole.TEACHER_RESEARCHER,
        school=school_a,
        principles=TeachingLearningPrinciple.objects.filter(slug="taalbewust"),
    )
    client = api_client()
    assert slugs(client.get(LIST, {"role": "professor"})) == {"prof"}
    assert slugs(client.get(LIST, {"principle": "taalbewust"})) == {"teacher"}
    assert slugs(client.get(LIST, {"school": school_a.pk})) == {"teacher"}
    assert slugs(client.get(LIST, {"q": "self-regulated"})) == {"prof"}
    assert client.get(LIST, {"role": "dean"}).status_code == 400


@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_runs_a_fixed_number_of_queries(rows, django_assert_max_num_queries, school_a):
    for _ in range(rows):
        ResearcherFactory(
            role=ResearcherRole.TEACHER_RESEARCHER,
            school=school_a,
            principles=TeachingLearningPrinciple.objects.all()[:3],
        )
    with django_assert_max_num_queries(4):
        body = api_client().get(LIST, {"page_size": 50}).json()
    assert body["count"] == rows
