"""The dashboard as each staff role's home page (issue 16): the links to the role's own tools, in
the header and on the dashboard, and "Needs your attention" with counts, each linked to the list
filtered to those rows; a role never sees another's counts. And the student's dashboard, which
leads with their next steps, not with the account's settings."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from programmes.models import ApplicationStatus, DocumentKind, PlacementStatus
from research.questions.models import QuestionStatus
from tests.factories import ApplicationFactory, PlacementFactory
from tests.factories.placements import EvaluationFactory, PlacementOfferFactory, PlacementPeriodFactory
from tests.factories.programmes import ApplicationDocumentFactory, InformationRequestFactory, PriorDegreeFactory
from tests.factories.research_questions import ResearchQuestionFactory

pytestmark = pytest.mark.django_db

ENGLISH = {"accept-language": "en"}


def dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("core:dashboard"), headers=ENGLISH)
    assert response.status_code == 200
    return unescape(response.content.decode())


def attention(content: str) -> dict[str, tuple[int, str]]:
    """{label: (count, url)} of the "Needs your attention" list."""
    section = re.search(r'<section class="attention".*?</section>', content, re.S)
    if section is None:
        return {}
    items = re.findall(
        r'<a href="([^"]+)"><span class="attention__count">(\d+)</span> <span class="attention__label">([^<]+)</span>',
        section.group(0),
    )
    return {label: (int(count), url) for url, count, label in items}


def header_links(content: str) -> dict[str, str]:
    """{text: url} of the header's main navigation (the tools, "More" folded in)."""
    nav = re.search(r'<nav class="site-nav site-nav--main".*?</nav>', content, re.S).group(0)
    return {
        re.sub(r"\s+", " ", text).strip(): url for url, text in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', nav)
    }


