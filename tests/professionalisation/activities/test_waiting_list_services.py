"""The waiting list (professionalisation/activities/services/): waiting for one session or for any
session of an activity, the queue's order, the time-limited offer of a freed place (accepted or
declined by the link's token or by the person logged in), offers that expire and pass on, leaving
the list, staff promoting someone by hand with a reason, and the last moment for offers.

Every refusal is compared word for word (in English) and writes nothing."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from iclon.core.errors import Conflict, NotAllowed, PortalError
from partnerships.models import SchoolRole
from professionalisation.activities import notifications as pn
from professionalisation.activities import services
from professionalisation.models import (
    OfferReason,
    Registration,
    RegistrationStatus,
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
)
from tests.professionalisation.helpers import (
    NOT_ALLOWED,
    WRITES,
    emails,
    join,
    refused,
    register,
    reload,
    teacher_of,
)
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

R = RegistrationStatus
W = WaitingStatus
NO_OFFER = "There is no open offer of a place for you."
EXPIRED = "This offer has expired; the place has gone to the next person in line."


def full_session(capacity=1, **fields):
    """A session whose `capacity` places are taken; returns it with its registrations."""
    session = SessionFactory(capacity=capacity, **fields)
    registrations = [register(session, UserFactory()) for _ in range(capacity)]
    return session, registrations


def queue(session, count, **people):
    return [register(session, UserFactory(**people)) for _ in range(count)]


def with_offer(waiting=2, **session_fields):
    """A full session of one place with `waiting` people in its queue; the holder cancels, so the
    first in line holds an offer. Returns the session and the queue (the first one offered)."""
    session, (registration,) = full_session(1, **session_fields)
    entries = queue(session, waiting)
    services.registration_cancel(registration=registration, actor=registration.participant)
    reload(*entries)
    assert entries[0].status == W.OFFERED
    return session, entries


def offered_after(entry):
    """`entry`'s status and offer reason, read again."""
    entry.refresh_from_db()
    return entry.status, entry.offer_reason


# Joining


def test_joining_for_any_session_queues_for_the_activity_and_tells_the_person(django_capture_on_commit_callbacks):
    activity = ActivityFactory()
    first_session, _ = full_session(1, activity=activity)
    full_session(1, activity=activity)
    person = UserFactory(language="en")

    with django_capture_on_commit_callbacks() as callbacks:
        entry = join(activity, person)

    assert (entry.activity, entry.session, entry.participant, entry.status) == (activity, None, person, W.WAITING)
    assert entry.registered_by == person
    assert services.waiting_position(entry) == 1
    (email,) = emails(f"{pn.REGISTRATION}:waiting:{entry.pk}")
    assert f"You are on the waiting list for any session of {activity.title_en}." in email.body_text
    assert "Your place in the queue: 1." in email.body_text
    assert len(callbacks) == 1
    later = join(activity, UserFactory())
    assert services.waiting_position(later) == 2
    # Waiting for any session is waiting for each: the person is in each session's queue.
    assert services.session_places(first_session).waiting == 2


def test_joining_twice_is_already_on_the_waiting_list():
    activity = ActivityFactory()
    full_session(1, activity=activity)
    person = UserFactory()
    join(activity, person)
    refused(services.AlreadyWaiting, "You are already on the waiting list.", lambda: join(activity, person))


def test_joining_needs_a_session_open_for_registration(professionalisation_coordinator):
    activity = ActivityFactory()
    SessionFactory(activity=activity, registration_deadline=timezone.now() - datetime.timedelta(minutes=1))
    SessionFactory(activity=activity, status=SessionStatus.CANCELLED)
    SessionFactory(activity=activity, status=SessionStatus.CLOSED)
    message = "This activity has no session open for registration."
    refused(Conflict, message, lambda: join(activity, UserFactory()))
    refused(Conflict, message, lambda: join(activity, UserFactory(), professionalisation_coordinator))


