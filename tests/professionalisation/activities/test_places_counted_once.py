"""The places of a session are counted by one rule (selectors.with_places and places_of): the
services' `session_places`, the catalogue, the API and the admin read the same numbers, including
the places held for ONZ that an open offer to a member uses up and the people waiting for any
session who already hold a place in this one (they are not in its queue)."""

import datetime

import pytest
from django.utils import timezone

from professionalisation.activities.admin.common import sessions_with_places
from professionalisation.activities.selectors import Places, mark_places, places_of, session_places, with_places
from professionalisation.models import Session, WaitingStatus
from tests.factories import RegistrationFactory, SchoolFactory, SessionFactory, WaitingListEntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_session():
    """6 places, 3 held for ONZ for another week: one taken by a member (on a held place), one by
    someone else; an open offer to a member's entry; two waiting for the session (one of them for a
    member school), one waiting for any session, and one waiting for any session who holds a place
    here already (not in this queue)."""
    onz = SchoolFactory(onz_member=True)
    session = SessionFactory(
        capacity=6, onz_places=3, onz_places_until=timezone.localdate() + datetime.timedelta(days=7)
    )
    RegistrationFactory(session=session, school=onz, onz_place=True)
    holder = RegistrationFactory(session=session).participant
    WaitingListEntryFactory(
        session=session,
        school=onz,
        status=WaitingStatus.OFFERED,
        offered_session=session,
        offered_at=timezone.now(),
        offer_expires_at=timezone.now() + datetime.timedelta(hours=48),
    )
    WaitingListEntryFactory(session=session)
    WaitingListEntryFactory(session=session, school=onz)
    WaitingListEntryFactory(session=None, activity=session.activity)
    WaitingListEntryFactory(session=None, activity=session.activity, participant=holder)
    return session


EXPECTED = Places(capacity=6, taken=2, held=1, onz_held=1, waiting=3, waiting_onz=1)


def test_the_services_count_the_places_of_one_session(busy_session, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert session_places(busy_session) == EXPECTED
    assert EXPECTED.free == 3
    assert EXPECTED.left == 2
    assert EXPECTED.free_for(onz=False) == 0
    assert EXPECTED.free_for(onz=True) == 0


def test_lists_read_the_same_numbers_from_their_own_query(busy_session, django_assert_num_queries):
    with django_assert_num_queries(1):
        row = with_places(Session.objects.filter(pk=busy_session.pk)).get()
    assert places_of(row) == EXPECTED
    (marked,) = mark_places([row])
    assert (marked.places, marked.is_full) == (EXPECTED, True)
    assert places_of(sessions_with_places(Session.objects.filter(pk=busy_session.pk)).get()) == EXPECTED


def test_once_the_onz_places_are_released_nothing_is_held(busy_session):
    busy_session.onz_places_until = timezone.localdate() - datetime.timedelta(days=1)
    busy_session.save()
    released = Places(capacity=6, taken=2, held=1, onz_held=0, waiting=3, waiting_onz=0)
    assert session_places(busy_session) == released
    assert places_of(with_places(Session.objects.filter(pk=busy_session.pk)).get()) == released
