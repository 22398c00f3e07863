"""Registration for professional development: places, the waiting list and its offers.

Every write is here, and every edge (pages, admin, API, tasks) calls it. Capacity is the rule that
matters most. Each service that gives or frees a place locks the session row first (SELECT … FOR
UPDATE on PostgreSQL; SQLite serialises writers itself) and counts inside the same transaction, so
concurrent registrations never overfill a session: 50 people at once for 10 places give 10
registrations and 40 waiting-list entries in the order they came.

How places are counted (`_places`):

* a place is *taken* by a confirmed registration and *held* by an open offer to someone from the
  waiting list (until it is accepted, declined or expires);
* places held for ONZ member schools (`Session.onz_places`, until `onz_places_until`) are kept free
  for their teachers: others see them as taken. A member's registration made while places were held
  (`Registration.onz_place`) and an open offer to a member's entry use up a held place;
* people still waiting count against the free places, so nobody skips the queue: a newcomer gets a
  place only when more places are free than people wait for them (people who wait and may not take
  a held place do not count against the held places).

A place that becomes free (a cancellation, more places, a declined or expired offer) is offered to
the first in line at once (`_offer_free_places`), for the activity's `offer_hours`, unless the
session's last moment for offers has passed; a held place only to the first ONZ member in line.
"""

from __future__ import annotations

import datetime
import secrets

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iclon.accounts.models import User
from iclon.core.errors import Conflict, NotAllowed, PortalError
from iclon.core.history import history_author, record_history_as
from partnerships.models import School
from professionalisation.activities import notifications
from professionalisation.activities.models import (
    LIVE_WAITING,
    Activity,
    OfferReason,
    Registration,
    RegistrationInvitation,
    RegistrationStatus,
    Session,
    SessionStatus,
    WaitingListEntry,
    WaitingStatus,
)
from professionalisation.activities.permissions import (
    can_manage_place,
    can_register,
    invitation_admits,
    is_active_person,
    is_registration_staff,
    registers_for_school,
)
from professionalisation.activities.selectors import (
    cancel_deadline,
    session_places,
    session_queue,
    waiting_position,
)

R = RegistrationStatus
W = WaitingStatus
REASON_LENGTH = 200


class _AlreadyThere(Conflict):
    """A second registration or waiting-list place of the same person: the message speaks to the
    person themself, or about them to whoever registers them (a school contact, staff)."""

    other_message = default_message = _("This conflicts with the current state.")

    @classmethod
    def of(cls, *, participant_id: int, actor: User | AnonymousUser | None) -> _AlreadyThere:
        themself = actor is not None and actor.pk == participant_id
        return cls(cls.default_message if themself else cls.other_message)


class AlreadyRegistered(_AlreadyThere):
    default_message = _("You are already registered for this session.")
    other_message = _("This person is already registered for this session.")


class AlreadyWaiting(_AlreadyThere):
    default_message = _("You are already on the waiting list.")
    other_message = _("This person is already on the waiting list.")


def _now() -> datetime.datetime:
    return timezone.now()


def _lock_session(session: Session) -> Session:
    # of=("self",): lock the session row only. Without it PostgreSQL also locks the joined activity
    # row, which serialised every session of an activity and deadlocked with waiting_list_join
    # (that locks the activity, then each session).
    return Session.objects.select_for_update(of=("self",)).select_related("activity").get(pk=session.pk)


def _is_onz(school: School | None) -> bool:
    return bool(school is not None and school.onz_member)


def _refresh_status(session: Session) -> None:
    """Open ↔ full as places come and go: full when a newcomer from outside ONZ would go on the
    waiting list (closed and cancelled sessions stay as they are)."""
    if session.status not in (SessionStatus.OPEN, SessionStatus.FULL):
        return
    status = SessionStatus.OPEN if session_places(session).free_for(onz=False) > 0 else SessionStatus.FULL
    if status != session.status:
        session.status = status
        session.save(update_fields=["status", "updated_at"])


def _check_open_for_registration(session: Session, actor: User | AnonymousUser | None) -> None:
    if session.status == SessionStatus.CANCELLED:
        raise Conflict(_("This session has been cancelled."))
    if session.status == SessionStatus.CLOSED:
        raise Conflict(_("Registration for this session is closed."))
    if is_registration_staff(actor):
        return
    if not session.activity.published:
        raise Conflict(_("This activity is not open for registration."))
    if _now() > session.registration_deadline:
        raise Conflict(_("The registration deadline of this session has passed."))


