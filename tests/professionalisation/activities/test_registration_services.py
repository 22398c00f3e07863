"""Registering for a session and giving the place back (professionalisation/activities/services/):
who may register whom, when a session takes registrations, the capacity with its waiting list and
the places held for ONZ member schools, cancelling (a freed place is offered to the first in line),
changing the number of places and cancelling a whole session (everyone is told).

Every refusal is compared word for word (in English) and writes nothing."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from iclon.core.errors import Conflict, NotAllowed, PortalError
from iclon.notifications.models import Channel, Notification
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
    SchoolFactory,
    SessionFactory,
    UserFactory,
    WaitingListEntryFactory,
)
from tests.professionalisation.helpers import (
    NOT_ALLOWED,
    contact_of,
    emails,
    in_language,
    refused,
    register,
    teacher_of,
)

pytestmark = pytest.mark.django_db

R = RegistrationStatus
W = WaitingStatus
ALREADY_REGISTERED = "You are already registered for this session."
ALREADY_WAITING = "You are already on the waiting list."


def title(activity, language):
    return activity.title_nl if language == "nl" else activity.title_en


def fill(session, count):
    """`count` people registered for `session` by themselves (confirmed)."""
    return [register(session, UserFactory()) for _ in range(count)]


# Who may register whom


def test_a_teacher_registers_themself_and_is_told_in_their_language(django_capture_on_commit_callbacks):
    session = SessionFactory(capacity=2)
    teacher = UserFactory(language="en")

    with django_capture_on_commit_callbacks() as callbacks:
        registration = register(session, teacher)

    registration.refresh_from_db()
    assert (registration.session, registration.participant, registration.status) == (session, teacher, R.CONFIRMED)
    assert (registration.registered_by, registration.school, registration.onz_place) == (teacher, None, False)
    assert registration.history.latest().history_user == teacher
    (email,) = emails(f"{pn.REGISTRATION}:confirmed:{registration.pk}")
    assert (email.recipient, email.language) == (teacher, "en")
    assert email.subject == f"You are registered: {session.activity.title_en}"
    assert len(callbacks) == 1  # the e-mail is handed to the worker once the transaction commits
    session.refresh_from_db()
    assert session.status == SessionStatus.OPEN


def test_a_school_contact_registers_a_teacher_for_their_own_school():
    school = SchoolFactory()
    contact = contact_of(school)
    teacher = teacher_of(school)
    session = SessionFactory()

    registration = register(session, teacher, contact, school=school)

    assert (registration.participant, registration.registered_by, registration.school) == (teacher, contact, school)
    assert registration.status == R.CONFIRMED
    assert Registration.history.get(id=registration.pk).history_user == contact


def test_a_school_leader_registers_for_their_school_too():
    school = SchoolFactory()
    registration = register(
        SessionFactory(), teacher_of(school), contact_of(school, SchoolRole.SCHOOL_LEADER), school=school
    )
    assert registration.status == R.CONFIRMED


def test_another_schools_contact_may_not_register_for_a_school():
    school, other = SchoolFactory(), SchoolFactory()
    session = SessionFactory()
    refused(NotAllowed, NOT_ALLOWED, lambda: register(session, UserFactory(), contact_of(other), school=school))
    # Nor without naming a school, nor as a workplace mentor of the school itself.
    refused(NotAllowed, NOT_ALLOWED, lambda: register(session, UserFactory(), contact_of(school)))
    mentor = contact_of(school, SchoolRole.WORKPLACE_MENTOR)
    refused(NotAllowed, NOT_ALLOWED, lambda: register(session, UserFactory(), mentor, school=school))


def test_a_professionalisation_coordinator_registers_anyone_even_after_the_deadline(
    professionalisation_coordinator,
):
    session = SessionFactory(registration_deadline=timezone.now() - datetime.timedelta(hours=1))
    session.activity.published = False
    session.activity.save()
    teacher = UserFactory()

    registration = register(session, teacher, professionalisation_coordinator)

    assert (registration.status, registration.registered_by) == (R.CONFIRMED, professionalisation_coordinator)


def test_staff_of_another_group_may_not_register_someone_else(placement_coordinator):
    session = SessionFactory()
    refused(NotAllowed, NOT_ALLOWED, lambda: register(session, UserFactory(), placement_coordinator))


@pytest.mark.parametrize("actor", [None, AnonymousUser()], ids=["none", "anonymous"])
def test_an_anonymous_actor_is_refused(actor):
    session = SessionFactory()
    teacher = UserFactory()
    refused(
        NotAllowed, NOT_ALLOWED, lambda: services.registration_create(session=session, participant=teacher, actor=actor)
    )


def test_an_inactive_account_neither_registers_nor_is_registered(professionalisation_coordinator):
    session = SessionFactory()
    school = SchoolFactory()
    inactive_contact = contact_of(school)
    inactive_contact.is_active = False
    inactive_contact.save()
    refused(NotAllowed, NOT_ALLOWED, lambda: register(session, UserFactory(), inactive_contact, school=school))
    inactive = UserFactory(is_active=False)
    for actor in (inactive, professionalisation_coordinator):
        error = refused(
            PortalError, "This person has no active account.", lambda actor=actor: register(session, inactive, actor)
        )
        assert error.field == "participant"


# When a session takes registrations


def test_no_registration_after_the_deadline():
    session = SessionFactory(registration_deadline=timezone.now() - datetime.timedelta(minutes=1))
    refused(Conflict, "The registration deadline of this session has passed.", lambda: register(session, UserFactory()))


def test_no_registration_for_an_unpublished_activity():
    session = SessionFactory(activity=ActivityFactory(published=False))
    refused(Conflict, "This activity is not open for registration.", lambda: register(session, UserFactory()))


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (SessionStatus.CLOSED, "Registration for this session is closed."),
        (SessionStatus.CANCELLED, "This session has been cancelled."),
    ],
)
def test_no_registration_for_a_closed_or_cancelled_session_not_even_by_staff(
    status, message, professionalisation_coordinator
):
    session = SessionFactory(status=status)
    refused(Conflict, message, lambda: register(session, UserFactory()))
    refused(Conflict, message, lambda: register(session, UserFactory(), professionalisation_coordinator))


def test_a_repeat_is_already_registered_and_adds_no_row():
    session = SessionFactory()
    teacher = UserFactory()
    register(session, teacher)
    refused(Conflict, ALREADY_REGISTERED, lambda: register(session, teacher))
    refused(services.AlreadyRegistered, ALREADY_REGISTERED, lambda: register(session, teacher))
    assert Registration.objects.filter(session=session, participant=teacher).count() == 1


def test_someone_waiting_who_registers_again_is_already_on_the_waiting_list():
    session = SessionFactory(capacity=1)
    fill(session, 1)
    teacher = UserFactory()
    register(session, teacher)
    refused(services.AlreadyWaiting, ALREADY_WAITING, lambda: register(session, teacher))
    # Waiting for any session of the activity counts as waiting for this one.
    other = UserFactory()
    WaitingListEntryFactory(session=None, activity=session.activity, participant=other)
    refused(services.AlreadyWaiting, ALREADY_WAITING, lambda: register(session, other))


def test_registering_again_after_cancelling_gives_a_new_place():
    session = SessionFactory()
    teacher = UserFactory()
    first = register(session, teacher)
    services.registration_cancel(registration=first, actor=teacher)
    second = register(session, teacher)
    assert second.pk != first.pk and second.status == R.CONFIRMED


# Capacity and the waiting list


def test_a_full_session_puts_the_next_teachers_on_its_waiting_list_in_order(django_capture_on_commit_callbacks):
    session = SessionFactory(capacity=2)
    fill(session, 2)
    first, second = UserFactory(language="en"), UserFactory()

    with django_capture_on_commit_callbacks() as callbacks:
        entry = register(session, first)
    later = register(session, second)

    assert isinstance(entry, WaitingListEntry)
    assert (entry.session, entry.activity, entry.participant, entry.status) == (
        session,
        session.activity,
        first,
        W.WAITING,
    )
    assert (services.waiting_position(entry), services.waiting_position(later)) == (1, 2)
    assert Registration.objects.filter(session=session).count() == 2
    (email,) = emails(f"{pn.REGISTRATION}:waiting:{entry.pk}")
    assert email.subject == f"On the waiting list: {session.activity.title_en}"
    assert "Your place in the queue: 1." in email.body_text
    assert len(callbacks) == 1
    (dutch,) = emails(f"{pn.REGISTRATION}:waiting:{later.pk}")
    assert dutch.language == "nl"
    assert dutch.subject == in_language("nl", "On the waiting list: %(title)s", title=session.activity.title_nl)
    session.refresh_from_db()
    assert session.status == SessionStatus.FULL


def test_a_full_session_can_refuse_instead_of_putting_on_the_waiting_list():
    session = SessionFactory(capacity=1)
    fill(session, 1)
    refused(Conflict, "This session is full.", lambda: register(session, UserFactory(), join_waiting_list=False))


def test_the_session_is_open_until_its_last_place_and_full_after(professionalisation_coordinator):
    session = SessionFactory(capacity=2)
    assert services.session_places(session).free_for(onz=False) == 2
    first = register(session, UserFactory())
    session.refresh_from_db()
    assert session.status == SessionStatus.OPEN
    register(session, UserFactory())
    session.refresh_from_db()
    assert session.status == SessionStatus.FULL
    places = services.session_places(session)
    assert (places.capacity, places.taken, places.held, places.free, places.left) == (2, 2, 0, 0, 0)

    services.registration_cancel(registration=first, actor=professionalisation_coordinator)
    session.refresh_from_db()
    assert session.status == SessionStatus.OPEN  # nobody waited for the place


def test_people_waiting_count_against_free_places(professionalisation_coordinator):
    # After the last moment for offers a freed place is offered to nobody; the person waiting still
    # comes before a newcomer, who goes on the waiting list behind them.
    session = SessionFactory(capacity=1, offers_until=timezone.now() - datetime.timedelta(minutes=1))
    (registration,) = fill(session, 1)
    waiting = register(session, UserFactory())
    services.registration_cancel(registration=registration, actor=professionalisation_coordinator)
    waiting.refresh_from_db()
    assert waiting.status == W.WAITING
    places = services.session_places(session)
    assert (places.free, places.waiting, places.free_for(onz=False)) == (1, 1, 0)

    newcomer = register(session, UserFactory())

    assert isinstance(newcomer, WaitingListEntry)
    assert services.waiting_position(newcomer) == 2
    session.refresh_from_db()
    assert session.status == SessionStatus.FULL


# Places held for ONZ member schools


def for_school(session, school):
    """A new teacher registered for `session` by `school`'s contact."""
    return register(session, teacher_of(school), contact_of(school), school=school)


