"""The reads of circles and paths: which circles each role sees, and a person's progress along
development paths (completions, withdrawn completions, recorded modules, what to take next), in a
fixed number of queries."""

import datetime

import pytest
from django.utils import timezone

from partnerships.models import SchoolRole
from professionalisation.circles import selectors
from professionalisation.models import CircleMembership, SessionStatus
from tests.factories import ActivityFactory, SchoolMembershipFactory, SessionFactory, UserFactory
from tests.factories.professionalisation_circles import (
    CircleMembershipFactory,
    DevelopmentPathFactory,
    LearningCircleFactory,
    PathStepFactory,
    PriorModuleFactory,
    completion_of,
)
from tests.factories.programmes import ModuleFactory

pytestmark = pytest.mark.django_db


# --- which circles a role sees ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("anonymous", False),
        ("outsider", False),
        ("other_member", False),
        ("member", True),
        ("facilitator", True),
        ("circle_researcher", True),
        ("school_a_contact", True),
        ("school_b_contact", False),
        ("school_a_mentor", False),
        ("professionalisation_coordinator", True),
        ("administrator", True),
        ("superuser", True),
        ("placement_coordinator", False),
    ],
)
def test_who_sees_a_circle(role, sees, people, circle, member):
    assert (circle in selectors.circle_list_for_user(people(role))) is sees


def test_former_members_and_their_schools_no_longer_see_the_circle(
    circle, member, school_a_contact, professionalisation_coordinator
):
    CircleMembership.objects.filter(person=member).update(left_on=timezone.localdate())
    assert list(selectors.circle_list_for_user(member)) == []
    assert list(selectors.circle_list_for_user(school_a_contact)) == []


def test_a_school_leader_sees_the_circles_of_their_schools_members(circle, member, school_a):
    leader = SchoolMembershipFactory(school=school_a, role=SchoolRole.SCHOOL_LEADER).user
    result = selectors.school_circles(leader)
    assert [(item.school, item.circles) for item in result] == [(school_a, [circle])]
    assert selectors.school_circles(member) == []


def test_the_schools_a_visitor_may_bring_questions_in_for(circle, member, school_a, school_a_contact, facilitator):
    loaded = selectors.circle_get_for_user(user=member, pk=circle.pk)
    assert selectors.submit_schools(user=member, circle=loaded) == [school_a]
    assert selectors.submit_schools(user=school_a_contact, circle=loaded) == [school_a]
    assert selectors.submit_schools(user=facilitator, circle=loaded) == []


def test_circle_lists_run_a_fixed_number_of_queries(django_assert_max_num_queries, professionalisation_coordinator):
    def load():
        return [
            (circle.name, [m.person.full_name for m in circle.current_memberships], circle.coming_meetings)
            for circle in selectors.with_counts(selectors.circle_list_for_user(professionalisation_coordinator))
        ]

    # The circles, their members, coming meetings and principles, and the permission check.
    CircleMembershipFactory()
    with django_assert_max_num_queries(6):
        assert len(load()) >= 1
    for _ in range(49):
        CircleMembershipFactory()
    with django_assert_max_num_queries(6):
        assert len(load()) >= 50


# --- progress along paths -------------------------------------------------------------------------


def _path(*steps):
    path = DevelopmentPathFactory()
    for order, (activities, modules) in enumerate(steps, start=1):
        PathStepFactory(path=path, order=order, activities=activities, modules=modules)
    return selectors.path_get(slug=path.slug)


def test_progress_counts_valid_completions_and_recorded_modules():
    person = UserFactory()
    first, second, third = ActivityFactory(), ActivityFactory(), ActivityFactory()
    module = ModuleFactory()
    path = _path(([first], []), ([second], [module]), ([third], []))
    done = completion_of(person, first)
    prior = PriorModuleFactory(person=person, module=module)
    completion_of(person, third, withdrawn=True)
    completion_of(UserFactory(), third)  # someone else's

    progress = selectors.path_progress(person, path)

    assert [(item.completion, item.prior_module, item.done) for item in progress.steps] == [
        (done, None, True),
        (None, prior, True),
        (None, None, False),
    ]
    assert (progress.done_count, progress.total, progress.percent, progress.finished) == (2, 3, 67, False)
    assert progress.next_step is progress.steps[2]


def test_what_to_take_next_is_the_first_open_steps_activities_with_their_open_sessions():
    person = UserFactory()
    first = ActivityFactory()
    option_a, option_b = (
        ActivityFactory(title_nl="A: formatief handelen"),
        ActivityFactory(title_nl="B: differentiëren"),
    )
    unpublished = ActivityFactory(published=False)
    path = _path(([first], []), ([option_a, option_b, unpublished], []))
    completion_of(person, first)
    open_session = SessionFactory(activity=option_a)
    SessionFactory(activity=option_a, status=SessionStatus.CANCELLED)
    SessionFactory(activity=option_a, registration_deadline=timezone.now() - datetime.timedelta(days=1))

    progress = selectors.path_progress(person, path)

    assert [(item.activity, item.sessions) for item in progress.next_activities] == [
        (option_a, [open_session]),
        (option_b, []),
    ]
    assert unpublished not in [item.activity for item in progress.next_activities]


def test_a_finished_path_has_nothing_next_and_an_anonymous_visitor_has_done_nothing():
    person, activity = UserFactory(), ActivityFactory()
    path = _path(([activity], []))
    completion_of(person, activity)
    assert selectors.path_progress(person, path).finished is True
    anonymous = selectors.path_progress(None, path)
    assert (anonymous.done_count, anonymous.next_step.step.order) == (0, 1)


def test_progress_along_every_path_runs_a_fixed_number_of_queries(django_assert_max_num_queries):
    person = UserFactory()

    def build(count):
        for _ in range(count):
            activity, other = ActivityFactory(), ActivityFactory()
            _path(([activity], [ModuleFactory()]), ([other], []))
            completion_of(person, activity)
            SessionFactory(activity=other)

    def load():
        return selectors.paths_progress(person, selectors.path_catalogue())

    build(1)
    with django_assert_max_num_queries(8):
        assert len(load()) >= 1
    build(49)
    with django_assert_max_num_queries(8):
        progress = load()
    assert len(progress) >= 50
    assert all(item.done_count == 1 for item in progress if item.total == 2)


def test_the_participants_overview_lists_started_paths_and_own_circles(circle, member):
    activity = ActivityFactory()
    path = _path(([activity], []), ([ActivityFactory()], []))
    _path(([ActivityFactory()], []))  # not started
    completion_of(member, activity)

    overview = selectors.mine_overview(member)

    assert [item.path for item in overview.paths] == [path]
    assert overview.circles == [circle]
    assert selectors.mine_overview(None).paths == []
    assert LearningCircleFactory() not in selectors.own_circles(member)
