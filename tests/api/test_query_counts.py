"""Every list endpoint (and /me/) runs as many queries for 50 rows as for 1: no query per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.models import SchoolRole
from tests.api.conftest import api_client
from tests.factories import (
    AllianceFactory,
    EducationRegionFactory,
    InstitutionFactory,
    SchoolBoardFactory,
    SchoolFactory,
    SchoolMembershipFactory,
    TrainingSchoolPartnershipFactory,
)

pytestmark = pytest.mark.django_db


def make_alliances(n, **_):
    for alliance in AllianceFactory.create_batch(n):
        alliance.institutions.add(*InstitutionFactory.create_batch(2))
        alliance.regions.add(EducationRegionFactory())


def make_memberships_at_school_a(n, school_a, **_):
    SchoolMembershipFactory.create_batch(n, school=school_a, role=SchoolRole.WORKPLACE_MENTOR)


def make_memberships_everywhere(n, **_):
    SchoolMembershipFactory.create_batch(n)


def make_own_memberships(n, school_a_contact, **_):
    """/me/: the user holds a role at n more schools."""
    for school in SchoolFactory.create_batch(n):
        SchoolMembershipFactory(user=school_a_contact, school=school)


ENDPOINTS = {
    # name: (url name, persona, how to make n rows)
    "education-regions": (
        "api:education-region-list",
        "anonymous",
        lambda n, **_: EducationRegionFactory.create_batch(n),
    ),
    "alliances": ("api:alliance-list", "anonymous", make_alliances),
    "institutions": ("api:institution-list", "anonymous", lambda n, **_: InstitutionFactory.create_batch(n)),
    "school-boards": ("api:school-board-list", "anonymous", lambda n, **_: SchoolBoardFactory.create_batch(n)),
    "schools": ("api:school-list", "school_a_contact", lambda n, **_: SchoolFactory.create_batch(n)),
    "training-school-partnerships": (
        "api:training-school-partnership-list",
        "anonymous",
        lambda n, **_: TrainingSchoolPartnershipFactory.create_batch(n),
    ),
    "school-memberships (school user)": (
        "api:school-membership-list",
        "school_a_contact",
        make_memberships_at_school_a,
    ),
    "school-memberships (staff)": ("api:school-membership-list", "placement_coordinator", make_memberships_everywhere),
    "me": ("api:me", "school_a_contact", make_own_memberships),
}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_list_runs_as_many_queries_for_50_rows_as_for_1(
    endpoint, persona, school_a, school_a_contact, django_assert_max_num_queries
):
    url_name, role, make = ENDPOINTS[endpoint]
    client = api_client(persona(role))
    url = reverse(url_name)
    rows = {"school_a": school_a, "school_a_contact": school_a_contact}

    make(1, **rows)
    client.get(url)  # the first use of a token records when it was used: one write, once a minute
    with CaptureQueriesContext(connection) as one_row:
        small = client.get(url, {"page_size": 100})
    assert small.status_code == 200

    budget = len(one_row)  # read now: the next request clears connection.queries
    make(49, **rows)
    client.get(url)  # new memberships retire the viewer's cached visible schools (iclon/core/usercache.py)
    with django_assert_max_num_queries(budget):
        large = client.get(url, {"page_size": 100})
    assert large.status_code == 200
    body = large.json()
    if "count" in body:
        assert body["count"] >= 50
        assert len(body["results"]) == body["count"]
    else:
        assert len(body["memberships"]) >= 50