def _check_may_register(
    actor: User | AnonymousUser | None, participant: User, school: School | None, *, invited: bool = False
) -> None:
    """Refuse unless `actor` may register `participant` for `school` (permissions.can_register). A
    school's contact naming someone who is not one of the school's people is told so."""
    school_id = school.pk if school else None
    if can_register(actor, participant=participant, school_id=school_id, invited=invited):
        return
    if school is not None and registers_for_school(actor, school_id):
        raise NotAllowed(
            _("You can register only people of %(school)s; invite other teachers by e-mail.") % {"school": school.name},
            field="participant",
        )
    raise NotAllowed()


def _check_invitation(
    invitation: RegistrationInvitation, *, session: Session, participant: User, school: School | None
) -> None:
    """Refuse an invitation that does not admit `participant` (permissions.invitation_admits), read
    as stored and locked: the invitation passed in may not be what the database holds. Locked
    before the session, the order the invitation's acceptance locks in."""
    stored = (
        RegistrationInvitation.objects.select_for_update(of=("self",)).filter(pk=invitation.pk).first()
        if invitation.pk is not None
        else None
    )
    if stored is None or not invitation_admits(
        stored,
        participant=participant,
        session_id=session.pk,
        school_id=school.pk if school else None,
        now=_now(),
    ):
        raise NotAllowed(_("This invitation does not register this person for this session and school."))


def _clean_reason(reason: str) -> str:
    return " ".join((reason or "").split())[:REASON_LENGTH]


def registration_create(
    *,
    session: Session,
    participant: User,
    actor: User | AnonymousUser | None,
    school: School | None = None,
    join_waiting_list: bool = True,
    invitation: RegistrationInvitation | None = None,
) -> Registration | WaitingListEntry:
    """Register `participant` for `session`: a confirmed place when one is free for them, otherwise
    a place on the session's waiting list (or, with `join_waiting_list=False`, a refusal).

    `actor` is the participant themself, the contact of `school` registering one of the school's
    people (an active membership of the school), or staff. `school` is the school the participant
    takes part for: its contacts see the registration, and an ONZ member school's teachers may take
    the places held for ONZ. `invitation` is the school's invitation the participant is accepting
    (registration_invitation_accept): it lets the school register a teacher who is not (yet) one of
    its people, and is refused unless it is open, of this school, for this session and sent to the
    participant. A second registration of the same person (a double click, a retry) is refused as
    "already registered"."""
    with transaction.atomic():
        if invitation is not None:
            _check_invitation(invitation, session=session, participant=participant, school=school)
        session = _lock_session(session)
        if not is_active_person(participant):
            raise PortalError(_("This person has no active account."), field="participant")
        _check_may_register(actor, participant, school, invited=invitation is not None)
        _check_open_for_registration(session, actor)
        if Registration.objects.filter(session=session, participant=participant, status=R.CONFIRMED).exists():
            raise AlreadyRegistered.of(participant_id=participant.pk, actor=actor)
        waiting = WaitingListEntry.objects.filter(participant=participant, status__in=LIVE_WAITING).filter(
            Q(session=session) | Q(session__isnull=True, activity_id=session.activity_id)
        )
        if waiting.exists():
            raise AlreadyWaiting.of(participant_id=participant.pk, actor=actor)
        places = session_places(session)
        onz = _is_onz(school)
        if places.free_for(onz=onz) > 0:
            registration = Registration(
                session=session,
                participant=participant,
                school=school,
                registered_by=history_author(actor),
                # A member takes a held place first, so that the public places stay for the public.
                onz_place=onz and places.onz_held > 0,
            )
            _save_new(registration, AlreadyRegistered, actor)
            _refresh_status(session)
            notifications.registration_confirmed(registration=registration)
            return registration
        if not join_waiting_list:
            raise Conflict(_("This session is full."))
        entry = WaitingListEntry(
            activity=session.activity,
            session=session,
            participant=participant,
            school=school,
            registered_by=history_author(actor),
        )
        _save_new(entry, AlreadyWaiting, actor)
        _refresh_status(session)
        notifications.waiting_list_joined(entry=entry, position=waiting_position(entry))
        return entry


def _save_new(
    row: Registration | WaitingListEntry, conflict: type[_AlreadyThere], actor: User | AnonymousUser | None
) -> None:
    """Insert `row`; the partial unique constraints turn a concurrent duplicate into `conflict`."""
    record_history_as(row, history_author(actor))
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as error:
        raise conflict.of(participant_id=row.participant_id, actor=actor) from error


