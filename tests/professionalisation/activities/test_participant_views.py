"""The participant's side of registration: register (a place or the waiting list, for their school),
wait for any session, "My professional development" (registrations, waiting-list places, offers, in
a fixed number of queries), cancel, leave a waiting list, and the offer page behind the e-mail's
secret link (accept, decline, expired, answered). Every refusal leaves the database as it was."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import escape

from iclon.notifications.models import Notification
from partnerships.models import SchoolRole
from professionalisation.activities import selectors, services
from professionalisation.activities.permissions import can_manage_place
from professionalisation.models import (
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
    WaitingListEntry,
    WaitingStatus,
)
from tests.factories import (
    ActivityFactory,
    MeetingFactory,
    RegistrationFactory,
    SchoolFactory,
    SchoolMembershipFactory,
    SessionFactory,
    UserFactory,
    WaitingListEntryFactory,
)
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

MINE = reverse("activities:mine")
LOGIN = reverse("account_login")
W = WaitingStatus


@pytest.fixture
def client():
    """Requests in English, so that the messages can be compared exactly."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def teacher(db):
    return UserFactory(full_name="Tessa Teacher", email="tessa@example.org")


@pytest.fixture
def session(db):
    return SessionFactory(capacity=2, name="Voorjaar 2027, Leiden", activity__title_en="Formative assessment")


def flashed(response) -> list[str]:
    """The messages the response carries; read, they are gone (as after the page that shows them)."""
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    response.client.cookies.pop("messages", None)
    return shown


def register_url(session) -> str:
    return reverse("activities:register", kwargs={"pk": session.pk})


def detail_url(activity) -> str:
    return reverse("activities:detail", kwargs={"slug": activity.slug})


def offer_url(entry) -> str:
    return reverse("activities:offer", kwargs={"token": entry.token})


def moment(value) -> str:
    """A moment as the pages' tables show it (DATETIME_FORMAT)."""
    with translation.override("en"):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def said(value) -> str:
    """A moment as the messages and sentences say it (no "a.m." before their full stop)."""
    with translation.override("en"):
        return formats.date_format(timezone.localtime(value), "j F Y, H:i")


def offered(session, participant=None, *, hours=48, **fields) -> WaitingListEntry:
    """An entry whose offer of a place in `session` expires `hours` from now (negative: expired)."""
    now = timezone.now()
    return WaitingListEntryFactory(
        session=session,
        participant=participant or UserFactory(),
        status=W.OFFERED,
        offered_session=session,
        offered_at=now - datetime.timedelta(hours=1),
        offer_expires_at=now + datetime.timedelta(hours=hours),
        **fields,
    )


# --- register --------------------------------------------------------------------------------------


def test_teacher_registers_and_returns_to_the_activity_page(client, teacher, session):
    client.force_login(teacher)
    response = client.post(register_url(session))
    assert response.status_code == 302
    assert response["Location"] == detail_url(session.activity)
    assert flashed(response) == ["You are registered"]
    registration = Registration.objects.get(session=session, participant=teacher)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.school is None
    assert registration.registered_by == teacher


def test_register_goes_to_a_safe_next_and_ignores_another_site(client, teacher, session):
    client.force_login(teacher)
    response = client.post(register_url(session), {"next": MINE})
    assert response["Location"] == MINE
    other = SessionFactory()
    response = client.post(register_url(other), {"next": "https://evil.example.org/"})
    assert response["Location"] == detail_url(other.activity)


def test_full_session_puts_the_teacher_on_the_waiting_list_with_their_place(client, session):
    RegistrationFactory.create_batch(2, session=session)
    first, second = UserFactory(), UserFactory()
    client.force_login(first)
    response = client.post(register_url(session))
    assert flashed(response) == ["The session is full: you are on the waiting list (place 1)"]
    client.force_login(second)
    response = client.post(register_url(session))
    assert flashed(response) == ["The session is full: you are on the waiting list (place 2)"]
    assert response["Location"] == detail_url(session.activity)
    assert list(WaitingListEntry.objects.filter(session=session).values_list("participant", "status")) == [
        (first.pk, W.WAITING),
        (second.pk, W.WAITING),
    ]
    assert not Registration.objects.filter(participant__in=[first, second]).exists()


