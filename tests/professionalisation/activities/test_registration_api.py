"""/api/v1/registrations/: who sees and does what (a permission table over every role), creating
through `registration_create` (a place, or the waiting list when full; "already registered" is a
409 with the service's message, never a 500), cancelling through `registration_cancel`, filters,
a fixed number of queries at 1 and 50 rows, and schema fuzzing of the new operations."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from iclon.notifications.models import Channel, Notification
from partnerships.models import SchoolRole
from professionalisation.models import Registration, RegistrationStatus, Session, WaitingListEntry
from tests.api import test_schemathesis as fuzz
from tests.api.conftest import api_client
from tests.api.test_schemathesis import wsgi_in_test_transaction  # noqa: F401  (a fixture)
from tests.factories import (
    RegistrationFactory,
    SchoolMembershipFactory,
    SessionFactory,
    StaffUserFactory,
    UserFactory,
    WaitingListEntryFactory,
)
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

LIST = reverse("api:registration-list")
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
    "session",
    "session_name",
    "activity",
    "participant",
    "school",
    "status",
    "onz_place",
    "created_at",
    "cancelled_at",
    "cancel_reason",
}


def detail(pk) -> str:
    return reverse("api:registration-detail", kwargs={"pk": pk})


def cancel_url(pk) -> str:
    return reverse("api:registration-cancel", kwargs={"pk": pk})


@pytest.fixture
def teacher(school_a):
    """A teacher of school A (a mentor there), registered by their school."""
    return SchoolMembershipFactory(
        school=school_a, role=SchoolRole.WORKPLACE_MENTOR, user__full_name="Tessa Teacher"
    ).user


@pytest.fixture
def other_teacher(db):
    return UserFactory(full_name="Otto Other")


@pytest.fixture
def superuser(db):
    return StaffUserFactory(is_superuser=True)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """People are made by the dozen; a deliberately slow hash would make these tests take minutes."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(teacher, other_teacher, school_a, school_b_contact):
    """Tessa's registration for school A, Otto's own (no school), and a session with places."""
    mine = RegistrationFactory(participant=teacher, school=school_a, session__name="Najaar 2027")
    theirs = RegistrationFactory(participant=other_teacher)
    return {"mine": mine, "theirs": theirs, "open": SessionFactory(capacity=5)}


def client_of(persona, name):
    return api_client(persona(name))


# fmt: off
# Who sees which registrations (by the fixture's name), and the status of the other operations on
# Tessa's registration ("mine").
#   role                              list                 retrieve cancel
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
def test_list_shows_each_role_its_own_registrations(role, world, persona):
    response = client_of(persona, role).get(LIST)
    expected = MATRIX[role][0]
    if expected is None:
        assert response.status_code == 401
        assert response.json() == {"detail": "Authentication credentials were not provided."}
        return
    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == {world[name].pk for name in expected}


@pytest.mark.parametrize("role", ROLES)
def test_retrieve_follows_the_same_rule(role, world, persona):
    response = client_of(persona, role).get(detail(world["mine"].pk))
    assert response.status_code == MATRIX[role][1]
    if response.status_code == 200:
        row = response.json()
        assert set(row) == KEYS
        assert (row["session_name"], row["status"], row["school"]["id"]) == (
            "Najaar 2027",
            "confirmed",
            world["mine"].school_id,
        )
        assert row["participant"]["full_name"] == "Tessa Teacher"
    else:
        assert set(response.json()) == {"detail"}


@pytest.mark.parametrize("role", ROLES)
def test_cancel_is_for_the_person_their_school_and_staff(role, world, persona):
    registration = world["mine"]
    client = client_of(persona, role)
    if MATRIX[role][2] != 200:
        with nothing_written(*WRITES):
            response = client.post(cancel_url(registration.pk), {"reason": "Ziek"}, format="json")
        assert response.status_code == MATRIX[role][2]
        return
    response = client.post(cancel_url(registration.pk), {"reason": "Ziek"}, format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["cancel_reason"]) == ("cancelled", "Ziek")
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


# fmt: off
# Registering Tessa for school A (as herself when she is the client).
#   role                              status  error
CREATE = {
    "anonymous":                       (401, None),
    "teacher":                         (201, None),
    "other_teacher":                   (400, "participant"),
    "school_a_contact":                (201, None),
    "school_b_contact":                (400, "participant"),
    "placement_coordinator":           (400, "participant"),
    "professionalisation_coordinator": (201, None),
    "superuser":                       (201, None),
}
# fmt: on


