"""The services of learning circles and development paths: who may do what, what is validated,
what is written (with its history and author), and that a refusal writes nothing."""

import datetime

import pytest
from django.utils import timezone, translation

from iclon.core.errors import Conflict, NotAllowed, PortalError
from partnerships.models import SchoolRole
from professionalisation.circles import services
from professionalisation.models import (
    CircleMeeting,
    CircleMembership,
    CircleProduct,
    CircleRole,
    LearningCircle,
    PathStep,
    PracticeQuestion,
    PriorModule,
    QuestionStatus,
    SchoolPosition,
)
from tests.factories import SchoolFactory, SchoolMembershipFactory, StaffUserFactory, UserFactory
from tests.factories.professionalisation_circles import (
    CircleMeetingFactory,
    CircleMembershipFactory,
    DevelopmentPathFactory,
    PathStepFactory,
    PracticeQuestionFactory,
)
from tests.factories.programmes import ModuleFactory
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def refused(error, message, call, *unchanged):
    """`call` raises `error` with `message` (in English) and writes nothing to `unchanged`."""
    with nothing_written(*unchanged), pytest.raises(error) as caught, translation.override("en"):
        call()
    assert str(caught.value) == message
    return caught.value


def _circle_values(region):
    return {
        "name_nl": " Leerkring Engels ",
        "name_en": "Circle of English",
        "region": region,
        "theme_nl": "Doeltaal is voertaal",
        "theme_en": "English in English",
        "starts_on": datetime.date(2027, 1, 10),
    }


# --- circles --------------------------------------------------------------------------------------


def test_staff_start_a_circle_with_its_history_naming_them(professionalisation_coordinator, school_a):
    circle = services.circle_create(actor=professionalisation_coordinator, **_circle_values(school_a.region))

    circle.refresh_from_db()
    assert circle.name_nl == "Leerkring Engels"
    assert circle.region == school_a.region
    assert circle.active is True
    assert circle.history.get().history_user == professionalisation_coordinator


@pytest.mark.parametrize("role", ["anonymous", "outsider", "school_a_contact", "member", "facilitator", "researcher"])
def test_only_staff_who_manage_circles_start_one(role, people, school_a, circle):
    actor = people(role)
    refused(
        NotAllowed,
        "You are not allowed to do this.",
        lambda: services.circle_create(actor=actor, **_circle_values(school_a.region)),
        LearningCircle,
    )


def test_a_circle_cannot_end_before_it_starts(professionalisation_coordinator, school_a):
    values = {**_circle_values(school_a.region), "ends_on": datetime.date(2026, 12, 31)}
    refused(
        PortalError,
        "A circle cannot end before it starts.",
        lambda: services.circle_create(actor=professionalisation_coordinator, **values),
        LearningCircle,
    )


def test_a_circle_with_members_does_not_move_to_another_region(professionalisation_coordinator, circle, member):
    other = SchoolFactory().region
    refused(
        Conflict,
        "The circle has members from schools in its region: it cannot move to another region.",
        lambda: services.circle_update(circle=circle, region=other, actor=professionalisation_coordinator),
        circle,
    )


def test_circle_update_changes_only_its_own_fields(professionalisation_coordinator, circle):
    updated = services.circle_update(
        circle=circle, theme_en="New theme", active=False, actor=professionalisation_coordinator
    )
    assert (updated.theme_en, updated.active) == ("New theme", False)
    with nothing_written(circle), pytest.raises(PortalError) as error:
        services.circle_update(circle=circle, created_at=timezone.now(), actor=professionalisation_coordinator)
    assert error.value.field == "created_at"


# --- members ----------------------------------------------------------------------------------------


def test_staff_add_a_member_for_a_school_of_the_circles_region(professionalisation_coordinator, circle, school_a):
    teacher = UserFactory()
    membership = services.membership_add(
        circle=circle,
        person=teacher,
        role=CircleRole.MEMBER,
        school=school_a,
        position=SchoolPosition.TEAM_LEADER,
        actor=professionalisation_coordinator,
    )
    assert (membership.school, membership.position, membership.joined_on) == (
        school_a,
        SchoolPosition.TEAM_LEADER,
        TODAY(),
    )
    assert membership.history.get().history_user == professionalisation_coordinator