def test_joining_needs_a_published_activity_and_a_person_allowed_to_register(professionalisation_coordinator):
    activity = ActivityFactory(published=False)
    RegistrationFactory(session=SessionFactory(activity=activity, capacity=1))
    refused(Conflict, "This activity is not open for registration.", lambda: join(activity, UserFactory()))
    refused(NotAllowed, NOT_ALLOWED, lambda: join(activity, UserFactory(), UserFactory()))
    refused(
        NotAllowed,
        NOT_ALLOWED,
        lambda: services.waiting_list_join(activity=activity, participant=UserFactory(), actor=None),
    )
    entry = join(activity, UserFactory(), professionalisation_coordinator)
    assert entry.registered_by == professionalisation_coordinator


def test_a_school_contact_puts_a_teacher_of_their_school_on_the_waiting_list():
    school = SchoolFactory()
    contact = SchoolMembershipFactory(school=school, role=SchoolRole.SCHOOL_CONTACT).user
    activity = ActivityFactory()
    full_session(1, activity=activity)
    entry = join(activity, teacher_of(school), contact, school=school)
    assert (entry.school, entry.registered_by) == (school, contact)


def test_joining_for_any_session_takes_a_free_place_at_once(now):
    activity = ActivityFactory()
    full_session(1, activity=activity)
    open_session = SessionFactory(activity=activity, capacity=2)

    entry = join(activity, UserFactory())

    assert (entry.status, entry.offered_session) == (W.OFFERED, open_session)
    assert entry.offer_expires_at == now + datetime.timedelta(hours=48)


def test_someone_waiting_for_any_session_is_not_offered_a_place_in_a_session_they_hold_one_in(
    professionalisation_coordinator,
):
    session = SessionFactory(capacity=2)
    person = UserFactory()
    holder = register(session, UserFactory())
    register(session, person)
    # Waiting for another session of the same activity, while holding a place in this one.
    other = SessionFactory(activity=session.activity, capacity=1)
    register(other, UserFactory())
    entry = join(session.activity, person)
    assert entry.status == W.WAITING

    services.registration_cancel(registration=holder, actor=professionalisation_coordinator)

    entry.refresh_from_db()
    assert entry.status == W.WAITING  # an offer they could not accept would block the place
    session.refresh_from_db()
    assert session.status == SessionStatus.OPEN


# The queue's order


def test_positions_run_from_one_in_the_order_people_came():
    session, _ = full_session(1)
    first = register(session, UserFactory())
    any_session = join(session.activity, UserFactory())
    third = register(session, UserFactory())
    fourth = register(session, UserFactory())

    assert [services.waiting_position(e) for e in (first, any_session, third, fourth)] == [1, 2, 3, 4]

    services.waiting_list_leave(entry=first, actor=first.participant)

    reload(first, any_session, third, fourth)
    assert services.waiting_position(first) is None
    assert [services.waiting_position(e) for e in (any_session, third, fourth)] == [1, 2, 3]


def test_positions_of_a_busy_queue_are_exactly_one_to_n():
    session, _ = full_session(2)
    entries = queue(session, 12)
    assert [services.waiting_position(e) for e in entries] == list(range(1, 13))


# Answering an offer


def test_the_offer_is_accepted_by_its_link_without_logging_in(django_capture_on_commit_callbacks, now):
    session, (offered, waiting) = with_offer()
    person = offered.participant
    other_session = SessionFactory(activity=session.activity, capacity=1)
    register(other_session, UserFactory())
    elsewhere = register(other_session, person)  # waits for another session of the activity too

    with django_capture_on_commit_callbacks() as callbacks:
        registration = services.waiting_offer_accept(entry=offered, actor=None, token=offered.token)

    registration.refresh_from_db()
    assert (registration.session, registration.participant, registration.status) == (session, person, R.CONFIRMED)
    assert registration.registered_by == person
    offered.refresh_from_db()
    assert (offered.status, offered.answered_at) == (W.ACCEPTED, now)
    elsewhere.refresh_from_db()
    assert elsewhere.status == W.CLOSED  # one place is enough
    waiting.refresh_from_db()
    assert waiting.status == W.WAITING
    (email,) = emails(f"{pn.REGISTRATION}:confirmed:{registration.pk}")
    assert email.recipient == person
    assert len(callbacks) == 1
    places = services.session_places(session)
    assert (places.taken, places.held) == (1, 0)


