"""What happens to the queue besides cancellations: a place that is free while people wait (ONZ
places released after their date, a free place nobody waited for) is offered by the periodic sweep;
declining an offer whose time was up is recorded as expired; a cancelled session gives someone who
waits for any session of the activity their place in the queue back."""

import datetime

import pytest
import time_machine
from django.utils import timezone, translation

from iclon.notifications.models import Channel, Notification
from professionalisation.activities import notifications as pn
from professionalisation.activities import services
from professionalisation.activities import tasks as activity_tasks
from professionalisation.models import OfferReason, Registration, SessionStatus, WaitingListEntry, WaitingStatus
from tests.factories import ActivityFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

W = WaitingStatus


@pytest.fixture
def now():
    moment = timezone.now().replace(microsecond=0)
    with time_machine.travel(moment, tick=False):
        yield moment


def register(session, person):
    return services.registration_create(session=session, participant=person, actor=person)


def test_onz_places_released_after_their_date_are_offered_by_the_sweep(now):
    today = timezone.localdate()
    session = SessionFactory(capacity=3, onz_places=2, onz_places_until=today)
    first = register(session, UserFactory())
    waiting = [register(session, UserFactory()) for _ in range(3)]
    assert first.status == "confirmed" and {entry.status for entry in waiting} == {W.WAITING}

    assert services.waiting_offers_sweep() == 0  # the places are still held today

    tomorrow = now + datetime.timedelta(days=1)
    with time_machine.travel(tomorrow, tick=False):
        assert services.waiting_offers_sweep() == 2
        assert services.waiting_offers_sweep() == 0  # nothing more is free
    for entry in waiting:
        entry.refresh_from_db()
    assert [entry.status for entry in waiting] == [W.OFFERED, W.OFFERED, W.WAITING]
    assert {entry.offer_reason for entry in waiting[:2]} == {OfferReason.FREE_PLACE}
    assert waiting[0].offer_expires_at == tomorrow + datetime.timedelta(hours=48)
    assert Notification.objects.filter(
        recipient=waiting[0].participant, category=pn.OFFER, channel=Channel.EMAIL
    ).exists()


def test_the_beat_task_expires_offers_and_then_sweeps(now):
    session = SessionFactory(capacity=1, onz_places=1, onz_places_until=timezone.localdate())
    entry = register(session, UserFactory())
    assert isinstance(entry, WaitingListEntry)
    with time_machine.travel(now + datetime.timedelta(days=1), tick=False):
        assert activity_tasks.expire_offers_task() == 0  # no offer expired …
    entry.refresh_from_db()
    assert entry.status == W.OFFERED  # … but the released place went out


def test_the_sweep_leaves_cancelled_sessions_alone(now):
    session = SessionFactory(capacity=1, onz_places=1, onz_places_until=timezone.localdate())
    entry = register(session, UserFactory())
    session.status = SessionStatus.CANCELLED
    session.save()
    with time_machine.travel(now + datetime.timedelta(days=1), tick=False):
        assert services.waiting_offers_sweep() == 0
    entry.refresh_from_db()
    assert entry.status == W.WAITING


def test_declining_an_offer_whose_time_was_up_records_it_as_expired(now):
    session = SessionFactory(capacity=1)
    holder = register(session, UserFactory())
    first, second = register(session, UserFactory()), register(session, UserFactory())
    services.registration_cancel(registration=holder, actor=holder.participant)
    first.refresh_from_db()
    with time_machine.travel(first.offer_expires_at, tick=False):
        answered = services.waiting_offer_decline(entry=first, actor=None, token=first.token)
    assert answered.status == W.EXPIRED
    second.refresh_from_db()
    assert (second.status, second.offer_reason) == (W.OFFERED, OfferReason.OFFER_PASSED_ON)
    assert Notification.objects.filter(
        recipient=first.participant, category=pn.OFFER, channel=Channel.EMAIL, idempotency_key__contains=":expired:"
    ).exists()


def test_a_cancelled_session_gives_someone_waiting_for_any_session_their_place_in_the_queue_back(
    now, professionalisation_coordinator
):
    activity = ActivityFactory()
    cancelled, other = SessionFactory(activity=activity, capacity=1), SessionFactory(activity=activity, capacity=1)
    register(cancelled, UserFactory())
    register(other, UserFactory())
    any_session = services.waiting_list_join(activity=activity, participant=(person := UserFactory()), actor=person)
    one_session = register(cancelled, UserFactory())
    services.waiting_list_promote(
        entry=any_session, actor=professionalisation_coordinator, reason="Urgent", session=cancelled
    )
    any_session.refresh_from_db()
    assert (any_session.status, any_session.offered_session) == (W.OFFERED, cancelled)

    services.session_cancel(session=cancelled, actor=professionalisation_coordinator, reason="Trainer ill")

    any_session.refresh_from_db()
    one_session.refresh_from_db()
    assert (any_session.status, any_session.offered_session, any_session.offer_expires_at) == (W.WAITING, None, None)
    assert services.waiting_position(any_session) == 1
    assert one_session.status == W.CLOSED
    told = set(
        Notification.objects.filter(idempotency_key__contains="session-cancelled", channel=Channel.EMAIL).values_list(
            "recipient", flat=True
        )
    )
    assert person.pk not in told and one_session.participant_id in told


def test_a_second_place_is_refused_to_the_person_or_about_them_to_whoever_registers_them(
    professionalisation_coordinator,
):
    session = SessionFactory(capacity=1)
    teacher, waiting = UserFactory(), UserFactory()
    register(session, teacher)
    register(session, waiting)
    with translation.override("en"):
        with pytest.raises(services.AlreadyRegistered) as mine:
            register(session, teacher)
        with pytest.raises(services.AlreadyRegistered) as theirs:
            services.registration_create(session=session, participant=teacher, actor=professionalisation_coordinator)
        with pytest.raises(services.AlreadyWaiting) as queued:
            services.registration_create(session=session, participant=waiting, actor=professionalisation_coordinator)
        assert str(mine.value) == "You are already registered for this session."
        assert str(theirs.value) == "This person is already registered for this session."
        assert str(queued.value) == "This person is already on the waiting list."
    assert (Registration.objects.count(), WaitingListEntry.objects.count()) == (1, 1)
