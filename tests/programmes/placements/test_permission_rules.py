"""The placement predicates as tables: for every kind of viewer, whose offers they manage
(`managed_school_ids`: a set of school ids, or None for "all schools"), whether they manage the
offers of school A (`can_manage_offers`), and who is a trainee of an application (`is_trainee`).

Offers are managed with `programmes.change_placementoffer`; staff who hold only the matching
permission (`programmes.add_placement`) do not manage offers."""

import pytest
from django.contrib.auth.models import AnonymousUser, Permission

from partnerships.models import SchoolRole
from programmes.models import ApplicationStatus
from programmes.placements.permissions import can_manage_offers, is_trainee, managed_school_ids
from tests.factories import ApplicationFactory, SchoolMembershipFactory, StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def _staff_with(*codenames, **fields):
    user = StaffUserFactory(**fields)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="programmes", codename__in=codenames))
    assert user.user_permissions.count() == len(codenames)
    return user


def _member(school, role, **fields):
    return SchoolMembershipFactory(school=school, role=role, **fields).user


@pytest.fixture
def viewers(school_a, school_b, lead_school, placement_coordinator, intake_officer):
    """Every kind of viewer by name, with the answers expected for school A:
    (viewer, managed_school_ids, can_manage_offers of school A)."""
    a, b = school_a.pk, school_b.pk
    both = _member(school_a, SchoolRole.SCHOOL_CONTACT)
    SchoolMembershipFactory(user=both, school=school_b, role=SchoolRole.SCHOOL_TEACHER_EDUCATOR)
    inactive_contact = _member(school_a, SchoolRole.SCHOOL_CONTACT, user__is_active=False)
    return {
        "anonymous (None)": (None, set(), False),
        "anonymous": (AnonymousUser(), set(), False),
        "outsider": (UserFactory(), set(), False),
        "inactive placement staff": (
            _staff_with("change_placementoffer", "add_placement", is_active=False),
            set(),
            False,
        ),
        "inactive contact of A": (inactive_contact, set(), False),
        "staff without placement permissions": (intake_officer, set(), False),
        "staff with the matching permission only": (_staff_with("add_placement"), set(), False),
        "staff with the offer permission only": (_staff_with("change_placementoffer"), None, True),
        "non-staff user with the offer permission": (
            _staff_with("change_placementoffer", is_staff=False),
            set(),
            False,
        ),
        "placement coordinator": (placement_coordinator, None, True),
        "contact of A": (_member(school_a, SchoolRole.SCHOOL_CONTACT), {a}, True),
        "school-based teacher educator of A": (_member(school_a, SchoolRole.SCHOOL_TEACHER_EDUCATOR), {a}, True),
        "workplace mentor of A": (_member(school_a, SchoolRole.WORKPLACE_MENTOR), set(), False),
        "school leader of A": (_member(school_a, SchoolRole.SCHOOL_LEADER), set(), False),
        "contact of the lead school": (_member(lead_school, SchoolRole.SCHOOL_CONTACT), {lead_school.pk}, False),
        "contact of B": (_member(school_b, SchoolRole.SCHOOL_CONTACT), {b}, False),
        "contact of A and educator at B": (both, {a, b}, True),
    }


def test_who_manages_which_schools_offers(viewers, school_a):
    assert {name: managed_school_ids(viewer) for name, (viewer, _ids, _a) in viewers.items()} == {
        name: ids for name, (_viewer, ids, _a) in viewers.items()
    }
    assert {name: can_manage_offers(viewer, school_a) for name, (viewer, _ids, _a) in viewers.items()} == {
        name: manages_a for name, (_viewer, _ids, manages_a) in viewers.items()
    }


TRAINEE = {
    ApplicationStatus.DRAFT: False,
    ApplicationStatus.SUBMITTED: False,
    ApplicationStatus.IN_REVIEW: False,
    ApplicationStatus.APTITUDE_ASSESSMENT: False,
    ApplicationStatus.ADMITTED: True,
    ApplicationStatus.ADMITTED_WITH_CONDITIONS: True,
    ApplicationStatus.REJECTED: False,
    ApplicationStatus.ENROLLED: True,
    ApplicationStatus.WITHDRAWN: False,
}


def test_every_status_is_in_the_table():
    assert set(TRAINEE) == set(ApplicationStatus)


@pytest.mark.parametrize("status", list(TRAINEE))
def test_only_the_applicant_is_a_trainee_and_only_once_admitted(status, applicant, outsider, placement_coordinator):
    application = ApplicationFactory(applicant=applicant, status=status)
    assert {
        "applicant": is_trainee(applicant, application),
        "another user": is_trainee(outsider, application),
        "placement staff": is_trainee(placement_coordinator, application),
        "anonymous": is_trainee(AnonymousUser(), application),
        "nobody": is_trainee(None, application),
    } == {
        "applicant": TRAINEE[status],
        "another user": False,
        "placement staff": False,
        "anonymous": False,
        "nobody": False,
    }