def onz_session(capacity=3, onz_places=1, until_days=7):
    return SessionFactory(
        capacity=capacity,
        onz_places=onz_places,
        onz_places_until=timezone.localdate() + datetime.timedelta(days=until_days),
    )


def test_places_held_for_onz_go_to_onz_teachers_and_others_wait(onz_school):
    session = onz_session(capacity=3, onz_places=1)
    fill(session, 2)
    session.refresh_from_db()
    assert session.status == SessionStatus.FULL  # for the public: the last place is held
    assert services.session_places(session).left == 0

    outsider = register(session, UserFactory())
    assert isinstance(outsider, WaitingListEntry)

    # A teacher with a role at the member school registers themself for it.
    teacher = contact_of(onz_school, SchoolRole.SCHOOL_TEACHER_EDUCATOR)
    member = register(session, teacher, school=onz_school)

    assert isinstance(member, Registration)
    assert (member.school, member.registered_by, member.onz_place) == (onz_school, teacher, True)
    places = services.session_places(session)
    assert (places.taken, places.free, places.onz_held) == (3, 0, 0)
    outsider.refresh_from_db()
    assert outsider.status == W.WAITING


def test_a_school_contact_of_an_onz_school_registers_a_teacher_on_a_held_place(onz_school):
    session = onz_session(capacity=1, onz_places=1)
    registration = register(session, teacher_of(onz_school), contact_of(onz_school), school=onz_school)
    assert (registration.status, registration.onz_place) == (R.CONFIRMED, True)