def waiting_list_join(
    *, activity: Activity, participant: User, actor: User | AnonymousUser | None, school: School | None = None
) -> WaitingListEntry:
    """Wait for a place in any session of `activity`: the first session with a free place is
    offered to the person at the head of this combined queue. Who may put whom on it is
    registration_create's rule (a school's contact: the school's people)."""
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        if not is_active_person(participant):
            raise PortalError(_("This person has no active account."), field="participant")
        _check_may_register(actor, participant, school)
        if not is_registration_staff(actor) and not activity.published:
            raise Conflict(_("This activity is not open for registration."))
        sessions = activity.sessions.filter(status__in=[SessionStatus.OPEN, SessionStatus.FULL])
        if not sessions.filter(registration_deadline__gte=_now()).exists():
            raise Conflict(_("This activity has no session open for registration."))
        if WaitingListEntry.objects.filter(
            activity=activity, participant=participant, status__in=LIVE_WAITING
        ).exists():
            raise AlreadyWaiting.of(participant_id=participant.pk, actor=actor)
        entry = WaitingListEntry(
            activity=activity,
            session=None,
            participant=participant,
            school=school,
            registered_by=history_author(actor),
        )
        _save_new(entry, AlreadyWaiting, actor)
        notifications.waiting_list_joined(entry=entry, position=waiting_position(entry))
        # A session may have a free place that nobody waited for until now.
        for session in sessions.order_by("registration_deadline", "pk"):
            _offer_free_places(_lock_session(session), reason=OfferReason.FREE_PLACE)
        entry.refresh_from_db()
        return entry


def _last_offer_moment(session: Session) -> datetime.datetime | None:
    """The last moment for offers from the waiting list: the session's own, or else its first
    meeting's start (None for a session without meetings)."""
    if session.offers_until is not None:
        return session.offers_until
    first = session.meetings.order_by("date", "starts_at").first()
    return first.start if first is not None else None


def offers_closed(session: Session, *, now: datetime.datetime | None = None) -> bool:
    """Whether the last moment for offers from the waiting list has passed."""
    last = _last_offer_moment(session)
    return last is not None and (now or _now()) >= last


def _offer_expiry(session: Session, now: datetime.datetime) -> datetime.datetime:
    """When an offer made now expires: after the activity's `offer_hours`, but never after the last
    moment for offers, so that nobody is offered a place in a meeting that has begun (a place staff
    give by hand after that moment keeps the full time)."""
    expiry = now + datetime.timedelta(hours=session.activity.offer_hours)
    last = _last_offer_moment(session)
    return min(expiry, last) if last is not None and last > now else expiry


def _offer_free_places(
    session: Session, *, reason: str, staff_reason: str = "", now: datetime.datetime | None = None
) -> list[WaitingListEntry]:
    """Offer each free place of the locked `session` to the first in line (see the module's
    docstring); returns the entries offered a place."""
    offered: list[WaitingListEntry] = []
    now = now or _now()
    if session.status not in (SessionStatus.OPEN, SessionStatus.FULL) or offers_closed(session, now=now):
        return offered
    while (places := session_places(session)).free > 0:
        queue = session_queue(session)
        if places.left <= 0:
            # Only places held for ONZ are free: they go to the first member in line, not to the
            # first in line.
            queue = queue.filter(school__onz_member=True)
        entry = queue.select_for_update(of=("self",)).first()
        if entry is None:
            break
        entry.status = W.OFFERED
        entry.offered_session = session
        entry.offered_at = now
        entry.offer_expires_at = _offer_expiry(session, now)
        entry.offer_reason = reason
        entry.staff_reason = staff_reason
        entry.save()
        offered.append(entry)
        notifications.place_offered(entry=entry)
    _refresh_status(session)
    return offered


