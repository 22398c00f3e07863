"""The people and rows of the PAL tests: a PAL student in school A's region, a request of school A
(confirmed, with the student's confirmed assignment), a student of another school's assignment.
The personas of tests/conftest.py (school_a_contact, school_b_contact, school_a_mentor,
professionalisation_coordinator, intake_officer, administrator, outsider …) complete the tables."""

import pytest

from professionalisation.models import PalRequestStatus
from tests.factories import SchoolSubjectFactory
from tests.factories.professionalisation_outreach_pal import (
    PalAssignmentFactory,
    PalRequestFactory,
    PalStudentFactory,
)


@pytest.fixture
def subject(db):
    return SchoolSubjectFactory(slug="wiskunde", name_nl="Wiskunde", name_en="Mathematics")


@pytest.fixture
def pal_student(school_a, subject):
    return PalStudentFactory(region=school_a.region, subjects=[subject], user__full_name="Pim PAL")


@pytest.fixture
def pal_user(pal_student):
    return pal_student.user


@pytest.fixture
def other_pal_user(db):
    """A PAL student with an assignment at another school."""
    return PalAssignmentFactory(confirmed=True).student.user


@pytest.fixture
def open_request(school_a, subject):
    return PalRequestFactory(school=school_a, subject=subject, status=PalRequestStatus.REQUESTED)


@pytest.fixture
def assignment(school_a, subject, pal_student):
    """The PAL student's confirmed assignment at school A (its request confirmed)."""
    request = PalRequestFactory(school=school_a, subject=subject, status=PalRequestStatus.CONFIRMED)
    return PalAssignmentFactory(request=request, student=pal_student, confirmed=True)


@pytest.fixture
def people(request):
    """Resolve a role of the permission tables by name (None: anonymous)."""

    def get(name):
        return None if name == "anonymous" else request.getfixturevalue(name)

    return get