def test_people_waiting_who_may_not_take_a_held_place_do_not_keep_an_onz_teacher_from_it(onz_school):
    session = onz_session(capacity=3, onz_places=1)
    fill(session, 2)
    register(session, UserFactory())
    register(session, UserFactory())

    member = for_school(session, onz_school)

    assert isinstance(member, Registration) and member.onz_place


def test_naming_a_school_one_holds_no_role_at_is_not_allowed(onz_school):
    # Else anyone could take the places an ONZ member school holds (or show their registration to
    # a school they do not work for).
    session = onz_session(capacity=1, onz_places=1)
    refused(NotAllowed, NOT_ALLOWED, lambda: register(session, UserFactory(), school=onz_school))


def test_an_onz_teacher_takes_a_public_place_when_none_is_held_any_more(onz_school):
    session = onz_session(capacity=3, onz_places=1)
    first, second = for_school(session, onz_school), for_school(session, onz_school)
    assert (first.onz_place, second.onz_place) == (True, False)
    assert services.session_places(session).left == 1


def test_held_places_are_public_after_their_date():
    session = onz_session(capacity=3, onz_places=1, until_days=-1)
    registrations = fill(session, 3)
    assert all(isinstance(r, Registration) and not r.onz_place for r in registrations)


def test_held_places_are_still_held_on_their_last_day():
    session = onz_session(capacity=1, onz_places=1, until_days=0)
    assert isinstance(register(session, UserFactory()), WaitingListEntry)


