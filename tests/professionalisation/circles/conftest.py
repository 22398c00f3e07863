"""The people of a learning circle, for the circles tests: a circle in the region of school A,
its member (a teacher of school A), its facilitator and researcher (ICLON staff), and a member of
another circle. The personas of tests/conftest.py (school_a_contact, school_b_contact,
professionalisation_coordinator, outsider …) complete the permission tables."""

import pytest

from professionalisation.models import CircleRole
from tests.factories import StaffUserFactory
from tests.factories.professionalisation_circles import CircleMembershipFactory, LearningCircleFactory


@pytest.fixture
def circle(school_a):
    return LearningCircleFactory(region=school_a.region, name_nl="Leerkring teamleiders", name_en="Team leaders")


@pytest.fixture
def member(circle, school_a):
    return CircleMembershipFactory(circle=circle, school=school_a).person


@pytest.fixture
def facilitator(circle):
    return CircleMembershipFactory(circle=circle, role=CircleRole.FACILITATOR, person=StaffUserFactory()).person


@pytest.fixture
def circle_researcher(circle):
    return CircleMembershipFactory(circle=circle, role=CircleRole.RESEARCHER, person=StaffUserFactory()).person


@pytest.fixture
def other_member(db):
    """A member of another circle (in another region)."""
    return CircleMembershipFactory().person


@pytest.fixture
def superuser(db):
    return StaffUserFactory(is_superuser=True)


@pytest.fixture
def people(request):
    """Resolve a role of the permission tables by name (None: anonymous)."""

    def get(name):
        return None if name == "anonymous" else request.getfixturevalue(name)

    return get
