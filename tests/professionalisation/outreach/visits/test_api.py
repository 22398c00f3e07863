"""/api/v1/visit-requests/ and /api/v1/researchers/: the scoping rule, every move as an action
(with the refusals' status codes), the suggestions and the fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from professionalisation.models import VisitRequest, VisitStatus
from tests.api.conftest import api_client
from tests.factories.professionalisation_outreach_visits import ResearcherProfileFactory, VisitRequestFactory
from tests.professionalisation.outreach.visits.conftest import at
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

LIST = reverse("api:visit-request-list")
RESEARCHERS = reverse("api:researcher-list")


def _url(visit, name="detail"):
    return reverse(f"api:visit-request-{name}", kwargs={"pk": visit.pk})


def _input(school, **changes):
    day = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()
    return {
        "school": school.code,
        "contact_name": "Sanne",
        "contact_email": "sanne@school.example.org",
        "group_label": "Groep 8",
        "pupils": 30,
        "wishes": "Ruimtevaart",
        "location": "university",
        "preferred_dates": [{"date": day, "part_of_day": "morning"}],
        **changes,
    }


def test_a_school_user_requests_a_visit(school_a_contact, school_a):
    response = api_client(school_a_contact).post(LIST, _input(school_a), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (
        body["status"] == "requested" and body["school"]["code"] == school_a.code and body["location"] == "university"
    )
    assert body["preferred_dates"][0]["part_of_day"] == "morning"
    assert VisitRequest.objects.get(pk=body["id"]).requested_by == school_a_contact


@pytest.mark.parametrize(("who", "code"), [("school_b_contact", 403), ("outsider", 403), ("anonymous", 401)])
def test_others_may_not_request_for_the_school(people, who, code, school_a):
    with nothing_written(VisitRequest):
        response = api_client(people(who)).post(LIST, _input(school_a), format="json")
    assert response.status_code == code


def test_a_request_is_validated_by_the_service(school_a_contact, school_a):
    with nothing_written(VisitRequest):
        response = api_client(school_a_contact).post(LIST, _input(school_a, pupils=500), format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"pupils": ["A visit is for 1 to 200 pupils."]}
    response = api_client(school_a_contact).post(LIST, _input(school_a, preferred_dates=[]), format="json")
    assert response.status_code == 400 and "preferred_dates" in response.json()["errors"]


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("professionalisation_coordinator", True),
        ("school_a_contact", True),
        ("researcher_user", True),
        ("school_b_contact", False),
        ("intake_officer", False),
        ("outsider", False),
    ],
)
def test_list_and_detail_are_scoped(people, who, sees, proposed):
    client = api_client(people(who))
    ids = [row["id"] for row in client.get(LIST).json()["results"]]
    assert ids == ([proposed.pk] if sees else [])
    assert client.get(_url(proposed)).status_code == (200 if sees else 404)


def test_anonymous_gets_401(visit):
    response = api_client().get(LIST)
    assert response.status_code == 401 and "results" not in response.json()


def test_the_whole_way_through_the_api(
    visit, pool_researcher, professionalisation_coordinator, school_a_contact, researcher_user, preferred_day
):
    coordinator, school, researcher = (
        api_client(professionalisation_coordinator),
        api_client(school_a_contact),
        api_client(researcher_user),
    )
    suggestions = coordinator.get(_url(visit, "suggestions")).json()["suggestions"]
    assert suggestions[0]["researcher"]["id"] == pool_researcher.pk
    assert {r["code"] for r in suggestions[0]["reasons"]} >= {"topic", "free", "region"}
    assert school.get(_url(visit, "suggestions")).status_code == 403

    response = coordinator.post(
        _url(visit, "propose"),
        {"researcher": pool_researcher.pk, "starts_at": at(preferred_day).isoformat()},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "proposed"
    assert school.post(_url(visit, "confirm")).status_code == 409  # not accepted yet

    response = researcher.post(_url(visit, "answer"), {"accept": True}, format="json")
    assert response.json()["status"] == "accepted"
    assert researcher.post(_url(visit, "confirm")).status_code == 403
    assert school.post(_url(visit, "confirm")).json()["status"] == "confirmed"
    assert coordinator.post(_url(visit, "mark-held")).status_code == 409  # not yet

    VisitRequest.objects.filter(pk=visit.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=2), ends_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert coordinator.post(_url(visit, "mark-held")).json()["status"] == "held"
    response = school.post(_url(visit, "evaluate"), {"side": "school", "text": "Top", "rating": 9}, format="json")
    assert response.status_code == 400
    assert school.post(_url(visit, "evaluate"), {"side": "school", "text": "Top", "rating": 5}).status_code == 200
    response = researcher.post(_url(visit, "evaluate"), {"side": "researcher", "text": "Leuk"}, format="json")
    assert response.json()["status"] == "evaluated"
    assert len(response.json()["evaluations"]) == 2
    assert school.post(_url(visit, "withdraw"), {"reason": "x"}).status_code == 409


def test_a_researcher_declines_through_the_api(proposed, researcher_user):
    client = api_client(researcher_user)
    response = client.post(_url(proposed, "answer"), {"accept": False}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    response = client.post(_url(proposed, "answer"), {"accept": False, "reason": "Op reis"}, format="json")
    assert response.status_code == 200
    # The whole request as the schema says, as it is after the decline; from now on it is not theirs.
    body = response.json()
    assert (body["id"], body["status"], body["status_reason"]) == (proposed.pk, "declined", "Op reis")
    assert body["school"]["code"] == proposed.school.code and "preferred_dates" in body
    assert client.get(_url(proposed)).status_code == 404


def test_propose_is_for_coordinators(visit, pool_researcher, school_a_contact, preferred_day):
    with nothing_written(VisitRequest):
        response = api_client(school_a_contact).post(
            _url(visit, "propose"), {"researcher": pool_researcher.pk, "starts_at": at(preferred_day).isoformat()}
        )
    assert response.status_code == 403


def test_withdraw_by_the_school(visit, school_a_contact):
    response = api_client(school_a_contact).post(_url(visit, "withdraw"), {"reason": "Ziek"})
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"


def test_a_status_filter(visit, professionalisation_coordinator):
    VisitRequestFactory(status=VisitStatus.WITHDRAWN)
    client = api_client(professionalisation_coordinator)
    assert [r["id"] for r in client.get(LIST, {"status": "requested"}).json()["results"]] == [visit.pk]
    assert client.get(LIST, {"status": "nonsense"}).status_code == 400


@pytest.mark.parametrize(
    ("who", "count"), [("professionalisation_coordinator", 1), ("school_a_contact", 0), ("researcher_user", 0)]
)
def test_the_pool_is_for_coordinators(people, who, count, pool_researcher):
    assert api_client(people(who)).get(RESEARCHERS).json()["count"] == count


def test_the_list_takes_a_fixed_number_of_queries(professionalisation_coordinator, django_assert_max_num_queries):
    client = api_client(professionalisation_coordinator)
    VisitRequestFactory()
    client.get(LIST)
    with CaptureQueriesContext(connection) as one:
        assert client.get(LIST).status_code == 200
    researcher = ResearcherProfileFactory()
    for n in range(49):
        VisitRequestFactory(
            researcher=researcher,
            status=VisitStatus.PROPOSED,
            starts_at=at(timezone.localdate() + datetime.timedelta(days=40 + n)),
            ends_at=at(timezone.localdate() + datetime.timedelta(days=40 + n), 12),
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(client.get(LIST, {"page_size": 50}).json()["results"]) == 50


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("ZZ99", "Give the school's vestigingscode (e.g. 02EA03) or its id."),
        (True, "Give the school's vestigingscode (e.g. 02EA03) or its id."),
        (999999, "There is no school with this id."),
        ("ZZZZ99", "There is no school with the code ZZZZ99."),
    ],
)
def test_the_school_is_given_by_its_code_or_id(school_a_contact, school_a, code, message):
    with nothing_written(VisitRequest):
        response = api_client(school_a_contact).post(LIST, {**_input(school_a), "school": code}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["school"] == [message]
    # The code in any case, as on /api/v1/schools/, or the id.
    lower = {**_input(school_a), "school": school_a.code.lower()}
    assert api_client(school_a_contact).post(LIST, lower, format="json").status_code == 201
    by_id = {**_input(school_a), "school": school_a.pk}
    assert api_client(school_a_contact).post(LIST, by_id, format="json").status_code == 201
