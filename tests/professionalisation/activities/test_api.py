"""The professional-development API's public catalogue: /api/v1/activities/ (list with the
catalogue's filters, detail by slug with the open sessions) and /api/v1/sessions/ (the open
sessions with their meetings and places left). Read-only, for anybody."""

import datetime
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from professionalisation.activities.selectors import session_places
from professionalisation.models import (
    Activity,
    Meeting,
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
    WaitingListEntry,
    WaitingStatus,
)
from research.models import TeachingLearningPrinciple
from tests.api import test_schemathesis as fuzz
from tests.api.conftest import api_client, translated
from tests.api.test_schemathesis import wsgi_in_test_transaction  # noqa: F401  (a fixture)
from tests.factories import (
    ActivityFactory,
    EducationRegionFactory,
    MeetingFactory,
    RegistrationFactory,
    SchoolSubjectFactory,
    SessionFactory,
    WaitingListEntryFactory,
)
from tests.professionalisation.activities.test_catalogue_views import (
    ALL,
    build_catalogue,
    month,
    rich_activity,
)
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

ACTIVITIES = reverse("api:activity-list")
SESSIONS = reverse("api:session-list")
MODELS = [Activity, Session, Meeting, Registration, WaitingListEntry]

LIST_KEYS = {
    "slug",
    "kind",
    "title",
    "title_nl",
    "title_en",
    "audiences",
    "subjects",
    "principles",
    "region",
    "format",
    "price",
    "onz_price",
    "is_free",
    "study_load_hours",
    "study_load_ec",
    "award",
    "next_meeting",
    "open_session_count",
}
DETAIL_KEYS = LIST_KEYS | {
    "description",
    "description_nl",
    "description_en",
    "meetings_required",
    "assignment_required",
    "cancel_days_before",
    "contact_email",
    "sessions",
}
SESSION_KEYS = {
    "id",
    "activity",
    "name",
    "status",
    "capacity",
    "places_left",
    "is_full",
    "onz_places_held",
    "onz_places_until",
    "registration_deadline",
    "meetings",
}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def catalogue(db):
    return build_catalogue()


def detail(slug: str) -> str:
    return reverse("api:activity-detail", args=[slug])


def slugs(params=None, *, client=None) -> list[str]:
    response = (client or api_client()).get(ACTIVITIES, params or {})
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


# --- Activities: list and detail --------------------------------------------------------------


def test_list_answers_anonymously_with_the_published_activities_in_catalogue_order(catalogue):
    body = api_client().get(ACTIVITIES).json()
    assert body["count"] == 3
    assert [row["slug"] for row in body["results"]] == ["formatief-handelen", "schoolopleiders-basis", "ai-in-de-klas"]
    assert all(set(row) == LIST_KEYS for row in body["results"])
    educators = body["results"][1]
    assert educators == {
        "slug": "schoolopleiders-basis",
        "kind": "school_educator_course",
        "title": "Basic course for school-based teacher educators",
        "title_nl": "Basiscursus schoolopleiders",
        "title_en": "Basic course for school-based teacher educators",
        "audiences": ["school_educators"],
        "subjects": [],
        "principles": ["samenwerkend"],
        "region": "rijnmond",
        "format": "online",
        "price": "195.00",
        "onz_price": "150.00",
        "is_free": False,
        "study_load_hours": None,
        "study_load_ec": "2.5",
        "award": "microcredential",
        "next_meeting": catalogue["months"][1].replace(day=10).isoformat(),
        "open_session_count": 1,
    }
    assert body["results"][2]["region"] is None


