"""Changing a session's meetings (services/sessions.py): staff only, validated, told to everyone
registered or offered a place in their own language, once per change; the admin's session inline
and meeting pages save through the same services; the calendar feeds' admin never shows a token
and renews through its service."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from iclon.core.errors import Conflict, NotAllowed, PortalError
from iclon.notifications.models import Channel, Notification
from professionalisation.activities import services
from professionalisation.activities.notifications import CATEGORIES, MEETING_CHANGE
from professionalisation.activities.services.sessions import meeting_create, meeting_delete, meeting_update
from professionalisation.models import CalendarFeed, Meeting, SessionStatus
from tests.factories import (
    MeetingFactory,
    RegistrationFactory,
    SessionFactory,
    UserFactory,
    WaitingListEntryFactory,
)
from tests.factories.professionalisation import CalendarFeedFactory
from tests.professionalisation.activities.test_admin import action, form_data, messages_of, url
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

NEW_DATE_OFFSET = datetime.timedelta(days=40)


@pytest.fixture
def session(db):
    return SessionFactory(
        meetings=0, name="Najaar 2027, Leiden", activity__title_nl="Formatief handelen", activity__title_en="Formative"
    )


@pytest.fixture
def meeting(session):
    return MeetingFactory(session=session)


def change(meeting, actor, **changes):
    values = {name: getattr(meeting, name) for name in ("date", "starts_at", "ends_at", "place", "online_link")}
    values.update(changes)
    return meeting_update(meeting=meeting, actor=actor, **values)


def told(meeting=None):
    rows = Notification.objects.filter(category=MEETING_CHANGE, channel=Channel.EMAIL)
    return rows.filter(idempotency_key__startswith=f"{MEETING_CHANGE}:{meeting.pk}:") if meeting else rows


def refused(error, message, call):
    with nothing_written(Meeting, Notification), pytest.raises(error) as caught, translation.override("en"):
        call()
    assert str(caught.value) == message


# --- The service ---------------------------------------------------------------------------------


def test_meeting_change_is_told_to_the_registered_and_the_offered_in_their_language(
    meeting, professionalisation_coordinator
):
    dutch = RegistrationFactory(session=meeting.session, participant__language="nl").participant
    english = RegistrationFactory(session=meeting.session, participant__language="en").participant
    RegistrationFactory(session=meeting.session, status="cancelled")  # gave the place back: not told
    now = timezone.now()
    offered = WaitingListEntryFactory(
        session=meeting.session,
        participant__language="en",
        status="offered",
        offered_session=meeting.session,
        offered_at=now,
        offer_expires_at=now + datetime.timedelta(hours=48),
    ).participant
    WaitingListEntryFactory(session=meeting.session)  # only waiting: not told
    new_date = meeting.date + datetime.timedelta(days=7)

    change(meeting, professionalisation_coordinator, date=new_date, place="Online")

    rows = {row.recipient_id: row for row in told(meeting)}
    assert set(rows) == {dutch.pk, english.pk, offered.pk}
    assert (rows[dutch.pk].language, rows[english.pk].language) == ("nl", "en")
    assert "Formatief handelen" in rows[dutch.pk].subject
    assert rows[english.pk].subject == f"Changed: Formative, meeting on {new_date:%-d %B}"
    body = rows[english.pk].body_text
    assert "A meeting of Formative (Najaar 2027, Leiden) has changed." in body
    assert "Was: " in body and "ICLON, Kolffpad 1, Leiden" in body
    assert "Now: " in body and "15:30–17:30, Online" in body
    meeting.refresh_from_db()
    assert (meeting.date, meeting.place) == (new_date, "Online")
    assert meeting.history.latest().history_user == professionalisation_coordinator


def test_each_change_is_told_once_and_a_later_one_again(meeting, professionalisation_coordinator):
    RegistrationFactory(session=meeting.session)
    change(meeting, professionalisation_coordinator, starts_at=datetime.time(14, 0))
    assert told(meeting).count() == 1
    meeting.refresh_from_db()
    with nothing_written(Meeting, Notification):
        change(meeting, professionalisation_coordinator)  # nothing changes: nothing written, nobody told
    change(meeting, professionalisation_coordinator, starts_at=datetime.time(13, 0))
    assert told(meeting).count() == 2


def test_notify_false_changes_without_telling(meeting, professionalisation_coordinator):
    RegistrationFactory(session=meeting.session)
    meeting_update(
        meeting=meeting,
        date=meeting.date,
        starts_at=datetime.time(9, 0),
        ends_at=meeting.ends_at,
        place=meeting.place,
        online_link="",
        actor=professionalisation_coordinator,
        notify=False,
    )
    meeting.refresh_from_db()
    assert meeting.starts_at == datetime.time(9, 0)
    assert not told().exists()


def test_a_past_meeting_corrected_is_not_told(session, professionalisation_coordinator):
    past = MeetingFactory(session=session, date=timezone.localdate() - datetime.timedelta(days=20))
    RegistrationFactory(session=session)
    change(past, professionalisation_coordinator, place="Zaal 2")
    past.refresh_from_db()
    assert past.place == "Zaal 2"
    assert not told().exists()


@pytest.mark.parametrize("who", ["anonymous", "outsider", "school_a_contact", "placement_coordinator"])
def test_only_staff_who_change_meetings_may_change_one(who, meeting, persona):
    actor = persona(who)
    refused(NotAllowed, "You are not allowed to do this.", lambda: change(meeting, actor, place="Elders"))


def test_a_superuser_may_change_a_meeting(meeting):
    admin = UserFactory(is_superuser=True, is_staff=True)
    change(meeting, admin, place="Elders")
    meeting.refresh_from_db()
    assert meeting.place == "Elders"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_at": datetime.time(15, 30)}, "ends_at", "A meeting ends after it starts."),
        ({"starts_at": datetime.time(18, 0)}, "ends_at", "A meeting ends after it starts."),
        ({"online_link": "not a link"}, "online_link", "Enter a valid URL."),
        ({"place": "x" * 201}, "place", "Ensure this value has at most 200 characters (it has 201)."),
        ({"date": None}, "date", "Give the date of the meeting."),
    ],
)
def test_invalid_meeting_is_refused_on_its_field(changes, field, message, meeting, professionalisation_coordinator):
    RegistrationFactory(session=meeting.session)
    with nothing_written(Meeting, Notification), translation.override("en"):
        with pytest.raises(PortalError) as caught:
            change(meeting, professionalisation_coordinator, **changes)
        assert (caught.value.field, str(caught.value.message)) == (field, message)


def test_meeting_of_a_cancelled_session_is_not_changed(meeting, professionalisation_coordinator):
    services.session_cancel(session=meeting.session, actor=professionalisation_coordinator, reason="Ziek")
    refused(
        Conflict,
        "This session has been cancelled.",
        lambda: change(meeting, professionalisation_coordinator, place="Elders"),
    )


def test_meeting_change_category_is_mandatory():
    assert (MEETING_CHANGE, True) in {(row[0], row[2]) for row in CATEGORIES}


def test_meetings_are_added_and_removed_only_while_nobody_is_in_the_session(session, professionalisation_coordinator):
    made = meeting_create(
        session=session,
        date=timezone.localdate() + NEW_DATE_OFFSET,
        starts_at=datetime.time(9, 0),
        ends_at=datetime.time(11, 0),
        place=" Zaal 3 ",
        actor=professionalisation_coordinator,
    )
    assert (made.place, made.history.latest().history_user) == ("Zaal 3", professionalisation_coordinator)
    RegistrationFactory(session=session)
    refused(
        Conflict,
        "People are registered for this session: change the meeting, or cancel the session, instead.",
        lambda: meeting_delete(meeting=made, actor=professionalisation_coordinator),
    )
    refused(NotAllowed, "You are not allowed to do this.", lambda: meeting_delete(meeting=made, actor=None))


def test_an_empty_sessions_meeting_is_removed_with_its_history(session, professionalisation_coordinator):
    meeting = MeetingFactory(session=session)
    meeting_delete(meeting=meeting, actor=professionalisation_coordinator)
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    assert Meeting.history.filter(id=meeting.pk, history_type="-").get().history_user == professionalisation_coordinator


# --- The admin -----------------------------------------------------------------------------------


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def staff(client, professionalisation_coordinator):
    client.force_login(professionalisation_coordinator)
    return client


def test_session_page_changes_a_meeting_through_the_service(staff, meeting, professionalisation_coordinator):
    RegistrationFactory(session=meeting.session)
    page = url(type(meeting.session), "change", meeting.session.pk)
    data = form_data(staff.get(page), "session_form")
    data["meetings-0-place"] = ["Zaal 4"]
    data["_save"] = ["Save"]
    response = staff.post(page, data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.place == "Zaal 4"
    assert meeting.history.latest().history_user == professionalisation_coordinator
    assert told(meeting).count() == 1


def test_session_page_refuses_a_meeting_that_ends_before_it_starts(staff, meeting):
    page = url(type(meeting.session), "change", meeting.session.pk)
    data = form_data(staff.get(page), "session_form")
    data["meetings-0-ends_at"] = ["10:00"]
    data["_save"] = ["Save"]
    with nothing_written(Meeting, Notification):
        response = staff.post(page, data)
    assert response.status_code == 200
    [inline] = response.context["inline_admin_formsets"]
    assert inline.formset.forms[0].errors == {"ends_at": ["A meeting ends after it starts."]}


def test_session_page_refuses_to_remove_a_meeting_of_a_session_with_people(staff, meeting):
    RegistrationFactory(session=meeting.session)
    page = url(type(meeting.session), "change", meeting.session.pk)
    data = form_data(staff.get(page), "session_form")
    data["meetings-0-DELETE"] = ["on"]
    data["_save"] = ["Save"]
    with nothing_written(Meeting):
        response = staff.post(page, data)
    assert response.status_code == 200
    [inline] = response.context["inline_admin_formsets"]
    assert inline.formset.non_form_errors() == [
        "People are registered for this session: change the meeting, or cancel the session, instead."
    ]


def test_new_session_with_a_meeting_is_added_through_the_services(staff, session, professionalisation_coordinator):
    deadline = timezone.localtime() + datetime.timedelta(days=20)
    day = timezone.localdate() + NEW_DATE_OFFSET
    data = {
        "activity": [str(session.activity.pk)],
        "name": ["Voorjaar 2028"],
        "capacity": ["12"],
        "onz_places": ["0"],
        "registration_deadline_0": [deadline.strftime("%Y-%m-%d")],
        "registration_deadline_1": [deadline.strftime("%H:%M:%S")],
        "meetings-TOTAL_FORMS": ["1"],
        "meetings-INITIAL_FORMS": ["0"],
        "meetings-0-date": [day.isoformat()],
        "meetings-0-starts_at": ["09:00"],
        "meetings-0-ends_at": ["12:00"],
        "meetings-0-place": ["Zaal 5"],
        "_save": ["Save"],
    }
    response = staff.post(url(type(session), "add"), data)
    assert response.status_code == 302
    made = Meeting.objects.get(session__name="Voorjaar 2028")
    assert (made.date, made.place) == (day, "Zaal 5")
    assert made.history.latest().history_user == professionalisation_coordinator


def test_meeting_page_saves_through_the_service(staff, meeting):
    RegistrationFactory(session=meeting.session)
    page = url(Meeting, "change", meeting.pk)
    data = form_data(staff.get(page), "meeting_form")
    data["place"] = ["Zaal 6"]
    data["_save"] = ["Save"]
    assert staff.post(page, data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.place == "Zaal 6"
    assert told(meeting).count() == 1


def test_meeting_remove_action_removes_only_meetings_of_empty_sessions(staff, meeting, session):
    busy = MeetingFactory(session=SessionFactory(meetings=0))
    RegistrationFactory(session=busy.session)
    page = action(staff, Meeting, "remove_action", [meeting, busy])
    assert page.status_code == 200
    assert "Remove the meetings" in page.content.decode()
    response = action(staff, Meeting, "remove_action", [meeting, busy], apply="1")
    assert list(Meeting.objects.filter(pk__in=[meeting.pk, busy.pk])) == [busy]
    assert messages_of(response) == [
        "1 meeting removed.",
        f"Not changed: {busy.session} – {busy}: People are registered for this session: change the meeting, "
        "or cancel the session, instead.",
    ]


def test_calendar_feed_admin_never_shows_the_token_and_renews_through_the_service(staff, administrator):
    feed = CalendarFeedFactory(participant__email="pien@example.org")
    token = feed.token
    client = Client(headers={"accept-language": "en"})
    client.force_login(administrator)
    listing = client.get(url(CalendarFeed))
    detail = client.get(url(CalendarFeed, "change", feed.pk))
    assert "pien@example.org" in listing.content.decode()
    assert "pien@example.org" in detail.content.decode()
    assert token not in listing.content.decode() + detail.content.decode()

    response = action(client, CalendarFeed, "renew_action", [feed], apply="1")
    feed.refresh_from_db()
    assert feed.token != token and feed.renewed_at is not None
    assert messages_of(response) == ["1 calendar feed renewed."]
    assert client.get(reverse("activities:calendar-feed", kwargs={"token": token})).status_code == 404


def test_calendar_feed_admin_is_closed_to_staff_without_the_permission(staff):
    feed = CalendarFeedFactory()
    with nothing_written(CalendarFeed):
        response = staff.get(url(CalendarFeed))
    assert response.status_code == 403
    assert CalendarFeed.objects.get().token == feed.token


def test_session_status_is_unchanged_by_meeting_changes(meeting, professionalisation_coordinator):
    change(meeting, professionalisation_coordinator, place="Zaal 7")
    meeting.session.refresh_from_db()
    assert meeting.session.status == SessionStatus.OPEN
