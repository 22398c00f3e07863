"""Learning circles are tagged with teaching-learning principles: through the services (and so the
admin), shown by the API as slugs and filtered by one."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from iclon.core.errors import NotAllowed
from professionalisation.circles import services
from professionalisation.models import LearningCircle
from research.models import TeachingLearningPrinciple
from tests.api.conftest import api_client
from tests.factories.professionalisation_circles import CircleMembershipFactory, LearningCircleFactory

pytestmark = pytest.mark.django_db

CIRCLES = reverse("api:learning-circle-list")


def principles(*slugs):
    return list(TeachingLearningPrinciple.objects.filter(slug__in=slugs))


def slugs(circle):
    return set(circle.principles.values_list("slug", flat=True))


@pytest.fixture
def staff(professionalisation_coordinator):
    client = Client(headers={"accept-language": "en"})
    client.force_login(professionalisation_coordinator)
    return client


# --- services ---------------------------------------------------------------------------------------


def test_a_circle_is_started_with_its_principles_and_retagged(professionalisation_coordinator, school_a):
    circle = services.circle_create(
        actor=professionalisation_coordinator,
        name_nl="Leerkring feedback",
        name_en="Feedback circle",
        region=school_a.region,
        theme_nl="Feedback",
        theme_en="Feedback",
        starts_on=datetime.date(2027, 1, 10),
        principles=principles("formatief", "samenwerkend"),
    )
    assert slugs(circle) == {"formatief", "samenwerkend"}
    services.circle_update(circle=circle, principles=principles("onderzoekend"), actor=professionalisation_coordinator)
    assert slugs(circle) == {"onderzoekend"}
    # A change of other fields leaves the principles as they are.
    services.circle_update(circle=circle, theme_en="Feedback in class", actor=professionalisation_coordinator)
    circle.refresh_from_db()
    assert (circle.theme_en, slugs(circle)) == ("Feedback in class", {"onderzoekend"})


def test_only_circle_staff_retag_a_circle(school_a_contact):
    circle = LearningCircleFactory()
    circle.principles.set(principles("formatief"))
    with pytest.raises(NotAllowed):
        services.circle_update(circle=circle, principles=principles("adaptief"), actor=school_a_contact)
    assert slugs(circle) == {"formatief"}


# --- admin ------------------------------------------------------------------------------------------


def test_the_admin_tags_a_circle_with_principles_in_a_two_list_picker(staff, school_a):
    page = staff.get(reverse("admin:professionalisation_learningcircle_add")).content.decode()
    assert 'name="principles"' in page
    assert "selectfilter" in page  # filter_horizontal
    data = {
        "name_nl": "Leerkring taal",
        "name_en": "Language circle",
        "region": school_a.region.pk,
        "theme_nl": "Taalbewust lesgeven",
        "theme_en": "Language-aware teaching",
        "description_nl": "",
        "description_en": "",
        "starts_on": "2027-01-10",
        "ends_on": "",
        "active": "on",
        "principles": [p.pk for p in principles("taalbewust", "taakgestuurd")],
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "meetings-TOTAL_FORMS": "0",
        "meetings-INITIAL_FORMS": "0",
    }
    response = staff.post(reverse("admin:professionalisation_learningcircle_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    circle = LearningCircle.objects.get(name_nl="Leerkring taal")
    assert slugs(circle) == {"taalbewust", "taakgestuurd"}

    change = reverse("admin:professionalisation_learningcircle_change", args=[circle.pk])
    data = {**data, "principles": [p.pk for p in principles("adaptief")]}
    response = staff.post(change, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert slugs(circle) == {"adaptief"}


def test_the_admins_list_of_circles_filters_by_principle(staff):
    tagged = LearningCircleFactory(name_nl="Leerkring formatief")
    tagged.principles.set(principles("formatief"))
    LearningCircleFactory(name_nl="Leerkring zonder principe")
    formative = TeachingLearningPrinciple.objects.get(slug="formatief")
    response = staff.get(
        reverse("admin:professionalisation_learningcircle_changelist"), {"principles__id__exact": formative.pk}
    )
    assert [circle.name_nl for circle in response.context["cl"].result_list] == ["Leerkring formatief"]


# --- API --------------------------------------------------------------------------------------------


def test_the_api_names_a_circles_principles_and_filters_by_one(professionalisation_coordinator):
    tagged = LearningCircleFactory(name_en="Feedback circle")
    tagged.principles.set(principles("formatief", "adaptief"))
    LearningCircleFactory(name_en="Untagged circle")
    client = api_client(professionalisation_coordinator)
    rows = {row["name"]: row for row in client.get(CIRCLES).json()["results"]}
    assert rows["Feedback circle"]["principles"] == ["adaptief", "formatief"]
    assert rows["Untagged circle"]["principles"] == []
    detail = client.get(reverse("api:learning-circle-detail", args=[tagged.pk])).json()
    assert detail["principles"] == ["adaptief", "formatief"]
    narrowed = client.get(CIRCLES, {"principle": "formatief"}).json()["results"]
    assert [row["name"] for row in narrowed] == ["Feedback circle"]


def test_the_api_shows_a_member_only_their_circles_whatever_the_principle():
    mine = LearningCircleFactory(name_en="My circle")
    other = LearningCircleFactory(name_en="Other circle")
    for circle in (mine, other):
        circle.principles.set(principles("formatief"))
    member = CircleMembershipFactory(circle=mine).person
    rows = api_client(member).get(CIRCLES, {"principle": "formatief"}).json()["results"]
    assert [row["name"] for row in rows] == ["My circle"]
    assert api_client().get(CIRCLES, {"principle": "formatief"}).status_code == 401


@pytest.mark.parametrize("rows", [1, 50])
def test_the_circles_api_with_principles_runs_a_fixed_number_of_queries(
    professionalisation_coordinator, rows, django_assert_max_num_queries
):
    tagged = principles("formatief", "adaptief")
    for _ in range(rows):
        LearningCircleFactory().principles.set(tagged)
    client = api_client(professionalisation_coordinator)
    with django_assert_max_num_queries(12):
        body = client.get(CIRCLES, {"page_size": 100}).json()
    assert body["count"] == rows
    assert all(row["principles"] == ["adaptief", "formatief"] for row in body["results"])