def test_detail_has_the_activity_in_full_with_its_open_sessions(catalogue):
    formative = catalogue["formative"]
    session = formative.sessions.get()
    RegistrationFactory(session=session)
    response = api_client().get(detail(formative.slug))
    assert response.status_code == 200
    body = response.json()
    assert set(body) == DETAIL_KEYS
    assert body["description"] == "Feedback that helps pupils on."
    assert (body["subjects"], body["principles"], body["region"]) == (["biologie"], ["formatief"], "leiden")
    assert (body["is_free"], body["price"], body["onz_price"]) == (True, "0.00", None)
    meeting = session.meetings.get()
    assert body["sessions"] == [
        {
            "id": session.pk,
            "activity": "formatief-handelen",
            "name": session.name,
            "status": "open",
            "capacity": 10,
            "places_left": 9,
            "is_full": False,
            "onz_places_held": 0,
            "onz_places_until": None,
            "registration_deadline": timezone.localtime(session.registration_deadline).isoformat(),
            "meetings": [
                {
                    "date": meeting.date.isoformat(),
                    "starts_at": "15:30",
                    "ends_at": "17:30",
                    "start": meeting.start.isoformat(),
                    "end": meeting.end.isoformat(),
                    "place": "ICLON, Kolffpad 1, Leiden",
                    "online": False,
                    "cancelled": False,
                }
            ],
        }
    ]


def test_detail_lists_only_sessions_open_for_registration(db):
    activity = ActivityFactory()
    shown = [SessionFactory(activity=activity), SessionFactory(activity=activity, status=SessionStatus.FULL)]
    SessionFactory(activity=activity, status=SessionStatus.CLOSED)
    SessionFactory(activity=activity, status=SessionStatus.CANCELLED)
    SessionFactory(activity=activity, registration_deadline=timezone.now() - datetime.timedelta(minutes=1))
    body = api_client().get(detail(activity.slug)).json()
    assert [session["id"] for session in body["sessions"]] == [session.pk for session in shown]
    assert body["open_session_count"] == 2


@pytest.mark.parametrize("persona_name", ["anonymous", "applicant", "professionalisation_coordinator", "administrator"])
def test_unpublished_or_unknown_activity_is_404_for_everyone(persona_name, persona, catalogue):
    client = api_client(persona(persona_name))
    for slug in ("formatief-concept", "bestaat-niet"):
        response = client.get(detail(slug))
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}
    assert "formatief-concept" not in slugs(client=client)


@pytest.mark.parametrize(
    ("language", "title"),
    [("nl", "Formatief handelen in de les"), ("en", "Formative assessment in class")],
)
def test_titles_and_descriptions_follow_accept_language(language, title, catalogue):
    client = api_client(language=language)
    row = client.get(ACTIVITIES).json()["results"][0]
    assert (row["title"], row["title_nl"], row["title_en"]) == (
        title,
        "Formatief handelen in de les",
        "Formative assessment in class",
    )
    full = client.get(detail("formatief-handelen")).json()
    assert full["title"] == title
    assert full["description"] == full[f"description_{language}"]