def test_a_member_from_a_school_of_another_region_is_refused(professionalisation_coordinator, circle, school_b):
    with nothing_written(CircleMembership), pytest.raises(PortalError) as error:
        services.membership_add(
            circle=circle,
            person=UserFactory(),
            role=CircleRole.MEMBER,
            school=school_b,
            position=SchoolPosition.TEACHER,
            actor=professionalisation_coordinator,
        )
    assert error.value.field == "school"


@pytest.mark.parametrize(
    ("school", "position", "field"), [(False, SchoolPosition.TEACHER, "school"), (True, "", "position")]
)
def test_a_member_needs_a_school_and_a_position(
    professionalisation_coordinator, circle, school_a, school, position, field
):
    with nothing_written(CircleMembership), pytest.raises(PortalError) as error:
        services.membership_add(
            circle=circle,
            person=UserFactory(),
            role=CircleRole.MEMBER,
            school=school_a if school else None,
            position=position,
            actor=professionalisation_coordinator,
        )
    assert error.value.field == field


def test_facilitators_and_researchers_are_iclon_staff_without_a_school(
    professionalisation_coordinator, circle, school_a
):
    with nothing_written(CircleMembership), pytest.raises(PortalError) as error:
        services.membership_add(
            circle=circle, person=UserFactory(), role=CircleRole.FACILITATOR, actor=professionalisation_coordinator
        )
    assert error.value.field == "person"
    staff = StaffUserFactory()
    membership = services.membership_add(
        circle=circle, person=staff, role=CircleRole.RESEARCHER, school=school_a, actor=professionalisation_coordinator
    )
    assert (membership.school, membership.position) == (None, "")


def test_a_person_is_in_a_circle_once(professionalisation_coordinator, circle, member, school_a):
    with nothing_written(CircleMembership), pytest.raises(Conflict), translation.override("en"):
        services.membership_add(
            circle=circle,
            person=member,
            role=CircleRole.MEMBER,
            school=school_a,
            position=SchoolPosition.TEACHER,
            actor=professionalisation_coordinator,
        )


@pytest.mark.parametrize("role", ["member", "facilitator", "school_a_contact", "researcher"])
def test_only_staff_who_manage_circles_add_members(role, people, circle, school_a):
    actor, person = people(role), UserFactory()
    with nothing_written(CircleMembership), pytest.raises(NotAllowed):
        services.membership_add(
            circle=circle,
            person=person,
            role=CircleRole.MEMBER,
            school=school_a,
            position=SchoolPosition.TEACHER,
            actor=actor,
        )


def test_an_ended_membership_leaves_the_circle_and_cannot_end_twice(professionalisation_coordinator, circle, member):
    membership = CircleMembership.objects.get(circle=circle, person=member)
    services.membership_end(membership=membership, actor=professionalisation_coordinator)
    membership.refresh_from_db()
    assert membership.left_on == TODAY()
    with nothing_written(membership), pytest.raises(Conflict):
        services.membership_end(membership=membership, actor=professionalisation_coordinator)


def test_a_membership_cannot_end_before_it_began(professionalisation_coordinator, circle, member):
    membership = CircleMembership.objects.get(circle=circle, person=member)
    with nothing_written(membership), pytest.raises(PortalError) as error:
        services.membership_end(
            membership=membership,
            left_on=membership.joined_on - datetime.timedelta(days=1),
            actor=professionalisation_coordinator,
        )
    assert error.value.field == "left_on"


# --- meetings, questions, products ---------------------------------------------------------------


def _meeting(circle, actor, **changes):
    values = {
        "date": TODAY() + datetime.timedelta(days=7),
        "starts_at": datetime.time(15, 30),
        "ends_at": datetime.time(17, 0),
        "place": "ICLON",
    }
    return services.meeting_add(circle=circle, actor=actor, **{**values, **changes})


@pytest.mark.parametrize("role", ["facilitator", "professionalisation_coordinator"])
def test_facilitators_and_staff_plan_meetings(role, people, circle):
    meeting = _meeting(circle, people(role), agenda="Praktijkvragen")
    assert (meeting.circle, meeting.agenda, meeting.place) == (circle, "Praktijkvragen", "ICLON")


@pytest.mark.parametrize("role", ["member", "circle_researcher", "school_a_contact", "outsider", "anonymous"])
def test_others_do_not_plan_meetings(role, people, circle):
    actor = people(role)
    with nothing_written(CircleMeeting), pytest.raises(NotAllowed):
        _meeting(circle, actor)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ends_at": datetime.time(15, 0)}, "The meeting must end after it starts."),
        ({"place": "", "online_link": ""}, "Give a place or an online link."),
    ],
)
def test_a_meeting_needs_a_time_span_and_a_place(facilitator, circle, changes, message):
    refused(PortalError, message, lambda: _meeting(circle, facilitator, **changes), CircleMeeting)