def test_the_offer_is_accepted_by_the_person_logged_in_or_their_school_contact():
    session, (offered, _waiting) = with_offer()
    registration = services.waiting_offer_accept(entry=offered, actor=offered.participant)
    assert registration.status == R.CONFIRMED

    school = SchoolFactory()
    contact = SchoolMembershipFactory(school=school).user
    session, (registration,) = full_session(1)
    entry = register(session, teacher_of(school), contact, school=school)
    services.registration_cancel(registration=registration, actor=registration.participant)
    accepted = services.waiting_offer_accept(entry=entry, actor=contact)
    assert (accepted.participant, accepted.school) == (entry.participant, school)


def test_a_wrong_token_or_someone_else_may_not_answer_the_offer():
    _session, (offered, _waiting) = with_offer()
    for token in ("not-the-token", "", offered.token[:-1]):
        refused(
            NotAllowed,
            NOT_ALLOWED,
            lambda token=token: services.waiting_offer_accept(entry=offered, actor=None, token=token),
        )
        refused(
            NotAllowed,
            NOT_ALLOWED,
            lambda token=token: services.waiting_offer_decline(entry=offered, actor=None, token=token),
        )
    # A token is the only proof when it is given: being logged in as the person does not help.
    refused(
        NotAllowed,
        NOT_ALLOWED,
        lambda: services.waiting_offer_accept(entry=offered, actor=offered.participant, token="wrong"),
    )
    refused(NotAllowed, NOT_ALLOWED, lambda: services.waiting_offer_accept(entry=offered, actor=UserFactory()))
    refused(NotAllowed, NOT_ALLOWED, lambda: services.waiting_offer_accept(entry=offered, actor=None))
    assert offered_after(offered) == (W.OFFERED, OfferReason.CANCELLATION)


def test_there_is_nothing_to_accept_without_an_open_offer():
    _session, (offered, waiting) = with_offer()
    refused(Conflict, NO_OFFER, lambda: services.waiting_offer_accept(entry=waiting, actor=waiting.participant))
    refused(Conflict, NO_OFFER, lambda: services.waiting_offer_decline(entry=waiting, actor=None, token=waiting.token))
    services.waiting_offer_accept(entry=offered, actor=offered.participant)
    refused(Conflict, NO_OFFER, lambda: services.waiting_offer_accept(entry=offered, actor=offered.participant))


def test_an_expired_offer_is_refused_but_its_expiry_is_kept_and_the_place_passed_on(
    django_capture_on_commit_callbacks,
):
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        session, (offered, waiting) = with_offer()
    assert offered.offer_expires_at == start + datetime.timedelta(hours=48)
    later = start + datetime.timedelta(hours=48)

    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks() as callbacks:
        refused(
            Conflict,
            EXPIRED,
            lambda: services.waiting_offer_accept(entry=offered, actor=None, token=offered.token),
            Registration,
        )

    offered.refresh_from_db()
    assert (offered.status, offered.answered_at) == (W.EXPIRED, later)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.offer_reason, waiting.offered_session) == (
        W.OFFERED,
        OfferReason.OFFER_PASSED_ON,
        session,
    )
    assert waiting.offer_expires_at == later + datetime.timedelta(hours=48)
    assert emails(f"{pn.OFFER}:expired:{offered.pk}:{offered.offered_at:%Y%m%d%H%M%S%f}")
    assert emails(f"{pn.OFFER}:offered:{waiting.pk}:{waiting.offered_at:%Y%m%d%H%M%S%f}")
    assert len(callbacks) == 2  # the expiry and the new offer
    assert not Registration.objects.filter(session=session, status=R.CONFIRMED).exists()