def card_links(content: str) -> dict[str, str]:
    grid = content[content.index('<div class="grid">') :]
    return {text.strip(): url for url, text in re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', grid)}


def changelist_count(client, url: str) -> int:
    response = client.get(url, headers=ENGLISH)
    assert response.status_code == 200
    return response.context["cl"].result_count


def make_overdue(request, days=20):
    type(request).objects.filter(pk=request.pk).update(created_at=timezone.now() - datetime.timedelta(days=days))


# --- intake -------------------------------------------------------------------------------------


@pytest.fixture
def intake_rows(db):
    """Three applications waiting for a decision (one with an overdue request, one with a recent
    request), a draft and a decided one."""
    waiting = [
        ApplicationFactory(status=ApplicationStatus.SUBMITTED),
        ApplicationFactory(status=ApplicationStatus.IN_REVIEW),
        ApplicationFactory(status=ApplicationStatus.APTITUDE_ASSESSMENT),
    ]
    ApplicationFactory(status=ApplicationStatus.DRAFT)
    ApplicationFactory(status=ApplicationStatus.ADMITTED)
    make_overdue(InformationRequestFactory(application=waiting[1]))
    InformationRequestFactory(application=waiting[0])  # asked today: not overdue
    answered = InformationRequestFactory(application=waiting[2], answer="Hier is het.", answered_at=timezone.now())
    make_overdue(answered)  # answered: not overdue, however old
    return waiting


@pytest.mark.parametrize("role", ["intake_officer", "programme_coordinator", "administrator"])
def test_intake_staff_see_their_counts_linked_to_the_filtered_applications(client, request, intake_rows, role):
    user = request.getfixturevalue(role)
    content = dashboard(client, user)
    items = attention(content)
    count, url = items["applications waiting for a decision"]
    assert count == 3
    assert changelist_count(client, url) == 3
    count, url = items["application with a request for information unanswered for more than 14 days"]
    assert count == 1
    response = client.get(url, headers=ENGLISH)
    assert [row.pk for row in response.context["cl"].result_list] == [intake_rows[1].pk]
    # The tools: the intake dashboard (once only inside the admin) and the applications.
    dashboard_url = reverse("admin:programmes_application_dashboard")
    assert header_links(content)["Intake"] == dashboard_url
    links = card_links(content)
    assert links["Intake dashboard"] == dashboard_url
    assert links["Applications"] == reverse("admin:programmes_application_changelist")


def test_the_intake_dashboard_link_opens_the_dashboard(client, intake_officer, intake_rows):
    content = dashboard(client, intake_officer)
    response = client.get(header_links(content)["Intake"], headers=ENGLISH)
    assert response.status_code == 200
    assert "Intake dashboard" in response.content.decode()


# --- placements ---------------------------------------------------------------------------------


@pytest.fixture
def placement_rows(db):
    """In the coming period: two matches waiting for the schools, one confirmed placement with an
    evaluation past its date (and one not yet due, one written), and two trainees not yet placed."""
    period = PlacementPeriodFactory(name_en="Spring 2027")
    offer = PlacementOfferFactory(period=period, places=5)
    proposed = [PlacementFactory(offer=offer, status=PlacementStatus.PROPOSED) for _ in range(2)]
    confirmed = PlacementFactory(offer=offer, status=PlacementStatus.CONFIRMED)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    late = EvaluationFactory(placement=confirmed, due_on=yesterday)
    EvaluationFactory(placement=confirmed, moment="final")  # due in two weeks
    EvaluationFactory(placement=confirmed, author_role="institute_educator", due_on=yesterday, submitted=True)
    start = proposed[0].trainee.start_moment
    unplaced = [
        ApplicationFactory(status=ApplicationStatus.ADMITTED, pathway=start.pathway, start_moment=start)
        for _ in range(2)
    ]
    return {"period": period, "proposed": proposed, "late": late, "unplaced": unplaced}


@pytest.mark.parametrize("role", ["placement_coordinator", "administrator"])
def test_placement_staff_see_their_counts_linked_to_the_filtered_lists(client, request, placement_rows, role):
    user = request.getfixturevalue(role)
    content = dashboard(client, user)
    items = attention(content)
    count, url = items["matches awaiting the school's answer"]
    assert count == 2
    assert changelist_count(client, url) == 2
    period = placement_rows["period"]
    label = next(label for label in items if label.startswith("trainees not yet placed for"))
    assert "Spring 2027" in label and "which starts on" in label
    count, url = items[label]
    assert count == 2
    assert url == f"{reverse('placements:matching')}?period={period.slug}"
    matching_page = client.get(url, headers=ENGLISH).content.decode()
    assert all(f'id="trainee-{trainee.pk}"' in matching_page for trainee in placement_rows["unplaced"])
    count, url = items["evaluation past its due date"]
    assert count == 1
    response = client.get(url, headers=ENGLISH)
    assert [row.pk for row in response.context["cl"].result_list] == [placement_rows["late"].pk]
    # The tools: matching and the overview, in the header and on the dashboard.
    header = header_links(content)
    assert header["Matching"] == reverse("placements:matching")
    assert header["Placements overview"] == reverse("placements:overview")
    links = card_links(content)
    assert links["Matching"] == reverse("placements:matching")
    assert links["Placements overview"] == reverse("placements:overview")


# --- research questions -------------------------------------------------------------------------


def test_research_staff_see_the_unanswered_questions_by_step(client, researcher):
    submitted = [ResearchQuestionFactory(status=QuestionStatus.SUBMITTED) for _ in range(2)]
    ResearchQuestionFactory(status=QuestionStatus.ANSWERED)
    content = dashboard(client, researcher)
    items = attention(content)
    count, url = items["research questions to review"]
    assert count == 2
    assert url == f"{reverse('research_questions:queue')}?status=submitted"
    queue = client.get(url, headers=ENGLISH).content.decode()
    assert all(question.title in queue for question in submitted)
    assert items["research questions to match"][0] == 0
    assert items["research questions to answer"][0] == 0
    assert header_links(content)["Questions queue"] == reverse("research_questions:queue")


# --- every role its own -------------------------------------------------------------------------

INTAKE_LABEL = "applications waiting for a decision"
PLACEMENT_LABEL = "matches awaiting the school's answer"
RESEARCH_LABEL = "research questions to review"


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("intake_officer", {INTAKE_LABEL}),
        ("programme_coordinator", {INTAKE_LABEL}),
        ("placement_coordinator", {PLACEMENT_LABEL}),
        ("researcher", {RESEARCH_LABEL}),
        ("professionalisation_coordinator", set()),
        ("administrator", {INTAKE_LABEL, PLACEMENT_LABEL, RESEARCH_LABEL}),
    ],
)
def test_a_role_sees_only_its_own_items_and_tools(client, request, intake_rows, placement_rows, role, sees):
    ResearchQuestionFactory(status=QuestionStatus.SUBMITTED)
    ResearchQuestionFactory(status=QuestionStatus.SUBMITTED)
    content = dashboard(client, request.getfixturevalue(role))
    labels = set(attention(content))
    assert {INTAKE_LABEL, PLACEMENT_LABEL, RESEARCH_LABEL} & labels == sees
    header = header_links(content)
    assert ("Intake" in header) == (INTAKE_LABEL in sees)
    assert ("Matching" in header) == (PLACEMENT_LABEL in sees)
    assert ("Questions queue" in header) == (RESEARCH_LABEL in sees)
    assert "Needs your attention" in content
    if not sees:
        # Their own counts (tests/professionalisation/test_staff_home.py), none of the others'.
        assert "PAL requests waiting for students to be assigned" in labels
        assert header["Attendance"] == reverse("completion:meetings")