@pytest.mark.parametrize("role", ROLES)
def test_create_registers_whom_the_role_may_register(role, world, persona, teacher, school_a):
    session = world["open"]
    body = {"session": session.pk, "participant": teacher.pk, "school": school_a.pk}
    status, field = CREATE[role]
    client = client_of(persona, role)
    if status != 201:
        with nothing_written(*WRITES):
            response = client.post(LIST, body, format="json")
        assert response.status_code == status
        if field:
            assert response.json()["errors"] == {field: ["There is nobody with this id whom you may register."]}
        return
    response = client.post(LIST, body, format="json")
    assert response.status_code == 201
    answer = response.json()
    assert (answer["outcome"], answer["waiting_list_entry"]) == ("registered", None)
    registration = Registration.objects.get(session=session)
    assert answer["registration"]["id"] == registration.pk
    assert (registration.participant, registration.school) == (teacher, school_a)
    assert registration.registered_by == persona(role)


def test_registering_yourself_needs_no_participant(teacher):
    session = SessionFactory()
    response = api_client(teacher).post(LIST, {"session": session.pk}, format="json")
    assert response.status_code == 201
    assert response.json()["registration"]["participant"]["id"] == teacher.pk
    assert (
        Notification.objects.filter(
            recipient=teacher, channel=Channel.EMAIL, idempotency_key__contains=":confirmed:"
        ).count()
        == 1
    )


def test_already_registered_is_a_409_with_the_services_message(teacher):
    session = SessionFactory()
    client = api_client(teacher)
    assert client.post(LIST, {"session": session.pk}, format="json").status_code == 201
    with nothing_written(*WRITES):
        again = client.post(LIST, {"session": session.pk}, format="json")
    assert again.status_code == 409
    assert again.json() == {"detail": "You are already registered for this session."}


def test_already_registered_in_dutch(teacher):
    session = SessionFactory()
    RegistrationFactory(session=session, participant=teacher)
    again = api_client(teacher, language="nl").post(LIST, {"session": session.pk}, format="json")
    assert again.status_code == 409
    assert again.json()["detail"] != "You are already registered for this session."


def test_full_session_puts_the_person_on_its_waiting_list(teacher):
    session = SessionFactory(capacity=1)
    RegistrationFactory(session=session)
    response = api_client(teacher).post(LIST, {"session": session.pk}, format="json")
    assert response.status_code == 201
    answer = response.json()
    assert (answer["outcome"], answer["registration"]) == ("waiting", None)
    assert answer["waiting_list_entry"]["position"] == 1
    assert WaitingListEntry.objects.get(participant=teacher).session == session


def test_full_session_without_the_waiting_list_is_refused(teacher):
    session = SessionFactory(capacity=1)
    RegistrationFactory(session=session)
    with nothing_written(*WRITES):
        response = api_client(teacher).post(LIST, {"session": session.pk, "join_waiting_list": False}, format="json")
    assert response.status_code == 409
    assert response.json() == {"detail": "This session is full."}


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({}, {"session": ["This field is required."]}),
        ({"session": "x"}, {"session": ["A valid integer is required."]}),
        ({"session": 999999}, {"session": ["There is no session with this id."]}),
        ({"session": "SESSION", "school": 999999}, {"school": ["There is no school with this id."]}),
    ],
)
def test_invalid_input_is_a_400_on_its_field(body, errors, teacher):
    session = SessionFactory()
    if body.get("session") == "SESSION":
        body = {**body, "session": session.pk}
    with nothing_written(*WRITES):
        response = api_client(teacher).post(LIST, body, format="json")
    assert response.status_code == 400
    assert response.json() == {"detail": "Invalid input.", "errors": errors}