def test_a_declined_offer_passes_on_to_the_next_in_line(now):
    session, (offered, waiting) = with_offer()

    declined = services.waiting_offer_decline(entry=offered, actor=None, token=offered.token)

    assert (declined.status, declined.answered_at) == (W.DECLINED, now)
    assert offered_after(waiting) == (W.OFFERED, OfferReason.OFFER_PASSED_ON)
    assert waiting.offer_expires_at == now + datetime.timedelta(hours=48)
    services.waiting_offer_decline(entry=waiting, actor=waiting.participant)
    session.refresh_from_db()
    assert services.session_places(session).free == 1
    assert session.status == SessionStatus.OPEN  # nobody is left waiting


# Leaving


def test_leaving_the_waiting_list():
    session, _ = full_session(1)
    entry, behind = queue(session, 2)

    left = services.waiting_list_leave(entry=entry, actor=entry.participant)

    assert (left.status, left.answered_at is not None) == (W.REMOVED, True)
    behind.refresh_from_db()
    assert services.waiting_position(behind) == 1
    refused(
        Conflict,
        "You are no longer on this waiting list.",
        lambda: services.waiting_list_leave(entry=entry, actor=entry.participant),
    )


def test_only_the_person_their_school_or_staff_take_someone_off_the_list(professionalisation_coordinator):
    session, _ = full_session(1)
    entry, other = queue(session, 2)
    for actor in (UserFactory(), other.participant, None):
        refused(NotAllowed, NOT_ALLOWED, lambda actor=actor: services.waiting_list_leave(entry=entry, actor=actor))
    removed = services.waiting_list_leave(entry=entry, actor=professionalisation_coordinator)
    assert removed.status == W.REMOVED
    assert WaitingListEntry.history.filter(id=entry.pk).latest().history_user == professionalisation_coordinator


def test_leaving_while_offered_passes_the_offer_on(now):
    _session, (offered, waiting) = with_offer()

    services.waiting_list_leave(entry=offered, actor=offered.participant)

    offered.refresh_from_db()
    assert offered.status == W.REMOVED
    assert offered_after(waiting) == (W.OFFERED, OfferReason.OFFER_PASSED_ON)
    assert waiting.offer_expires_at == now + datetime.timedelta(hours=48)


# Offers whose time is up


def test_only_offers_that_are_due_expire_and_a_second_run_changes_nothing(django_capture_on_commit_callbacks):
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        due_session, (due, next_in_line) = with_offer()
    with time_machine.travel(start + datetime.timedelta(hours=1), tick=False):
        _session, (not_due, _waiting) = with_offer()
    moment = start + datetime.timedelta(hours=48, seconds=30)

    with time_machine.travel(moment, tick=False):
        assert services.waiting_offers_expire() == 1
        with nothing_written(*WRITES):
            assert services.waiting_offers_expire() == 0

    assert offered_after(due) == (W.EXPIRED, OfferReason.CANCELLATION)
    assert due.answered_at == moment
    assert offered_after(next_in_line) == (W.OFFERED, OfferReason.OFFER_PASSED_ON)
    assert (next_in_line.offered_session, next_in_line.offer_expires_at) == (
        due_session,
        moment + datetime.timedelta(hours=48),
    )
    assert offered_after(not_due) == (W.OFFERED, OfferReason.CANCELLATION)
    (told,) = emails(f"{pn.OFFER}:expired:{due.pk}:{due.offered_at:%Y%m%d%H%M%S%f}")
    assert told.recipient == due.participant


def test_the_expiry_runs_from_the_moment_it_is_given():
    _session, (offered, waiting) = with_offer()
    moment = offered.offer_expires_at + datetime.timedelta(days=3)

    assert services.waiting_offers_expire(now=moment) == 1
    assert services.waiting_offers_expire(now=moment) == 0  # the next offer is not due at that moment

    assert offered_after(waiting) == (W.OFFERED, OfferReason.OFFER_PASSED_ON)
    assert (waiting.offered_at, waiting.offer_expires_at) == (moment, moment + datetime.timedelta(hours=48))


# Staff promote by hand


