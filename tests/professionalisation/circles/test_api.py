"""/api/v1/development-paths/ (public) and /api/v1/learning-circles/ (scoped to the caller):
fields, filters, the permission table and the fixed number of queries."""

import pytest
from django.urls import reverse

from professionalisation.models import DevelopmentPath, LearningCircle
from tests.api.conftest import api_client
from tests.factories import ActivityFactory
from tests.factories.professionalisation_circles import (
    CircleMeetingFactory,
    CircleMembershipFactory,
    DevelopmentPathFactory,
    PathStepFactory,
    PracticeQuestionFactory,
)
from tests.factories.programmes import ModuleFactory
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

PATHS = reverse("api:development-path-list")
CIRCLES = reverse("api:learning-circle-list")


def test_a_path_lists_its_steps_with_activities_and_modules():
    activity, module = ActivityFactory(), ModuleFactory(name_en="Practice-based research")
    path = DevelopmentPathFactory(name_en="Curriculum expert", name_nl="Curriculumdeskundige")
    PathStepFactory(path=path, order=2, title_en="Second", activities=[activity])
    PathStepFactory(path=path, order=1, title_en="First", modules=[module])
    DevelopmentPathFactory(published=False)

    body = api_client().get(reverse("api:development-path-detail", kwargs={"slug": path.slug})).json()

    assert set(body) == {
        "slug",
        "name",
        "name_nl",
        "name_en",
        "description",
        "description_nl",
        "description_en",
        "steps",
    }
    assert body["name"] == "Curriculum expert"
    assert [(step["order"], step["title"]) for step in body["steps"]] == [(1, "First"), (2, "Second")]
    assert body["steps"][1]["activities"] == [activity.slug]
    assert body["steps"][0]["modules"] == [
        {
            "id": module.pk,
            "name": "Practice-based research",
            "name_nl": module.name_nl,
            "name_en": "Practice-based research",
            "ec": 10,
        }
    ]
    listed = [item["slug"] for item in api_client().get(PATHS, {"page_size": 100}).json()["results"]]
    assert path.slug in listed
    assert not DevelopmentPath.objects.filter(slug__in=listed, published=False).exists()


@pytest.mark.parametrize(
    ("role", "status", "sees"),
    [
        ("anonymous", 401, False),
        ("outsider", 200, False),
        ("other_member", 200, False),
        ("member", 200, True),
        ("facilitator", 200, True),
        ("circle_researcher", 200, True),
        ("school_a_contact", 200, True),
        ("school_b_contact", 200, False),
        ("professionalisation_coordinator", 200, True),
        ("superuser", 200, True),
    ],
)
def test_who_sees_a_circle_in_the_api(role, status, sees, people, circle, member):
    client = api_client(people(role))
    with nothing_written(LearningCircle):
        listing = client.get(CIRCLES, {"page_size": 100})
        detail = client.get(reverse("api:learning-circle-detail", kwargs={"pk": circle.pk}))

    assert listing.status_code == status
    if status == 200:
        assert (circle.pk in [item["id"] for item in listing.json()["results"]]) is sees
        assert detail.status_code == (200 if sees else 404)
    else:
        assert listing.json()["detail"]


def test_a_circle_in_the_api_has_its_people_meetings_and_questions(circle, member, facilitator, school_a):
    CircleMeetingFactory(circle=circle, place="ICLON")
    PracticeQuestionFactory(circle=circle, school=school_a, title="Starters?")
    body = api_client(member).get(reverse("api:learning-circle-detail", kwargs={"pk": circle.pk})).json()

    assert body["name"] == "Team leaders"
    assert body["region"] == circle.region.slug
    assert sorted((item["name"], item["role"], item["school"]) for item in body["members"]) == sorted(
        [(member.full_name, "member", school_a.name), (facilitator.full_name, "facilitator", None)]
    )
    assert [(item["place"], item["starts_at"]) for item in body["coming_meetings"]] == [("ICLON", "15:30")]
    assert [(item["title"], item["school"], item["status"]) for item in body["questions"]] == [
        ("Starters?", school_a.name, "submitted")
    ]


def test_circles_filter_by_region_and_activity(professionalisation_coordinator, circle):
    other = CircleMembershipFactory().circle
    client = api_client(professionalisation_coordinator)
    by_region = [item["id"] for item in client.get(CIRCLES, {"region": circle.region.slug}).json()["results"]]
    assert by_region == [circle.pk]
    LearningCircle.objects.filter(pk=other.pk).update(active=False)
    ended = [item["id"] for item in client.get(CIRCLES, {"active": "false", "page_size": 100}).json()["results"]]
    assert other.pk in ended
    assert circle.pk not in ended


def test_the_lists_run_a_fixed_number_of_queries(professionalisation_coordinator, django_assert_max_num_queries):
    client = api_client(professionalisation_coordinator)

    def add(count):
        for _ in range(count):
            membership = CircleMembershipFactory()
            CircleMeetingFactory(circle=membership.circle)
            PathStepFactory(activities=[ActivityFactory()], modules=[ModuleFactory()])

    add(1)
    client.get(CIRCLES)  # the token is looked up once; warm it
    with django_assert_max_num_queries(12):
        assert len(client.get(CIRCLES, {"page_size": 100}).json()["results"]) >= 1
    with django_assert_max_num_queries(12):
        assert len(client.get(PATHS, {"page_size": 100}).json()["results"]) >= 1
    add(49)
    with django_assert_max_num_queries(12):
        assert len(client.get(CIRCLES, {"page_size": 100}).json()["results"]) >= 50
    with django_assert_max_num_queries(12):
        assert len(client.get(PATHS, {"page_size": 100}).json()["results"]) >= 50
