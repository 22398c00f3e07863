"""The pages of research coordination for every role: the requester's list, form and request page
(message, withdraw), the team's queue (filters, order, overdue) and request page (assign, status,
notes); refusals for everybody else; and the lists' fixed number of queries."""

import datetime

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from iclon.notifications.models import Notification
from research.coordination import navigation
from research.coordination.models import SupportKind, SupportRequest, SupportRequestMessage, SupportStatus
from tests.factories import FacultyFactory
from tests.factories.research_coordination import SupportRequestFactory, SupportRequestMessageFactory
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db
S = SupportStatus

MINE = reverse("research_coordination:list")
NEW = reverse("research_coordination:create")
QUEUE = reverse("research_coordination:queue")


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def detail(row, name="detail"):
    return reverse(f"research_coordination:{name}", kwargs={"pk": row.pk})


def client_for(user):
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def own(requester, researcher):
    row = SupportRequestFactory(
        requester=requester,
        title="Feedback in first-year courses",
        internal_notes="Secret team note",
        assignee=researcher,
    )
    SupportRequestMessageFactory(request=row, text="Here is the call text.")
    return row


# --- who sees what ----------------------------------------------------------------------------------


ROLES = ["anonymous", "requester", "other_requester", "school_a_contact", "researcher", "intake_officer"]
# The request's page: the requester and the team; another person's request is 404.
DETAIL = {"requester": 200, "other_requester": 404, "school_a_contact": 404, "researcher": 200, "intake_officer": 404}


@pytest.mark.parametrize("role", ROLES)
def test_the_request_page_for_each_role(role, persona, own):
    response = client_for(persona(role)).get(detail(own))
    html = response.content.decode()
    if role == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        return
    assert response.status_code == DETAIL[role]
    assert ("Feedback in first-year courses" in html) == (DETAIL[role] == 200)
    assert ("Here is the call text." in html) == (DETAIL[role] == 200)
    # The internal notes are the team's only.
    assert ("Secret team note" in html) == (role == "researcher")


@pytest.mark.parametrize("role", ROLES)
def test_the_queue_is_the_teams_only(role, persona, own):
    response = client_for(persona(role)).get(QUEUE)
    html = response.content.decode()
    if role == "anonymous":
        assert response.status_code == 302 and "Feedback in first-year courses" not in html
    elif role == "researcher":
        assert response.status_code == 200 and "Feedback in first-year courses" in html
    else:
        assert response.status_code == 403 and "Feedback in first-year courses" not in html


@pytest.mark.parametrize("role", ["requester", "other_requester", "school_a_contact", "researcher", "intake_officer"])
def test_the_own_list_shows_ones_own_requests_only(role, persona, own):
    html = client_for(persona(role)).get(MINE).content.decode()
    assert ("Feedback in first-year courses" in html) == (role == "requester")
    # A school account is told that this support is the university's; others may ask.
    assert ('href="/research/support/new/"' in html) == (role != "school_a_contact")
    assert ("school accounts cannot ask for it" in html) == (role == "school_a_contact")


def test_anonymous_visitors_are_sent_to_log_in(own):
    for url in (MINE, NEW):
        response = client_for(None).get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


# --- the requester ------------------------------------------------------------------------------------


def test_the_requester_asks_for_support_with_the_form(requester, researcher):
    faculty = FacultyFactory(name="Sociale Wetenschappen")
    client = client_for(requester)
    assert "Writing a research or innovation grant proposal" in client.get(NEW).content.decode()
    response = client.post(
        NEW,
        {
            "kind": SupportKind.GRANT_PROPOSAL,
            "title": "Comenius proposal",
            "description": "Help with the design.",
            "faculty": faculty.pk,
            "department": "Psychology",
            "course": "Inleiding",
            "funder": "NRO",
            "grant_call": "Comenius 2027",
            "submission_deadline": in_days(30).isoformat(),
        },
    )
    row = SupportRequest.objects.get()
    assert response["Location"] == detail(row)
    assert (row.requester, row.faculty, row.funder, row.submission_deadline) == (requester, faculty, "NRO", in_days(30))
    assert Notification.objects.filter(recipient=researcher).exists()