def test_registering_twice_says_already_registered_and_writes_nothing(client, teacher, session):
    client.force_login(teacher)
    assert flashed(client.post(register_url(session))) == ["You are registered"]
    with nothing_written(Registration, WaitingListEntry):
        response = client.post(register_url(session))
    assert flashed(response) == ["You are already registered for this session."]
    assert response["Location"] == detail_url(session.activity)


def test_register_after_the_deadline_shows_the_services_refusal(client, teacher):
    late = SessionFactory(registration_deadline=timezone.now() - datetime.timedelta(minutes=1))
    client.force_login(teacher)
    with nothing_written(Registration, WaitingListEntry):
        response = client.post(register_url(late))
    assert flashed(response) == ["The registration deadline of this session has passed."]
    assert response["Location"] == detail_url(late.activity)


def test_register_answers_a_post_only(client, teacher, session):
    client.force_login(teacher)
    with nothing_written(Registration, WaitingListEntry):
        response = client.get(register_url(session))
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_anonymous_register_is_sent_to_log_in_and_back_to_the_activity(client, session):
    with nothing_written(Registration, WaitingListEntry):
        response = client.post(register_url(session))
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={detail_url(session.activity)}"


def test_session_of_an_unpublished_activity_is_a_404(client, teacher):
    hidden = SessionFactory(activity__published=False)
    client.force_login(teacher)
    with nothing_written(Registration, WaitingListEntry):
        response = client.post(register_url(hidden))
    assert response.status_code == 404


def test_register_for_the_teachers_one_school(client, session, school_a, school_a_contact):
    teacher = SchoolMembershipFactory(school=school_a, role=SchoolRole.WORKPLACE_MENTOR).user
    client.force_login(teacher)
    response = client.post(register_url(session))
    assert flashed(response) == ["You are registered"]
    registration = Registration.objects.get(participant=teacher)
    assert registration.school == school_a
    # So the school's contact sees (and may manage) it.
    assert can_manage_place(school_a_contact, participant_id=teacher.pk, school_id=school_a.pk)


@pytest.fixture
def teacher_of_two_schools(school_a, school_b):
    teacher = SchoolMembershipFactory(school=school_a, role=SchoolRole.WORKPLACE_MENTOR).user
    SchoolMembershipFactory(school=school_b, role=SchoolRole.SCHOOL_TEACHER_EDUCATOR, user=teacher)
    return teacher


def test_teacher_of_two_schools_chooses_one(client, session, school_b, teacher_of_two_schools):
    client.force_login(teacher_of_two_schools)
    response = client.post(register_url(session), {"school": school_b.pk})
    assert flashed(response) == ["You are registered"]
    assert Registration.objects.get(participant=teacher_of_two_schools).school == school_b


def test_teacher_of_two_schools_who_does_not_choose_is_asked_to(client, session, teacher_of_two_schools):
    client.force_login(teacher_of_two_schools)
    with nothing_written(Registration, WaitingListEntry):
        response = client.post(register_url(session))
    assert flashed(response) == ["Choose the school you take part for."]
    assert response["Location"] == detail_url(session.activity)


def test_a_school_that_is_not_the_teachers_own_is_refused(client, session, school_a):
    teacher = SchoolMembershipFactory(school=school_a).user
    onz_school = SchoolFactory(name="ONZ-school", onz_member=True)
    client.force_login(teacher)
    with nothing_written(Registration, WaitingListEntry):
        response = client.post(register_url(session), {"school": onz_school.pk})
    assert flashed(response) == ["Choose one of your own schools."]


def test_a_membership_that_ended_gives_no_school(client, session, school_a):
    teacher = SchoolMembershipFactory(
        school=school_a, active_from=datetime.date(2020, 1, 1), active_until=datetime.date(2021, 1, 1)
    ).user
    client.force_login(teacher)
    with nothing_written(Registration, WaitingListEntry):
        refused = client.post(register_url(session), {"school": school_a.pk})
    assert flashed(refused) == ["Choose one of your own schools."]
    response = client.post(register_url(session))
    assert flashed(response) == ["You are registered"]
    assert Registration.objects.get(participant=teacher).school is None


# --- wait for any session -------------------------------------------------------------------------


def wait_url(activity) -> str:
    return reverse("activities:wait-any", kwargs={"slug": activity.slug})