def registration_cancel(
    *, registration: Registration, actor: User | AnonymousUser | None, reason: str = ""
) -> Registration:
    """Give a place back: the participant or their school until the activity's cancellation
    deadline, staff at any time. The place is offered to the first in line at once."""
    with transaction.atomic():
        session = _lock_session(registration.session)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not can_manage_place(actor, participant_id=registration.participant_id, school_id=registration.school_id):
            raise NotAllowed()
        if registration.status != R.CONFIRMED:
            raise Conflict(_("This registration has been cancelled already."))
        if not is_registration_staff(actor):
            deadline = cancel_deadline(session)
            if deadline is not None and _now() > deadline:
                raise Conflict(_("The deadline for cancelling has passed; please contact ICLON."))
        registration.status = R.CANCELLED
        registration.cancelled_at = _now()
        registration.cancel_reason = _clean_reason(reason)
        record_history_as(registration, history_author(actor))
        registration.save()
        _offer_free_places(session, reason=OfferReason.CANCELLATION)
        _refresh_status(session)
        notifications.registration_cancelled(registration=registration)
        return registration


def _lock_entry(entry: WaitingListEntry) -> WaitingListEntry:
    return WaitingListEntry.objects.select_for_update().get(pk=entry.pk)


def _may_answer(entry: WaitingListEntry, actor: User | AnonymousUser | None, token: str | None) -> bool:
    if token is not None:
        # Compared in constant time: the token is the only secret of the offer's links.
        return bool(token) and secrets.compare_digest(str(token), entry.token)
    return can_manage_place(actor, participant_id=entry.participant_id, school_id=entry.school_id)


def _lock_offer(
    entry: WaitingListEntry, actor: User | AnonymousUser | None, token: str | None
) -> tuple[WaitingListEntry, Session]:
    """Lock the offered session, then the entry (the order every service locks in), and check that
    `actor` (or the link's `token`) may answer an open offer."""
    entry = WaitingListEntry.objects.get(pk=entry.pk)
    if not _may_answer(entry, actor, token):
        raise NotAllowed()
    if entry.status != W.OFFERED or entry.offered_session_id is None:
        raise Conflict(_("There is no open offer of a place for you."))
    session = _lock_session(Session(pk=entry.offered_session_id))
    entry = _lock_entry(entry)
    if entry.status != W.OFFERED or entry.offered_session_id != session.pk:
        raise Conflict(_("There is no open offer of a place for you."))
    return entry, session


def waiting_offer_accept(
    *, entry: WaitingListEntry, actor: User | AnonymousUser | None, token: str | None = None
) -> Registration:
    """Take the place offered: by the person (or their school) logged in, or by the secret link in
    the offer's e-mail (`token`). An expired offer is refused, and its place passed on."""
    with transaction.atomic():
        entry, session = _lock_offer(entry, actor, token)
        expired = entry.offer_expires_at is None or entry.offer_expires_at <= _now()
        if expired:
            _expire(entry, session)
            notifications.offer_expired(entry=entry)
        else:
            entry.status = W.ACCEPTED
            entry.answered_at = _now()
            record_history_as(entry, history_author(actor))
            entry.save()
            registration = Registration(
                session=session,
                participant=entry.participant,
                school=entry.school,
                registered_by=entry.registered_by,
                # A member's offer held a place for ONZ while places were held: now the registration
                # does (counted with the offer gone, as registration_create counts).
                onz_place=_is_onz(entry.school) and session_places(session).onz_held > 0,
            )
            _save_new(registration, AlreadyRegistered, actor)
            # Waiting for another session of the same activity is over too: one place is enough.
            WaitingListEntry.objects.filter(
                participant=entry.participant, activity=entry.activity, status=W.WAITING
            ).update(status=W.CLOSED, updated_at=_now())
            _refresh_status(session)
            notifications.registration_confirmed(registration=registration)
    if expired:  # refused after the expiry is stored: the place has moved on either way
        raise Conflict(_("This offer has expired; the place has gone to the next person in line."))
    return registration


def _expire(entry: WaitingListEntry, session: Session, *, now: datetime.datetime | None = None) -> None:
    now = now or _now()
    entry.status = W.EXPIRED
    entry.answered_at = now
    entry.save()
    _offer_free_places(session, reason=OfferReason.OFFER_PASSED_ON, now=now)


def waiting_offer_decline(
    *, entry: WaitingListEntry, actor: User | AnonymousUser | None, token: str | None = None
) -> WaitingListEntry:
    """Turn the offered place down; it goes to the next in line at once. An offer whose time was up
    already is recorded as expired (what happened to it), with the same outcome."""
    with transaction.atomic():
        entry, session = _lock_offer(entry, actor, token)
        if entry.offer_expires_at is None or entry.offer_expires_at <= _now():
            _expire(entry, session)
            notifications.offer_expired(entry=entry)
            return entry
        entry.status = W.DECLINED
        entry.answered_at = _now()
        record_history_as(entry, history_author(actor))
        entry.save()
        _offer_free_places(session, reason=OfferReason.OFFER_PASSED_ON)
        return entry


