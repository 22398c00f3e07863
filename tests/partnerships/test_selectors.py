"""One selector per school-owned resource of partnerships, built on the tenancy rule
(partnerships.tenancy.visible_rows): memberships, invitations, agreements; and "who answers for a
school", written once (partnerships.selectors.school_responders and its siblings).

Schools A and the lead school form one partnership; B belongs to a second partnership (led by a
school C). Each persona's answer is a set of labels, so a leak or a gap shows by name. Staff see
by their group's permission: the research staff hold no permission on memberships, invitations or
agreements, intake officers none on invitations and agreements."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from iclon.core.tenancy import user_scope
from partnerships import selectors
from partnerships.models import Agreement, SchoolMembership, SchoolRole
from partnerships.tenancy import visible_rows
from tests.conftest import STAFF_PERSONAS
from tests.factories import (
    AgreementFactory,
    SchoolInvitationFactory,
    SchoolMembershipFactory,
    TrainingSchoolPartnershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
NO_SCHOOL = ["former_contact", "applicant", "outsider", "anonymous"]


@pytest.fixture
def world(school_a, school_b, lead_school, partnership, school_a_contact, school_a_mentor, school_b_contact):
    """Memberships, invitations and agreements at every school, each with a label."""
    leader = SchoolMembershipFactory(school=lead_school, role=SchoolRole.SCHOOL_LEADER).user
    second = TrainingSchoolPartnershipFactory(name="Opleidingsschool B")
    school_b.partnership = second
    school_b.save(update_fields=["partnership"])
    former = SchoolMembershipFactory(
        school=school_a, active_from=timezone.localdate() - 400 * DAY, active_until=timezone.localdate() - DAY
    )
    memberships = {
        "A-contact": SchoolMembership.objects.unscoped().get(user=school_a_contact).pk,
        "A-mentor": SchoolMembership.objects.unscoped().get(user=school_a_mentor).pk,
        "A-former": former.pk,
        "B-contact": SchoolMembership.objects.unscoped().get(user=school_b_contact).pk,
        "lead-leader": SchoolMembership.objects.unscoped().get(user=leader).pk,
    }
    invitations = {
        label: SchoolInvitationFactory(school=school).pk
        for label, school in (("A", school_a), ("B", school_b), ("lead", lead_school))
    }
    agreements = {
        "P1": AgreementFactory(partnership=partnership).pk,
        "P2": AgreementFactory(partnership=second).pk,
        "none": AgreementFactory(partnership=None).pk,
    }
    return {
        "memberships": memberships,
        "invitations": invitations,
        "agreements": agreements,
        "lead_school_leader": leader,
        "former_contact": former.user,
    }


@pytest.fixture
def who(world, persona, partnership_coordinator):
    def get(name):
        if name in ("lead_school_leader", "former_contact"):
            return world[name]
        user = persona(name)
        return AnonymousUser() if user is None else user

    return get


def seen(queryset, labels: dict) -> set[str]:
    by_pk = {pk: label for label, pk in labels.items()}
    return {by_pk[pk] for pk in queryset.values_list("pk", flat=True) if pk in by_pk}


A_MEMBERSHIPS = {"A-contact", "A-mentor", "A-former"}
ALL_MEMBERSHIPS = A_MEMBERSHIPS | {"B-contact", "lead-leader"}
MEMBERSHIPS = [
    ("school_a_contact", A_MEMBERSHIPS),
    ("school_a_mentor", A_MEMBERSHIPS),
    ("school_b_contact", {"B-contact"}),
    ("lead_school_leader", A_MEMBERSHIPS | {"lead-leader"}),
    ("partnership_coordinator", A_MEMBERSHIPS | {"lead-leader"}),
    # A person sees their own membership while it runs: after active_until the school is out of
    # sight (tests/api/test_permissions.py::test_ended_membership_no_longer_shows_its_school).
    ("former_contact", set()),
    ("applicant", set()),
    ("outsider", set()),
    ("anonymous", set()),
    *[(name, ALL_MEMBERSHIPS) for name in STAFF_PERSONAS if name != "researcher"],
    ("researcher", set()),
]


@pytest.mark.parametrize(("name", "expected"), MEMBERSHIPS)
def test_membership_list_for_user_follows_the_rule(world, who, name, expected):
    assert seen(selectors.membership_list_for_user(user=who(name)), world["memberships"]) == expected


@pytest.mark.parametrize(("name", "expected"), MEMBERSHIPS)
def test_membership_get_for_user_answers_what_the_list_holds_and_refuses_the_rest(world, who, name, expected):
    user = who(name)
    for label, pk in world["memberships"].items():
        if label in expected:
            assert selectors.membership_get_for_user(user=user, pk=pk).pk == pk
        else:
            with pytest.raises(SchoolMembership.DoesNotExist):
                selectors.membership_get_for_user(user=user, pk=pk)


def test_membership_get_for_user_refuses_a_malformed_id(world, administrator):
    with pytest.raises(SchoolMembership.DoesNotExist):
        selectors.membership_get_for_user(user=administrator, pk="x")


INVITATIONS = [
    ("school_a_contact", {"A"}),
    ("school_a_mentor", {"A"}),
    ("school_b_contact", {"B"}),
    ("lead_school_leader", {"A", "lead"}),
    ("partnership_coordinator", {"A", "lead"}),
    *[(name, set()) for name in NO_SCHOOL],
    ("placement_coordinator", {"A", "B", "lead"}),
    ("programme_coordinator", {"A", "B", "lead"}),
    ("professionalisation_coordinator", {"A", "B", "lead"}),
    ("administrator", {"A", "B", "lead"}),
    ("intake_officer", set()),
    ("researcher", set()),
]


@pytest.mark.parametrize(("name", "expected"), INVITATIONS)
def test_invitation_list_for_user_follows_the_rule(world, who, name, expected):
    assert seen(selectors.invitation_list_for_user(user=who(name)), world["invitations"]) == expected


AGREEMENTS = [
    ("school_a_contact", {"P1"}),
    ("school_a_mentor", {"P1"}),
    ("school_b_contact", {"P2"}),
    ("lead_school_leader", {"P1"}),
    ("partnership_coordinator", {"P1"}),
    *[(name, set()) for name in NO_SCHOOL],
    ("placement_coordinator", {"P1", "P2", "none"}),
    ("programme_coordinator", {"P1", "P2", "none"}),
    ("professionalisation_coordinator", {"P1", "P2", "none"}),
    ("administrator", {"P1", "P2", "none"}),
    ("intake_officer", set()),
    ("researcher", set()),
]


@pytest.mark.parametrize(("name", "expected"), AGREEMENTS)
def test_agreement_list_for_user_follows_the_rule(world, who, name, expected):
    assert seen(selectors.agreement_list_for_user(user=who(name)), world["agreements"]) == expected


def test_agreements_of_a_partnership_are_listed_once_each(world, school_a_contact, partnership):
    """Two visible member schools of one partnership do not list its agreement twice."""
    SchoolMembershipFactory(user=school_a_contact, school=partnership.lead_school, role=SchoolRole.WORKPLACE_MENTOR)
    agreements = list(selectors.agreement_list_for_partnership(user=school_a_contact, partnership_id=partnership.pk))
    assert [agreement.pk for agreement in agreements] == [world["agreements"]["P1"]]


def test_an_inactive_account_sees_nothing_even_of_its_own(world, school_a_contact):
    school_a_contact.is_active = False
    school_a_contact.save(update_fields=["is_active"])
    assert not selectors.membership_list_for_user(user=school_a_contact).exists()


def test_staff_without_the_permission_still_see_their_own(world, researcher, school_a):
    """A researcher who also mentors at a school sees that membership of theirs, and no other."""
    own = SchoolMembershipFactory(user=researcher, school=school_a, role=SchoolRole.WORKPLACE_MENTOR)
    assert list(selectors.membership_list_for_user(user=researcher).values_list("pk", flat=True)) == [own.pk]


def test_visible_rows_with_nothing_to_match_returns_no_rows(world, outsider):
    rows = SchoolMembership.objects.unscoped()
    assert list(visible_rows(rows, user=outsider, perm="partnerships.view_schoolmembership", school="school")) == []


# Query counts: a list costs the same at 1 and at 50 rows --------------------------------------


def _memberships_at(school, count):
    for _ in range(count):
        SchoolMembershipFactory(school=school, role=SchoolRole.WORKPLACE_MENTOR)


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize("name", ["school_a_contact", "placement_coordinator"])
def test_membership_list_costs_a_fixed_number_of_queries(
    school_a, school_a_contact, persona, django_assert_max_num_queries, rows, name
):
    _memberships_at(school_a, rows - 1)
    user = type(persona(name)).objects.get(pk=persona(name).pk)  # nothing cached on the user yet
    # The viewer's schools (2) or permissions (2), then the list itself (1).
    with django_assert_max_num_queries(3):
        memberships = list(selectors.membership_list_for_user(user=user).select_related("user", "school"))
    assert len(memberships) == rows
    assert {m.user.email for m in memberships}


@pytest.mark.parametrize("rows", [1, 50])
def test_invitation_and_agreement_lists_cost_a_fixed_number_of_queries(
    school_a, partnership, school_a_contact, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        SchoolInvitationFactory(school=school_a)
        AgreementFactory(partnership=partnership)
    user = type(school_a_contact).objects.get(pk=school_a_contact.pk)
    with django_assert_max_num_queries(3):
        invitations = list(selectors.invitation_list_for_user(user=user))
    with django_assert_max_num_queries(1):  # the user's schools are known by now
        agreements = list(selectors.agreement_list_for_user(user=user).select_related("partnership"))
    assert (len(invitations), len(agreements)) == (rows, rows)
    assert {invitation.school.name for invitation in invitations} == {school_a.name}


# Who answers for a school --------------------------------------------------------------------------


@pytest.fixture
def people_of_a(school_a, school_a_contact, school_a_mentor, former_contact):
    educator = SchoolMembershipFactory(school=school_a, role=SchoolRole.SCHOOL_TEACHER_EDUCATOR).user
    leader = SchoolMembershipFactory(school=school_a, role=SchoolRole.SCHOOL_LEADER).user
    future = SchoolMembershipFactory(school=school_a, active_from=timezone.localdate() + DAY).user
    gone = SchoolMembershipFactory(school=school_a, user__is_active=False).user
    return {"contact": school_a_contact, "educator": educator, "mentor": school_a_mentor, "leader": leader,
            "former": former_contact, "future": future, "inactive": gone}  # fmt: skip


def test_school_responders_are_the_active_contacts_and_school_based_educators(school_a, people_of_a, school_b_contact):
    responders = selectors.school_responders(school_id=school_a.pk)
    assert responders == sorted([people_of_a["contact"], people_of_a["educator"]], key=lambda user: user.pk)


def test_a_responder_with_two_answering_roles_is_listed_once(school_a, school_a_contact):
    SchoolMembershipFactory(user=school_a_contact, school=school_a, role=SchoolRole.SCHOOL_TEACHER_EDUCATOR)
    assert selectors.school_responders(school_id=school_a.pk) == [school_a_contact]


@pytest.mark.parametrize(
    ("name", "answers"),
    [
        ("contact", True),
        ("educator", True),
        ("mentor", False),
        ("leader", False),
        ("former", False),
        ("future", False),
        ("inactive", False),
    ],  # fmt: skip
)
def test_answers_for_school_and_responding_school_ids_agree_with_the_responders(
    school_a, school_b, people_of_a, name, answers
):
    user = people_of_a[name]
    assert selectors.answers_for_school(user=user, school_id=school_a.pk) is answers
    assert selectors.answers_for_school(user=user, school_id=school_b.pk) is False
    assert selectors.responding_school_ids(user=user) == ({school_a.pk} if answers else set())
    assert (user in selectors.school_responders(school_id=school_a.pk)) is answers


def test_answers_for_school_is_false_for_anonymous_and_staff_without_a_membership(school_a, administrator):
    assert selectors.answers_for_school(user=AnonymousUser(), school_id=school_a.pk) is False
    assert selectors.answers_for_school(user=None, school_id=school_a.pk) is False
    assert selectors.answers_for_school(user=administrator, school_id=school_a.pk) is False
    assert selectors.responding_school_ids(user=AnonymousUser()) == set()


def test_school_contacts_are_the_active_contacts_only(school_a, people_of_a):
    contacts = selectors.school_contacts(school_id=school_a.pk)
    assert [membership.user for membership in contacts] == [people_of_a["contact"]]
    assert contacts[0].school == school_a


def test_who_answers_is_read_whoever_is_signed_in(school_a, school_a_contact, school_b_contact):
    """A fact about the school: the same answer inside another school's request scope."""
    with user_scope(school_b_contact):
        assert selectors.school_responders(school_id=school_a.pk) == [school_a_contact]
        assert [m.user for m in selectors.school_contacts(school_id=school_a.pk)] == [school_a_contact]


def test_school_roles_of_a_person_are_todays_only(school_a, school_a_contact, former_contact):
    assert selectors.school_roles(user=school_a_contact, school_id=school_a.pk) == {SchoolRole.SCHOOL_CONTACT}
    assert selectors.school_roles(user=former_contact, school_id=school_a.pk) == set()
    assert selectors.school_roles(user=UserFactory(), school_id=school_a.pk) == set()


# The school's page reads through the selectors ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "colleagues", "agreement"),
    [
        ("school_a_contact", True, True),
        ("lead_school_leader", True, True),
        ("placement_coordinator", True, True),
        ("administrator", True, True),
        ("intake_officer", True, False),
        ("researcher", False, False),
    ],
)
def test_school_page_shows_colleagues_and_agreements_by_the_rule(
    client, world, who, school_a, partnership, name, colleagues, agreement
):
    title = Agreement.objects.get(pk=world["agreements"]["P1"]).title
    client.force_login(who(name))
    response = client.get(reverse("partnerships:school-detail", kwargs={"code": school_a.code}))
    assert response.status_code == 200
    content = response.content.decode()
    assert ("Mark Mentor" in content) is colleagues
    assert (title in content) is agreement
