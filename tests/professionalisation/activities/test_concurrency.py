"""Capacity under concurrent registrations, through the service every edge calls: 50 teachers
(50 threads, each with its own database connection, released together by a barrier) register for
one session with 10 places. Exactly 10 get a confirmed place and 40 a waiting-list place with the
positions 1 to 40; the same person registering from 5 threads at once gets one row and 4 clear
"already registered" answers.

PostgreSQL only: the proof is the row lock (`SELECT … FOR UPDATE` of the session in
registration_create). SQLite serialises writers with a database lock instead, and its threads
would mostly fail with "database is locked", which proves nothing about the service. Without
PostgreSQL the test skips on a bare machine and fails in CI (REQUIRE_SERVICES=1)."""

import threading
import time
from collections import Counter

import pytest
from django.db import connection
from django.utils import translation

from iclon.core.errors import PortalError
from professionalisation.activities import services
from professionalisation.models import (
    Registration,
    RegistrationStatus,
    SessionStatus,
    WaitingListEntry,
    WaitingStatus,
)
from tests.conftest import skip_or_fail
from tests.factories import ActivityFactory, SessionFactory, UserFactory

pytestmark = [pytest.mark.services, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PEOPLE = 50
PLACES = 10
REPEATS = 5
ALREADY_REGISTERED = "You are already registered for this session."


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        skip_or_fail("the capacity lock is proven on PostgreSQL (set DATABASE_URL=postgres://…)")


def run_together(calls):
    """Run each of `calls` in its own thread, all released at once by a barrier; returns what each
    returned or raised (in the order of `calls`) and the seconds from the release to the last one's
    end."""
    barrier = threading.Barrier(len(calls) + 1)
    results: list = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait(timeout=60)
            with translation.override("en"):
                results[index] = call()
        except Exception as error:  # kept, and asserted on by the test
            results[index] = error
        finally:
            connection.close()  # each thread opened its own connection: it closes it

    threads = [threading.Thread(target=worker, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    barrier.wait(timeout=60)
    started = time.perf_counter()
    for thread in threads:
        thread.join(timeout=300)
    elapsed = time.perf_counter() - started
    assert not any(thread.is_alive() for thread in threads), "a registration hung"
    return results, elapsed


def register_call(session, person):
    return lambda: services.registration_create(session=session, participant=person, actor=person)


def test_fifty_simultaneous_registrations_fill_ten_places_and_queue_forty_in_order(record_property):
    session = SessionFactory(capacity=PLACES)
    people = [UserFactory() for _ in range(PEOPLE)]

    results, elapsed = run_together([register_call(session, person) for person in people])

    errors = [result for result in results if isinstance(result, BaseException)]
    assert not errors, errors
    kinds = Counter(type(result).__name__ for result in results)
    assert kinds == {"Registration": PLACES, "WaitingListEntry": PEOPLE - PLACES}

    registrations = Registration.objects.filter(session=session)
    assert registrations.count() == PLACES
    assert set(registrations.values_list("status", flat=True)) == {RegistrationStatus.CONFIRMED}
    entries = list(WaitingListEntry.objects.filter(session=session).order_by("created_at", "pk"))
    assert len(entries) == PEOPLE - PLACES
    assert {entry.status for entry in entries} == {WaitingStatus.WAITING}
    assert [services.waiting_position(entry) for entry in entries] == list(range(1, PEOPLE - PLACES + 1))
    # Everyone has exactly one row: a place or a place in the queue.
    holders = list(registrations.values_list("participant_id", flat=True)) + [e.participant_id for e in entries]
    assert sorted(holders) == sorted(person.pk for person in people)
    assert Registration.history.filter(session_id=session.pk).count() == PLACES
    session.refresh_from_db()
    assert session.status == SessionStatus.FULL
    places = services.session_places(session)
    assert (places.taken, places.held, places.waiting) == (PLACES, 0, PEOPLE - PLACES)

    throughput = PEOPLE / elapsed
    record_property("registrations_per_second", round(throughput, 1))
    print(f"\n{PEOPLE} concurrent registrations for {PLACES} places: {elapsed:.2f} s, {throughput:.1f} per second")


def test_the_same_person_registering_from_five_threads_at_once_gets_one_place():
    session = SessionFactory(capacity=PLACES)
    person = UserFactory()

    results, _elapsed = run_together([register_call(session, person) for _ in range(REPEATS)])

    places = [result for result in results if isinstance(result, Registration)]
    refusals = [result for result in results if isinstance(result, PortalError)]
    assert (len(places), len(refusals)) == (1, REPEATS - 1), results
    assert all(isinstance(refusal, services.AlreadyRegistered) for refusal in refusals)
    assert {str(refusal) for refusal in refusals} == {ALREADY_REGISTERED}
    assert Registration.objects.filter(session=session, participant=person).count() == 1
    assert not WaitingListEntry.objects.filter(participant=person).exists()


def test_waiting_for_any_session_and_registering_for_one_at_once_do_not_deadlock():
    # waiting_list_join locks the activity, then each of its sessions; registration_create locks
    # its session alone. Had it locked the activity too (a join in SELECT … FOR UPDATE), the two
    # would wait for each other and PostgreSQL would abort one with "deadlock detected".
    activity = ActivityFactory()
    full = SessionFactory(activity=activity, capacity=1)
    services.registration_create(session=full, participant=(holder := UserFactory()), actor=holder)
    session = SessionFactory(activity=activity, capacity=PEOPLE)
    joiners, registrants = [UserFactory() for _ in range(10)], [UserFactory() for _ in range(10)]
    calls = [
        call
        for joiner, registrant in zip(joiners, registrants, strict=True)
        for call in (
            lambda joiner=joiner: services.waiting_list_join(activity=activity, participant=joiner, actor=joiner),
            register_call(session, registrant),
        )
    ]

    results, _elapsed = run_together(calls)

    errors = [result for result in results if isinstance(result, BaseException)]
    assert not errors, errors
    assert Registration.objects.filter(session=session, participant__in=registrants).count() == len(registrants)
    # The joiners were offered the free places of the open session at once.
    offers = WaitingListEntry.objects.filter(participant__in=joiners, offered_session=session)
    assert offers.filter(status=WaitingStatus.OFFERED).count() == len(joiners)