def test_waiting_for_any_session_gives_a_place_in_the_activitys_queue(client, teacher, session):
    RegistrationFactory.create_batch(2, session=session)
    WaitingListEntryFactory(session=session)  # one waits for this session already
    client.force_login(teacher)
    response = client.post(wait_url(session.activity))
    assert flashed(response) == ["You are on the waiting list for any session of this activity (place 2)"]
    assert response["Location"] == detail_url(session.activity)
    entry = WaitingListEntry.objects.get(participant=teacher)
    assert (entry.activity, entry.session, entry.status) == (session.activity, None, W.WAITING)


def test_waiting_for_any_session_with_a_free_place_offers_it_at_once(client, teacher, session):
    client.force_login(teacher)
    response = client.post(wait_url(session.activity))
    entry = WaitingListEntry.objects.get(participant=teacher)
    assert entry.status == W.OFFERED and entry.offered_session == session
    assert flashed(response) == [
        f"A place is free in {session.name}: it is held for you until {said(entry.offer_expires_at)}. "
        "Accept or decline it under My professional development."
    ]


def test_waiting_twice_is_refused_and_writes_nothing(client, teacher, session):
    RegistrationFactory.create_batch(2, session=session)
    client.force_login(teacher)
    client.post(wait_url(session.activity))
    flashed(client.get(MINE))
    with nothing_written(Registration, WaitingListEntry):
        response = client.post(wait_url(session.activity))
    assert flashed(response) == ["You are already on the waiting list."]


def test_wait_any_refuses_a_get_and_sends_a_visitor_to_log_in(client, teacher, session):
    with nothing_written(WaitingListEntry):
        anonymous = client.post(wait_url(session.activity))
        client.force_login(teacher)
        get = client.get(wait_url(session.activity))
    assert anonymous["Location"] == f"{LOGIN}?next={detail_url(session.activity)}"
    assert get.status_code == 405


def test_wait_any_for_an_unpublished_activity_is_a_404(client, teacher):
    hidden = ActivityFactory(published=False)
    client.force_login(teacher)
    with nothing_written(WaitingListEntry):
        response = client.post(wait_url(hidden))
    assert response.status_code == 404


# --- my professional development ------------------------------------------------------------------


def test_anonymous_visitor_of_mine_is_sent_to_log_in(client):
    response = client.get(MINE)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={MINE}"


def test_mine_shows_registrations_waiting_places_and_offers_of_the_user_only(client, teacher):
    today = timezone.localdate()
    coming = RegistrationFactory(participant=teacher, session__name="Najaar 2027, Leiden", session__meetings=2)
    past_session = SessionFactory(name="Voorjaar 2026, Den Haag", meetings=0)
    MeetingFactory(session=past_session, date=today - datetime.timedelta(days=10), place="Den Haag")
    RegistrationFactory(participant=teacher, session=past_session)
    gone = RegistrationFactory(
        participant=teacher,
        session__name="Winter 2027, Delft",
        status=RegistrationStatus.CANCELLED,
        cancelled_at=timezone.now(),
    )
    full = SessionFactory(name="Zomer 2027, Utrecht", capacity=1)
    WaitingListEntryFactory(session=full)  # ahead in the queue
    waiting = WaitingListEntryFactory(session=full, participant=teacher)
    offer = offered(SessionFactory(name="Herfst 2027, Gouda"), teacher)
    RegistrationFactory(session__name="Someone else's session")
    WaitingListEntryFactory(session__name="Someone else's queue")

    client.force_login(teacher)
    with translation.override("en"):
        response = client.get(MINE)
    body = response.content.decode()
    overview = response.context["overview"]
    assert [item.registration for item in overview.upcoming] == [coming]
    assert [item.registration.session for item in overview.past] == [past_session]
    assert [item.registration for item in overview.cancelled] == [gone]
    assert [(item.entry, item.position) for item in overview.waiting] == [(waiting, 2)]
    assert [(item.entry, item.is_open) for item in overview.offers] == [(offer, True)]
    for name in ["Najaar 2027, Leiden", "Voorjaar 2026, Den Haag", "Winter 2027, Delft", "Zomer 2027, Utrecht"]:
        assert escape(name) in body
    assert "Someone else" not in body
    assert "Place 2 on the waiting list" in body
    # The coming registration's meetings and its cancel button; none for the past one.
    first, second = coming.session.meetings.all()
    with translation.override("en"):
        assert formats.date_format(first.date, "l j F Y") in body
        assert formats.date_format(second.date, "l j F Y") in body
    cancel = reverse("activities:registration-cancel", kwargs={"pk": coming.pk})
    assert f'action="{cancel}"' in body
    assert body.count('action="/professionalisation/registrations/') == 1
    assert f'action="{reverse("activities:waiting-leave", kwargs={"pk": waiting.pk})}"' in body
    # The offer with its expiry and both answers, posting to the offer's own page.
    assert escape(moment(offer.offer_expires_at)) in body
    assert f'action="{offer_url(offer)}"' in body
    assert 'name="action" value="accept"' in body and 'name="action" value="decline"' in body


