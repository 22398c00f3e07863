"""Query budgets of the personal pages (issue 15): an applicant's and a school contact's dashboard,
an applicant's "My applications", a school contact's placements. Each budget holds at 1 and at 50
rows, and counts everything the page runs: the session, the user, the header (its links and unread
count come from the per-user cache after the first page: iclon/core/usercache.py) and the page.
Every page is asked twice: the budget is the one of a signed-in user's ordinary page, with the
header in the cache."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from programmes.models import ApplicationStatus, PlacementStatus
from tests.factories import ApplicationFactory, PlacementFactory

pytestmark = pytest.mark.django_db

ENGLISH = {"accept-language": "en"}


def _twice(client, url, django_assert_max_num_queries, budget):
    client.get(url, headers=ENGLISH)  # the first page of the session fills the per-user cache
    with django_assert_max_num_queries(budget):
        response = client.get(url, headers=ENGLISH)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("rows", [1, 50])
def test_an_applicants_dashboard(client, applicant, django_assert_max_num_queries, rows):
    for _ in range(rows):
        ApplicationFactory(applicant=applicant, status=ApplicationStatus.SUBMITTED, complete=False)
    client.force_login(applicant)
    content = _twice(client, reverse("core:dashboard"), django_assert_max_num_queries, 9)
    assert "All my applications" in content
    assert content.count('href="/applications/') >= 3


@pytest.mark.parametrize("rows", [1, 50])
def test_a_school_contacts_dashboard(client, school_a, school_a_contact, django_assert_max_num_queries, rows):
    for _ in range(rows):
        PlacementFactory(offer__school=school_a, status=PlacementStatus.PROPOSED)
    client.force_login(school_a_contact)
    content = _twice(client, reverse("core:dashboard"), django_assert_max_num_queries, 12)
    assert school_a.name in content
    assert f"{rows} {'match awaits' if rows == 1 else 'matches await'} your confirmation" in content


@pytest.mark.parametrize("rows", [1, 50])
def test_my_applications(client, applicant, django_assert_max_num_queries, rows):
    applications = [ApplicationFactory(applicant=applicant, complete=False) for _ in range(rows)]
    client.force_login(applicant)
    # One query for the page at 50 rows (it fits one page: no count), the session and the user.
    content = _twice(client, reverse("intake:application-list"), django_assert_max_num_queries, 3)
    assert all(application.reference in content for application in applications)


def test_my_applications_over_one_page_still_counts_the_pages(client, applicant, django_assert_max_num_queries):
    for _ in range(51):
        ApplicationFactory(applicant=applicant, complete=False)
    client.force_login(applicant)
    content = _twice(client, reverse("intake:application-list"), django_assert_max_num_queries, 5)
    assert "?page=2" in content


@pytest.mark.parametrize("rows", [1, 50])
def test_a_school_contacts_placements(
    client, school_a, school_a_contact, school_a_mentor, django_assert_max_num_queries, rows
):
    placements = [
        PlacementFactory(offer__school=school_a, status=PlacementStatus.CONFIRMED, workplace_mentor=school_a_mentor)
        for _ in range(rows)
    ]
    client.force_login(school_a_contact)
    content = _twice(client, reverse("placements:school-dashboard"), django_assert_max_num_queries, 9)
    assert escape(placements[0].trainee.full_name) in content
    assert "Mark Mentor" in content
