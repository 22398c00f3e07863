"""The tenancy rule for school-owned data (partnerships/tenancy.py, iclon/core/tenancy.py).

Three schools: A and the lead school form one training-school partnership; B stands alone.
Each school has a contact (A also a mentor), so every persona's view can be told apart."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone
from django_scopes import ScopeError, get_scope, scopes_disabled

from iclon.core.middleware import TenancyMiddleware
from iclon.core.tenancy import ALL_SCHOOLS, forget_visible_schools, user_scope, visible_school_ids
from partnerships import selectors
from partnerships.models import School, SchoolInvitation, SchoolMembership, SchoolRole
from tests.conftest import STAFF_PERSONAS
from tests.factories import (
    SchoolInvitationFactory,
    SchoolMembershipFactory,
    TrainingSchoolPartnershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def schools(school_a, school_b, lead_school):
    return {"A": school_a, "B": school_b, "lead": lead_school}


@pytest.fixture
def everyone(schools, school_a_contact, school_a_mentor, school_b_contact, lead_school_contact):
    """Every school has people, so an empty or partial answer means something."""
    return schools


@pytest.fixture
def future_contact(school_a):
    return SchoolMembershipFactory(school=school_a, active_from=timezone.localdate() + DAY).user


@pytest.fixture
def contact_until_today(school_a):
    return SchoolMembershipFactory(
        school=school_a, active_from=timezone.localdate() - 30 * DAY, active_until=timezone.localdate()
    ).user


@pytest.fixture
def lead_school_mentor(lead_school):
    """A workplace mentor at the lead school: their role does not span the partnership."""
    return SchoolMembershipFactory(school=lead_school, role=SchoolRole.WORKPLACE_MENTOR).user


@pytest.fixture
def lead_school_former_leader(lead_school):
    return SchoolMembershipFactory(
        school=lead_school,
        role=SchoolRole.SCHOOL_LEADER,
        active_from=timezone.localdate() - 400 * DAY,
        active_until=timezone.localdate() - DAY,
    ).user


@pytest.fixture
def school_a_leader(school_a):
    """A school leader at a member school that is not the lead school sees only that school."""
    return SchoolMembershipFactory(school=school_a, role=SchoolRole.SCHOOL_LEADER).user


@pytest.fixture
def deactivated_contact(school_a):
    user = SchoolMembershipFactory(school=school_a).user
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


ALL = {"A", "B", "lead"}
VISIBILITY = [
    ("school_a_contact", {"A"}),
    ("school_a_mentor", {"A"}),
    ("school_a_leader", {"A"}),
    ("school_b_contact", {"B"}),
    ("lead_school_contact", {"A", "lead"}),
    ("lead_school_mentor", {"lead"}),
    ("lead_school_former_leader", set()),
    ("partnership_coordinator", {"A", "lead"}),
    ("contact_until_today", {"A"}),
    ("former_contact", set()),
    ("future_contact", set()),
    ("deactivated_contact", set()),
    ("applicant", set()),
    ("outsider", set()),
    ("anonymous", set()),
    *[(staff, ALL) for staff in STAFF_PERSONAS],
]


def user_of(persona, name):
    user = persona(name)
    return AnonymousUser() if user is None else user


def labels(schools, ids):
    by_id = {school.pk: label for label, school in schools.items()}
    return {by_id[pk] for pk in ids}


@pytest.mark.parametrize(("name", "expected"), VISIBILITY)
def test_memberships_for_user_are_those_of_the_schools_the_user_may_see(everyone, persona, name, expected):
    user = user_of(persona, name)
    memberships = SchoolMembership.objects.for_user(user)
    assert labels(everyone, {m.school_id for m in memberships}) == expected


@pytest.mark.parametrize(("name", "expected"), VISIBILITY)
def test_schools_visible_to_user_follow_the_tenancy_rule(everyone, persona, name, expected):
    user = user_of(persona, name)
    assert labels(everyone, School.objects.visible_to(user).values_list("pk", flat=True)) == expected


@pytest.mark.parametrize(("name", "expected"), VISIBILITY)
def test_invitations_for_user_follow_the_tenancy_rule(everyone, persona, name, expected):
    for school in everyone.values():
        SchoolInvitationFactory(school=school)
    user = user_of(persona, name)
    assert labels(everyone, {i.school_id for i in SchoolInvitation.objects.for_user(user)}) == expected


@pytest.mark.parametrize("name", STAFF_PERSONAS)
def test_staff_see_all_schools(persona, name):
    assert visible_school_ids(persona(name)) is ALL_SCHOOLS


def test_superuser_without_staff_flag_sees_all_schools(db):
    assert visible_school_ids(UserFactory(is_superuser=True)) is ALL_SCHOOLS


def test_school_contact_sees_every_membership_of_their_school_including_colleagues(
    everyone, school_a_contact, school_a_mentor
):
    users = {m.user for m in SchoolMembership.objects.for_user(school_a_contact)}
    assert users == {school_a_contact, school_a_mentor}


def test_partnership_coordinator_of_another_partnership_sees_nothing_of_this_one(everyone):
    other = TrainingSchoolPartnershipFactory()
    coordinator = UserFactory()
    other.coordinators.add(coordinator)
    visible = set(School.objects.visible_to(coordinator))
    assert visible == {other.lead_school}
    assert not visible & set(everyone.values())


def test_lead_school_contact_of_a_partnership_without_other_members_sees_only_the_lead_school(db):
    lonely = TrainingSchoolPartnershipFactory()
    contact = SchoolMembershipFactory(school=lonely.lead_school).user
    assert list(School.objects.visible_to(contact)) == [lonely.lead_school]


def test_lead_school_outside_its_own_partnership_is_still_visible_to_its_leader(db):
    partnership = TrainingSchoolPartnershipFactory(lead_is_member=False)
    leader = SchoolMembershipFactory(school=partnership.lead_school, role=SchoolRole.SCHOOL_LEADER).user
    assert list(School.objects.visible_to(leader)) == [partnership.lead_school]


def test_visible_schools_are_cached_on_the_user_until_forgotten(school_a, school_b, school_a_contact):
    assert visible_school_ids(school_a_contact) == [school_a.pk]
    SchoolMembershipFactory(user=school_a_contact, school=school_b)
    assert visible_school_ids(school_a_contact) == [school_a.pk]
    forget_visible_schools(school_a_contact)
    assert visible_school_ids(school_a_contact) == sorted([school_a.pk, school_b.pk])


# Fail closed -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        pytest.param(lambda: list(SchoolMembership.objects.all()), id="all"),
        pytest.param(lambda: SchoolMembership.objects.count(), id="count"),
        pytest.param(lambda: list(SchoolMembership.objects.filter(role=SchoolRole.SCHOOL_CONTACT)), id="filter"),
        pytest.param(lambda: SchoolMembership.objects.first(), id="first"),
        pytest.param(lambda: SchoolMembership.objects.exists(), id="exists"),
        pytest.param(lambda: SchoolMembership.objects.get(pk=1), id="get"),
        pytest.param(lambda: list(SchoolMembership.objects.values_list("pk")), id="values_list"),
        pytest.param(lambda: list(SchoolInvitation.objects.all()), id="invitations"),
    ],
)
def test_school_owned_rows_outside_any_scope_raise_scope_error(everyone, query):
    with pytest.raises(ScopeError):
        query()


def test_related_memberships_outside_any_scope_raise_scope_error(everyone):
    with pytest.raises(ScopeError):
        list(everyone["B"].memberships.all())


def test_unscoped_and_scopes_disabled_reach_every_row_on_purpose(everyone):
    assert SchoolMembership.objects.unscoped().count() == 4
    with scopes_disabled():
        assert SchoolMembership.objects.count() == 4


def test_related_memberships_inside_a_user_scope_are_filtered(everyone, school_a_contact):
    with user_scope(school_a_contact):
        assert list(everyone["B"].memberships.all()) == []
        assert everyone["A"].memberships.count() == 2


def test_related_memberships_inside_a_request_are_scoped_to_the_viewer(everyone, school_a_contact, school_a_mentor):
    seen = {}

    def view(request):
        seen["B"] = list(everyone["B"].memberships.all())
        seen["A"] = list(everyone["A"].memberships.all())
        seen["all"] = SchoolMembership.objects.count()
        return HttpResponse()

    request = RequestFactory().get("/")
    request.user = school_a_contact
    TenancyMiddleware(view)(request)

    assert seen["B"] == []
    assert {m.user for m in seen["A"]} == {school_a_contact, school_a_mentor}
    assert seen["all"] == 2
    assert get_scope() == {}, "the scope must end with the request"


def test_anonymous_request_sees_no_school_owned_rows(everyone):
    seen = {}

    def view(request):
        seen["count"] = SchoolMembership.objects.count()
        return HttpResponse()

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    TenancyMiddleware(view)(request)
    assert seen["count"] == 0


# Selectors ---------------------------------------------------------------------------------------


def test_memberships_of_user_are_only_their_own_active_ones(everyone, school_a_contact, school_b):
    SchoolMembershipFactory(
        user=school_a_contact,
        school=school_b,
        active_from=timezone.localdate() - 100 * DAY,
        active_until=timezone.localdate() - DAY,
    )
    memberships = list(selectors.memberships_of_user(user=school_a_contact))
    assert [(m.school, m.user) for m in memberships] == [(everyone["A"], school_a_contact)]


def test_school_get_for_user_lists_only_active_colleagues(everyone, school_a_contact, former_contact, future_contact):
    school = selectors.school_get_for_user(user=school_a_contact, code=everyone["A"].code)
    users = {m.user for m in school.active_memberships}
    assert school_a_contact in users
    assert former_contact not in users
    assert future_contact not in users


def test_school_get_for_user_refuses_a_school_outside_the_users_view(everyone, school_a_contact):
    with pytest.raises(School.DoesNotExist):
        selectors.school_get_for_user(user=school_a_contact, code=everyone["B"].code)


@pytest.mark.parametrize("code", ["", "12AB", "12AB000", None])
def test_school_get_for_user_refuses_a_malformed_code(everyone, administrator, code):
    with pytest.raises(School.DoesNotExist):
        selectors.school_get_for_user(user=administrator, code=code)


def test_partnership_schools_are_the_other_members(everyone):
    assert list(selectors.partnership_schools(school=everyone["A"])) == [everyone["lead"]]
    assert list(selectors.partnership_schools(school=everyone["B"])) == []