def test_mine_is_one_of_the_account_pages(client, teacher):
    client.force_login(teacher)
    body = client.get(MINE).content.decode()
    assert f'<a href="{MINE}" aria-current="page">My professional development</a>' in body


def test_mine_hides_the_cancel_button_once_the_deadline_has_passed(client, teacher):
    soon = SessionFactory(meetings=0, activity__cancel_days_before=7, activity__contact_email="pd@iclon.example")
    MeetingFactory(session=soon, date=timezone.localdate() + datetime.timedelta(days=3))
    registration = RegistrationFactory(participant=teacher, session=soon)
    client.force_login(teacher)
    response = client.get(MINE)
    body = response.content.decode()
    (item,) = response.context["overview"].upcoming
    assert item.registration == registration and not item.can_cancel
    assert item.cancel_deadline == services.cancel_deadline(soon) < timezone.now()
    assert "/cancel/" not in body
    assert "The deadline for cancelling has passed. To cancel, write to pd@iclon.example." in body


def test_mine_says_when_an_offer_has_expired_and_offers_no_buttons(client, teacher):
    offer = offered(SessionFactory(), teacher, hours=-1)
    client.force_login(teacher)
    response = client.get(MINE)
    assert [(item.entry, item.is_open) for item in response.context["overview"].offers] == [(offer, False)]
    body = response.content.decode()
    assert "This offer has expired. The place goes to the next person on the waiting list." in body
    assert 'value="accept"' not in body


def test_overview_agrees_with_the_services_on_positions_and_deadlines(teacher):
    activity = ActivityFactory(cancel_days_before=3)
    first, second = SessionFactory(activity=activity, capacity=1), SessionFactory(activity=activity, capacity=1)
    entries = [
        WaitingListEntryFactory(session=first),
        WaitingListEntryFactory(session=None, activity=activity),
        WaitingListEntryFactory(session=second),
        WaitingListEntryFactory(session=first, participant=teacher),
        WaitingListEntryFactory(session=None, activity=ActivityFactory(), participant=teacher),
        WaitingListEntryFactory(session=second, status=W.REMOVED),
    ]
    any_of_activity = WaitingListEntryFactory(session=None, activity=activity, participant=UserFactory())
    mine = WaitingListEntryFactory(session=second, participant=teacher)
    RegistrationFactory(participant=teacher, session=first)
    RegistrationFactory(participant=teacher, session=SessionFactory(meetings=0))
    overview = selectors.participant_overview(teacher)
    assert {item.entry.pk: item.position for item in overview.waiting} == {
        entry.pk: services.waiting_position(entry) for entry in [entries[3], entries[4], mine]
    }
    # Ahead in the second session's queue: its own entry and the activity's two "any session"
    # entries; the removed entry and the first session's entries do not count.
    assert services.waiting_position(mine) == 4
    assert services.waiting_position(any_of_activity) == 5  # every waiting entry of the activity ahead
    assert {item.registration.session_id: item.cancel_deadline for item in overview.upcoming} == {
        item.registration.session_id: services.cancel_deadline(item.registration.session) for item in overview.upcoming
    }


def mine_rows(user, count: int) -> None:
    for _index in range(count):
        RegistrationFactory(participant=user, session=SessionFactory(meetings=2))
        WaitingListEntryFactory(participant=user, session=SessionFactory(meetings=2))
        WaitingListEntryFactory(participant=user, session=None, activity=ActivityFactory())
        offered(SessionFactory(meetings=2), user)