def test_staff_promote_someone_ahead_of_the_queue_adding_a_place_with_their_reason(
    professionalisation_coordinator, django_capture_on_commit_callbacks, now
):
    session, _ = full_session(1)
    first, second, third = queue(session, 3)

    with django_capture_on_commit_callbacks() as callbacks:
        promoted = services.waiting_list_promote(
            entry=third, actor=professionalisation_coordinator, reason=" Schoolopleider van \n een partnerschool "
        )

    assert (promoted.status, promoted.offered_session, promoted.offer_reason) == (W.OFFERED, session, OfferReason.STAFF)
    assert promoted.staff_reason == "Schoolopleider van een partnerschool"
    assert (promoted.offered_at, promoted.offer_expires_at) == (now, now + datetime.timedelta(hours=48))
    history = WaitingListEntry.history.filter(id=third.pk).latest()
    assert (history.history_user, history.history_change_reason) == (
        professionalisation_coordinator,
        "Schoolopleider van een partnerschool",
    )
    session.refresh_from_db()
    assert session.capacity == 2  # no place was free: staff added one
    assert session.history.latest().history_change_reason == "Schoolopleider van een partnerschool"
    reload(first, second)
    assert [services.waiting_position(e) for e in (first, second)] == [1, 2]
    assert emails(f"{pn.OFFER}:offered:{third.pk}:{now:%Y%m%d%H%M%S%f}")
    assert len(callbacks) == 1


def test_staff_promote_into_a_free_place_without_adding_one(professionalisation_coordinator):
    # After the last moment for offers a freed place stays free; staff may still give it by hand.
    session, (registration,) = full_session(1, offers_until=timezone.now() - datetime.timedelta(minutes=1))
    first, second = queue(session, 2)
    services.registration_cancel(registration=registration, actor=professionalisation_coordinator)
    assert services.session_places(session).free == 1

    services.waiting_list_promote(entry=second, actor=professionalisation_coordinator, reason="Collega van de docent")

    session.refresh_from_db()
    assert session.capacity == 1
    assert offered_after(second) == (W.OFFERED, OfferReason.STAFF)
    assert offered_after(first) == (W.WAITING, "")


def test_only_registration_staff_promote_and_only_with_a_reason(
    professionalisation_coordinator, placement_coordinator, school_a_contact
):
    session, _ = full_session(1)
    (entry,) = queue(session, 1)
    for actor in (entry.participant, school_a_contact, placement_coordinator, None):
        refused(
            NotAllowed,
            NOT_ALLOWED,
            lambda actor=actor: services.waiting_list_promote(entry=entry, actor=actor, reason="Graag"),
        )
    error = refused(
        PortalError,
        "Give a reason for promoting this person.",
        lambda: services.waiting_list_promote(entry=entry, actor=professionalisation_coordinator, reason="  "),
    )
    assert error.field == "reason"


def test_promoting_needs_a_waiting_person_and_a_session_of_their_list(professionalisation_coordinator):
    staff = professionalisation_coordinator
    session, _ = full_session(1)
    any_session = join(session.activity, UserFactory())
    elsewhere, sibling = SessionFactory(), SessionFactory(activity=session.activity)
    error = refused(
        PortalError,
        "Choose the session to offer a place in.",
        lambda: services.waiting_list_promote(entry=any_session, actor=staff, reason="Graag"),
    )
    assert error.field == "session"
    refused(
        PortalError,
        "Choose a session of this person's waiting list.",
        lambda: services.waiting_list_promote(entry=any_session, actor=staff, reason="Graag", session=elsewhere),
    )
    (entry,) = queue(session, 1)
    refused(
        PortalError,
        "Choose a session of this person's waiting list.",
        lambda: services.waiting_list_promote(entry=entry, actor=staff, reason="Graag", session=sibling),
    )
    promoted = services.waiting_list_promote(entry=any_session, actor=staff, reason="Graag", session=session)
    assert (promoted.offered_session, promoted.offer_reason) == (session, OfferReason.STAFF)
    refused(
        Conflict,
        "Only someone who is waiting can be promoted.",
        lambda: services.waiting_list_promote(entry=promoted, actor=staff, reason="Nog eens"),
    )


