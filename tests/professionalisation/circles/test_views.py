"""The pages of circles and paths: who may open which page (a permission table), what each shows,
the forms of the circle page (a question, a product, a meeting, a status) with their refusals,
and the fixed number of queries of the lists."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from professionalisation.circles import navigation, selectors
from professionalisation.models import (
    CircleMeeting,
    CircleProduct,
    PracticeQuestion,
    QuestionStatus,
)
from tests.factories import ActivityFactory, SessionFactory, UserFactory
from tests.factories.professionalisation_circles import (
    CircleMeetingFactory,
    CircleMembershipFactory,
    CircleProductFactory,
    DevelopmentPathFactory,
    PathStepFactory,
    PracticeQuestionFactory,
    PriorModuleFactory,
    completion_of,
)
from tests.factories.programmes import ModuleFactory
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- the permission table ---------------------------------------------------------------------------

CIRCLE_ROLES = [
    # (role, circle page, school circles page)
    ("anonymous", 302, 302),
    ("outsider", 404, 403),
    ("other_member", 404, 403),
    ("member", 200, 403),
    ("facilitator", 200, 403),
    ("circle_researcher", 200, 403),
    ("school_a_contact", 200, 200),
    ("school_b_contact", 404, 200),
    ("professionalisation_coordinator", 200, 403),
    ("superuser", 200, 403),
]


@pytest.mark.parametrize(("role", "circle_status", "school_status"), CIRCLE_ROLES)
def test_who_opens_a_circles_page_and_the_school_circles_page(
    role, circle_status, school_status, people, client, circle, member
):
    login(client, people(role))
    page = client.get(reverse("circles:detail", kwargs={"pk": circle.pk}))
    school_page = client.get(reverse("circles:school"))

    assert page.status_code == circle_status
    assert ("Team leaders" in page.content.decode()) is (circle_status == 200)
    if circle_status == 302:
        assert page.url.startswith(LOGIN)
    assert school_page.status_code == school_status
    if school_status == 200:
        shows = "Team leaders" in school_page.content.decode()
        assert shows is (role == "school_a_contact")


@pytest.mark.parametrize(
    ("role", "question", "product", "meeting", "status"),
    [
        ("member", True, True, False, False),
        ("facilitator", False, True, True, True),
        ("circle_researcher", False, False, False, False),
        ("school_a_contact", True, False, False, False),
        ("professionalisation_coordinator", True, True, True, True),
    ],
)
def test_the_circle_page_shows_each_role_its_forms(
    role, question, product, meeting, status, people, client, circle, member
):
    CircleMeetingFactory(circle=circle)
    PracticeQuestionFactory(circle=circle, title="Hoe houden we starters?")
    login(client, people(role))
    page = client.get(reverse("circles:detail", kwargs={"pk": circle.pk})).content.decode()

    assert ("Bring in a practice question" in page) is question
    assert ("Share notes or a product" in page) is product
    assert ("Plan a meeting" in page) is meeting
    assert ("Change status" in page) is status
    assert "Hoe houden we starters?" in page


def test_the_circle_page_shows_people_meetings_products_and_questions(client, circle, member, facilitator):
    meeting = CircleMeetingFactory(circle=circle, agenda="Starters bespreken")
    CircleProductFactory(meeting=meeting, title="Verslag van maart", link="https://docs.example.org/verslag")
    PracticeQuestionFactory(circle=circle, title="Intervisie zonder extra uren?", context="Het rooster is vol.")
    login(client, member)
    page = client.get(reverse("circles:detail", kwargs={"pk": circle.pk})).content.decode()

    for text in (
        member.full_name,
        facilitator.full_name,
        "Facilitator",
        "Starters bespreken",
        "Verslag van maart",
        "https://docs.example.org/verslag",
        "Intervisie zonder extra uren?",
        "Het rooster is vol.",
        "Submitted",
    ):
        assert text in page


# --- the forms -----------------------------------------------------------------------------------------


def test_a_member_brings_in_a_question_for_their_school(client, circle, member, school_a):
    login(client, member)
    response = client.post(
        reverse("circles:question-submit", kwargs={"pk": circle.pk}),
        {"school": school_a.pk, "title": "Hoe houden we starters?", "context": "Twee van vijf vertrokken."},
    )
    assert response.status_code == 302
    assert messages_of(response) == ["Your practice question has been brought into the circle."]
    question = PracticeQuestion.objects.get(circle=circle)
    assert (question.title, question.school, question.submitted_by) == ("Hoe houden we starters?", school_a, member)


def test_a_question_for_another_school_is_refused_with_the_input_kept(client, circle, member, school_b):
    login(client, member)
    with nothing_written(PracticeQuestion):
        response = client.post(
            reverse("circles:question-submit", kwargs={"pk": circle.pk}),
            {"school": school_b.pk, "title": "Mijn vraag", "context": "Context"},
        )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select a valid choice." in page
    assert 'value="Mijn vraag"' in page


@pytest.mark.parametrize("role", ["circle_researcher", "school_b_contact", "outsider"])
def test_those_without_a_member_school_cannot_post_a_question(role, people, client, circle, member, school_a):
    login(client, people(role))
    with nothing_written(PracticeQuestion):
        response = client.post(
            reverse("circles:question-submit", kwargs={"pk": circle.pk}),
            {"school": school_a.pk, "title": "V", "context": "C"},
        )
    assert response.status_code in (403, 404)
    assert "Bring in the question" not in response.content.decode()


def test_a_member_shares_a_product_and_an_empty_one_is_refused(client, circle, member):
    meeting = CircleMeetingFactory(circle=circle)
    login(client, member)
    url = reverse("circles:product-add", kwargs={"pk": circle.pk})
    with nothing_written(CircleProduct):
        refused = client.post(url, {"meeting": meeting.pk, "title": "Verslag", "text": "", "link": ""})
    assert refused.status_code == 400
    assert "Give a text or a link." in refused.content.decode()

    response = client.post(url, {"meeting": meeting.pk, "title": "Verslag", "text": "Wat we bespraken", "link": ""})
    assert messages_of(response) == ["Your product has been shared with the circle."]
    assert CircleProduct.objects.get().added_by == member


def test_a_researcher_cannot_post_a_product(client, circle, circle_researcher):
    meeting = CircleMeetingFactory(circle=circle)
    login(client, circle_researcher)
    with nothing_written(CircleProduct):
        response = client.post(
            reverse("circles:product-add", kwargs={"pk": circle.pk}),
            {"meeting": meeting.pk, "title": "Verslag", "text": "Tekst"},
        )
    assert response.status_code == 403
    assert "Verslag" not in response.content.decode()


def test_a_facilitator_plans_a_meeting_and_a_member_may_not(client, circle, facilitator, member):
    url = reverse("circles:meeting-add", kwargs={"pk": circle.pk})
    data = {"date": "2027-03-10", "starts_at": "15:30", "ends_at": "17:00", "place": "ICLON", "online_link": ""}
    login(client, member)
    with nothing_written(CircleMeeting):
        refused = client.post(url, data)
    assert refused.status_code == 403
    assert "The meeting has been planned." not in messages_of(refused)

    login(client, facilitator)
    response = client.post(url, data)
    assert messages_of(response) == ["The meeting has been planned."]
    assert CircleMeeting.objects.get(circle=circle).date == datetime.date(2027, 3, 10)


def test_a_facilitator_moves_a_question_along_and_a_wrong_move_is_refused(client, circle, facilitator):
    question = PracticeQuestionFactory(circle=circle)
    url = reverse("circles:question-status", kwargs={"pk": question.pk})
    login(client, facilitator)
    with nothing_written(question):
        refused = client.post(url, {"status": QuestionStatus.ANSWERED})
    assert messages_of(refused) == ["A question that is submitted cannot become answered."]

    client.get(refused.url)  # the page shows (and so uses up) the message
    response = client.post(url, {"status": QuestionStatus.IN_PROGRESS})
    assert messages_of(response) == ["The status of the question has been changed."]
    question.refresh_from_db()
    assert question.status == QuestionStatus.IN_PROGRESS


def test_a_member_cannot_move_a_question(client, circle, member):
    question = PracticeQuestionFactory(circle=circle)
    login(client, member)
    with nothing_written(question):
        response = client.post(
            reverse("circles:question-status", kwargs={"pk": question.pk}), {"status": QuestionStatus.CLOSED}
        )
    assert response.status_code == 403
    assert messages_of(response) == []


# --- paths ---------------------------------------------------------------------------------------------


def test_the_paths_are_public_and_link_their_steps_activities(client):
    activity = ActivityFactory(title_en="Formative assessment in class")
    path = DevelopmentPathFactory(name_en="From starting to experienced teacher")
    PathStepFactory(path=path, order=1, title_en="Formative assessment", activities=[activity])
    hidden = DevelopmentPathFactory(published=False, name_en="Hidden path")

    listing = client.get(reverse("circles:path-list")).content.decode()
    detail = client.get(reverse("circles:path-detail", kwargs={"slug": path.slug})).content.decode()

    assert "From starting to experienced teacher" in listing
    assert "Hidden path" not in listing
    assert reverse("activities:detail", kwargs={"slug": activity.slug}) in detail
    assert "Formative assessment in class" in detail
    assert client.get(reverse("circles:path-detail", kwargs={"slug": hidden.slug})).status_code == 404


def test_my_progress_shows_what_is_done_and_what_to_take_next(client):
    person = UserFactory()
    done, next_activity = ActivityFactory(title_en="Done workshop"), ActivityFactory(title_en="Next course")
    module = ModuleFactory(name_en="Practice-based research")
    path = DevelopmentPathFactory()
    PathStepFactory(path=path, order=1, activities=[done])
    PathStepFactory(path=path, order=2, modules=[module])
    PathStepFactory(path=path, order=3, activities=[next_activity])
    completion_of(person, done)
    PriorModuleFactory(person=person, module=module)
    session = SessionFactory(activity=next_activity, name="Spring 2027, Leiden")
    url = reverse("circles:path-progress", kwargs={"slug": path.slug})

    assert client.get(url).url.startswith(LOGIN)
    login(client, person)
    page = client.get(url).content.decode()

    assert "2 of 3 steps done" in page
    assert "done: Done workshop" in page
    assert "done in the teacher education: Practice-based research" in page
    assert "What to take next" in page
    assert reverse("activities:detail", kwargs={"slug": next_activity.slug}) in page
    assert session.name in page


def test_the_participants_include_shows_paths_and_circles(circle, member):
    activity = ActivityFactory()
    path = DevelopmentPathFactory(name_en="Curriculum expert")
    PathStepFactory(path=path, order=1, activities=[activity])
    PathStepFactory(path=path, order=2)
    completion_of(member, activity)
    request = RequestFactory().get("/")
    request.user = member
    with translation.override("en"):
        html = render_to_string(
            "professionalisation/circles/_mine.html", {"circles_mine": selectors.mine_overview(member)}, request
        )
    assert "Curriculum expert" in html
    assert "1 of 2 steps done" in html
    assert "Team leaders" in html


# --- fixed numbers of queries -------------------------------------------------------------------------


def test_my_circles_and_the_paths_list_run_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    person = UserFactory()
    login(client, person)

    def add(count):
        for _ in range(count):
            membership = CircleMembershipFactory(person=person)
            CircleMeetingFactory(circle=membership.circle, date=timezone.localdate() + datetime.timedelta(days=3))
            activity = ActivityFactory()
            path = DevelopmentPathFactory()
            PathStepFactory(path=path, order=1, activities=[activity])
            SessionFactory(activity=activity)

    add(1)
    client.get(reverse("circles:list"))  # warm the session and the caches
    with django_assert_max_num_queries(15):
        assert client.get(reverse("circles:list")).content.decode().count('class="card"') >= 1
    with django_assert_max_num_queries(15):
        assert "steps done" in client.get(reverse("circles:path-list")).content.decode()
    add(49)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("circles:list")).content.decode().count('class="card"') >= 50
    with django_assert_max_num_queries(15):
        assert client.get(reverse("circles:path-list")).content.decode().count("steps done") >= 50


def test_the_participant_section_is_shown_on_my_professional_development(circle, member):
    """The circles slice adds its section to the activities' participant page, by name (the
    slices' participant_sections), for a logged-in person only."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(member)
    page = client.get(reverse("activities:mine")).content.decode()
    assert "My learning circles" in page
    assert "Team leaders" in page
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert navigation.participant_sections(request) == []


def test_school_contacts_find_their_schools_circles_from_my_circles(client, circle, member, school_a_contact):
    login(client, school_a_contact)
    page = client.get(reverse("circles:list")).content.decode()
    assert reverse("circles:school") in page
    login(client, member)
    assert reverse("circles:school") not in client.get(reverse("circles:list")).content.decode()