@pytest.mark.parametrize("rows", [1, 20])
def test_mine_runs_a_fixed_number_of_queries(client, teacher, django_assert_max_num_queries, rows):
    mine_rows(teacher, rows)
    client.force_login(teacher)
    # Session, user, tenancy (2), the page's own five (registrations, their meetings, waiting-list
    # entries with their positions, their sessions' meetings, the offered sessions' meetings), and
    # the header's applications and unread notifications: 11; the later slices' sections add
    # theirs (completions and certificates: 2, paths and circles: 3): 16; the account menu asks
    # whether the person is a school's (research questions, research support): 18, one to spare.
    with django_assert_max_num_queries(19):
        response = client.get(MINE)
    overview = response.context["overview"]
    assert [len(overview.upcoming), len(overview.waiting), len(overview.offers)] == [rows, 2 * rows, rows]


def test_mine_runs_the_same_queries_for_1_and_20_rows(client, teacher):
    other = UserFactory()
    mine_rows(teacher, 1)
    mine_rows(other, 20)
    counts = []
    for user in (teacher, other):
        client.force_login(user)
        client.get(MINE)  # warm caches (content types, site) shared by both
        with CaptureQueriesContext(connection) as queries:
            client.get(MINE)
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- cancel and leave -----------------------------------------------------------------------------


def cancel_url(registration) -> str:
    return reverse("activities:registration-cancel", kwargs={"pk": registration.pk})


def leave_url(entry) -> str:
    return reverse("activities:waiting-leave", kwargs={"pk": entry.pk})


def test_participant_cancels_and_the_first_in_line_is_offered_the_place(client, teacher, session):
    registration = RegistrationFactory(participant=teacher, session=session)
    RegistrationFactory(session=session)
    first = WaitingListEntryFactory(session=session)
    client.force_login(teacher)
    response = client.post(cancel_url(registration), {"next": MINE})
    assert response["Location"] == MINE
    assert flashed(response) == [
        "Your registration for Formative assessment (Voorjaar 2027, Leiden) has been cancelled."
    ]
    registration.refresh_from_db()
    first.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert (first.status, first.offered_session) == (W.OFFERED, session)


def test_another_persons_registration_cannot_be_cancelled(client, outsider, session):
    registration = RegistrationFactory(session=session)
    WaitingListEntryFactory(session=session)
    client.force_login(outsider)
    with nothing_written(Registration, WaitingListEntry, Session, Notification):
        response = client.post(cancel_url(registration))
    assert flashed(response) == ["You are not allowed to do this."]
    assert response["Location"] == MINE


def test_school_contact_cancels_a_registration_of_their_school(client, school_a, school_a_contact, session):
    registration = RegistrationFactory(session=session, school=school_a)
    client.force_login(school_a_contact)
    response = client.post(cancel_url(registration))
    assert flashed(response) == [
        "Your registration for Formative assessment (Voorjaar 2027, Leiden) has been cancelled."
    ]
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_cancelling_after_the_deadline_is_refused(client, teacher):
    soon = SessionFactory(meetings=0, activity__cancel_days_before=7)
    MeetingFactory(session=soon, date=timezone.localdate() + datetime.timedelta(days=2))
    registration = RegistrationFactory(participant=teacher, session=soon)
    client.force_login(teacher)
    with nothing_written(Registration, WaitingListEntry):
        response = client.post(cancel_url(registration))
    assert flashed(response) == ["The deadline for cancelling has passed; please contact ICLON."]


def test_cancel_refuses_a_get_a_visitor_and_an_unknown_registration(client, teacher, session):
    registration = RegistrationFactory(participant=teacher, session=session)
    with nothing_written(Registration):
        anonymous = client.post(cancel_url(registration))
        client.force_login(teacher)
        get = client.get(cancel_url(registration))
        unknown = client.post(reverse("activities:registration-cancel", kwargs={"pk": registration.pk + 1000}))
    assert anonymous["Location"] == f"{LOGIN}?next={MINE}"
    assert get.status_code == 405
    assert unknown.status_code == 404


def test_participant_leaves_the_waiting_list(client, teacher, session):
    entry = WaitingListEntryFactory(participant=teacher, session=session)
    client.force_login(teacher)
    response = client.post(leave_url(entry))
    assert response["Location"] == MINE
    assert flashed(response) == ["You have left the waiting list of Formative assessment."]
    entry.refresh_from_db()
    assert entry.status == W.REMOVED


