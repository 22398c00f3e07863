"""Reads of professional development: the public catalogue (its pages and the API share them) and
the participant's own pages.

The catalogue's functions return a queryset with what its callers show joined, prefetched or
annotated, so a list runs a fixed number of queries whatever the number of activities or sessions:

* `activity_catalogue` and `activity_filter`: published activities, narrowed by the catalogue's
  filters, each with `next_meeting` (the date of its first coming meeting, for the order and the
  card) and `open_session_count`;
* `activity_get`: one activity with its open sessions, their meetings and their places;
* `open_sessions`: the sessions open for registration of published activities.

An *open* session is one that takes registrations now: open or full (a full session still takes
people on its waiting list) and its registration deadline not passed. Its places are counted in
the session's own query (`with_places`) and read as `session.places`, the services' `Places`, so
"places left" on a page is exactly `services.session_places(session).left`.

The participant's own pages read here too: their registrations, waiting-list places and offers
(`participant_overview`), the schools they may register for, and the rows behind the register,
wait and offer actions. `participant_overview` runs a fixed number of queries (five) whatever the
number of rows: the meetings are prefetched, the waiting-list positions are counted in the
entries' own query, and the cancellation deadline is read from the prefetched meetings (see
`_cancel_deadline`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_
from typing import Any, cast

from django.db.models import Exists, F, Func, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from iclon.accounts.models import User
from partnerships.models import EducationRegion, School
from partnerships.selectors import memberships_of_user
from professionalisation.activities.models import (
    LIVE_WAITING,
    Activity,
    CompletionAward,
    InvitationStatus,
    Meeting,
    Registration,
    RegistrationInvitation,
    RegistrationStatus,
    Session,
    SessionStatus,
    WaitingListEntry,
    WaitingStatus,
)
from professionalisation.activities.permissions import (
    REGISTERING_ROLES,
    Viewer,
    is_active_person,
    is_registration_staff,
)
from programmes.catalogue.models import SchoolSubject
from research.models import TeachingLearningPrinciple

SEARCH_FIELDS = ("title_nl", "title_en", "description_nl", "description_en")
MAX_SEARCH_WORDS = 8
#: Statuses of a session that still takes registrations (full: on its waiting list).
TAKING_REGISTRATIONS = (SessionStatus.OPEN, SessionStatus.FULL)
PRICE_FREE = "free"
PRICE_PAID = "paid"


def count_of(rows: QuerySet) -> Coalesce:
    """The number of `rows` (a queryset with OuterRef) as a subquery: one per row of the outer
    query, in the same SQL statement. COUNT is written as a plain function so that Django adds no
    GROUP BY, whatever the rows are grouped by."""
    counted = rows.order_by().annotate(n=Func(F("pk"), function="COUNT", output_field=IntegerField())).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


# --- places -------------------------------------------------------------------------------------
# How places are counted is written here once (the rule: services/__init__.py's docstring). The
# services count one locked session (`session_places`), the pages, the API and the admin annotate
# their lists (`with_places`, then `places_of` or `mark_places`): the same subqueries either way.


@dataclass(frozen=True)
class Places:
    capacity: int
    taken: int  # confirmed registrations
    held: int  # open offers
    onz_held: int  # places still kept for ONZ member schools
    waiting: int  # people waiting who could take a place of this session
    waiting_onz: int = 0  # of them, people waiting for an ONZ member school (who may take a held place)

    @property
    def free(self) -> int:
        """Places nobody has and nobody is offered (ONZ places included)."""
        return max(self.capacity - self.taken - self.held, 0)

    def free_for(self, *, onz: bool) -> int:
        """Places a newcomer may take now: what is free, less the ONZ places for a non-member, less
        the people who wait for them.

        A non-member may take only a public place, and everyone waiting could take one. A member
        may take any free place, but people waiting for a member school come first for all of them
        and the others for the public places: people who wait and may not take a held place do not
        keep a member from it."""
        if not onz:
            return max(self.left - self.waiting, 0)
        others = self.waiting - self.waiting_onz
        return max(self.free - self.waiting_onz - min(others, self.left), 0)

    @property
    def left(self) -> int:
        """Places the public sees as left (not counting ONZ places or the queue)."""
        return max(self.free - self.onz_held, 0)


def waiting_in_full_sessions(user: Viewer) -> QuerySet[WaitingListEntry]:
    """For registration staff, the people on the waiting list of a session that is full: a place
    for them comes only when someone cancels, or when staff add places or promote them. (Those
    waiting for any session of an activity are offered the first place free in one.) None for
    anybody else."""
    if not is_registration_staff(user):
        return WaitingListEntry.objects.none()
    return WaitingListEntry.objects.filter(status=WaitingStatus.WAITING, session__status=SessionStatus.FULL)


def onz_places_open(session: Session, *, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return bool(session.onz_places and session.onz_places_until and today <= session.onz_places_until)


def _queue_rows(
    session_id: int | OuterRef, activity_id: int | OuterRef, *, registered_in: OuterRef | None = None
) -> QuerySet[WaitingListEntry]:
    """The live waiting-list entries that could take a place of a session: those waiting for it and
    for any session of its activity. `session_id` and `activity_id` are values or OuterRefs;
    `registered_in` is the session as seen from inside the entries' subquery (an OuterRef of an
    OuterRef when the queue is itself a subquery).

    Someone who waits for any session of the activity but holds a place in this one already is not
    in this session's queue: an offer they cannot accept would block the place until it expired."""
    registered = Registration.objects.filter(
        Q(session_id=session_id if registered_in is None else registered_in),
        participant=OuterRef("participant"),
        status=RegistrationStatus.CONFIRMED,
    )
    return WaitingListEntry.objects.filter(
        Q(session_id=session_id) | Q(session__isnull=True, activity_id=activity_id), status=WaitingStatus.WAITING
    ).exclude(Exists(registered))


