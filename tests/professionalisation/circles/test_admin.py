"""The admin of circles and paths: every changelist opens in a fixed number of queries, the add
forms save through the services (a refusal is an error on the form), and the actions call them
(ending memberships, moving questions along, moving steps)."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from professionalisation.models import (
    CircleMeeting,
    CircleMembership,
    CircleProduct,
    DevelopmentPath,
    LearningCircle,
    PathStep,
    PracticeQuestion,
    PriorModule,
    QuestionStatus,
)
from tests.factories import UserFactory
from tests.factories.professionalisation_circles import (
    CircleMeetingFactory,
    CircleMembershipFactory,
    CircleProductFactory,
    DevelopmentPathFactory,
    PathStepFactory,
    PracticeQuestionFactory,
    PriorModuleFactory,
)
from tests.factories.programmes import ModuleFactory
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

MODELS = [
    LearningCircle,
    CircleMembership,
    CircleMeeting,
    PracticeQuestion,
    CircleProduct,
    DevelopmentPath,
    PathStep,
    PriorModule,
]


@pytest.fixture
def staff(professionalisation_coordinator):
    client = Client(headers={"accept-language": "en"})
    client.force_login(professionalisation_coordinator)
    return client


def url(model, view="changelist", *args):
    return reverse(f"admin:professionalisation_{model._meta.model_name}_{view}", args=args)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def action(client, model, name, rows):
    return client.post(url(model), {"action": name, "_selected_action": [str(row.pk) for row in rows]})


# One row of each model's changelist (with what it shows joined).
BUILD = {
    LearningCircle: lambda: CircleMembershipFactory().circle,
    CircleMembership: CircleMembershipFactory,
    CircleMeeting: CircleMeetingFactory,
    PracticeQuestion: PracticeQuestionFactory,
    CircleProduct: CircleProductFactory,
    DevelopmentPath: lambda: PathStepFactory().path,
    PathStep: PathStepFactory,
    PriorModule: PriorModuleFactory,
}


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_every_changelist_opens_in_a_fixed_number_of_queries(model, staff, django_assert_max_num_queries):
    BUILD[model]()
    staff.get(url(model))
    with django_assert_max_num_queries(20):
        first = staff.get(url(model))
    for _ in range(49):
        BUILD[model]()
    with django_assert_max_num_queries(20):
        many = staff.get(url(model))
    assert first.status_code == many.status_code == 200
    assert str(model._meta.verbose_name_plural) in many.content.decode().lower()


def test_a_circle_is_added_with_a_member_through_the_services(staff, school_a, professionalisation_coordinator):
    teacher = UserFactory()
    data = {
        "name_nl": "Leerkring Engels",
        "name_en": "Circle of English",
        "region": school_a.region.pk,
        "theme_nl": "Doeltaal",
        "theme_en": "Target language",
        "description_nl": "",
        "description_en": "",
        "starts_on": "2027-01-10",
        "ends_on": "",
        "active": "on",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "0",
        "memberships-0-person": teacher.pk,
        "memberships-0-role": "member",
        "memberships-0-school": school_a.pk,
        "memberships-0-position": "teacher",
        "memberships-0-joined_on": "2027-01-10",
        "memberships-0-left_on": "",
        "meetings-TOTAL_FORMS": "0",
        "meetings-INITIAL_FORMS": "0",
    }
    response = staff.post(url(LearningCircle, "add"), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    circle = LearningCircle.objects.get(name_nl="Leerkring Engels")
    membership = CircleMembership.objects.get(circle=circle)
    assert (membership.person, membership.school) == (teacher, school_a)
    assert circle.history.get().history_user == professionalisation_coordinator


def test_a_member_from_another_region_is_an_error_on_the_page_and_nothing_is_saved(staff, circle, school_b):
    with nothing_written(CircleMembership):
        response = staff.post(
            url(CircleMembership, "add"),
            {
                "circle": circle.pk,
                "person": UserFactory().pk,
                "role": "member",
                "school": school_b.pk,
                "position": "teacher",
                "joined_on": "2027-01-10",
            },
        )
    assert response.status_code == 200
    assert "Choose an active school in the circle&#x27;s education region." in response.content.decode()


def test_ending_memberships_is_an_action_and_a_second_end_is_refused(staff, circle, member):
    membership = CircleMembership.objects.get(person=member)
    response = action(staff, CircleMembership, "end_action", [membership])
    membership.refresh_from_db()
    assert membership.left_on == timezone.localdate()
    assert messages_of(response) == ["1 membership ended."]

    with nothing_written(CircleMembership):
        again = action(staff, CircleMembership, "end_action", [membership])
    assert messages_of(again)[-1] == f"Not changed: {membership}: This membership has already ended."


def test_questions_move_along_through_actions(staff, circle):
    question = PracticeQuestionFactory(circle=circle)
    response = action(staff, PracticeQuestion, f"status_{QuestionStatus.IN_PROGRESS}_action", [question])
    question.refresh_from_db()
    assert question.status == QuestionStatus.IN_PROGRESS
    assert messages_of(response) == ["1 question changed."]


def test_steps_move_through_actions(staff):
    path = DevelopmentPathFactory()
    first, second = PathStepFactory(path=path, order=1), PathStepFactory(path=path, order=2)
    response = action(staff, PathStep, "move_up_action", [second])
    assert list(PathStep.objects.filter(path=path).order_by("order")) == [second, first]
    assert messages_of(response) == ["1 step moved."]


def test_a_module_is_recorded_through_the_service(staff, professionalisation_coordinator):
    person, module = UserFactory(), ModuleFactory()
    response = staff.post(
        url(PriorModule, "add"), {"person": person.pk, "module": module.pk, "completed_on": "2024-06-30"}
    )
    assert response.status_code == 302
    assert PriorModule.objects.get(person=person).recorded_by == professionalisation_coordinator


def test_a_circles_page_lists_its_members_and_meetings_and_a_change_of_member_is_refused(staff, circle, member):
    CircleMeetingFactory(circle=circle, agenda="Starters bespreken")
    page = staff.get(url(LearningCircle, "change", circle.pk)).content.decode()
    assert escape(member.full_name) in page or escape(str(member)) in page
    assert "Starters bespreken" in page

    membership = CircleMembership.objects.get(person=member)
    with nothing_written(membership):
        response = staff.post(
            url(CircleMembership, "change", membership.pk),
            {
                "circle": circle.pk,
                "person": member.pk,
                "role": "member",
                "school": membership.school_id,
                "position": "school_leader",
                "joined_on": membership.joined_on.isoformat(),
                "left_on": "",
            },
        )
    assert "A membership is not changed: end it, and add the person again if needed." in response.content.decode()


def test_a_question_is_brought_in_through_the_admin(staff, circle, member, school_a, professionalisation_coordinator):
    response = staff.post(
        url(PracticeQuestion, "add"),
        {"circle": circle.pk, "school": school_a.pk, "title": "Starters?", "context": "Twee vertrokken."},
    )
    assert response.status_code == 302
    question = PracticeQuestion.objects.get(circle=circle)
    assert (question.submitted_by, question.status) == (professionalisation_coordinator, QuestionStatus.SUBMITTED)
