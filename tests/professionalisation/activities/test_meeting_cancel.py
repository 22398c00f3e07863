"""Cancelling one meeting of a session that goes on (services/sessions.py `meeting_cancel`): staff
only, with a reason, told to everyone registered or offered a place, once, in their language; the
meeting stays, marked cancelled, on the pages, in the API and in the calendar feeds (STATUS
CANCELLED, a higher SEQUENCE); no reminder and no attendance for it; the completion rule stops
counting it (someone who attended every other meeting completes); the admin's action calls the
service."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from iclon.core.errors import Conflict, NotAllowed, PortalError
from iclon.notifications.models import Channel, Notification
from professionalisation.activities import services, tasks
from professionalisation.activities.notifications import MEETING_CHANGE
from professionalisation.activities.selectors import cancel_deadline
from professionalisation.activities.services.sessions import meeting_cancel, meeting_update
from professionalisation.completion.services import attendance_record
from professionalisation.models import (
    Attendance,
    Certificate,
    Completion,
    CompletionAward,
    Meeting,
)
from tests.factories import (
    MeetingFactory,
    RegistrationFactory,
    SessionFactory,
    UserFactory,
    WaitingListEntryFactory,
)
from tests.professionalisation.activities.test_admin import action, messages_of, url
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

REASON = "The teacher is ill"


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def session(db):
    """Two meetings held (40 and 20 days ago) and one ahead (in 30 days); all of them required."""
    session = SessionFactory(
        meetings=0,
        name="Najaar, Leiden",
        activity__title_nl="Formatief handelen",
        activity__title_en="Formative assessment",
        activity__award=CompletionAward.CERTIFICATE,
        activity__meetings_required=None,
    )
    for offset in (-40, -20, 30):
        MeetingFactory(session=session, date=days(offset))
    return session


@pytest.fixture
def ahead(session):
    return session.meetings.get(date=days(30))


@pytest.fixture
def held(session):
    return list(session.meetings.filter(date__lt=timezone.localdate()).order_by("date"))


def cancel(meeting, actor, reason=REASON):
    return meeting_cancel(meeting=meeting, reason=reason, actor=actor)


def told(meeting):
    return Notification.objects.filter(
        category=MEETING_CHANGE,
        channel=Channel.EMAIL,
        idempotency_key__startswith=f"{MEETING_CHANGE}:cancelled:{meeting.pk}:",
    )


def refused(error, message, call):
    with nothing_written(Meeting, Notification), pytest.raises(error) as caught, translation.override("en"):
        call()
    assert str(caught.value) == message


# --- The service ---------------------------------------------------------------------------------


def test_cancelling_a_meeting_marks_it_and_tells_the_registered_and_offered_in_their_language(
    session, ahead, professionalisation_coordinator
):
    dutch = RegistrationFactory(session=session, participant__language="nl").participant
    english = RegistrationFactory(session=session, participant__language="en").participant
    RegistrationFactory(session=session, status="cancelled")  # gave the place back: not told
    now = timezone.now()
    offered = WaitingListEntryFactory(
        session=session,
        participant__language="en",
        status="offered",
        offered_session=session,
        offered_at=now,
        offer_expires_at=now + datetime.timedelta(hours=48),
    ).participant
    WaitingListEntryFactory(session=session)  # still waiting: not told

    meeting = cancel(ahead, professionalisation_coordinator, reason="  The teacher\n is ill ")

    meeting.refresh_from_db()
    assert meeting.cancelled and meeting.cancel_reason == "The teacher is ill"
    assert meeting.history.first().history_user == professionalisation_coordinator
    rows = {row.recipient: row for row in told(meeting)}
    assert set(rows) == {dutch, english, offered}
    assert rows[dutch].subject.startswith("Geannuleerd: Formatief handelen")
    assert "gaan door" in rows[dutch].body_text and "The teacher is ill" in rows[dutch].body_text
    assert rows[english].subject.startswith("Cancelled: Formative assessment")
    assert "the other meetings go on" in rows[english].body_text
    # The other meetings are untouched.
    assert Meeting.objects.filter(session=session, cancelled_at__isnull=True).count() == 2


@pytest.mark.parametrize("name", ["anonymous", "participant", "school_a_contact", "intake_officer"])
def test_only_staff_who_change_meetings_cancel_one(name, persona, ahead):
    actor = UserFactory() if name == "participant" else persona(name)
    refused(NotAllowed, "You are not allowed to do this.", lambda: cancel(ahead, actor))


@pytest.mark.parametrize(
    ("reason", "error", "message"),
    [
        ("", PortalError, "Give a reason for cancelling the meeting."),
        ("   ", PortalError, "Give a reason for cancelling the meeting."),
    ],
)
def test_a_reason_is_required(ahead, professionalisation_coordinator, reason, error, message):
    refused(error, message, lambda: cancel(ahead, professionalisation_coordinator, reason=reason))


def test_a_meeting_is_cancelled_once(ahead, professionalisation_coordinator):
    RegistrationFactory(session=ahead.session)
    cancel(ahead, professionalisation_coordinator)
    refused(
        Conflict, "This meeting has been cancelled already.", lambda: cancel(ahead, professionalisation_coordinator)
    )
    assert told(ahead).count() == 1


def test_a_meeting_that_took_place_is_not_cancelled(held, professionalisation_coordinator):
    refused(
        Conflict,
        "This meeting has taken place: it can no longer be cancelled.",
        lambda: cancel(held[0], professionalisation_coordinator),
    )


def test_the_last_meeting_left_is_not_cancelled_cancel_the_session_instead(professionalisation_coordinator):
    session = SessionFactory(meetings=0)
    first, second = MeetingFactory(session=session, date=days(10)), MeetingFactory(session=session, date=days(20))
    cancel(first, professionalisation_coordinator)
    refused(
        Conflict,
        "This is the session's only meeting left: cancel the session instead.",
        lambda: cancel(second, professionalisation_coordinator),
    )


def test_a_meeting_of_a_cancelled_session_is_not_cancelled_again(session, ahead, professionalisation_coordinator):
    services.session_cancel(session=session, actor=professionalisation_coordinator, reason="Too few participants")
    refused(Conflict, "This session has been cancelled.", lambda: cancel(ahead, professionalisation_coordinator))


def test_a_cancelled_meeting_is_not_changed_any_more(ahead, professionalisation_coordinator):
    cancel(ahead, professionalisation_coordinator)
    values = {name: getattr(ahead, name) for name in ("date", "starts_at", "ends_at", "place", "online_link")}
    values["starts_at"] = datetime.time(9, 0)
    refused(
        Conflict,
        "This meeting has been cancelled.",
        lambda: meeting_update(meeting=ahead, actor=professionalisation_coordinator, **values),
    )


# --- Completion, attendance, reminders ----------------------------------------------------------


def test_the_completion_rule_stops_counting_a_cancelled_meeting(
    session, held, ahead, professionalisation_coordinator, django_capture_on_commit_callbacks
):
    registration = RegistrationFactory(session=session)
    for meeting in held:
        attendance_record(
            meeting=meeting, registration=registration, present=True, actor=professionalisation_coordinator
        )
    assert not Completion.objects.filter(registration=registration).exists()  # 2 of 3 attended

    with django_capture_on_commit_callbacks(execute=True):
        cancel(ahead, professionalisation_coordinator)

    completion = Completion.objects.get(registration=registration)
    assert completion.valid and (completion.meetings_attended, completion.meetings_total) == (2, 2)
    assert Certificate.objects.filter(completion=completion, revoked_at__isnull=True).exists()


def test_someone_who_missed_a_held_meeting_still_does_not_complete(
    session, held, ahead, professionalisation_coordinator, django_capture_on_commit_callbacks
):
    registration = RegistrationFactory(session=session)
    attendance_record(meeting=held[0], registration=registration, present=True, actor=professionalisation_coordinator)
    attendance_record(meeting=held[1], registration=registration, present=False, actor=professionalisation_coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        cancel(ahead, professionalisation_coordinator)
    assert not Completion.objects.filter(registration=registration).exists()


def test_nobody_is_marked_for_a_cancelled_meeting(session, ahead, professionalisation_coordinator):
    registration = RegistrationFactory(session=session)
    cancel(ahead, professionalisation_coordinator)
    with nothing_written(Attendance), pytest.raises(Conflict) as caught, translation.override("en"):
        attendance_record(meeting=ahead, registration=registration, present=True, actor=professionalisation_coordinator)
    assert str(caught.value) == "This meeting has been cancelled: nobody is marked for it."


def test_no_reminder_goes_out_for_a_cancelled_meeting(session, ahead, professionalisation_coordinator):
    registration = RegistrationFactory(session=session)
    Meeting.objects.filter(pk=ahead.pk).update(date=days(tasks.REMIND_DAYS_AHEAD))
    ahead.refresh_from_db()
    assert list(tasks.meetings_to_remind()) == [ahead]
    cancel(ahead, professionalisation_coordinator)
    assert list(tasks.meetings_to_remind()) == []
    assert tasks.meeting_reminder_task(registration.pk, ahead.pk) is False


def test_the_cancel_deadline_counts_from_the_first_meeting_that_takes_place(professionalisation_coordinator):
    session = SessionFactory(meetings=0, activity__cancel_days_before=7)
    first, second = MeetingFactory(session=session, date=days(10)), MeetingFactory(session=session, date=days(30))
    assert cancel_deadline(session) == first.start - datetime.timedelta(days=7)
    cancel(first, professionalisation_coordinator)
    assert cancel_deadline(session) == second.start - datetime.timedelta(days=7)
    in_order = list(session.meetings.order_by("date"))
    assert cancel_deadline(session, in_order) == second.start - datetime.timedelta(days=7)


# --- What people see ------------------------------------------------------------------------------


def test_the_activity_page_api_and_calendar_show_the_meeting_as_cancelled(
    session, ahead, professionalisation_coordinator
):
    cancel(ahead, professionalisation_coordinator)
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")

    page = client.get(reverse("activities:detail", kwargs={"slug": session.activity.slug}))
    assert page.status_code == 200
    assert page.content.decode().count("Geannuleerd") == 1

    api = client.get("/api/v1/sessions/", {"activity": session.activity.slug}).json()
    [row] = [row for row in api["results"] if row["id"] == session.pk]
    assert [meeting["cancelled"] for meeting in row["meetings"]] == [False, False, True]

    feed = client.get(reverse("activities:activity-calendar", kwargs={"slug": session.activity.slug}))
    events = {str(event["UID"]): event for event in Calendar.from_ical(feed.content).walk("VEVENT")}
    event = events[f"meeting-{ahead.pk}@iclon.leidenuniv.nl"]
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == 1
    assert REASON in str(event["DESCRIPTION"])
    others = [e for key, e in events.items() if key != f"meeting-{ahead.pk}@iclon.leidenuniv.nl"]
    assert {str(e["STATUS"]) for e in others} == {"CONFIRMED"}


# --- The admin --------------------------------------------------------------------------------------


def test_admin_cancel_action_asks_a_reason_and_calls_the_service(session, ahead, professionalisation_coordinator):
    RegistrationFactory(session=session, participant__language="en")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(professionalisation_coordinator)

    page = action(client, Meeting, "cancel_action", [ahead])
    assert page.status_code == 200 and "Cancel meetings" in page.content.decode()
    without = action(client, Meeting, "cancel_action", [ahead], apply="1", reason="")
    assert "Give a reason." in without.content.decode()
    ahead.refresh_from_db()
    assert not ahead.cancelled

    done = action(
        client, Meeting, "cancel_action", [ahead, session.meetings.order_by("date").first()], apply="1", reason=REASON
    )
    ahead.refresh_from_db()
    assert ahead.cancelled and ahead.cancel_reason == REASON
    assert "1 meeting cancelled." in messages_of(done)
    assert any("can no longer be cancelled" in message for message in messages_of(done))
    assert told(ahead).count() == 1


def test_admin_cancel_action_is_not_offered_without_the_permission(ahead, intake_officer, administrator):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(administrator)
    assert "cancel_action" in client.get(url(Meeting)).content.decode()
    client.force_login(intake_officer)
    assert client.get(url(Meeting)).status_code == 403