def test_another_persons_waiting_place_cannot_be_left(client, outsider, session):
    entry = WaitingListEntryFactory(session=session)
    client.force_login(outsider)
    with nothing_written(WaitingListEntry):
        response = client.post(leave_url(entry))
    assert flashed(response) == ["You are not allowed to do this."]


def test_leave_refuses_a_get_and_a_visitor(client, teacher, session):
    entry = WaitingListEntryFactory(participant=teacher, session=session)
    with nothing_written(WaitingListEntry):
        anonymous = client.post(leave_url(entry))
        client.force_login(teacher)
        get = client.get(leave_url(entry))
    assert anonymous["Location"] == f"{LOGIN}?next={MINE}"
    assert get.status_code == 405


# --- the offer behind the e-mail's link ------------------------------------------------------------


def test_offer_page_shows_the_offer_without_logging_in(client, session):
    entry = offered(session)
    response = client.get(offer_url(entry))
    assert response.status_code == 200
    body = response.content.decode()
    assert escape("Formative assessment") in body and escape(session.name) in body
    meeting = session.meetings.get()
    with translation.override("en"):
        assert formats.date_format(meeting.date, "l j F Y") in body
    assert escape(f"This place is held for you until {said(entry.offer_expires_at)}.") in body
    assert 'name="action" value="accept"' in body and 'name="action" value="decline"' in body
    assert "no-store" in response["Cache-Control"]


def test_unknown_token_is_a_404(client, session):
    offered(session)
    with nothing_written(Registration, WaitingListEntry):
        get = client.get(reverse("activities:offer", kwargs={"token": "not-a-token"}))
        post = client.post(reverse("activities:offer", kwargs={"token": "not-a-token"}), {"action": "accept"})
    assert (get.status_code, post.status_code) == (404, 404)


def test_accepting_by_the_link_registers_the_person(client, session):
    entry = offered(session)
    response = client.post(offer_url(entry), {"action": "accept"})
    assert response["Location"] == offer_url(entry)
    assert flashed(response) == [
        "You have accepted the place: you are registered for Formative assessment (Voorjaar 2027, Leiden)."
    ]
    entry.refresh_from_db()
    assert entry.status == W.ACCEPTED
    assert (
        Registration.objects.get(session=session, participant=entry.participant).status == RegistrationStatus.CONFIRMED
    )
    page = client.get(offer_url(entry)).content.decode()
    assert "You have accepted this place: you are registered." in page
    assert 'value="accept"' not in page


def test_declining_by_the_link_passes_the_place_on(client, session):
    entry = offered(session)
    following = WaitingListEntryFactory(session=session)
    response = client.post(offer_url(entry), {"action": "decline"})
    assert flashed(response) == ["You have declined the place. Thank you for letting us know."]
    entry.refresh_from_db()
    following.refresh_from_db()
    assert entry.status == W.DECLINED
    assert (following.status, following.offered_session) == (W.OFFERED, session)
    assert not Registration.objects.filter(participant=entry.participant).exists()


def test_accepting_an_expired_offer_says_so_and_passes_the_place_on(client, session):
    entry = offered(session, hours=-1)
    following = WaitingListEntryFactory(session=session)
    page = client.get(offer_url(entry)).content.decode()
    assert (
        escape(
            f"This offer expired on {said(entry.offer_expires_at)}. "
            "The place goes to the next person on the waiting list."
        )
        in page
    )
    assert 'value="accept"' not in page
    response = client.post(offer_url(entry), {"action": "accept"})
    assert response["Location"] == offer_url(entry)
    assert flashed(response) == ["This offer has expired; the place has gone to the next person in line."]
    entry.refresh_from_db()
    following.refresh_from_db()
    assert entry.status == W.EXPIRED
    assert (following.status, following.offered_session) == (W.OFFERED, session)
    assert not Registration.objects.filter(participant=entry.participant).exists()


def test_an_answered_offer_cannot_be_answered_again(client, session):
    entry = offered(session)
    client.post(offer_url(entry), {"action": "decline"})
    flashed(client.get(offer_url(entry)))
    with nothing_written(Registration, WaitingListEntry):
        response = client.post(offer_url(entry), {"action": "accept"})
    assert flashed(response) == ["There is no open offer of a place for you."]
    page = client.get(offer_url(entry)).content.decode()
    assert "You have declined this place. It has been offered to the next person on the waiting list." in page