def test_nobody_is_promoted_into_a_cancelled_session(professionalisation_coordinator):
    session, _ = full_session(1)
    any_session = join(session.activity, UserFactory())
    session.status = SessionStatus.CANCELLED
    session.save()
    refused(
        Conflict,
        "This session has been cancelled.",
        lambda: services.waiting_list_promote(
            entry=any_session, actor=professionalisation_coordinator, reason="Graag", session=session
        ),
    )


# The last moment for offers


def test_no_offers_after_the_sessions_last_moment_for_offers(professionalisation_coordinator):
    session, (registration,) = full_session(1, offers_until=timezone.now() - datetime.timedelta(seconds=1))
    (entry,) = queue(session, 1)

    services.registration_cancel(registration=registration, actor=professionalisation_coordinator)
    services.session_capacity_change(session=session, capacity=3, actor=professionalisation_coordinator)

    assert offered_after(entry) == (W.WAITING, "")
    session.refresh_from_db()
    assert services.session_places(session).free == 3


def test_no_offers_once_the_first_meeting_has_started(professionalisation_coordinator):
    session, (registration,) = full_session(1, meetings=0)
    meeting = MeetingFactory(session=session, date=timezone.localdate() + datetime.timedelta(days=2))
    (entry,) = queue(session, 1)
    assert not services.offers_closed(session)

    with time_machine.travel(meeting.start + datetime.timedelta(minutes=1), tick=False):
        assert services.offers_closed(session)
        services.registration_cancel(registration=registration, actor=professionalisation_coordinator)

    assert offered_after(entry) == (W.WAITING, "")


def test_an_offer_never_outlasts_the_start_of_the_first_meeting(professionalisation_coordinator, now):
    """An offer made five hours before the only meeting must be answered before it starts, not 48
    hours later; one made by hand after that moment keeps its full time."""
    session, (registration,) = full_session(1, meetings=0)
    meeting = MeetingFactory(session=session, date=timezone.localdate() + datetime.timedelta(days=3))
    first, second = queue(session, 2)
    with time_machine.travel(meeting.start - datetime.timedelta(hours=5), tick=False):
        services.registration_cancel(registration=registration, actor=professionalisation_coordinator)
    first.refresh_from_db()
    assert (first.status, first.offer_expires_at) == (W.OFFERED, meeting.start)

    with time_machine.travel(meeting.start + datetime.timedelta(hours=1), tick=False):
        promoted = services.waiting_list_promote(
            entry=second, actor=professionalisation_coordinator, reason="Came to the door"
        )
        assert promoted.offer_expires_at == timezone.now() + datetime.timedelta(hours=session.activity.offer_hours)


def test_an_offer_declined_after_the_last_moment_is_passed_on_to_nobody(professionalisation_coordinator):
    session, (offered, waiting) = with_offer()
    session.offers_until = timezone.now()
    session.save()

    services.waiting_offer_decline(entry=offered, actor=offered.participant)

    assert offered_after(waiting) == (W.WAITING, "")


def test_every_offer_stores_why_it_was_made(professionalisation_coordinator):
    session, (registration,) = full_session(1)
    entries = queue(session, 5)
    services.registration_cancel(registration=registration, actor=registration.participant)
    services.waiting_offer_decline(entry=entries[0], actor=entries[0].participant)
    services.session_capacity_change(session=session, capacity=2, actor=professionalisation_coordinator)
    services.waiting_list_promote(entry=entries[4], actor=professionalisation_coordinator, reason="Op verzoek")

    reasons = [offered_after(entry)[1] for entry in entries]
    assert reasons == [
        OfferReason.CANCELLATION,
        OfferReason.OFFER_PASSED_ON,
        OfferReason.CAPACITY_RAISED,
        "",
        OfferReason.STAFF,
    ]
    history = WaitingListEntry.history.filter(status=W.OFFERED).values_list("id", "offer_reason")
    assert sorted(history) == sorted(
        (entry.pk, reason) for entry, reason in zip(entries, reasons, strict=True) if reason
    )
