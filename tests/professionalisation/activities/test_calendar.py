"""Calendar feeds: the public feed of an activity and a participant's private feed (secret address,
renewable), parsed back with icalendar: RFC 5545 structure (VTIMEZONE, TZID, UIDs, SEQUENCE,
STATUS, CRLF, folding at 75 octets), who sees what, and a fixed number of queries."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from iclon.core.errors import NotAllowed
from professionalisation.activities import services
from professionalisation.activities.calendar import FeedEvent, build_calendar
from professionalisation.activities.models import MEETING_ZONE
from professionalisation.activities.services.calendar import calendar_feed_get_or_create, calendar_feed_renew
from professionalisation.activities.services.sessions import meeting_update
from professionalisation.models import CalendarFeed, Meeting
from tests.factories import (
    ActivityFactory,
    MeetingFactory,
    RegistrationFactory,
    SessionFactory,
    UserFactory,
    WaitingListEntryFactory,
)
from tests.factories.professionalisation import CalendarFeedFactory
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

AMSTERDAM = "Europe/Amsterdam"


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def activity_feed_url(activity) -> str:
    return reverse("activities:activity-calendar", kwargs={"slug": activity.slug})


def feed_url(token: str) -> str:
    return reverse("activities:calendar-feed", kwargs={"token": token})


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar) -> dict[str, object]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def uid(meeting) -> str:
    return f"meeting-{meeting.pk}@iclon.leidenuniv.nl"


def long_session(**kwargs):
    """A session whose place and title need folding: long, with characters of two octets."""
    return SessionFactory(
        activity__title_en="Formative assessment in the classroom: feedback, questioning and réflexion "
        "with your pupils (ëëëëëëëëëëëëëëëëëëëëëëëë)",
        name="Najaar 2027, Leiden",
        **kwargs,
    )


# --- The format -----------------------------------------------------------------------------------


def test_activity_feed_is_valid_icalendar_with_timezone_uids_and_local_times(client):
    session = long_session(meetings=2)
    first, second = session.meetings.order_by("date")
    response = client.get(activity_feed_url(session.activity))
    calendar = parse(response)

    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//ICLON Leiden University//Professional development//NL"
    assert str(calendar["X-WR-CALNAME"]) == f"ICLON: {session.activity.title_en}"
    [vtimezone] = calendar.walk("VTIMEZONE")
    assert str(vtimezone["TZID"]) == AMSTERDAM
    assert {component.name for component in vtimezone.subcomponents} == {"STANDARD", "DAYLIGHT"}

    found = events(calendar)
    assert set(found) == {uid(first), uid(second)}
    event = found[uid(first)]
    assert event["DTSTART"].params["TZID"] == AMSTERDAM
    assert event["DTEND"].params["TZID"] == AMSTERDAM
    assert event.decoded("DTSTART") == datetime.datetime.combine(first.date, datetime.time(15, 30), MEETING_ZONE)
    assert event.decoded("DTEND") == datetime.datetime.combine(first.date, datetime.time(17, 30), MEETING_ZONE)
    assert str(event["SUMMARY"]) == f"{session.activity.title_en} – Najaar 2027, Leiden"
    assert str(event["LOCATION"]) == "ICLON, Kolffpad 1, Leiden"
    assert str(event["URL"]) == f"http://127.0.0.1:8000/professionalisation/activities/{session.activity.slug}/"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert int(event["SEQUENCE"]) == 0
    assert "DTSTAMP" in event


def test_feed_lines_end_in_crlf_and_are_folded_at_75_octets(client):
    session = long_session(meetings=0)
    MeetingFactory(
        session=session, place="Universiteit Leiden, Pieter de la Court-gebouw, zaal 1A01 (één trap op) " * 2
    )
    body = client.get(activity_feed_url(session.activity)).content
    assert body.endswith(b"\r\n")
    lines = body.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(lines)  # no bare LF anywhere
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # something was long enough to fold
    for line in lines:
        line.decode("utf-8")  # folding never splits a character
    assert "één trap op" in str(Calendar.from_ical(body).walk("VEVENT")[0]["LOCATION"])


def test_summer_and_winter_meetings_keep_their_local_time():
    winter = MeetingFactory(date=datetime.date(2027, 1, 12))
    summer = MeetingFactory(date=datetime.date(2027, 6, 15), session=winter.session)
    meetings = list(Meeting.objects.filter(pk__in=[winter.pk, summer.pk]).select_related("session__activity"))
    calendar = Calendar.from_ical(build_calendar(name="x", events=[FeedEvent(meeting=m) for m in meetings]))
    starts = {str(e["UID"]): e.decoded("DTSTART") for e in calendar.walk("VEVENT")}
    assert starts[uid(winter)].utcoffset() == datetime.timedelta(hours=1)
    assert starts[uid(summer)].utcoffset() == datetime.timedelta(hours=2)
    assert starts[uid(summer)].astimezone(datetime.UTC).hour == 13


def test_online_meeting_is_located_online_and_keeps_its_link_out_of_the_public_feed(client):
    session = SessionFactory(meetings=0)
    MeetingFactory(session=session, place="", online_link="https://teams.example.org/meet/secret-room")
    body = client.get(activity_feed_url(session.activity)).content.decode()
    [event] = Calendar.from_ical(body).walk("VEVENT")
    assert str(event["LOCATION"]) == "Online"
    assert "secret-room" not in body


def test_changed_meeting_keeps_its_uid_and_raises_its_sequence(client, professionalisation_coordinator):
    session = SessionFactory(meetings=0)
    meeting = MeetingFactory(session=session)
    for hour in (9, 10):
        meeting_update(
            meeting=meeting,
            date=meeting.date,
            starts_at=datetime.time(hour, 0),
            ends_at=datetime.time(12, 0),
            place=meeting.place,
            online_link="",
            actor=professionalisation_coordinator,
        )
    event = events(parse(client.get(activity_feed_url(session.activity))))[uid(meeting)]
    assert int(event["SEQUENCE"]) == 2
    assert event.decoded("DTSTART").hour == 10


def test_cancelled_session_shows_its_meetings_as_cancelled_with_a_higher_sequence(
    client, professionalisation_coordinator
):
    session = SessionFactory()
    services.session_cancel(session=session, actor=professionalisation_coordinator, reason="Too few participants")
    [event] = parse(client.get(activity_feed_url(session.activity))).walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 1
    assert "This session has been cancelled." in str(event["DESCRIPTION"])


def test_feed_title_follows_the_request_language():
    session = SessionFactory(activity__title_nl="Formatief handelen", activity__title_en="Formative assessment")
    dutch = Client(HTTP_ACCEPT_LANGUAGE="nl").get(activity_feed_url(session.activity))
    [event] = parse(dutch).walk("VEVENT")
    assert str(event["SUMMARY"]).startswith("Formatief handelen – ")


# --- The public feed ---------------------------------------------------------------------------


def test_unpublished_or_unknown_activity_has_no_feed(client):
    hidden = ActivityFactory(published=False)
    SessionFactory(activity=hidden)
    for url in (activity_feed_url(hidden), "/professionalisation/activities/bestaat-niet/calendar.ics"):
        response = client.get(url)
        assert response.status_code == 404
        assert response["Content-Type"].startswith("text/html")


def test_activity_feed_runs_as_many_queries_for_50_meetings_as_for_1(client, django_assert_max_num_queries):
    one = SessionFactory(meetings=1)
    many = SessionFactory(meetings=50)
    with CaptureQueriesContext(connection) as counted:
        assert len(parse(client.get(activity_feed_url(one.activity))).walk("VEVENT")) == 1
    with django_assert_max_num_queries(len(counted)):
        response = client.get(activity_feed_url(many.activity))
    assert len(parse(response).walk("VEVENT")) == 50


# --- The private feed -------------------------------------------------------------------------------


def test_private_feed_holds_confirmed_places_and_tentative_offers_with_their_links(client):
    person = UserFactory(language="en")
    registered = SessionFactory(meetings=0, name="Registered")
    here = MeetingFactory(session=registered, online_link="https://teams.example.org/meet/my-room")
    RegistrationFactory(session=registered, participant=person)
    offered = SessionFactory(meetings=1, name="Offered")
    now = timezone.now()
    WaitingListEntryFactory(
        session=offered,
        participant=person,
        status="offered",
        offered_session=offered,
        offered_at=now,
        offer_expires_at=now + datetime.timedelta(hours=48),
    )
    expired_offer = SessionFactory(meetings=1, name="Expired offer")
    WaitingListEntryFactory(
        session=expired_offer,
        participant=person,
        status="offered",
        offered_session=expired_offer,
        offered_at=now - datetime.timedelta(hours=50),
        offer_expires_at=now - datetime.timedelta(hours=2),
    )
    given_back = SessionFactory(meetings=1, name="Given back")
    RegistrationFactory(session=given_back, participant=person, status="cancelled")
    someone_else = SessionFactory(meetings=1, name="Someone else's")
    RegistrationFactory(session=someone_else)
    feed = CalendarFeedFactory(participant=person)

    response = client.get(feed_url(feed.token))
    calendar = parse(response)
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    assert str(calendar["X-WR-CALNAME"]) == "ICLON: my professional development"
    found = events(calendar)
    offered_meeting = offered.meetings.get()
    assert set(found) == {uid(here), uid(offered_meeting)}
    assert str(found[uid(here)]["STATUS"]) == "CONFIRMED"
    assert "Join online: https://teams.example.org/meet/my-room" in str(found[uid(here)]["DESCRIPTION"])
    assert str(found[uid(offered_meeting)]["STATUS"]) == "TENTATIVE"


def test_private_feed_shows_a_cancelled_session_as_cancelled(client, professionalisation_coordinator):
    person = UserFactory()
    session = SessionFactory()
    services.registration_create(session=session, participant=person, actor=person)
    services.session_cancel(session=session, actor=professionalisation_coordinator, reason="Ziek")
    feed = CalendarFeedFactory(participant=person)
    [event] = parse(client.get(feed_url(feed.token))).walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"


def test_private_feed_is_written_in_the_participants_language():
    person = UserFactory(language="nl")
    session = SessionFactory(activity__title_nl="Formatief handelen", activity__title_en="Formative assessment")
    RegistrationFactory(session=session, participant=person)
    feed = CalendarFeedFactory(participant=person)
    calendar = parse(Client(HTTP_ACCEPT_LANGUAGE="en").get(feed_url(feed.token)))
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]).startswith("Formatief handelen – ")


@pytest.mark.parametrize("token", ["", "x" * 32, "not-a-token"])
def test_unknown_token_is_404(client, token):
    CalendarFeedFactory()
    response = client.get(f"/professionalisation/calendar/{token}.ics")
    assert response.status_code == 404
    assert b"BEGIN:VCALENDAR" not in response.content


def test_feed_of_an_inactive_account_is_404(client):
    feed = CalendarFeedFactory(participant__is_active=False)
    response = client.get(feed_url(feed.token))
    assert response.status_code == 404
    assert b"BEGIN:VCALENDAR" not in response.content


def test_private_feed_runs_as_many_queries_for_50_meetings_as_for_1(client, django_assert_max_num_queries):
    small, large = UserFactory(), UserFactory()
    RegistrationFactory(participant=small, session=SessionFactory(meetings=1))
    for _ in range(5):
        RegistrationFactory(participant=large, session=SessionFactory(meetings=10))
    small_feed, large_feed = CalendarFeedFactory(participant=small), CalendarFeedFactory(participant=large)
    with CaptureQueriesContext(connection) as counted:
        assert len(parse(client.get(feed_url(small_feed.token))).walk("VEVENT")) == 1
    with django_assert_max_num_queries(len(counted)):
        response = client.get(feed_url(large_feed.token))
    assert len(parse(response).walk("VEVENT")) == 50


# --- The participant's page, renewing ----------------------------------------------------------------


def test_calendar_page_makes_the_feed_once_and_shows_its_address(client):
    person = UserFactory()
    client.force_login(person)
    first = client.get(reverse("activities:calendar"))
    feed = CalendarFeed.objects.get(participant=person)
    assert first.status_code == 200
    assert f"http://127.0.0.1:8000/professionalisation/calendar/{feed.token}.ics" in first.content.decode()
    assert f"webcal://127.0.0.1:8000/professionalisation/calendar/{feed.token}.ics" in first.content.decode()
    with nothing_written(CalendarFeed):
        again = client.get(reverse("activities:calendar"))
    assert feed.token in again.content.decode()


def test_calendar_page_asks_to_log_in(client):
    with nothing_written(CalendarFeed):
        response = client.get(reverse("activities:calendar"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_renewing_gives_a_new_address_and_the_old_one_stops_working(client):
    person = UserFactory()
    RegistrationFactory(participant=person)
    feed = CalendarFeedFactory(participant=person)
    old = feed.token
    client.force_login(person)
    response = client.post(reverse("activities:calendar-renew"))
    assert response.status_code == 302
    assert response["Location"] == reverse("activities:calendar")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Your calendar has a new address. The old address no longer works: subscribe again with the new one."
    ]
    feed.refresh_from_db()
    assert feed.token != old
    assert feed.renewed_at is not None
    assert client.get(feed_url(old)).status_code == 404
    assert len(parse(client.get(feed_url(feed.token))).walk("VEVENT")) == 1


def test_renewing_answers_post_only_and_asks_to_log_in(client):
    feed = CalendarFeedFactory()
    with nothing_written(CalendarFeed):
        anonymous = client.post(reverse("activities:calendar-renew"))
        client.force_login(feed.participant)
        by_get = client.get(reverse("activities:calendar-renew"))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))
    assert by_get.status_code == 405


# --- The services ----------------------------------------------------------------------------------


def test_nobody_else_gets_or_renews_a_participants_feed(school_a_contact):
    person = UserFactory()
    feed = CalendarFeedFactory(participant=person)
    for actor in (None, UserFactory(), school_a_contact):
        with nothing_written(CalendarFeed), pytest.raises(NotAllowed):
            calendar_feed_renew(participant=person, actor=actor)
        with nothing_written(CalendarFeed), pytest.raises(NotAllowed):
            calendar_feed_get_or_create(participant=UserFactory(), actor=actor)
    feed.refresh_from_db()
    assert CalendarFeed.objects.get(participant=person).token == feed.token


def test_staff_renew_a_feed_and_the_participant_gets_theirs(professionalisation_coordinator):
    person = UserFactory()
    made = calendar_feed_get_or_create(participant=person, actor=person)
    assert calendar_feed_get_or_create(participant=person, actor=person).pk == made.pk
    renewed = calendar_feed_renew(participant=person, actor=professionalisation_coordinator)
    assert renewed.pk == made.pk
    assert renewed.token != made.token
    assert re.fullmatch(r"[-_A-Za-z0-9]{32}", renewed.token)