def test_a_freed_public_place_goes_to_the_first_in_line_but_a_held_place_waits_for_onz(
    professionalisation_coordinator, onz_school
):
    session = onz_session(capacity=3, onz_places=1)
    public, _other = fill(session, 2)
    first = register(session, UserFactory())
    second = register(session, UserFactory())

    services.registration_cancel(registration=public, actor=professionalisation_coordinator)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.offer_reason) == (W.OFFERED, OfferReason.CANCELLATION)
    assert second.status == W.WAITING  # the free place left is held for ONZ
    assert services.waiting_position(second) == 1
    member = for_school(session, onz_school)
    assert isinstance(member, Registration) and member.onz_place


def test_a_freed_held_place_is_offered_to_the_first_onz_teacher_in_line(professionalisation_coordinator, onz_school):
    session = onz_session(capacity=2, onz_places=1)
    fill(session, 1)
    held = for_school(session, onz_school)
    outsider = register(session, UserFactory())
    member = for_school(session, onz_school)
    assert isinstance(member, WaitingListEntry)

    services.registration_cancel(registration=held, actor=professionalisation_coordinator)

    outsider.refresh_from_db()
    member.refresh_from_db()
    assert outsider.status == W.WAITING
    assert (member.status, member.offered_session) == (W.OFFERED, session)
    registration = services.waiting_offer_accept(entry=member, actor=member.participant)
    assert (registration.school, registration.onz_place) == (onz_school, True)


# Cancelling a registration


def test_a_participant_cancels_before_the_deadline_and_is_told(django_capture_on_commit_callbacks, now):
    session = SessionFactory(capacity=1)
    teacher = UserFactory(language="en")
    registration = register(session, teacher)

    with django_capture_on_commit_callbacks() as callbacks:
        cancelled = services.registration_cancel(registration=registration, actor=teacher, reason=" Ziek \n geworden ")

    registration.refresh_from_db()
    assert (registration.status, registration.cancelled_at) == (R.CANCELLED, now)
    assert registration.cancel_reason == "Ziek geworden"
    assert cancelled.status == R.CANCELLED
    assert registration.history.latest().history_user == teacher
    (email,) = emails(f"{pn.REGISTRATION}:cancelled:{registration.pk}")
    assert email.subject == f"Registration cancelled: {session.activity.title_en}"
    assert "Reason: Ziek geworden" in email.body_text
    assert len(callbacks) == 1
    assert services.session_places(session).free == 1


def test_a_participant_may_not_cancel_after_the_deadline_but_staff_may(professionalisation_coordinator):
    session = SessionFactory(meetings=0)
    MeetingFactory(session=session, date=timezone.localdate() + datetime.timedelta(days=3))
    teacher = UserFactory()
    registration = register(session, teacher)
    assert services.cancel_deadline(session) < timezone.now()

    refused(
        Conflict,
        "The deadline for cancelling has passed; please contact ICLON.",
        lambda: services.registration_cancel(registration=registration, actor=teacher),
    )

    services.registration_cancel(registration=registration, actor=professionalisation_coordinator)
    registration.refresh_from_db()
    assert registration.status == R.CANCELLED
    assert registration.history.latest().history_user == professionalisation_coordinator