def test_an_offer_post_without_a_valid_answer_changes_nothing(client, session):
    entry = offered(session)
    with nothing_written(Registration, WaitingListEntry):
        response = client.post(offer_url(entry), {"action": "maybe"})
    assert response["Location"] == offer_url(entry)
    assert flashed(response) == ["Choose whether you accept or decline the place."]


def test_offer_answered_from_mine_returns_to_mine(client, teacher, session):
    entry = offered(session, teacher)
    client.force_login(teacher)
    response = client.post(offer_url(entry), {"action": "accept", "next": MINE})
    assert response["Location"] == MINE
    assert [item.registration.session for item in client.get(MINE).context["overview"].upcoming] == [session]


# --- the whole path ---------------------------------------------------------------------------------


def test_full_session_waiting_list_cancellation_offer_and_accept(client):
    full = SessionFactory(capacity=1, name="Voorjaar 2027, Leiden", activity__title_en="Formative assessment")
    first, second = UserFactory(), UserFactory()

    client.force_login(first)
    assert flashed(client.post(register_url(full))) == ["You are registered"]
    client.force_login(second)
    assert flashed(client.post(register_url(full))) == ["The session is full: you are on the waiting list (place 1)"]
    full.refresh_from_db()
    assert full.status == SessionStatus.FULL

    client.force_login(first)
    registration = Registration.objects.get(participant=first)
    assert flashed(client.post(cancel_url(registration))) == [
        "Your registration for Formative assessment (Voorjaar 2027, Leiden) has been cancelled."
    ]

    entry = WaitingListEntry.objects.get(participant=second)
    assert entry.status == W.OFFERED
    # The offer's e-mail links to the offer page; the link works without logging in.
    assert Notification.objects.filter(recipient=second, url=offer_url(entry)).exists()
    client.logout()
    assert flashed(client.post(offer_url(entry), {"action": "accept"})) == [
        "You have accepted the place: you are registered for Formative assessment (Voorjaar 2027, Leiden)."
    ]

    client.force_login(second)
    overview = client.get(MINE).context["overview"]
    assert [item.registration.session for item in overview.upcoming] == [full]
    assert overview.waiting == [] and overview.offers == []


# --- language and the partials for the activity's page ---------------------------------------------


def test_messages_are_dutch_by_default(outsider, session):
    registration = RegistrationFactory(session=session)
    dutch = Client()
    dutch.force_login(outsider)
    with nothing_written(Registration):
        response = dutch.post(cancel_url(registration))
    assert flashed(response) == ["Je hebt geen toestemming om dit te doen."]


def render_partial(name: str, user, **context) -> str:
    request = RequestFactory().get("/professionalisation/activities/some-activity/")
    request.user = user
    with translation.override("en"):
        return render_to_string(f"professionalisation/activities/{name}", context, request=request)


def test_register_partial_lets_a_teacher_of_two_schools_choose(session, school_a, school_b, teacher_of_two_schools):
    schools = selectors.participant_schools(teacher_of_two_schools)
    assert schools == sorted([school_a, school_b], key=lambda school: school.name)
    html = render_partial("_participant_register.html", teacher_of_two_schools, session=session, schools=schools)
    assert f'action="{register_url(session)}"' in html
    assert f'<select name="school" id="register-school-{session.pk}"' in html
    for school in (school_a, school_b):
        assert f'<option value="{school.pk}">{escape(school.name)}</option>' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_register_partial_registers_a_teacher_of_one_school_for_it(session, school_a):
    teacher = SchoolMembershipFactory(school=school_a).user
    schools = selectors.participant_schools(teacher)
    html = render_partial("_participant_register.html", teacher, session=session, schools=schools)
    assert f'<input type="hidden" name="school" value="{school_a.pk}">' in html
    assert f"You register for {escape(school_a.name)}: your school's contact sees your registration." in html


def test_register_partial_asks_a_visitor_to_log_in(session):
    html = render_partial("_participant_register.html", AnonymousUser(), session=session, schools=[])
    assert "Log in to register" in html
    assert "<form" not in html