def test_a_grant_without_its_deadline_is_refused_on_the_form_with_the_input_kept(requester):
    with nothing_written(SupportRequest):
        response = client_for(requester).post(
            NEW,
            {
                "kind": SupportKind.GRANT_PROPOSAL,
                "title": "Comenius",
                "description": "Help",
                "funder": "NRO",
                "grant_call": "C",
            },
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Give the submission deadline of the grant proposal." in html
    assert 'value="Comenius"' in html


def test_a_deadline_in_the_past_is_refused(requester):
    with nothing_written(SupportRequest):
        response = client_for(requester).post(
            NEW,
            {
                "kind": SupportKind.GRANT_PROPOSAL,
                "title": "Comenius",
                "description": "Help",
                "funder": "NRO",
                "grant_call": "C",
                "submission_deadline": in_days(-1).isoformat(),
            },
        )
    assert "The submission deadline must lie in the future." in response.content.decode()


def test_a_school_account_may_not_open_the_form(school_a_contact):
    with nothing_written(SupportRequest):
        response = client_for(school_a_contact).post(NEW, {"kind": "coordination", "title": "T", "description": "D"})
    assert response.status_code == 403


def test_the_requester_writes_a_message_and_withdraws(requester, own):
    client = client_for(requester)
    response = client.post(detail(own, "message"), {"text": "A second draft."})
    assert response["Location"] == detail(own)
    assert own.messages.last().text == "A second draft."
    html = client.get(detail(own)).content.decode()
    assert "A second draft." in html and "Withdraw the request" in html
    assert "Change the status" not in html, "the team's forms are not shown to the requester"
    client.post(detail(own, "withdraw"), {"reason": "Next year."})
    own.refresh_from_db()
    assert (own.status, own.status_reason) == (S.WITHDRAWN, "Next year.")
    assert "Withdraw the request" not in client.get(detail(own)).content.decode()


def test_the_requester_may_not_make_the_teams_moves(requester, own, researcher):
    client = client_for(requester)
    with nothing_written(own):
        refused = [
            client.post(detail(own, "transition"), {"status": S.COMPLETED}),
            client.post(detail(own, "assign"), {"assignee": researcher.pk}),
            client.post(detail(own, "notes"), {"internal_notes": "mine"}),
        ]
    assert [response.status_code for response in refused] == [403, 403, 403]
    assert all("Secret team note" not in response.content.decode() for response in refused)


def test_another_person_cannot_write_to_or_withdraw_a_request(other_requester, own):
    client = client_for(other_requester)
    with nothing_written(own, SupportRequestMessage):
        responses = [client.post(detail(own, "message"), {"text": "Hi"}), client.post(detail(own, "withdraw"), {})]
    assert [response.status_code for response in responses] == [404, 404]
    assert all("Feedback in first-year courses" not in response.content.decode() for response in responses)


# --- the team ------------------------------------------------------------------------------------------


def test_the_team_assigns_moves_and_keeps_notes_on_the_request_page(researcher, colleague, own):
    client = client_for(researcher)
    client.post(detail(own, "assign"), {"assignee": colleague.pk})
    client.post(detail(own, "transition"), {"status": S.IN_PROGRESS})
    client.post(detail(own, "transition"), {"status": S.WAITING})
    client.post(detail(own, "notes"), {"internal_notes": "Call them on Monday."})
    own.refresh_from_db()
    assert (own.assignee, own.status, own.internal_notes) == (colleague, S.WAITING, "Call them on Monday.")
    assert "Waiting for the requester" in client.get(detail(own)).content.decode()


def test_an_invalid_move_is_refused_with_a_clear_message(researcher, own):
    with nothing_written(own):
        response = client_for(researcher).post(detail(own, "transition"), {"status": S.COMPLETED})
    assert response.status_code == 400
    assert "A request that is “Submitted” cannot become “Completed”." in response.content.decode()


def test_declining_without_a_reason_is_refused_on_the_form(researcher, own):
    with nothing_written(own):
        response = client_for(researcher).post(detail(own, "transition"), {"status": S.DECLINED})
    assert "Give a reason for declining." in response.content.decode()


def test_the_team_may_not_withdraw_for_the_requester(researcher, own):
    with nothing_written(own):
        response = client_for(researcher).post(detail(own, "withdraw"), {})
    assert response.status_code == 400
    assert "Only the requester can withdraw it." in response.content.decode()


def test_the_queue_filters_and_orders_by_the_nearest_deadline(researcher, colleague):
    late = SupportRequestFactory(grant=True, title="Late grant", submission_deadline=in_days(40))
    soon = SupportRequestFactory(grant=True, title="Soon grant", submission_deadline=in_days(3), assignee=researcher)
    overdue = SupportRequestFactory(
        grant=True, title="Overdue grant", submission_deadline=in_days(-2), assignee=colleague
    )
    plain = SupportRequestFactory(title="No deadline", status=S.WAITING)
    SupportRequestFactory(title="Done already", status=S.COMPLETED)
    client = client_for(researcher)

    def titles(**filters):
        html = client.get(QUEUE, filters).content.decode()
        names = [overdue.title, soon.title, late.title, plain.title, "Done already"]
        return sorted((name for name in names if name in html), key=html.index)

    assert titles() == ["Overdue grant", "Soon grant", "Late grant", "No deadline"], "open ones, nearest deadline first"
    assert titles(status="") == ["Overdue grant", "Soon grant", "Late grant", "No deadline", "Done already"]
    assert titles(status="completed") == ["Done already"]
    assert titles(status="open", assignee="mine") == ["Soon grant"]
    assert titles(status="open", assignee="unassigned") == ["Late grant", "No deadline"]
    assert titles(status="open", assignee=str(colleague.pk)) == ["Overdue grant"]
    assert titles(status="open", deadline_soon="on") == ["Overdue grant", "Soon grant"]
    assert titles(status="open", kind="coordination") == ["No deadline"]
    html = client.get(QUEUE).content.decode()
    assert html.count("Deadline passed") == 1 and html.count("Deadline soon") == 1
    assert "1 with a deadline passed" in html and "1 assigned to you" in html


@pytest.mark.parametrize("rows", [1, 50])
def test_the_queue_runs_fixed_queries(rows, researcher, django_assert_max_num_queries):
    for number in range(rows):
        row = SupportRequestFactory(grant=True, submission_deadline=in_days(number % 20 + 1), assignee=researcher)
        SupportRequestMessageFactory(request=row)
    client = client_for(researcher)
    with django_assert_max_num_queries(QUEUE_QUERIES):
        html = client.get(QUEUE, {"status": "open"}).content.decode()
    assert html.count('class="card__title"') == min(rows, 25)


@pytest.mark.parametrize("rows", [1, 50])
def test_the_own_list_runs_fixed_queries(rows, requester, django_assert_max_num_queries):
    for _ in range(rows):
        SupportRequestMessageFactory(request=SupportRequestFactory(requester=requester))
    client = client_for(requester)
    with django_assert_max_num_queries(MINE_QUERIES):
        html = client.get(MINE).content.decode()
    assert html.count('class="card__title"') == min(rows, 25)


QUEUE_QUERIES = 20
MINE_QUERIES = 20


def test_the_account_pages_link_to_research_support_for_who_may_ask_and_the_queue_for_the_team(
    requester, school_a_contact, researcher
):
    def links(user):
        request = RequestFactory().get("/")
        request.user = user
        return [item.url for item in navigation.account_links(request)]

    support, queue = reverse("research_coordination:list"), reverse("research_coordination:queue")
    assert links(requester) == [support]
    assert links(school_a_contact) == []  # a school's account may not ask: no link to a refusal
    assert links(researcher) == [support, queue]
