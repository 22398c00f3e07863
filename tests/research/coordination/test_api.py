"""/api/v1/support-requests/ for every role: the requester's own requests (list, read, create,
message, withdraw), the team's all (filters, assign, transition), refusals for everybody else, the
one error shape, and the list's fixed number of queries."""

import datetime

import pytest
from django.utils import timezone

from research.coordination.models import SupportKind, SupportRequest, SupportRequestMessage, SupportStatus
from tests.api.conftest import api_client
from tests.factories.research_coordination import SupportRequestFactory, SupportRequestMessageFactory
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db
S = SupportStatus
LIST = "/api/v1/support-requests/"


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def url(row, action=""):
    return f"{LIST}{row.pk}/{action + '/' if action else ''}"


@pytest.fixture
def own(requester):
    row = SupportRequestFactory(requester=requester, title="Feedback study", internal_notes="Team only")
    SupportRequestMessageFactory(request=row, text="The call text.")
    return row


@pytest.fixture
def others(other_requester):
    return SupportRequestFactory(requester=other_requester, title="Someone else's")


ROLES = ["anonymous", "requester", "other_requester", "school_a_contact", "researcher", "intake_officer"]
# What each role lists (titles), and reads of the requester's request.
LISTS = {
    "requester": {"Feedback study"},
    "other_requester": {"Someone else's"},
    "researcher": {"Feedback study", "Someone else's"},
    "intake_officer": set(),
}
READ = {
    "anonymous": 401,
    "requester": 200,
    "other_requester": 404,
    "school_a_contact": 403,
    "researcher": 200,
    "intake_officer": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_list_and_read_for_each_role(role, persona, own, others):
    client = api_client(persona(role))
    listed = client.get(LIST)
    read = client.get(url(own))
    assert read.status_code == READ[role]
    if role in LISTS:
        assert {row["title"] for row in listed.json()["results"]} == LISTS[role]
    else:
        assert listed.status_code == READ[role] and "results" not in listed.json()
    if read.status_code == 200:
        body = read.json()
        assert body["messages"][0]["text"] == "The call text."
        assert body["internal_notes"] == ("Team only" if role == "researcher" else None)
    else:
        assert "Feedback study" not in read.content.decode()


def test_the_requester_creates_a_grant_request(requester, researcher):
    response = api_client(requester).post(
        LIST,
        {
            "kind": SupportKind.GRANT_PROPOSAL,
            "title": "Comenius",
            "description": "Help",
            "funder": "NRO",
            "grant_call": "Comenius 2027",
            "submission_deadline": in_days(20).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["requester"]["id"], body["submission_deadline"]) == (
        "submitted",
        requester.pk,
        in_days(20).isoformat(),
    )
    assert SupportRequest.objects.get().requester == requester


@pytest.mark.parametrize(
    ("deadline", "message"),
    [
        (None, "Give the submission deadline of the grant proposal."),
        (-1, "The submission deadline must lie in the future."),
    ],
)
def test_a_grant_without_a_future_deadline_answers_400_on_the_field(requester, deadline, message):
    data = {"kind": "grant_proposal", "title": "C", "description": "D", "funder": "NRO", "grant_call": "C"}
    if deadline is not None:
        data["submission_deadline"] = in_days(deadline).isoformat()
    with nothing_written(SupportRequest):
        response = api_client(requester).post(LIST, data, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["submission_deadline"] == [message]


@pytest.mark.parametrize("role", ["anonymous", "school_a_contact"])
def test_anonymous_visitors_and_school_accounts_may_not_create(role, persona):
    with nothing_written(SupportRequest):
        response = api_client(persona(role)).post(LIST, {"kind": "coordination", "title": "T", "description": "D"})
    assert response.status_code == (401 if role == "anonymous" else 403)
    assert "detail" in response.json()


def test_the_requester_writes_and_withdraws(requester, own):
    client = api_client(requester)
    written = client.post(url(own, "messages"), {"text": "A second draft."}, format="json")
    assert written.status_code == 201
    assert [m["text"] for m in written.json()["messages"]] == ["The call text.", "A second draft."]
    withdrawn = client.post(url(own, "withdraw"), {"reason": "Next year."}, format="json")
    assert (withdrawn.json()["status"], withdrawn.json()["status_reason"]) == ("withdrawn", "Next year.")
    again = client.post(url(own, "withdraw"), {}, format="json")
    assert again.status_code == 409
    assert again.json()["detail"] == "A request that is “Withdrawn” cannot become “Withdrawn”."


def test_the_requester_may_not_assign_or_make_the_teams_moves(requester, own, researcher):
    client = api_client(requester)
    with nothing_written(own):
        assigned = client.post(url(own, "assign"), {"assignee": researcher.pk}, format="json")
        moved = client.post(url(own, "transition"), {"status": "completed"}, format="json")
    assert (assigned.status_code, moved.status_code) == (403, 403)
    assert moved.json()["detail"] == "Only the research team can do this."


@pytest.mark.parametrize("role", ["other_requester", "intake_officer"])
def test_others_cannot_touch_someone_elses_request(role, persona, own):
    client = api_client(persona(role))
    with nothing_written(own, SupportRequestMessage):
        responses = [
            client.post(url(own, "withdraw"), {}, format="json"),
            client.post(url(own, "messages"), {"text": "Hi"}, format="json"),
            client.post(url(own, "transition"), {"status": "in_progress"}, format="json"),
        ]
    assert [response.status_code for response in responses] == [404, 404, 404]


def test_the_team_assigns_and_moves(researcher, colleague, own):
    client = api_client(researcher)
    assigned = client.post(url(own, "assign"), {"assignee": colleague.pk}, format="json").json()
    assert assigned["assignee"] == {"id": colleague.pk, "name": colleague.full_name}
    moved = client.post(url(own, "transition"), {"status": "in_progress"}, format="json").json()
    assert moved["status"] == "in_progress"
    declined = client.post(url(own, "transition"), {"status": "declined"}, format="json")
    assert declined.status_code == 400 and declined.json()["errors"]["reason"] == ["Give a reason for declining."]
    invalid = client.post(url(own, "transition"), {"status": "submitted"}, format="json")
    assert invalid.status_code == 409
    assert invalid.json()["detail"] == "A request that is “Accepted, in progress” cannot become “Submitted”."
    unknown = client.post(url(own, "assign"), {"assignee": own.requester_id}, format="json")
    assert unknown.status_code == 400 and "assignee" in unknown.json()["errors"]
    cleared = client.post(url(own, "assign"), {"assignee": None}, format="json").json()
    assert cleared["assignee"] is None


def test_the_team_filters_the_list_like_the_queue(researcher):
    SupportRequestFactory(grant=True, title="Soon", submission_deadline=in_days(3), assignee=researcher)
    SupportRequestFactory(grant=True, title="Later", submission_deadline=in_days(30))
    SupportRequestFactory(title="Done", status=S.COMPLETED)
    client = api_client(researcher)

    def titles(**filters):
        return [row["title"] for row in client.get(LIST, filters).json()["results"]]

    assert titles() == ["Soon", "Later", "Done"]
    assert titles(status="open") == ["Soon", "Later"]
    assert titles(assignee="mine") == ["Soon"]
    assert titles(assignee="unassigned", status="open") == ["Later"]
    assert titles(deadline_soon="true") == ["Soon"]
    assert titles(kind="coordination") == ["Done"]
    bad = client.get(LIST, {"status": "lost"})
    assert bad.status_code == 400 and "status" in bad.json()["errors"]


@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_runs_fixed_queries(rows, researcher, django_assert_max_num_queries):
    for number in range(rows):
        row = SupportRequestFactory(grant=True, submission_deadline=in_days(number % 20 + 1), assignee=researcher)
        SupportRequestMessageFactory(request=row)
    client = api_client(researcher)
    with django_assert_max_num_queries(API_QUERIES):
        body = client.get(LIST, {"page_size": 100}).json()
    assert body["count"] == rows and len(body["results"]) == rows


API_QUERIES = 15