# --- Filters and search ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"audience": "teachers_vo"}, {"formatief-handelen"}),
        ({"audience": "school_educators"}, {"schoolopleiders-basis"}),
        ({"subject": "biologie"}, {"formatief-handelen"}),
        ({"subject": "sterrenkunde"}, set()),
        ({"principle": "samenwerkend"}, {"schoolopleiders-basis"}),
        ({"region": "leiden"}, {"formatief-handelen", "ai-in-de-klas"}),
        ({"region": "rijnmond"}, {"schoolopleiders-basis", "ai-in-de-klas"}),
        ({"delivery": "hybrid"}, {"ai-in-de-klas"}),
        ({"month": 0}, {"formatief-handelen"}),
        ({"month": 1}, {"schoolopleiders-basis"}),
        ({"month": 2}, {"ai-in-de-klas"}),
        ({"price": "free"}, {"formatief-handelen"}),
        ({"price": "paid"}, {"schoolopleiders-basis", "ai-in-de-klas"}),
        ({"microcredential": "true"}, {"schoolopleiders-basis"}),
        ({"microcredential": "false"}, {"formatief-handelen", "ai-in-de-klas"}),
        ({"region": "leiden", "price": "paid"}, {"ai-in-de-klas"}),
        ({"search": "formatief"}, {"formatief-handelen"}),
        ({"search": "FORMATIVE"}, {"formatief-handelen"}),
        ({"search": "kunstmatige"}, {"ai-in-de-klas"}),
        ({"search": "intelligence"}, {"ai-in-de-klas"}),
        ({"search": "formatief conferentie"}, set()),
    ],
    ids=lambda value: "&".join(f"{k}={v}" for k, v in value.items()) if isinstance(value, dict) else None,
)
def test_filters_and_search_narrow_the_list_as_on_the_page(params, expected, catalogue):
    if "month" in params:
        params = {**params, "month": month(params["month"])}
    assert set(slugs(params)) == expected


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("title_nl", ["ai-in-de-klas", "schoolopleiders-basis", "formatief-handelen"]),
        ("-price", ["schoolopleiders-basis", "ai-in-de-klas", "formatief-handelen"]),
    ],
)
def test_ordering(ordering, expected, catalogue):
    assert slugs({"ordering": ordering}) == expected


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"month": "2027-13"}, "month", "Enter a month as YYYY-MM, e.g. 2027-03."),
        ({"month": "maart"}, "month", "Enter a month as YYYY-MM, e.g. 2027-03."),
        ({"audience": "pupils"}, "audience", "Select a valid choice. pupils is not one of the available choices."),
        ({"delivery": "paper"}, "delivery", "Select a valid choice. paper is not one of the available choices."),
        ({"price": "cheap"}, "price", "Select a valid choice. cheap is not one of the available choices."),
        ({"subject": "x" * 81}, "subject", "Ensure this value has at most 80 characters (it has 81)."),
    ],
)
@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_filter_value_that_is_not_valid_answers_400_naming_the_parameter(params, field, message, language, catalogue):
    response = api_client(language=language).get(ACTIVITIES, params)
    assert response.status_code == 400
    assert response.json()["detail"] == translated(language, "Invalid input.")
    assert list(response.json()["errors"]) == [field]
    if language == "en":
        assert response.json()["errors"][field] == [message]


# --- Sessions -----------------------------------------------------------------------------------


def test_sessions_lists_the_open_sessions_of_published_activities(catalogue):
    full = SessionFactory(activity=catalogue["conference"], status=SessionStatus.FULL)
    SessionFactory(activity=catalogue["conference"], status=SessionStatus.CLOSED)
    SessionFactory(activity=catalogue["conference"], registration_deadline=timezone.now() - datetime.timedelta(hours=1))
    body = api_client().get(SESSIONS).json()
    listed = {(row["activity"], row["status"]) for row in body["results"]}
    assert listed == {
        ("formatief-handelen", "open"),
        ("schoolopleiders-basis", "open"),
        ("ai-in-de-klas", "open"),
        ("ai-in-de-klas", "full"),
    }, "not the unpublished activity's, nor the cancelled, closed or past-deadline sessions"
    assert all(set(row) == SESSION_KEYS for row in body["results"])
    assert full.pk in [row["id"] for row in body["results"]]


def test_sessions_filter_by_activity_slug(catalogue):
    response = api_client().get(SESSIONS, {"activity": "schoolopleiders-basis"})
    assert [row["activity"] for row in response.json()["results"]] == ["schoolopleiders-basis"]
    assert api_client().get(SESSIONS, {"activity": "formatief-concept"}).json()["results"] == []


@pytest.fixture
def places_session(db):
    """10 places, 3 held for ONZ until today: two confirmed, one on an ONZ place, one cancelled,
    one open offer, and one person waiting for any session."""
    session = SessionFactory(capacity=10, onz_places=3, onz_places_until=timezone.localdate())
    RegistrationFactory.create_batch(2, session=session)
    RegistrationFactory(session=session, onz_place=True)
    RegistrationFactory(session=session, status=RegistrationStatus.CANCELLED)
    now = timezone.now()
    WaitingListEntryFactory(
        session=session,
        status=WaitingStatus.OFFERED,
        offered_session=session,
        offered_at=now,
        offer_expires_at=now + datetime.timedelta(hours=48),
    )
    WaitingListEntryFactory(session=None, activity=session.activity)
    return session