def test_the_cancel_deadline_is_the_activitys_days_before_the_first_meeting():
    session = SessionFactory(meetings=2)
    first = session.meetings.order_by("date").first()
    assert services.cancel_deadline(session) == first.start - datetime.timedelta(days=7)
    assert services.cancel_deadline(SessionFactory(meetings=0)) is None


def test_the_school_contact_cancels_for_their_school_but_not_for_another():
    school = SchoolFactory()
    registration = register(SessionFactory(), teacher_of(school), contact_of(school), school=school)
    refused(
        NotAllowed,
        NOT_ALLOWED,
        lambda: services.registration_cancel(registration=registration, actor=contact_of(SchoolFactory())),
    )
    refused(NotAllowed, NOT_ALLOWED, lambda: services.registration_cancel(registration=registration, actor=None))
    services.registration_cancel(registration=registration, actor=contact_of(school))
    registration.refresh_from_db()
    assert registration.status == R.CANCELLED


def test_a_cancelled_registration_is_not_cancelled_twice():
    teacher = UserFactory()
    registration = register(SessionFactory(), teacher)
    services.registration_cancel(registration=registration, actor=teacher)
    refused(
        Conflict,
        "This registration has been cancelled already.",
        lambda: services.registration_cancel(registration=registration, actor=teacher),
    )


def test_a_cancellation_offers_the_place_to_the_first_in_line_for_the_activitys_hours(
    django_capture_on_commit_callbacks, now
):
    session = SessionFactory(capacity=1, activity=ActivityFactory(offer_hours=24))
    teacher = UserFactory()
    registration = register(session, teacher)
    first, second = register(session, UserFactory(language="en")), register(session, UserFactory())

    with django_capture_on_commit_callbacks() as callbacks:
        services.registration_cancel(registration=registration, actor=teacher)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.offered_session, first.offer_reason) == (W.OFFERED, session, OfferReason.CANCELLATION)
    assert (first.offered_at, first.offer_expires_at) == (now, now + datetime.timedelta(hours=24))
    assert first.offer_open
    assert second.status == W.WAITING and services.waiting_position(second) == 1
    (offer,) = emails(f"{pn.OFFER}:offered:{first.pk}:{now:%Y%m%d%H%M%S%f}")
    assert offer.subject == f"A place is free for you: {session.activity.title_en}"
    assert first.token in offer.body_text  # the link to accept or decline without logging in
    assert len(callbacks) == 2  # the offer and the cancellation
    places = services.session_places(session)
    assert (places.taken, places.held, places.free, places.waiting) == (0, 1, 0, 1)
    session.refresh_from_db()
    assert session.status == SessionStatus.FULL


# Changing the number of places


def test_only_staff_change_the_number_of_places(school_a_contact):
    session = SessionFactory()
    for actor in (school_a_contact, UserFactory(), None):
        refused(
            NotAllowed,
            NOT_ALLOWED,
            lambda actor=actor: services.session_capacity_change(session=session, capacity=20, actor=actor),
        )


def test_the_places_never_go_below_those_taken_or_offered(professionalisation_coordinator):
    session = SessionFactory(capacity=3)
    teacher = UserFactory()
    registration, _second, _third = (register(session, teacher), *fill(session, 2))
    register(session, UserFactory())
    services.registration_cancel(registration=registration, actor=teacher)  # 2 taken, 1 offered

    error = refused(
        PortalError,
        "3 places are taken or offered; the session needs at least that many.",
        lambda: services.session_capacity_change(session=session, capacity=2, actor=professionalisation_coordinator),
    )
    assert error.field == "capacity"
    refused(
        PortalError,
        "A session has at least one place.",
        lambda: services.session_capacity_change(session=session, capacity=0, actor=professionalisation_coordinator),
    )
    changed = services.session_capacity_change(session=session, capacity=3, actor=professionalisation_coordinator)
    assert changed.capacity == 3


def test_the_places_never_go_below_those_held_for_onz(professionalisation_coordinator):
    session = onz_session(capacity=4, onz_places=3)
    refused(
        PortalError,
        "There are more places held for ONZ than places.",
        lambda: services.session_capacity_change(session=session, capacity=2, actor=professionalisation_coordinator),
    )


