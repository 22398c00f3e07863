"""The school pages of the portal: who may open which school, and what they see there."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partnerships.models import SchoolMembership, SchoolRole
from tests.conftest import STAFF_PERSONAS
from tests.factories import AgreementFactory, SchoolMembershipFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def school_url(school, code=None):
    return reverse("partnerships:school-detail", kwargs={"code": code or school.code})


@pytest.fixture
def world(school_a, school_b, lead_school, school_a_contact, school_a_mentor, school_b_contact, lead_school_contact):
    """Every school has people, so a page that leaks shows something."""
    return {"A": school_a, "B": school_b, "lead": lead_school}


def login(client, persona, name):
    user = persona(name)
    if user is not None:
        client.force_login(user)
    return user


STAFF_200 = [(name, 200) for name in STAFF_PERSONAS]
# Staff whose group may not view memberships see the school's page without its people.
NO_COLLEAGUES = {"researcher"}
SCHOOL_A_PAGE = [
    ("school_a_contact", 200),
    ("school_a_mentor", 200),
    ("lead_school_contact", 200),
    ("partnership_coordinator", 200),
    ("school_b_contact", 404),
    ("former_contact", 404),
    ("applicant", 404),
    ("outsider", 404),
    *STAFF_200,
]
SCHOOL_B_PAGE = [
    ("school_b_contact", 200),
    ("school_a_contact", 404),
    ("school_a_mentor", 404),
    ("lead_school_contact", 404),
    ("partnership_coordinator", 404),
    ("applicant", 404),
    ("outsider", 404),
    *STAFF_200,
]
LEAD_SCHOOL_PAGE = [
    ("lead_school_contact", 200),
    ("partnership_coordinator", 200),
    ("school_a_contact", 404),
    ("school_b_contact", 404),
    *STAFF_200,
]


@pytest.mark.parametrize(("name", "status"), SCHOOL_A_PAGE)
def test_school_a_page_answers_each_persona(client, world, persona, name, status):
    login(client, persona, name)
    response = client.get(school_url(world["A"]))
    assert response.status_code == status
    content = response.content.decode()
    if status == 404:
        assert world["A"].name not in content
        assert "Mark Mentor" not in content
    else:
        assert response.context["school"] == world["A"]
        assert world["A"].name in content
        assert ("Mark Mentor" in content) is (name not in NO_COLLEAGUES)


@pytest.mark.parametrize(("name", "status"), SCHOOL_B_PAGE)
def test_school_b_page_answers_each_persona_and_never_leaks_its_data(client, world, persona, name, status):
    login(client, persona, name)
    response = client.get(school_url(world["B"]))
    assert response.status_code == status
    content = response.content.decode()
    if status == 404:
        assert world["B"].name not in content
        assert "Bram School-B" not in content
        assert "contact@school-b.example.org" not in content
    else:
        assert response.context["school"] == world["B"]
        assert world["B"].name in content
        assert ("Bram School-B" in content) is (name not in NO_COLLEAGUES)


@pytest.mark.parametrize(("name", "status"), LEAD_SCHOOL_PAGE)
def test_lead_school_page_answers_each_persona(client, world, persona, name, status):
    login(client, persona, name)
    response = client.get(school_url(world["lead"]))
    assert response.status_code == status
    content = response.content.decode()
    if status == 404:
        assert world["lead"].name not in content
        assert "Lotte Lead" not in content
    else:
        assert response.context["school"] == world["lead"]
        assert ("Lotte Lead" in content) is (name not in NO_COLLEAGUES)


@pytest.mark.parametrize("page", ["A", "B", "lead"])
def test_staff_in_no_group_get_no_school_page_and_no_school_list(client, world, page):
    """Being staff is not enough: the school pages follow the group's permission to view schools."""
    client.force_login(StaffUserFactory())

    response = client.get(school_url(world[page]))

    assert response.status_code == 404
    assert world[page].name not in response.content.decode()
    listing = client.get(reverse("partnerships:school-list"))
    assert listing.status_code == 200
    assert list(listing.context["schools"]) == []


@pytest.mark.parametrize("page", ["A", "B", "lead"])
def test_anonymous_visitor_is_sent_to_the_login_page(client, world, page):
    url = school_url(world[page])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