def test_places_left_are_exactly_what_the_service_counts(places_session):
    places = session_places(places_session)
    assert (places.left, places.onz_held, places.free_for(onz=False)) == (4, 2, 3)
    row = api_client().get(reverse("api:session-detail", args=[places_session.pk])).json()
    assert (row["places_left"], row["onz_places_held"], row["is_full"]) == (4, 2, False)
    nested = api_client().get(detail(places_session.activity.slug)).json()["sessions"][0]
    assert nested["places_left"] == places.left
    listed = api_client().get(SESSIONS).json()["results"][0]
    assert listed["places_left"] == places.left


def test_a_full_session_says_so_and_has_no_places_left(db):
    session = SessionFactory(capacity=2)
    RegistrationFactory.create_batch(2, session=session)
    row = api_client().get(reverse("api:session-detail", args=[session.pk])).json()
    assert (row["places_left"], row["is_full"]) == (0, True)


def test_meetings_give_local_times_and_moments_with_their_offset(db):
    year = timezone.localdate().year + 5
    session = SessionFactory(
        meetings=0, registration_deadline=datetime.datetime(year, 6, 1, 10, 0, tzinfo=datetime.UTC)
    )
    MeetingFactory(session=session, date=datetime.date(year, 3, 10), online_link="https://meet.example.org/x")
    MeetingFactory(session=session, date=datetime.date(year, 7, 8))
    row = api_client().get(reverse("api:session-detail", args=[session.pk])).json()
    assert row["registration_deadline"] == f"{year}-06-01T12:00:00+02:00"
    assert [(m["start"], m["end"], m["online"]) for m in row["meetings"]] == [
        (f"{year}-03-10T15:30:00+01:00", f"{year}-03-10T17:30:00+01:00", True),
        (f"{year}-07-08T15:30:00+02:00", f"{year}-07-08T17:30:00+02:00", False),
    ]
    assert "meet.example.org" not in json.dumps(row), "the online link is for participants only"


@pytest.mark.parametrize("status", [SessionStatus.CLOSED, SessionStatus.CANCELLED])
def test_a_session_that_is_not_open_is_404(status, db):
    session = SessionFactory(status=status)
    hidden = SessionFactory(activity=ActivityFactory(published=False))
    for pk in (session.pk, hidden.pk, 9_999_999_999):
        response = api_client().get(reverse("api:session-detail", args=[pk]))
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}


# --- Read-only ------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("endpoint", ["activity", "session"])
def test_writes_are_refused(endpoint, method, catalogue, administrator):
    lookup = "formatief-handelen" if endpoint == "activity" else catalogue["formative"].sessions.get().pk
    url = reverse(f"api:{endpoint}-list") if method == "post" else reverse(f"api:{endpoint}-detail", args=[lookup])
    for client in (api_client(), api_client(administrator)):
        with nothing_written(*MODELS):
            response = getattr(client, method)(url, {"capacity": 100, "title_nl": "Nieuw"}, format="json")
        assert response.status_code == 405
        assert set(response.json()) == {"detail"}


# --- Query counts ---------------------------------------------------------------------------------


QUERY_COUNTED = {
    "activities": (ACTIVITIES, {"page_size": 100}),
    "activities, filtered": (
        ACTIVITIES,
        {"page_size": 100, "audience": "teachers_vo", "region": "leiden", "price": "paid", "search": "workshop"},
    ),
    "sessions": (SESSIONS, {"page_size": 100}),
}