def test_more_places_are_offered_to_the_waiting_list_first(professionalisation_coordinator, now):
    session = SessionFactory(capacity=1)
    fill(session, 1)
    first, second, third = (register(session, UserFactory()) for _ in range(3))

    changed = services.session_capacity_change(session=session, capacity=3, actor=professionalisation_coordinator)

    assert changed.capacity == 3
    for entry in (first, second, third):
        entry.refresh_from_db()
    assert [(e.status, e.offer_reason) for e in (first, second)] == [(W.OFFERED, OfferReason.CAPACITY_RAISED)] * 2
    assert first.offer_expires_at == now + datetime.timedelta(hours=48)
    assert third.status == W.WAITING and services.waiting_position(third) == 1
    session.refresh_from_db()
    assert (session.capacity, session.status) == (3, SessionStatus.FULL)
    assert session.history.latest().history_user == professionalisation_coordinator


def test_more_places_without_a_queue_open_a_full_session(professionalisation_coordinator):
    session = SessionFactory(capacity=1)
    fill(session, 1)
    services.session_capacity_change(session=session, capacity=2, actor=professionalisation_coordinator)
    session.refresh_from_db()
    assert session.status == SessionStatus.OPEN


# Cancelling a session


def test_cancelling_a_session_tells_everyone_registered_or_waiting_in_their_language(
    professionalisation_coordinator, django_capture_on_commit_callbacks, now
):
    session = SessionFactory(capacity=3)
    registered_nl, registered_en = UserFactory(language="nl"), UserFactory(language="en")
    register(session, registered_nl)
    register(session, registered_en)
    leaver = UserFactory()
    gone = register(session, leaver)
    offered = register(session, UserFactory(language="en"))
    waiting = register(session, UserFactory(language="nl"))
    services.registration_cancel(registration=gone, actor=leaver)  # its place is offered
    any_session = WaitingListEntryFactory(session=None, activity=session.activity)

    with django_capture_on_commit_callbacks() as callbacks:
        services.session_cancel(session=session, actor=professionalisation_coordinator, reason="  De docent\nis ziek ")

    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    assert session.history.latest().history_user == professionalisation_coordinator
    registrations = Registration.objects.filter(session=session, participant__in=[registered_nl, registered_en])
    assert {(r.status, r.cancelled_at, r.cancel_reason) for r in registrations} == {
        (R.CANCELLED, now, "De docent is ziek")
    }
    for entry in (offered, waiting):
        entry.refresh_from_db()
        assert (entry.status, entry.answered_at) == (W.CLOSED, now)
    any_session.refresh_from_db()
    assert any_session.status == W.WAITING  # it waits for the activity's other sessions

    told = [registered_nl, registered_en, offered.participant, waiting.participant]
    rows = Notification.objects.filter(
        idempotency_key__startswith=f"{pn.REGISTRATION}:session-cancelled:{session.pk}:", channel=Channel.EMAIL
    )
    assert sorted(row.recipient_id for row in rows) == sorted(person.pk for person in told)
    for row in rows:
        language = row.recipient.language
        assert row.language == language
        assert row.idempotency_key == f"{pn.REGISTRATION}:session-cancelled:{session.pk}:{row.recipient_id}"
        assert row.subject == in_language(language, "Cancelled: %(title)s", title=title(session.activity, language))
        assert "De docent is ziek" in row.body_text
    assert len(callbacks) == len(told)
    assert not Notification.objects.filter(
        recipient__in=[leaver, any_session.participant], idempotency_key__contains="session-cancelled"
    ).exists()


def test_cancelling_a_session_needs_staff_and_a_reason(professionalisation_coordinator, school_a_contact):
    session = SessionFactory()
    fill(session, 1)
    for actor in (school_a_contact, session.registrations.get().participant, None):
        refused(
            NotAllowed,
            NOT_ALLOWED,
            lambda actor=actor: services.session_cancel(session=session, actor=actor, reason="Ziek"),
        )
    error = refused(
        PortalError,
        "Give a reason for cancelling the session.",
        lambda: services.session_cancel(session=session, actor=professionalisation_coordinator, reason=" \n "),
    )
    assert error.field == "reason"


def test_a_cancelled_session_is_not_cancelled_twice(professionalisation_coordinator):
    session = SessionFactory()
    services.session_cancel(session=session, actor=professionalisation_coordinator, reason="Te weinig aanmeldingen")
    refused(
        Conflict,
        "This session has been cancelled already.",
        lambda: services.session_cancel(session=session, actor=professionalisation_coordinator, reason="Nog eens"),
    )
