"""Capacity under concurrent requests, through the real stack: 50 placement coordinators' requests
(one API token, 50 threads released together by a barrier) match 50 different trainees to one
offer with 10 places on a live server. Exactly 10 succeed, 40 get a clear "full" answer, and the
database holds exactly the 10 placements (and their 10 history rows), nothing half-written.

PostgreSQL only: the proof is the row lock (`SELECT … FOR UPDATE` in placement_propose). SQLite
serialises writers with a database lock instead and its live-server threads would mostly fail
with "database is locked", which proves nothing about the service. Without PostgreSQL the test
skips on a bare machine and fails in CI (REQUIRE_SERVICES=1)."""

import json
import threading
import urllib.error
import urllib.request
from collections import Counter

import pytest
from django.db import connection
from django.urls import reverse

from programmes.models import ApplicationStatus, Placement
from tests.api.conftest import token_for
from tests.conftest import skip_or_fail
from tests.factories import ApplicationFactory, PathwayFactory, SchoolSubjectFactory
from tests.factories.placements import PlacementOfferFactory, PlacementPeriodFactory

REQUESTS = 50
PLACES = 10
FULL = "This offer is full: all its places are taken."


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _post(url: str, token: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={
            "Authorization": f"Token {token}",
            "Content-Type": "application/json",
            "Accept": "application/json",
            "Accept-Language": "en",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_matches_fill_ten_places_exactly(live_server, placement_coordinator):
    if connection.vendor != "postgresql":
        skip_or_fail("the capacity lock is proven on PostgreSQL (set DATABASE_URL=postgres://…)")
    subject = SchoolSubjectFactory()
    pathway = PathwayFactory(subjects=[subject])
    offer = PlacementOfferFactory(subject=subject, period=PlacementPeriodFactory(), places=PLACES)
    trainees = [
        ApplicationFactory(pathway=pathway, subject=subject, status=ApplicationStatus.ADMITTED, complete=False)
        for _ in range(REQUESTS)
    ]
    # Django's test server listens with a backlog of 10 connections; 50 clients connecting at the
    # same instant would overflow it and be reset before their request is read. Listening again
    # on the bound socket raises the backlog (Linux), so every request reaches the application.
    live_server.thread.httpd.socket.listen(REQUESTS * 2)
    token = token_for(placement_coordinator)
    url = live_server.url + reverse("api:placement-offer-match", kwargs={"pk": offer.pk})
    barrier = threading.Barrier(REQUESTS)
    results: list[tuple[int, dict]] = []
    lock = threading.Lock()

    def worker(trainee_id: int) -> None:
        barrier.wait(timeout=60)
        result = _post(url, token, {"trainee": trainee_id})
        with lock:
            results.append(result)

    threads = [threading.Thread(target=worker, args=(trainee.pk,)) for trainee in trainees]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    codes = Counter(code for code, _body in results)
    assert codes == {201: PLACES, 409: REQUESTS - PLACES}, [body for code, body in results if code not in (201, 409)]
    assert all(body == {"detail": FULL} for code, body in results if code == 409)
    created = [body for code, body in results if code == 201]
    assert {body["status"] for body in created} == {"proposed"}

    placements = Placement.objects.unscoped()
    assert placements.count() == PLACES
    assert set(placements.values_list("offer_id", flat=True)) == {offer.pk}
    assert sorted(placements.values_list("trainee_id", flat=True)) == sorted(body["trainee"]["id"] for body in created)
    assert Placement.history.count() == PLACES