@pytest.mark.parametrize("endpoint", QUERY_COUNTED)
def test_lists_run_as_many_queries_for_50_rows_as_for_1(endpoint, django_assert_max_num_queries):
    url, params = QUERY_COUNTED[endpoint]
    region = EducationRegionFactory(slug="leiden")
    subject = SchoolSubjectFactory(slug="biologie")
    principles = list(TeachingLearningPrinciple.objects.all()[:2])
    rich_activity(region, subject, principles)
    client = api_client()
    with CaptureQueriesContext(connection) as one:
        small = client.get(url, params)
    assert small.status_code == 200
    assert small.json()["count"] == 1

    for _ in range(49):
        rich_activity(region, subject, principles)
    with django_assert_max_num_queries(len(one)):
        large = client.get(url, params)
    assert large.status_code == 200
    assert large.json()["count"] == 50
    assert len(large.json()["results"]) == 50


def test_detail_runs_as_many_queries_for_20_sessions_as_for_1(django_assert_max_num_queries):
    region = EducationRegionFactory(slug="leiden")
    subject = SchoolSubjectFactory(slug="biologie")
    principles = list(TeachingLearningPrinciple.objects.all()[:2])
    one = rich_activity(region, subject, principles)
    many = rich_activity(region, subject, principles, sessions=20)
    client = api_client()
    with CaptureQueriesContext(connection) as counted:
        assert client.get(detail(one.slug)).status_code == 200
    with django_assert_max_num_queries(len(counted)):
        response = client.get(detail(many.slug))
    assert len(response.json()["sessions"]) == 20


# --- The schema -----------------------------------------------------------------------------------


@pytest.fixture
def openapi(db) -> dict:
    response = api_client().get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def test_schema_documents_the_new_paths_and_their_filters(openapi):
    paths = openapi["paths"]
    for path in ("/api/v1/activities/", "/api/v1/activities/{slug}/", "/api/v1/sessions/", "/api/v1/sessions/{id}/"):
        assert set(paths[path]) == {"get"}, path
        assert paths[path]["get"]["summary"]
    parameters = {parameter["name"]: parameter for parameter in paths["/api/v1/activities/"]["get"]["parameters"]}
    assert {
        "audience",
        "subject",
        "principle",
        "region",
        "delivery",
        "month",
        "price",
        "microcredential",
        "search",
    } <= set(parameters)
    assert parameters["price"]["schema"] == {"type": "string", "enum": ["free", "paid"]}
    assert parameters["month"]["schema"]["pattern"] == r"^2\d{3}-(0[1-9]|1[0-2])$"
    assert "activity" in {parameter["name"] for parameter in paths["/api/v1/sessions/"]["get"]["parameters"]}
    for path in ("/api/v1/activities/", "/api/v1/activities/{slug}/", "/api/v1/sessions/"):
        assert paths[path]["get"]["responses"]["200"]["content"]["application/json"]["examples"], path


# --- Schema fuzzing with a catalogue --------------------------------------------------------------

# tests/api/test_schemathesis.py fuzzes the whole schema on an empty database; this fuzzes these
# operations with activities and sessions to find, and real slugs, ids and months.
activities_schema = fuzz.schema.include(path_regex=r"^/api/v1/(activities|sessions)/")


@pytest.fixture
def fuzz_catalogue(request, catalogue):
    request.getfixturevalue("wsgi_in_test_transaction")
    sessions = list(Session.objects.values_list("pk", flat=True))
    return {"slug": [*ALL, "formatief-concept"], "id": sessions, "month": [month(0), month(1)]}


@activities_schema.parametrize()
@fuzz.FUZZ
def test_activities_api_fuzzed_on_a_catalogue(case, fuzz_catalogue):
    seed = hash(str(case.path_parameters) + str(case.query))
    for name in list(case.path_parameters or {}):
        if seed % 2 == 0:
            options = fuzz_catalogue[name]
            case.path_parameters[name] = options[seed % len(options)]
    if isinstance(case.query, dict) and "month" in case.query and seed % 3 == 0:
        case.query["month"] = fuzz_catalogue["month"][seed % 2]
    case.call_and_validate(checks=fuzz.CHECKS)


def test_free_activity_has_no_price_to_pay(db):
    activity = ActivityFactory(price=Decimal("0"))
    row = api_client().get(detail(activity.slug)).json()
    assert (row["is_free"], row["price"]) == (True, "0.00")
