"""/api/v1/waiting-list/: who sees and does what (a permission table over every role), joining the
waiting list of any session through `waiting_list_join`, leaving it, accepting and declining an
offer through the services, filters, and a fixed number of queries at 1 and 50 rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from iclon.notifications.models import Notification
from partnerships.models import SchoolRole
from professionalisation.models import Registration, Session, WaitingListEntry, WaitingStatus
from tests.api.conftest import api_client
from tests.factories import (
    ActivityFactory,
    RegistrationFactory,
    SchoolMembershipFactory,
    SessionFactory,
    StaffUserFactory,
    UserFactory,
    WaitingListEntryFactory,
)
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

LIST = reverse("api:waiting-list-entry-list")
WRITES = (Registration, WaitingListEntry, Session, Notification)
ROLES = [
    "anonymous",
    "teacher",
    "other_teacher",
    "school_a_contact",
    "school_b_contact",
    "placement_coordinator",
    "professionalisation_coordinator",
    "superuser",
]
KEYS = {
    "id",
    "activity",
    "session",
    "participant",
    "school",
    "status",
    "position",
    "offered_session",
    "offered_at",
    "offer_expires_at",
    "answered_at",
    "created_at",
}


def url(name, pk) -> str:
    return reverse(f"api:waiting-list-entry-{name}", kwargs={"pk": pk})


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def teacher(school_a):
    return SchoolMembershipFactory(
        school=school_a, role=SchoolRole.WORKPLACE_MENTOR, user__full_name="Tessa Teacher"
    ).user


@pytest.fixture
def other_teacher(db):
    return UserFactory(full_name="Otto Other")


@pytest.fixture
def superuser(db):
    return StaffUserFactory(is_superuser=True)


def offered(entry, session, hours=48):
    now = timezone.now()
    entry.status, entry.offered_session = WaitingStatus.OFFERED, session
    entry.offered_at, entry.offer_expires_at = now, now + datetime.timedelta(hours=hours)
    entry.save()
    return entry


@pytest.fixture
def world(teacher, other_teacher, school_a):
    """Tessa waits (for school A) for a full session and is offered a place in it; Otto waits too."""
    full = SessionFactory(capacity=1, name="Najaar 2027")
    RegistrationFactory(session=full)
    mine = WaitingListEntryFactory(session=full, participant=teacher, school=school_a)
    theirs = WaitingListEntryFactory(session=full, participant=other_teacher)
    return {"mine": mine, "theirs": theirs, "full": full}


# fmt: off
#   role                              list                 retrieve leave
MATRIX = {
    "anonymous":                       (None,               401,     401),
    "teacher":                         ({"mine"},           200,     200),
    "other_teacher":                   ({"theirs"},         404,     404),
    "school_a_contact":                ({"mine"},           200,     200),
    "school_b_contact":                (set(),              404,     404),
    "placement_coordinator":           (set(),              404,     404),
    "professionalisation_coordinator": ({"mine", "theirs"}, 200,     200),
    "superuser":                       ({"mine", "theirs"}, 200,     200),
}
# fmt: on


@pytest.mark.parametrize("role", ROLES)
def test_list_shows_each_role_its_own_places(role, world, persona):
    response = api_client(persona(role)).get(LIST)
    expected = MATRIX[role][0]
    if expected is None:
        assert response.status_code == 401
        assert response.json() == {"detail": "Authentication credentials were not provided."}
        return
    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()["results"]}
    assert set(rows) == {world[name].pk for name in expected}
    if "mine" in expected:
        assert rows[world["mine"].pk]["position"] == 1


@pytest.mark.parametrize("role", ROLES)
def test_retrieve_follows_the_same_rule(role, world, persona):
    response = api_client(persona(role)).get(url("detail", world["mine"].pk))
    assert response.status_code == MATRIX[role][1]
    if response.status_code == 200:
        row = response.json()
        assert set(row) == KEYS
        assert (row["status"], row["position"], row["session"], row["school"]["id"]) == (
            "waiting",
            1,
            world["full"].pk,
            world["mine"].school_id,
        )
    else:
        assert set(response.json()) == {"detail"}


@pytest.mark.parametrize("role", ROLES)
def test_leave_is_for_the_person_their_school_and_staff(role, world, persona):
    entry = world["mine"]
    client = api_client(persona(role))
    if MATRIX[role][2] != 200:
        with nothing_written(*WRITES):
            response = client.post(url("leave", entry.pk), {}, format="json")
        assert response.status_code == MATRIX[role][2]
        return
    response = client.post(url("leave", entry.pk), {}, format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["position"]) == ("removed", None)
    entry.refresh_from_db()
    assert entry.status == WaitingStatus.REMOVED


@pytest.mark.parametrize("role", ROLES)
def test_accept_an_offer_is_for_the_person_their_school_and_staff(role, world, persona, teacher):
    full = world["full"]
    Registration.objects.filter(session=full).update(status="cancelled")
    entry = offered(world["mine"], full)
    client = api_client(persona(role))
    if MATRIX[role][2] != 200:
        with nothing_written(*WRITES):
            response = client.post(url("accept", entry.pk), {}, format="json")
        assert response.status_code == MATRIX[role][2]
        return
    response = client.post(url("accept", entry.pk), {}, format="json")
    assert response.status_code == 200
    registration = Registration.objects.get(session=full, status="confirmed")
    assert response.json()["id"] == registration.pk
    assert registration.participant == teacher
    entry.refresh_from_db()
    assert entry.status == WaitingStatus.ACCEPTED


def test_decline_passes_the_place_to_the_next_in_line(world, teacher):
    full = world["full"]
    Registration.objects.filter(session=full).update(status="cancelled")
    entry = offered(world["mine"], full)
    response = api_client(teacher).post(url("decline", entry.pk), {}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "declined"
    world["theirs"].refresh_from_db()
    assert world["theirs"].status == WaitingStatus.OFFERED


def test_accepting_without_an_open_offer_is_a_409(world, teacher):
    with nothing_written(*WRITES):
        response = api_client(teacher).post(url("accept", world["mine"].pk), {}, format="json")
    assert response.status_code == 409
    assert response.json() == {"detail": "There is no open offer of a place for you."}


def test_accepting_an_expired_offer_is_a_409_and_the_place_moves_on(world, teacher):
    full = world["full"]
    Registration.objects.filter(session=full).update(status="cancelled")
    entry = offered(world["mine"], full, hours=-1)
    response = api_client(teacher).post(url("accept", entry.pk), {}, format="json")
    assert response.status_code == 409
    assert response.json() == {"detail": "This offer has expired; the place has gone to the next person in line."}
    entry.refresh_from_db()
    assert entry.status == WaitingStatus.EXPIRED


def test_leaving_twice_is_a_409(world, teacher):
    client = api_client(teacher)
    assert client.post(url("leave", world["mine"].pk), {}, format="json").status_code == 200
    with nothing_written(*WRITES):
        again = client.post(url("leave", world["mine"].pk), {}, format="json")
    assert again.status_code == 409
    assert again.json() == {"detail": "You are no longer on this waiting list."}


# --- Joining the waiting list of any session -------------------------------------------------------


def test_join_waits_for_any_session_of_the_activity(teacher):
    session = SessionFactory(capacity=1)
    RegistrationFactory(session=session)
    response = api_client(teacher).post(LIST, {"activity": session.activity.slug}, format="json")
    assert response.status_code == 201
    row = response.json()
    assert (row["activity"], row["session"], row["status"], row["position"]) == (
        session.activity.slug,
        None,
        "waiting",
        1,
    )
    assert WaitingListEntry.objects.get(participant=teacher).session is None


def test_join_is_offered_a_free_place_at_once(teacher):
    session = SessionFactory(capacity=3)
    response = api_client(teacher).post(LIST, {"activity": session.activity.slug}, format="json")
    assert response.status_code == 201
    assert (response.json()["status"], response.json()["offered_session"]) == ("offered", session.pk)


def test_joining_twice_is_a_409_with_the_services_message(teacher):
    session = SessionFactory(capacity=1)
    RegistrationFactory(session=session)
    client = api_client(teacher)
    assert client.post(LIST, {"activity": session.activity.slug}, format="json").status_code == 201
    with nothing_written(*WRITES):
        again = client.post(LIST, {"activity": session.activity.slug}, format="json")
    assert again.status_code == 409
    assert again.json() == {"detail": "You are already on the waiting list."}


@pytest.mark.parametrize("role", ["other_teacher", "school_b_contact", "placement_coordinator"])
def test_join_for_someone_you_may_not_register_is_a_400(role, persona, teacher):
    session = SessionFactory(capacity=1)
    with nothing_written(*WRITES):
        response = api_client(persona(role)).post(
            LIST, {"activity": session.activity.slug, "participant": teacher.pk}, format="json"
        )
    assert response.status_code == 400
    assert response.json()["errors"] == {"participant": ["There is nobody with this id whom you may register."]}


def test_school_contact_puts_their_teacher_on_the_waiting_list(school_a_contact, teacher, school_a):
    session = SessionFactory(capacity=1)
    RegistrationFactory(session=session)
    response = api_client(school_a_contact).post(
        LIST, {"activity": session.activity.slug, "participant": teacher.pk, "school": school_a.pk}, format="json"
    )
    assert response.status_code == 201
    entry = WaitingListEntry.objects.get(participant=teacher)
    assert (entry.school, entry.registered_by) == (school_a, school_a_contact)


def test_join_an_unknown_or_unpublished_activity_is_a_400(teacher):
    hidden = ActivityFactory(published=False)
    SessionFactory(activity=hidden)
    for slug in ("bestaat-niet", hidden.slug):
        with nothing_written(*WRITES):
            response = api_client(teacher).post(LIST, {"activity": slug}, format="json")
        assert response.status_code == 400
        assert response.json()["errors"] == {"activity": ["There is no activity with this slug."]}


def test_filters_narrow_what_the_viewer_sees(professionalisation_coordinator, school_a):
    kept = WaitingListEntryFactory(school=school_a)
    WaitingListEntryFactory(session=kept.session)
    WaitingListEntryFactory()
    params = {"session": kept.session_id, "activity": kept.activity.slug, "status": "waiting", "school": school_a.pk}
    response = api_client(professionalisation_coordinator).get(LIST, params)
    assert [row["id"] for row in response.json()["results"]] == [kept.pk]


def test_list_runs_as_many_queries_for_50_rows_as_for_1(professionalisation_coordinator, django_assert_max_num_queries):
    session = SessionFactory(capacity=1)
    WaitingListEntryFactory(session=session)
    client = api_client(professionalisation_coordinator)
    with CaptureQueriesContext(connection) as one:
        assert client.get(LIST, {"page_size": 100}).json()["count"] == 1
    for _ in range(49):
        WaitingListEntryFactory(session=SessionFactory(capacity=1))
    with django_assert_max_num_queries(len(one)):
        large = client.get(LIST, {"page_size": 100})
    assert len(large.json()["results"]) == 50
    assert {row["position"] for row in large.json()["results"]} == {1}