def waiting_list_leave(*, entry: WaitingListEntry, actor: User | AnonymousUser | None) -> WaitingListEntry:
    """Leave the waiting list (an open offer is passed on)."""
    with transaction.atomic():
        entry = WaitingListEntry.objects.get(pk=entry.pk)
        if not can_manage_place(actor, participant_id=entry.participant_id, school_id=entry.school_id):
            raise NotAllowed()
        # The session whose place or queue this changes is locked first (the order every service
        # locks in), then the entry.
        session_id = entry.offered_session_id or entry.session_id
        session = _lock_session(Session(pk=session_id)) if session_id else None
        entry = _lock_entry(entry)
        if entry.status not in LIVE_WAITING:
            raise Conflict(_("You are no longer on this waiting list."))
        was_offered = entry.status == W.OFFERED
        if was_offered and (session is None or session.pk != entry.offered_session_id):
            # Offered a place between the first read and the lock: that place must be passed on.
            session = _lock_session(Session(pk=entry.offered_session_id))
        entry.status = W.REMOVED
        entry.answered_at = _now()
        record_history_as(entry, history_author(actor))
        entry.save()
        if session is not None and was_offered:
            _offer_free_places(session, reason=OfferReason.OFFER_PASSED_ON)
        elif session is not None:
            _refresh_status(session)  # one fewer waiting may open the session again
        return entry


def waiting_offers_expire(*, now: datetime.datetime | None = None) -> int:
    """Close the offers whose time is up and pass each place on (run by Celery beat). Returns how
    many offers expired."""
    now = now or _now()
    expired = 0
    due = list(
        WaitingListEntry.objects.filter(status=W.OFFERED, offer_expires_at__lte=now).values_list(
            "pk", "offered_session_id"
        )
    )
    for pk, session_id in due:
        with transaction.atomic():
            session = _lock_session(Session(pk=session_id))
            entry = WaitingListEntry.objects.select_for_update().get(pk=pk)
            if entry.status != W.OFFERED or entry.offer_expires_at is None or entry.offer_expires_at > now:
                continue  # answered meanwhile
            # The next offer runs from the same `now`: else an offer made here could be due already
            # for a second run with the same `now`.
            _expire(entry, session, now=now)
            notifications.offer_expired(entry=entry)
            expired += 1
    return expired


def waiting_offers_sweep(*, now: datetime.datetime | None = None) -> int:
    """Offer the places that are free while people wait (run by Celery beat with the expiry): places
    held for ONZ become public after their date, and a place may be free when nobody waited for it
    before. Returns how many offers went out."""
    now = now or _now()
    live = (SessionStatus.OPEN, SessionStatus.FULL)
    waiting = WaitingListEntry.objects.filter(status=W.WAITING)
    session_ids = set(
        Session.objects.filter(status__in=live)
        .filter(
            Q(pk__in=waiting.filter(session__isnull=False).values("session_id"))
            | Q(activity_id__in=waiting.filter(session__isnull=True).values("activity_id"))
        )
        .values_list("pk", flat=True)
    )
    offered = 0
    for session_id in sorted(session_ids):
        with transaction.atomic():
            session = _lock_session(Session(pk=session_id))
            offered += len(_offer_free_places(session, reason=OfferReason.FREE_PLACE, now=now))
    return offered