def test_a_school_where_the_person_has_no_role_is_refused(teacher, school_b):
    session = SessionFactory()
    with nothing_written(*WRITES):
        response = api_client(teacher).post(LIST, {"session": session.pk, "school": school_b.pk}, format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": "You are not allowed to do this."}


def test_unpublished_activitys_session_is_not_found(teacher):
    session = SessionFactory(activity__published=False)
    with nothing_written(*WRITES):
        response = api_client(teacher).post(LIST, {"session": session.pk}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"session": ["There is no session with this id."]}


def test_cancel_after_the_deadline_is_refused_for_the_person_but_not_for_staff(
    teacher, professionalisation_coordinator
):
    session = SessionFactory(meetings=0)
    from_now = timezone.localdate() + datetime.timedelta(days=2)
    session.meetings.create(date=from_now, starts_at=datetime.time(9), ends_at=datetime.time(10))
    registration = RegistrationFactory(session=session, participant=teacher)
    with nothing_written(*WRITES):
        late = api_client(teacher).post(cancel_url(registration.pk), {}, format="json")
    assert late.status_code == 409
    assert late.json() == {"detail": "The deadline for cancelling has passed; please contact ICLON."}
    staff = api_client(professionalisation_coordinator).post(cancel_url(registration.pk), {}, format="json")
    assert staff.status_code == 200
    assert staff.json()["status"] == "cancelled"


def test_cancelling_twice_is_a_409(teacher):
    registration = RegistrationFactory(participant=teacher)
    client = api_client(teacher)
    assert client.post(cancel_url(registration.pk), {}, format="json").status_code == 200
    with nothing_written(*WRITES):
        again = client.post(cancel_url(registration.pk), {}, format="json")
    assert again.status_code == 409
    assert again.json() == {"detail": "This registration has been cancelled already."}


def test_filters_narrow_what_the_viewer_sees(professionalisation_coordinator, school_a):
    kept = RegistrationFactory(school=school_a)
    RegistrationFactory(session=kept.session)
    RegistrationFactory(status="cancelled", session=kept.session, school=school_a)
    RegistrationFactory()
    client = api_client(professionalisation_coordinator)
    params = {
        "session": kept.session_id,
        "activity": kept.session.activity.slug,
        "status": "confirmed",
        "school": school_a.pk,
    }
    response = client.get(LIST, params)
    assert [row["id"] for row in response.json()["results"]] == [kept.pk]
    bad = client.get(LIST, {"status": "maybe", "school": "1e80"})
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"status", "school"}


def test_list_runs_as_many_queries_for_50_rows_as_for_1(
    professionalisation_coordinator, school_a, django_assert_max_num_queries
):
    RegistrationFactory(school=school_a)
    client = api_client(professionalisation_coordinator)
    with CaptureQueriesContext(connection) as one:
        small = client.get(LIST, {"page_size": 100})
    assert small.json()["count"] == 1
    for _ in range(49):
        RegistrationFactory(school=school_a)
    with django_assert_max_num_queries(len(one)):
        large = client.get(LIST, {"page_size": 100})
    assert len(large.json()["results"]) == 50


def test_school_contacts_list_runs_as_many_queries_for_50_rows_as_for_1(
    school_a, school_a_contact, django_assert_max_num_queries
):
    RegistrationFactory(school=school_a)
    client = api_client(school_a_contact)
    with CaptureQueriesContext(connection) as one:
        assert client.get(LIST, {"page_size": 100}).json()["count"] == 1
    for _ in range(49):
        RegistrationFactory(school=school_a)
    with django_assert_max_num_queries(len(one)):
        large = client.get(LIST, {"page_size": 100})
    assert large.json()["count"] == 50


# --- Schema fuzzing ------------------------------------------------------------------------------

registrations_schema = fuzz.schema.include(path_regex=r"^/api/v1/(registrations|waiting-list)/")


@pytest.fixture
def fuzz_world(request, professionalisation_coordinator):
    request.getfixturevalue("wsgi_in_test_transaction")
    registration = RegistrationFactory()
    entry = WaitingListEntryFactory()
    return {"id": [registration.pk, entry.pk], "token": fuzz.token_for(professionalisation_coordinator)}


@registrations_schema.parametrize()
@fuzz.FUZZ
def test_registration_api_fuzzed_as_staff(case, fuzz_world):
    seed = hash(str(case.path_parameters) + str(case.body))
    for name in list(case.path_parameters or {}):
        if seed % 2 == 0:
            case.path_parameters[name] = fuzz_world["id"][seed % 2]
    case.call_and_validate(headers={"Authorization": f"Token {fuzz_world['token']}"}, checks=fuzz.CHECKS)


@registrations_schema.parametrize()
@fuzz.FUZZ
def test_registration_api_fuzzed_anonymously(case, fuzz_world):
    case.call_and_validate(checks=fuzz.CHECKS)