def test_an_ended_facilitator_no_longer_plans_meetings(professionalisation_coordinator, facilitator, circle):
    membership = CircleMembership.objects.get(person=facilitator)
    services.membership_end(membership=membership, actor=professionalisation_coordinator)
    with nothing_written(CircleMeeting), pytest.raises(NotAllowed):
        _meeting(circle, facilitator)


@pytest.mark.parametrize("role", ["member", "school_a_contact", "professionalisation_coordinator"])
def test_a_member_school_brings_in_a_question(role, people, circle, member, school_a):
    actor = people(role)
    question = services.practice_question_submit(
        circle=circle,
        school=school_a,
        title=" Hoe houden we starters? ",
        context="Twee van vijf vertrokken.",
        actor=actor,
    )
    assert (question.title, question.status, question.submitted_by, question.school) == (
        "Hoe houden we starters?",
        QuestionStatus.SUBMITTED,
        actor,
        school_a,
    )


def test_a_school_leader_of_a_member_school_brings_in_a_question(circle, member, school_a):
    leader = SchoolMembershipFactory(school=school_a, role=SchoolRole.SCHOOL_LEADER).user
    question = services.practice_question_submit(circle=circle, school=school_a, title="V", context="C", actor=leader)
    assert question.submitted_by == leader


@pytest.mark.parametrize(
    "role", ["school_b_contact", "school_a_mentor", "other_member", "outsider", "anonymous", "circle_researcher"]
)
def test_others_bring_in_no_question_for_a_member_school(role, people, circle, member, school_a):
    actor = people(role)
    with nothing_written(PracticeQuestion), pytest.raises(NotAllowed):
        services.practice_question_submit(circle=circle, school=school_a, title="V", context="C", actor=actor)


def test_a_contact_of_a_school_without_members_brings_in_no_question(circle, school_a_contact, school_a):
    # No member of school A in the circle: its contact speaks for no member school.
    with nothing_written(PracticeQuestion), pytest.raises(NotAllowed):
        services.practice_question_submit(
            circle=circle, school=school_a, title="V", context="C", actor=school_a_contact
        )


def test_a_member_brings_in_questions_only_for_their_own_school(circle, member, school_a):
    other_school = SchoolFactory(region=school_a.region)
    CircleMembershipFactory(circle=circle, school=other_school)
    with nothing_written(PracticeQuestion), pytest.raises(NotAllowed):
        services.practice_question_submit(circle=circle, school=other_school, title="V", context="C", actor=member)


def test_a_question_needs_a_title_and_context(circle, member, school_a):
    with nothing_written(PracticeQuestion), pytest.raises(PortalError) as error:
        services.practice_question_submit(circle=circle, school=school_a, title="  ", context="C", actor=member)
    assert error.value.field == "title"


def test_questions_move_along_and_stay_closed(facilitator, circle):
    question = PracticeQuestionFactory(circle=circle)
    for status in (
        QuestionStatus.IN_PROGRESS,
        QuestionStatus.ANSWERED,
        QuestionStatus.IN_PROGRESS,
        QuestionStatus.CLOSED,
    ):
        question = services.practice_question_set_status(question=question, status=status, actor=facilitator)
        assert question.status == status
    with nothing_written(question), pytest.raises(Conflict):
        services.practice_question_set_status(question=question, status=QuestionStatus.IN_PROGRESS, actor=facilitator)
    assert question.history.count() == 5


def test_a_submitted_question_is_not_answered_before_it_is_worked_on(facilitator, circle):
    question = PracticeQuestionFactory(circle=circle)
    refused(
        Conflict,
        "A question that is submitted cannot become answered.",
        lambda: services.practice_question_set_status(
            question=question, status=QuestionStatus.ANSWERED, actor=facilitator
        ),
        question,
    )


@pytest.mark.parametrize("role", ["member", "school_a_contact", "circle_researcher", "outsider"])
def test_only_facilitators_and_staff_move_questions(role, people, circle, member):
    question, actor = PracticeQuestionFactory(circle=circle), people(role)
    with nothing_written(question), pytest.raises(NotAllowed):
        services.practice_question_set_status(question=question, status=QuestionStatus.IN_PROGRESS, actor=actor)