def waiting_list_promote(
    *, entry: WaitingListEntry, actor: User | AnonymousUser | None, reason: str, session: Session | None = None
) -> WaitingListEntry:
    """Staff offer this person a place now, ahead of the queue, with a reason (kept on the entry and
    in its history): a free place, or else one more place added to the session for them. For an
    "any session" entry, `session` names the session."""
    with transaction.atomic():
        entry = WaitingListEntry.objects.get(pk=entry.pk)
        if not is_registration_staff(actor):
            raise NotAllowed()
        reason = _clean_reason(reason)
        if not reason:
            raise PortalError(_("Give a reason for promoting this person."), field="reason")
        if entry.status != W.WAITING:
            raise Conflict(_("Only someone who is waiting can be promoted."))
        target = session or entry.session
        if target is None:
            raise PortalError(_("Choose the session to offer a place in."), field="session")
        if target.activity_id != entry.activity_id or (entry.session_id and target.pk != entry.session_id):
            raise PortalError(_("Choose a session of this person's waiting list."), field="session")
        target = _lock_session(target)
        # A cancelled or closed session takes nobody, not even by hand.
        _check_open_for_registration(target, actor)
        entry = _lock_entry(entry)
        if entry.status != W.WAITING:
            raise Conflict(_("Only someone who is waiting can be promoted."))
        if session_places(target).free <= 0:
            # Staff decide to take one more person: the session grows by the place they give.
            target.capacity += 1
            record_history_as(target, history_author(actor))
            target._change_reason = reason[:100]  # type: ignore[attr-defined]
            target.save()
        now = _now()
        entry.status = W.OFFERED
        entry.offered_session = target
        entry.offered_at = now
        entry.offer_expires_at = _offer_expiry(target, now)
        entry.offer_reason = OfferReason.STAFF
        entry.staff_reason = reason
        record_history_as(entry, history_author(actor))
        # simple_history reads this attribute; it is not declared on the model.
        entry._change_reason = reason[:100]  # type: ignore[attr-defined]
        entry.save()
        _refresh_status(target)
        notifications.place_offered(entry=entry)
        return entry


def session_capacity_change(*, session: Session, capacity: int, actor: User | AnonymousUser | None) -> Session:
    """Staff change the number of places; never below what is taken or offered. More places go to
    the waiting list first."""
    with transaction.atomic():
        session = _lock_session(session)
        if not is_registration_staff(actor):
            raise NotAllowed()
        places = session_places(session)
        if capacity < 1:
            raise PortalError(_("A session has at least one place."), field="capacity")
        if capacity < places.taken + places.held:
            raise PortalError(
                _("%(count)d places are taken or offered; the session needs at least that many.")
                % {"count": places.taken + places.held},
                field="capacity",
            )
        if capacity < session.onz_places:
            raise PortalError(_("There are more places held for ONZ than places."), field="capacity")
        raised = capacity > session.capacity
        session.capacity = capacity
        record_history_as(session, history_author(actor))
        session.save()
        if raised:
            _offer_free_places(session, reason=OfferReason.CAPACITY_RAISED)
        _refresh_status(session)
        return session


def session_cancel(*, session: Session, actor: User | AnonymousUser | None, reason: str) -> Session:
    """Staff cancel a session: every registration is cancelled and every waiting-list entry of the
    session closed, and everyone registered or waiting is told, with the reason. Someone waiting
    for any session who was offered a place in this one keeps their place in the queue."""
    with transaction.atomic():
        session = _lock_session(session)
        if not is_registration_staff(actor):
            raise NotAllowed()
        reason = _clean_reason(reason)
        if not reason:
            raise PortalError(_("Give a reason for cancelling the session."), field="reason")
        if session.status == SessionStatus.CANCELLED:
            raise Conflict(_("This session has been cancelled already."))
        session.status = SessionStatus.CANCELLED
        record_history_as(session, history_author(actor))
        session.save()
        now = _now()
        # of=("self",): the people are read along, not locked (a lock on their user rows would block
        # their logins until the session's cancellation commits).
        registrations = list(
            Registration.objects.select_for_update(of=("self",))
            .filter(session=session, status=R.CONFIRMED)
            .select_related("participant")
        )
        for registration in registrations:
            registration.status, registration.cancelled_at, registration.cancel_reason = R.CANCELLED, now, reason
            record_history_as(registration, history_author(actor))
            registration.save()
        entries = list(
            WaitingListEntry.objects.select_for_update(of=("self",))
            .filter(Q(session=session) | Q(offered_session=session), status__in=LIVE_WAITING)
            .select_related("participant")
        )
        for entry in [e for e in entries if e.session_id is None]:
            # Waiting for any session: the offer of this one ends, the place in the queue stays.
            entry.status, entry.offered_session, entry.offered_at, entry.offer_expires_at = W.WAITING, None, None, None
            entry.offer_reason = ""
            record_history_as(entry, history_author(actor))
            entry.save()
        entries = [e for e in entries if e.session_id is not None]
        for entry in entries:
            entry.status, entry.answered_at = W.CLOSED, now
            record_history_as(entry, history_author(actor))
            entry.save()
        people = {r.participant for r in registrations} | {e.participant for e in entries}
        for person in sorted(people, key=lambda user: user.pk):
            notifications.session_cancelled(session=session, participant=person, reason=reason)
        return session