def test_own_school_page_shows_the_school_colleagues_and_partnership(client, world, school_a_contact, partnership):
    AgreementFactory(partnership=partnership, title="Samenwerkingsovereenkomst Leiden 2025")
    client.force_login(school_a_contact)

    response = client.get(school_url(world["A"]))

    assert response.status_code == 200
    assert response.context["school"] == world["A"]
    assert {m.user.full_name for m in response.context["memberships"]} == {"Anna School-A", "Mark Mentor"}
    assert response.context["partnership"] == partnership
    assert list(response.context["partnership_schools"]) == [world["lead"]]
    content = response.content.decode()
    for shown in (
        "Stedelijk Gymnasium A",
        world["A"].code,
        "Mark Mentor",
        "Opleidingsschool Leiden",
        world["lead"].name,
        "Samenwerkingsovereenkomst Leiden 2025",
    ):
        assert shown in content, shown
    for hidden in ("Het College B", "Bram School-B", "Lotte Lead"):
        assert hidden not in content, hidden


def test_school_page_lists_only_current_colleagues(client, world, school_a_contact, former_contact):
    SchoolMembershipFactory(
        school=world["A"], user__full_name="Toos Toekomst", active_from=timezone.localdate() + 10 * DAY
    )
    client.force_login(school_a_contact)
    content = client.get(school_url(world["A"])).content.decode()
    assert "Mark Mentor" in content
    assert "Frits Former" not in content
    assert "Toos Toekomst" not in content


def test_lead_school_contact_sees_the_colleagues_of_a_member_school(client, world, lead_school_contact):
    client.force_login(lead_school_contact)
    response = client.get(school_url(world["A"]))
    assert {m.user.full_name for m in response.context["memberships"]} == {"Anna School-A", "Mark Mentor"}


def test_school_without_partnership_says_so(client, world, school_b_contact):
    client.force_login(school_b_contact)
    response = client.get(school_url(world["B"]))
    assert response.context["partnership"] is None
    assert list(response.context["partnership_schools"]) == []
    assert list(response.context["agreements"]) == []


def test_lowercase_school_code_opens_the_school_page(client, world, school_a_contact):
    client.force_login(school_a_contact)
    response = client.get(school_url(world["A"], code=world["A"].code.lower()))
    assert response.status_code == 200
    assert response.context["school"] == world["A"]


@pytest.mark.parametrize("code", ["XYZ", "12AB", "12AB0000", "ZZZZ99"])
def test_unknown_or_malformed_school_code_is_not_found(client, world, administrator, code):
    client.force_login(administrator)
    response = client.get(school_url(None, code=code))
    assert response.status_code == 404
    content = response.content.decode()
    assert not [school.name for school in world.values() if school.name in content]


def test_school_page_query_count_does_not_grow_with_colleagues(client, world, school_a_contact):
    client.force_login(school_a_contact)
    url = school_url(world["A"])
    client.get(url)  # warm up: session, content types, caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(25):
        SchoolMembershipFactory(school=world["A"], role=SchoolRole.SCHOOL_TEACHER_EDUCATOR)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["memberships"]) == 27
    assert len(many) <= len(few), [q["sql"] for q in many.captured_queries]


# The list of schools -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["school_a_contact", "school_a_mentor", "school_b_contact"])
def test_school_list_sends_a_one_school_user_to_their_school(client, world, persona, name):
    user = login(client, persona, name)
    school = SchoolMembership.objects.unscoped().get(user=user).school
    response = client.get(reverse("partnerships:school-list"))
    assert response.status_code == 302
    assert response["Location"] == school_url(school)


def test_school_list_shows_a_partnership_spanning_user_all_their_schools(client, world, lead_school_contact):
    client.force_login(lead_school_contact)
    response = client.get(reverse("partnerships:school-list"))
    assert response.status_code == 200
    assert set(response.context["schools"]) == {world["A"], world["lead"]}
    assert world["B"].name not in response.content.decode()


@pytest.mark.parametrize("name", STAFF_PERSONAS)
def test_school_list_shows_staff_every_school_without_redirecting(client, world, persona, name):
    login(client, persona, name)
    response = client.get(reverse("partnerships:school-list"))
    assert response.status_code == 200
    assert set(response.context["schools"]) == set(world.values())


@pytest.mark.parametrize("name", ["applicant", "outsider", "former_contact"])
def test_school_list_of_a_user_without_school_is_empty(client, world, persona, name):
    login(client, persona, name)
    response = client.get(reverse("partnerships:school-list"))
    assert response.status_code == 200
    assert response.context["schools"] == []


def test_school_list_needs_login(client, world):
    response = client.get(reverse("partnerships:school-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_dashboard_offers_a_school_member_the_way_to_their_school(client, world, school_a_contact):
    client.force_login(school_a_contact)
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 200
    assert school_url(world["A"]) in response.content.decode()
    assert school_url(world["B"]) not in response.content.decode()