def session_queue(session: Session) -> QuerySet[WaitingListEntry]:
    """The queue of `session`, first in line first (see `_queue_rows`)."""
    return _queue_rows(session.pk, session.activity_id).order_by("created_at", "pk")


def with_places(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """`sessions` with what their places are counted from, in the same query: confirmed
    registrations (and those on ONZ places), open offers (and those to ONZ members' entries), and
    the people in the queue (and those waiting for an ONZ member school)."""
    confirmed = Registration.objects.filter(session=OuterRef("pk"), status=RegistrationStatus.CONFIRMED)
    offers = WaitingListEntry.objects.filter(offered_session=OuterRef("pk"), status=WaitingStatus.OFFERED)
    queue = _queue_rows(OuterRef("pk"), OuterRef("activity_id"), registered_in=OuterRef(OuterRef("pk")))
    return sessions.annotate(
        places_taken=count_of(confirmed),
        places_taken_onz=count_of(confirmed.filter(onz_place=True)),
        places_held=count_of(offers),
        places_held_onz=count_of(offers.filter(school__onz_member=True)),
        places_waiting=count_of(queue),
        places_waiting_onz=count_of(queue.filter(school__onz_member=True)),
    )


def places_of(session: Session, *, today: datetime.date | None = None) -> Places:
    """The places of a session loaded through `with_places`, without a query. The places held for
    ONZ are used up by members' registrations and by open offers to members (as their registrations
    will); while they are held, the members waiting may take them."""
    row = cast("Any", session)
    onz_held = waiting_onz = 0
    if onz_places_open(session, today=today):
        onz_held = max(session.onz_places - row.places_taken_onz - row.places_held_onz, 0)
        waiting_onz = row.places_waiting_onz
    return Places(
        capacity=session.capacity,
        taken=row.places_taken,
        held=row.places_held,
        onz_held=onz_held,
        waiting=row.places_waiting,
        waiting_onz=waiting_onz,
    )


def session_places(session: Session) -> Places:
    """How the places of `session` stand now (one query). The counts are read from the database;
    capacity and the ONZ places from `session` as given (the services pass their locked row)."""
    counted = with_places(Session.objects.filter(pk=session.pk)).values(*PLACE_COUNTS).get()
    for name, value in counted.items():
        setattr(session, name, value)
    return places_of(session)


PLACE_COUNTS = (
    "places_taken",
    "places_taken_onz",
    "places_held",
    "places_held_onz",
    "places_waiting",
    "places_waiting_onz",
)


def mark_places(sessions: Iterable[Session]) -> list[Session]:
    """Give each session (loaded through `with_places`) its `places`, and `is_full`: a newcomer
    from outside ONZ would go on the waiting list."""
    today = timezone.localdate()
    sessions = list(sessions)
    for session in sessions:
        places = places_of(session, today=today)
        # Attributes of these rows only (the templates and serializers read them).
        session.places = places  # type: ignore[attr-defined]
        session.is_full = places.free_for(onz=False) == 0  # type: ignore[attr-defined]
    return sessions


def _open(sessions: QuerySet[Session], *, now: datetime.datetime | None = None) -> QuerySet[Session]:
    return sessions.filter(status__in=TAKING_REGISTRATIONS, registration_deadline__gte=now or timezone.now())


def _meetings_in_order() -> QuerySet[Meeting]:
    return Meeting.objects.order_by("date", "starts_at", "pk")


def _meetings() -> Prefetch:
    return Prefetch("meetings", queryset=_meetings_in_order())


def open_sessions(*, activity_slug: str = "", now: datetime.datetime | None = None) -> QuerySet[Session]:
    """The sessions open for registration of published activities, first deadline first, with
    their activity, meetings and places (call `mark_places` on the rows shown)."""
    sessions = _open(Session.objects.filter(activity__published=True), now=now)
    if activity_slug:
        sessions = sessions.filter(activity__slug=activity_slug)
    return (
        with_places(sessions)
        .select_related("activity")
        .prefetch_related(_meetings())
        .order_by("registration_deadline", "pk")
    )


# --- activities ---------------------------------------------------------------------------------


def with_next_meeting(activities: QuerySet[Activity], *, now: datetime.datetime | None = None) -> QuerySet[Activity]:
    """`activities` with `next_meeting` (the date of the first coming meeting of a session open
    for registration, or None) and `open_session_count`, in the same query."""
    now = now or timezone.now()
    coming = Meeting.objects.filter(
        session__activity=OuterRef("pk"),
        session__status__in=TAKING_REGISTRATIONS,
        session__registration_deadline__gte=now,
        date__gte=timezone.localdate(now),
    ).order_by("date", "starts_at")
    return activities.annotate(
        next_meeting=Subquery(coming.values("date")[:1]),
        open_session_count=count_of(_open(Session.objects.filter(activity=OuterRef("pk")), now=now)),
    )


def activity_catalogue(*, now: datetime.datetime | None = None) -> QuerySet[Activity]:
    """Published activities with what a card and the API list show: region, audiences, subjects,
    principles, `next_meeting` and `open_session_count` (see `with_next_meeting`). Activities
    with a coming meeting come first, soonest first; then the others by title."""
    activities = (
        Activity.objects.published().select_related("region").prefetch_related("audiences", "subjects", "principles")
    )
    return with_next_meeting(activities, now=now).order_by(F("next_meeting").asc(nulls_last=True), "title_nl", "pk")


def month_range(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the month of `month`."""
    first = month.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following - datetime.timedelta(days=1)


def activity_filter(
    activities: QuerySet[Activity],
    *,
    audience: str = "",
    subject: SchoolSubject | str | None = None,
    principle: TeachingLearningPrinciple | str | None = None,
    region: EducationRegion | str | None = None,
    delivery: str = "",
    month: datetime.date | None = None,
    price: str = "",
    microcredential: bool | None = None,
    q: str = "",
) -> QuerySet[Activity]:
    """`activities` narrowed by each filter that is set; subjects, principles and regions as rows
    or slugs. A region keeps the activities of that region and those open to every region (no
    region); `delivery` is the format (on site, online, hybrid); a month keeps those with a
    meeting of a session (not cancelled) in that month; `price` is "free" or "paid";
    `microcredential` True keeps those whose completion gives one, False the others. Every word
    of `q` must occur in the title or description, Dutch or English."""
    if audience:
        activities = activities.filter(audiences__code=audience)
    if subject:
        activities = activities.filter(**_row_or_slug("subjects", subject))
    if principle:
        activities = activities.filter(**_row_or_slug("principles", principle))
    if region:
        activities = activities.filter(Q(**_row_or_slug("region", region)) | Q(region__isnull=True))
    if delivery:
        activities = activities.filter(format=delivery)
    if month:
        first, last = month_range(month)
        meetings = Meeting.objects.filter(session__activity=OuterRef("pk"), date__range=(first, last)).exclude(
            session__status=SessionStatus.CANCELLED
        )
        activities = activities.filter(Exists(meetings))
    if price == PRICE_FREE:
        activities = activities.filter(price=0)
    elif price == PRICE_PAID:
        activities = activities.filter(price__gt=0)
    if microcredential is True:
        activities = activities.filter(award=CompletionAward.MICROCREDENTIAL)
    elif microcredential is False:
        activities = activities.exclude(award=CompletionAward.MICROCREDENTIAL)
    words = q.split()[:MAX_SEARCH_WORDS]
    if words:
        activities = activities.filter(
            reduce(and_, (reduce(or_, (Q(**{f"{f}__icontains": word}) for f in SEARCH_FIELDS)) for word in words))
        )
    return activities


def _row_or_slug(field: str, value: object) -> dict:
    return {f"{field}__slug": value} if isinstance(value, str) else {field: value}


def activity_get(*, slug: str, include_unpublished: bool = False, now: datetime.datetime | None = None) -> Activity:
    """One activity with everything its page shows: its region, audiences, subjects, principles,
    `next_meeting` and `open_session_count` (see `with_next_meeting`) and `open_sessions` (each
    with its meetings and places, see `mark_places`). Raises
    Activity.DoesNotExist for an unknown slug, and for an unpublished activity unless
    `include_unpublished` (staff's preview)."""
    activities = Activity.objects.all() if include_unpublished else Activity.objects.published()
    sessions = with_places(_open(Session.objects.all(), now=now)).prefetch_related(_meetings())
    activity = (
        with_next_meeting(activities, now=now)
        .select_related("region")
        .prefetch_related(
            "audiences",
            Prefetch("subjects", queryset=SchoolSubject.objects.order_by("order", "name_nl")),
            "principles",
            Prefetch("sessions", queryset=sessions.order_by("registration_deadline", "pk"), to_attr="open_sessions"),
        )
        .get(slug=slug)
    )
    mark_places(cast("list[Session]", activity.open_sessions))
    return activity


def meeting_months(*, today: datetime.date | None = None) -> list[datetime.date]:
    """The months (their first days) from this month on with a meeting of a published activity's
    session that is not cancelled: what the catalogue's month filter offers."""
    first = (today or timezone.localdate()).replace(day=1)
    return list(
        Meeting.objects.filter(session__activity__published=True, date__gte=first)
        .exclude(session__status=SessionStatus.CANCELLED)
        .dates("date", "month")
    )


# --- the visitor's own places -------------------------------------------------------------------


@dataclass(frozen=True)
class OwnPlaces:
    """What the visitor already holds in an activity, for its page: the sessions they are
    registered for, those whose waiting list they are on, and whether they wait for any session."""

    registered: frozenset[int] = frozenset()
    waiting: frozenset[int] = frozenset()
    waiting_any: bool = False


def own_places(*, activity: Activity, user: Viewer) -> OwnPlaces:
    """The visitor's live registrations and waiting-list entries in `activity` (two queries; none
    for a visitor who is not logged in)."""
    if not is_active_person(user) or not isinstance(user, User):
        return OwnPlaces()
    registered = Registration.objects.filter(
        participant=user, session__activity=activity, status=RegistrationStatus.CONFIRMED
    ).values_list("session_id", flat=True)
    entries = list(
        WaitingListEntry.objects.filter(participant=user, activity=activity, status__in=LIVE_WAITING).values_list(
            "session_id", flat=True
        )
    )
    return OwnPlaces(
        registered=frozenset(registered),
        waiting=frozenset(pk for pk in entries if pk is not None),
        waiting_any=None in entries,
    )


# --- the participant's own pages ----------------------------------------------------------------


@dataclass(frozen=True)
class RegistrationItem:
    registration: Registration
    meetings: list[Meeting]
    cancel_deadline: datetime.datetime | None
    can_cancel: bool


@dataclass(frozen=True)
class WaitingItem:
    entry: WaitingListEntry
    position: int
    meetings: list[Meeting]  # of the entry's session; none for "any session"


@dataclass(frozen=True)
class OfferItem:
    entry: WaitingListEntry
    session: Session
    meetings: list[Meeting]
    expires_at: datetime.datetime
    is_open: bool  # False once the expiry has passed (until the beat task closes it)


@dataclass(frozen=True)
class ParticipantOverview:
    upcoming: list[RegistrationItem] = field(default_factory=list)
    past: list[RegistrationItem] = field(default_factory=list)
    cancelled: list[RegistrationItem] = field(default_factory=list)
    waiting: list[WaitingItem] = field(default_factory=list)
    offers: list[OfferItem] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.upcoming or self.past or self.cancelled or self.waiting or self.offers)


def cancel_deadline(session: Session, meetings: list[Meeting] | None = None) -> datetime.datetime | None:
    """Until when a participant (or their school) may cancel: the activity's number of days before
    the first meeting that takes place starts (a cancelled meeting does not start the session);
    None for a session without such meetings (no deadline yet). Pass the session's meetings in
    order when they are at hand (prefetched); otherwise the first is read."""
    if meetings is None:
        first = session.meetings.filter(cancelled_at__isnull=True).order_by("date", "starts_at", "pk").first()
        meetings = [first] if first is not None else []
    meetings = [meeting for meeting in meetings if not meeting.cancelled]
    if not meetings:
        return None
    return meetings[0].start - datetime.timedelta(days=session.activity.cancel_days_before)


def _ended(meetings: list[Meeting], now: datetime.datetime) -> bool:
    """A session is over when its last meeting has ended (one without meetings is not)."""
    return bool(meetings) and max(meeting.end for meeting in meetings) < now


def _registration_items(now: datetime.datetime, **where: object) -> tuple[list, list, list]:
    rows = (
        Registration.objects.filter(**where)
        .select_related("session__activity", "school", "participant")
        .prefetch_related(Prefetch("session__meetings", queryset=_meetings_in_order()))
        .order_by("created_at", "pk")
    )
    upcoming, past, cancelled = [], [], []
    for registration in rows:
        meetings = list(registration.session.meetings.all())
        deadline = cancel_deadline(registration.session, meetings)
        confirmed = registration.status == RegistrationStatus.CONFIRMED
        ended = _ended(meetings, now)
        item = RegistrationItem(
            registration=registration,
            meetings=meetings,
            cancel_deadline=deadline,
            # The service lets the participant cancel until the deadline (now > deadline refuses).
            can_cancel=confirmed and not ended and (deadline is None or now <= deadline),
        )
        if not confirmed:
            cancelled.append(item)
        elif ended:
            past.append(item)
        else:
            upcoming.append(item)
    far = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    upcoming.sort(key=lambda item: (item.meetings[0].start if item.meetings else far, item.registration.pk))
    past.sort(key=lambda item: (item.meetings[-1].start, item.registration.pk), reverse=True)
    cancelled.sort(key=lambda item: (item.registration.cancelled_at or now, item.registration.pk), reverse=True)
    return upcoming, past, cancelled


def with_positions(entries: QuerySet[WaitingListEntry]) -> QuerySet[WaitingListEntry]:
    """Annotate the people who wait ahead of each entry in its queue, in the entries' own query.
    A session's queue holds the entries for that session and those
    for any session of its activity; an "any session" entry's queue holds the activity's entries."""
    earlier = Q(created_at__lt=OuterRef("created_at")) | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
    waiting = WaitingListEntry.objects.filter(earlier, status=WaitingStatus.WAITING)
    return entries.annotate(
        ahead_for_session=count_of(waiting.filter(session_id=OuterRef("session_id"))),
        ahead_for_any=count_of(waiting.filter(session__isnull=True, activity_id=OuterRef("activity_id"))),
        ahead_in_activity=count_of(waiting.filter(activity_id=OuterRef("activity_id"))),
    )


def position_in_queue(entry: WaitingListEntry) -> int:
    if entry.session_id is None:
        return entry.ahead_in_activity + 1  # type: ignore[attr-defined]
    return entry.ahead_for_session + entry.ahead_for_any + 1  # type: ignore[attr-defined]


def waiting_position(entry: WaitingListEntry) -> int | None:
    """The entry's place in its queue (1 is next), or None when it no longer waits (one query)."""
    if entry.status != WaitingStatus.WAITING:
        return None
    return position_in_queue(with_positions(WaitingListEntry.objects.filter(pk=entry.pk)).get())


def _waiting_items(now: datetime.datetime, **where: object) -> tuple[list, list]:
    rows = with_positions(
        WaitingListEntry.objects.filter(status__in=LIVE_WAITING, **where)
        .select_related("activity", "session", "offered_session__activity", "school", "participant")
        .prefetch_related(
            Prefetch("session__meetings", queryset=_meetings_in_order()),
            Prefetch("offered_session__meetings", queryset=_meetings_in_order()),
        )
        .order_by("created_at", "pk")
    )
    waiting, offers = [], []
    for entry in rows:
        if entry.status == WaitingStatus.OFFERED:
            session = entry.offered_session
            assert session is not None and entry.offer_expires_at is not None  # a database constraint
            offers.append(
                OfferItem(
                    entry=entry,
                    session=session,
                    meetings=list(session.meetings.all()),
                    expires_at=entry.offer_expires_at,
                    is_open=entry.offer_expires_at > now,
                )
            )
        else:
            meetings = list(entry.session.meetings.all()) if entry.session is not None else []
            waiting.append(WaitingItem(entry=entry, position=position_in_queue(entry), meetings=meetings))
    offers.sort(key=lambda item: (item.expires_at, item.entry.pk))
    return waiting, offers


def participant_overview(user: Viewer, *, now: datetime.datetime | None = None) -> ParticipantOverview:
    """The user's own registrations (upcoming, past and cancelled, each with its meetings and
    whether the user may still cancel), waiting-list places with their position, and offers of a
    place with their expiry. Five queries; none for a visitor who is not logged in."""
    if not is_active_person(user):
        return ParticipantOverview()
    assert isinstance(user, User)
    now = now or timezone.now()
    upcoming, past, cancelled = _registration_items(now, participant=user)
    waiting, offers = _waiting_items(now, participant=user)
    return ParticipantOverview(upcoming=upcoming, past=past, cancelled=cancelled, waiting=waiting, offers=offers)


def participant_schools(user: Viewer) -> list[School]:
    """The schools the user may register for (so that the school's contact sees the
    registration): those where they hold an active membership today, by name."""
    if not is_active_person(user):
        return []
    schools = {membership.school_id: membership.school for membership in memberships_of_user(user=user)}
    return sorted(schools.values(), key=lambda school: (school.name, school.pk))


# --- the school's registrations ----------------------------------------------------------------


@dataclass(frozen=True)
class SchoolOverview(ParticipantOverview):
    """A school's registrations, waiting-list places and offers (as a participant's), and the
    invitations it sent its teachers: open ones first, then those answered, withdrawn or expired."""

    school: School | None = None
    invitations_open: list[RegistrationInvitation] = field(default_factory=list)
    invitations_closed: list[RegistrationInvitation] = field(default_factory=list)


def schools_registering_for(user: Viewer) -> list[School]:
    """The schools whose teachers `user` registers today (as their school contact or school
    leader), by name; none for anyone else. Staff manage registrations in the admin."""
    if not is_active_person(user):
        return []
    schools = {
        membership.school_id: membership.school
        for membership in memberships_of_user(user=user)
        if membership.role in REGISTERING_ROLES
    }
    return sorted(schools.values(), key=lambda school: (school.name, school.pk))


def school_for_registering(*, user: Viewer, pk: int) -> School:
    """One of the schools `user` registers for (Http404 for any other: a school that is not theirs
    is not shown to exist)."""
    for school in schools_registering_for(user):
        if school.pk == pk:
            return school
    raise Http404


def school_overview(school: School, *, now: datetime.datetime | None = None) -> SchoolOverview:
    """What the school's page shows (the caller has checked that the user registers for it): its
    registrations, waiting-list places, offers and invitations. Six queries whatever the number of rows."""
    now = now or timezone.now()
    upcoming, past, cancelled = _registration_items(now, school=school)
    waiting, offers = _waiting_items(now, school=school)
    invitations = list(
        RegistrationInvitation.objects.filter(school=school)
        .select_related("session__activity", "invited_by", "participant")
        .order_by("-created_at", "-pk")
    )
    still_open = [row for row in invitations if row.status == InvitationStatus.PENDING and row.expires_at > now]
    return SchoolOverview(
        school=school,
        upcoming=upcoming,
        past=past,
        cancelled=cancelled,
        waiting=waiting,
        offers=offers,
        invitations_open=still_open,
        invitations_closed=[row for row in invitations if row not in still_open],
    )


def sessions_for_invitations(*, now: datetime.datetime | None = None) -> QuerySet[Session]:
    """The sessions a school may register its teachers for: open for registration, of a published
    activity, by the activity's title."""
    return (
        _open(Session.objects.filter(activity__published=True), now=now)
        .select_related("activity")
        .order_by("activity__title_nl", "registration_deadline", "pk")
    )


def invitation_get(*, token: str) -> RegistrationInvitation:
    """The invitation behind its e-mail's secret link (Http404 for an unknown one)."""
    if not token:
        raise Http404
    try:
        return (
            RegistrationInvitation.objects.select_related("session__activity", "school", "invited_by")
            .prefetch_related(Prefetch("session__meetings", queryset=_meetings_in_order()))
            .get(token=token)
        )
    except RegistrationInvitation.DoesNotExist:
        raise Http404 from None


def school_invitation(*, user: Viewer, pk: int) -> RegistrationInvitation:
    """An invitation of one of the schools `user` registers for; Http404 otherwise."""
    schools = [school.pk for school in schools_registering_for(user)]
    try:
        return RegistrationInvitation.objects.select_related("school").get(pk=pk, school_id__in=schools)
    except RegistrationInvitation.DoesNotExist:
        raise Http404 from None


def session_for_registration(*, user: Viewer, pk: int) -> Session:
    """A session someone may try to register for: one of a published activity (staff who manage
    registrations also reach the others). Http404 otherwise; whether registration is open now is
    the service's rule."""
    sessions = Session.objects.select_related("activity")
    if not is_registration_staff(user):
        sessions = sessions.filter(activity__published=True)
    try:
        return sessions.get(pk=pk)
    except Session.DoesNotExist:
        raise Http404 from None


def activity_for_waiting(*, user: Viewer, slug: str) -> Activity:
    """An activity whose waiting list for any session someone may try to join (as
    `session_for_registration`)."""
    activities = Activity.objects.all() if is_registration_staff(user) else Activity.objects.published()
    try:
        return activities.get(slug=slug)
    except Activity.DoesNotExist:
        raise Http404 from None


def offer_get(*, token: str) -> WaitingListEntry:
    """The waiting-list entry behind an offer's secret link, with its activity, sessions and
    meetings; Http404 for an unknown token. Whoever holds the link may see and answer it."""
    if not token:
        raise Http404
    try:
        return (
            WaitingListEntry.objects.select_related("activity", "session", "offered_session__activity")
            .prefetch_related(
                Prefetch("offered_session__meetings", queryset=_meetings_in_order()),
                Prefetch("session__meetings", queryset=_meetings_in_order()),
            )
            .get(token=token)
        )
    except WaitingListEntry.DoesNotExist:
        raise Http404 from None