@pytest.mark.parametrize("role", ["member", "facilitator", "professionalisation_coordinator"])
def test_members_and_facilitators_share_products(role, people, circle, member):
    meeting = CircleMeetingFactory(circle=circle)
    actor = people(role)
    product = services.product_add(meeting=meeting, title="Verslag", link="https://docs.example.org/x", actor=actor)
    assert (product.meeting, product.text, product.link, product.added_by) == (
        meeting,
        "",
        "https://docs.example.org/x",
        actor,
    )


@pytest.mark.parametrize("role", ["circle_researcher", "school_a_contact", "other_member", "anonymous"])
def test_others_share_no_products(role, people, circle, member):
    meeting, actor = CircleMeetingFactory(circle=circle), people(role)
    with nothing_written(CircleProduct), pytest.raises(NotAllowed):
        services.product_add(meeting=meeting, title="Verslag", text="Tekst", actor=actor)


def test_a_product_needs_a_text_or_a_link(member, circle):
    meeting = CircleMeetingFactory(circle=circle)
    refused(
        PortalError,
        "Give a text or a link.",
        lambda: services.product_add(meeting=meeting, title="Verslag", actor=member),
        CircleProduct,
    )


# --- paths and modules ------------------------------------------------------------------------------


def test_steps_are_added_at_the_end_and_reordered(professionalisation_coordinator):
    path = DevelopmentPathFactory()
    first = PathStepFactory(path=path, order=1)
    second = services.path_step_add(path=path, title_nl="Twee", title_en="Two", actor=professionalisation_coordinator)
    third = services.path_step_add(path=path, title_nl="Drie", title_en="Three", actor=professionalisation_coordinator)
    assert (second.order, third.order) == (2, 3)

    services.path_steps_reorder(
        path=path, step_ids=[third.pk, first.pk, second.pk], actor=professionalisation_coordinator
    )
    assert list(PathStep.objects.filter(path=path).order_by("order").values_list("pk", flat=True)) == [
        third.pk,
        first.pk,
        second.pk,
    ]

    services.path_step_move(step=PathStep.objects.get(pk=second.pk), up=True, actor=professionalisation_coordinator)
    assert list(PathStep.objects.filter(path=path).order_by("order").values_list("pk", flat=True)) == [
        third.pk,
        second.pk,
        first.pk,
    ]


def test_reordering_lists_every_step_once_and_the_first_cannot_move_up(professionalisation_coordinator):
    path = DevelopmentPathFactory()
    first, second = PathStepFactory(path=path, order=1), PathStepFactory(path=path, order=2)
    with nothing_written(PathStep), pytest.raises(PortalError):
        services.path_steps_reorder(path=path, step_ids=[first.pk, first.pk], actor=professionalisation_coordinator)
    with nothing_written(PathStep), pytest.raises(Conflict):
        services.path_step_move(step=first, up=True, actor=professionalisation_coordinator)
    with nothing_written(PathStep), pytest.raises(NotAllowed):
        services.path_steps_reorder(path=path, step_ids=[second.pk, first.pk], actor=UserFactory())


def test_staff_record_a_module_of_the_teacher_education(professionalisation_coordinator):
    person, module = UserFactory(), ModuleFactory()
    prior = services.prior_module_record(
        person=person, module=module, completed_on=datetime.date(2024, 6, 30), actor=professionalisation_coordinator
    )
    assert (prior.person, prior.module, prior.recorded_by) == (person, module, professionalisation_coordinator)
    refused(
        Conflict,
        "This module has already been recorded for this person.",
        lambda: services.prior_module_record(
            person=person, module=module, completed_on=datetime.date(2024, 6, 30), actor=professionalisation_coordinator
        ),
        PriorModule,
    )


def test_a_module_is_not_recorded_in_the_future_nor_by_others(professionalisation_coordinator, member):
    module = ModuleFactory()
    with nothing_written(PriorModule), pytest.raises(PortalError) as error:
        services.prior_module_record(
            person=member,
            module=module,
            completed_on=TODAY() + datetime.timedelta(days=1),
            actor=professionalisation_coordinator,
        )
    assert error.value.field == "completed_on"
    with nothing_written(PriorModule), pytest.raises(NotAllowed):
        services.prior_module_record(person=member, module=module, completed_on=TODAY(), actor=member)
