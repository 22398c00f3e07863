"""Shared fixtures: the named personas of STYLE.md §8 and helpers for the service-backed tests."""

import os

import pytest
from django_scopes import scopes_disabled

from iclon.accounts.roles import StaffGroup
from partnerships.models import SchoolRole
from tests.factories import (
    SchoolFactory,
    SchoolMembershipFactory,
    StaffUserFactory,
    TrainingSchoolPartnershipFactory,
    UserFactory,
)

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def skip_or_fail(reason: str):
    """On a bare machine a missing service skips the test; in CI (REQUIRE_SERVICES=1) it fails."""
    if REQUIRE_SERVICES:
        pytest.fail(f"required service missing in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache: rate limits and throttles of one test (kept in Redis
    in CI) must not leak into the next."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def no_scope():
    """Run the test body with tenancy scopes disabled, for set-up and assertions on the database."""
    with scopes_disabled():
        yield


@pytest.fixture
def partnership(db):
    return TrainingSchoolPartnershipFactory(name="Opleidingsschool Leiden", slug="opleidingsschool-leiden")


@pytest.fixture
def lead_school(partnership):
    return partnership.lead_school


@pytest.fixture
def school_a(partnership):
    return SchoolFactory(name="Stedelijk Gymnasium A", partnership=partnership, region=partnership.region)


@pytest.fixture
def school_b(db):
    return SchoolFactory(name="Het College B")


def _member(school, role=SchoolRole.SCHOOL_CONTACT, **user_fields):
    """A user with an active membership of `school`; `user_fields` (full_name, email…) go to the user."""
    user_kwargs = {f"user__{name}": value for name, value in user_fields.items()}
    return SchoolMembershipFactory(school=school, role=role, **user_kwargs).user


@pytest.fixture
def school_a_contact(school_a):
    return _member(school_a, full_name="Anna School-A", email="contact@school-a.example.org")


@pytest.fixture
def school_a_mentor(school_a):
    return _member(school_a, SchoolRole.WORKPLACE_MENTOR, full_name="Mark Mentor")


@pytest.fixture
def school_b_contact(school_b):
    return _member(school_b, full_name="Bram School-B", email="contact@school-b.example.org")


@pytest.fixture
def lead_school_contact(lead_school):
    return _member(lead_school, SchoolRole.SCHOOL_LEADER, full_name="Lotte Lead")


@pytest.fixture
def applicant(db):
    return UserFactory(full_name="Ayla Applicant", email="applicant@example.org")


@pytest.fixture
def outsider(db):
    return UserFactory(full_name="Otto Outsider", email="outsider@example.org")


def _staff(group):
    return StaffUserFactory(group=group)


@pytest.fixture
def intake_officer(db):
    return _staff(StaffGroup.INTAKE_OFFICER)


@pytest.fixture
def programme_coordinator(db):
    return _staff(StaffGroup.PROGRAMME_COORDINATOR)


@pytest.fixture
def placement_coordinator(db):
    return _staff(StaffGroup.PLACEMENT_COORDINATOR)


@pytest.fixture
def professionalisation_coordinator(db):
    return _staff(StaffGroup.PROFESSIONALISATION_COORDINATOR)


@pytest.fixture
def researcher(db):
    return _staff(StaffGroup.RESEARCH_STAFF)


@pytest.fixture
def administrator(db):
    return _staff(StaffGroup.ADMINISTRATOR)


STAFF_PERSONAS = [
    "intake_officer",
    "programme_coordinator",
    "placement_coordinator",
    "professionalisation_coordinator",
    "researcher",
    "administrator",
]


@pytest.fixture
def persona(request):
    """Resolve a persona by name, for parametrised permission tables (None is anonymous)."""

    def get(name):
        return None if name == "anonymous" else request.getfixturevalue(name)

    return get
