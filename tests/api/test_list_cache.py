"""Anonymous API lists from the shared cache (iclon/core/api/cache.py): a second anonymous client
gets the same data without a query; a change of the catalogue or the school register retires it
at once; signed-in clients never share it; the throttle still counts every request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from tests.factories.partnerships import SchoolFactory
from tests.factories.programmes import PathwayFactory

pytestmark = pytest.mark.django_db

SCHOOLS = "/api/v1/schools/"
PATHWAYS = "/api/v1/pathways/"


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, response.content
    return response.json(), len(queries)


@pytest.mark.parametrize("url", [SCHOOLS, f"{SCHOOLS}?search=Leiden&page_size=5"])
def test_a_second_anonymous_client_gets_the_schools_without_a_query(url):
    SchoolFactory(name="Stedelijk Gymnasium Leiden", city="Leiden")
    first, queries = _get(APIClient(), url)
    assert queries > 0
    second, queries = _get(APIClient(), url)
    assert queries == 0
    assert second == first


def test_a_school_change_retires_the_cached_list():
    school = SchoolFactory(name="Oude naam")
    before, _ = _get(APIClient(), SCHOOLS)
    assert "Oude naam" in [row["name"] for row in before["results"]]
    school.name = "Nieuwe naam"
    school.save()
    after, queries = _get(APIClient(), SCHOOLS)
    assert queries > 0
    assert "Nieuwe naam" in [row["name"] for row in after["results"]]


def test_unpublishing_a_pathway_retires_the_cached_list():
    pathway = PathwayFactory(slug="leraar-biologie")
    before, _ = _get(APIClient(), PATHWAYS)
    assert "leraar-biologie" in [row["slug"] for row in before["results"]]
    pathway.is_published = False
    pathway.save()
    after, queries = _get(APIClient(), PATHWAYS)
    assert queries > 0
    assert "leraar-biologie" not in [row["slug"] for row in after["results"]]


def test_signed_in_clients_neither_read_nor_write_the_cache(intake_officer):
    SchoolFactory(name="Stedelijk Gymnasium Leiden")
    _get(APIClient(), SCHOOLS)
    staff = APIClient()
    staff.force_authenticate(intake_officer)
    _, queries = _get(staff, SCHOOLS)
    assert queries > 0


def test_the_throttle_counts_requests_answered_from_the_cache(monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/minute", "user": "100/minute"})
    SchoolFactory(name="Stedelijk Gymnasium Leiden")
    client = APIClient()
    answers = [client.get(SCHOOLS) for _ in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert answers[1].json() == answers[0].json()  # the second from the cache, and still counted
    assert int(answers[2]["Retry-After"]) > 0


def test_an_anonymous_client_is_counted_by_the_anonymous_throttle_alone(monkeypatch):
    # The user rate is the lower one here: were anonymous clients counted by it too, the second
    # request would be refused.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "1/minute"})
    client = APIClient()
    answers = [client.get(SCHOOLS) for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert int(answers[3]["Retry-After"]) > 0


def test_a_signed_in_client_is_counted_by_the_user_throttle(monkeypatch, intake_officer):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "1/minute", "user": "2/minute"})
    client = APIClient()
    client.force_authenticate(intake_officer)
    answers = [client.get(SCHOOLS) for _ in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert int(answers[2]["Retry-After"]) > 0