@pytest.mark.parametrize("role", ["applicant", "school_a_contact"])
def test_people_outside_iclon_see_no_staff_counts_or_tools(client, request, intake_rows, placement_rows, role):
    content = dashboard(client, request.getfixturevalue(role))
    assert "Needs your attention" not in content
    assert attention(content) == {}
    assert not {"Intake", "Matching", "Placements overview", "Questions queue"} & set(header_links(content))


def test_staff_tools_lead_the_header_and_the_public_links_fold_into_more(client, administrator):
    content = dashboard(client, administrator)
    nav = re.search(r'<nav class="site-nav site-nav--main".*?</nav>', content, re.S).group(0)
    more = re.search(r'<details class="nav-dropdown" data-dropdown>.*?</details>', nav, re.S).group(0)
    assert "Routes into teaching" in more and "Knowledge base" in more
    assert "Matching" not in more
    assert nav.index("Matching") < nav.index("Routes into teaching")


def test_the_user_menu_holds_the_account_links(client, applicant):
    content = dashboard(client, applicant)
    account = re.search(r'<nav class="site-nav site-nav--account".*?</nav>', content, re.S).group(0)
    menu = re.search(r'<details class="nav-dropdown user-menu" data-dropdown>(.*?)</details>', account, re.S).group(1)
    assert "Ayla Applicant" in re.search(r"<summary.*?</summary>", menu, re.S).group(0)
    for url in (
        reverse("notifications:list"),
        reverse("accounts:profile"),
        reverse("accounts:api-tokens"),
        reverse("account_logout"),
    ):
        assert url in menu
    assert reverse("admin:index") not in menu  # not staff


# --- the student's dashboard --------------------------------------------------------------------


def test_the_students_dashboard_leads_with_the_next_steps_in_order(client, applicant):
    draft = ApplicationFactory(applicant=applicant, status=ApplicationStatus.DRAFT, complete=False)
    PriorDegreeFactory(application=draft)
    ApplicationDocumentFactory(application=draft, kind=DocumentKind.DIPLOMA)
    InformationRequestFactory(application=draft)
    route = draft.pathway.name_en
    content = dashboard(client, applicant)
    steps = re.search(r'<section class="next-steps".*?</section>', content, re.S).group(0)
    items = re.findall(r'<a href="([^"]+)">([^<]+)</a>', steps)
    detail = reverse("intake:application-detail", kwargs={"pk": draft.pk})
    assert items == [
        (detail, f"ICLON asked you a question about your application for {route}: answer it."),
        (detail, f"Finish your application for {route} and submit it."),
        (
            reverse("intake:application-step", kwargs={"pk": draft.pk, "step": "documents"}),
            f"Upload the 2 documents your application for {route} still needs.",
        ),
    ]
    deadline = draft.start_moment.application_deadline
    assert f"Deadline: {deadline.day} {deadline:%B %Y}" in steps
    assert "Transcript of grades, CV" in steps
    # What to do next comes before the cards and the account's settings.
    main = content[content.index("<main") :]
    assert main.index("What to do next") < main.index('id="card-1-title">My applications') < main.index("Your profile")


def test_a_submitted_application_without_questions_asks_nothing(client, applicant):
    ApplicationFactory(applicant=applicant, status=ApplicationStatus.SUBMITTED)
    content = dashboard(client, applicant)
    assert "What to do next" not in content
    assert "My applications" in content


def test_a_draft_past_its_deadline_is_not_a_next_step(client, applicant):
    draft = ApplicationFactory(applicant=applicant, status=ApplicationStatus.DRAFT)
    start = draft.start_moment
    type(start).objects.filter(pk=start.pk).update(
        application_deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    content = dashboard(client, applicant)
    assert "Finish your application" not in content


def test_a_student_without_two_factor_gets_no_warning(client, applicant):
    content = dashboard(client, applicant)
    assert "badge--warning" not in content
    assert "It is optional." in content
    profile = content[content.index('id="card-profile-title"') :]
    assert re.search(r"<dt>Two-factor</dt>\s*<dd>Off</dd>", profile)
