"""The staff dashboard of professional development: how the sessions of one year fill, who waits,
who attends and completes, the ONZ share and the participants' rating, overall, by region, by
audience, per activity and per session.

Every function here counts in the database (aggregate, grouped values or subqueries annotated on
the rows) and runs a fixed number of queries whatever the number of sessions, registrations or
marks:

* `overview`: five queries (sessions, registrations, waiting list, attendance, evaluations);
* `by_region` and `by_audience`: two queries each (places per group, registrations per group);
* `activity_rows`: one query; `session_rows`: one query.

What is counted, written once:

* the year of a session is the year of its first meeting (of its registration deadline while it
  has no meeting yet);
* places offered are the capacity of the sessions that are not cancelled; taken places are their
  confirmed registrations, and the fill rate is taken / offered;
* people waiting are the entries still waiting (without an offer) for a session of the year or for
  any session of an activity with a session in the year; offers outstanding are offers that have
  not expired (an offer past its expiry that the sweep has not closed yet does not count);
* the attendance rate is present / recorded marks of confirmed registrations;
* the completion rate is valid (not withdrawn) completions / confirmed registrations of sessions
  that ended (whose last meeting's day has passed);
* the ONZ share is confirmed registrations for an ONZ member school / all confirmed registrations.

An activity has several audiences: by audience, its sessions count for each of them (the rows
overlap and do not add up to the total); an activity without a region is open to all regions and
counts under "All regions".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Avg,
    Count,
    DateField,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, TruncDate
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from professionalisation.activities.models import (
    MEETING_ZONE,
    Activity,
    Audience,
    Meeting,
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
    WaitingListEntry,
    WaitingStatus,
)
from professionalisation.activities.selectors import count_of, with_places
from professionalisation.completion.models import Attendance, Completion, Evaluation
from professionalisation.completion.selectors import local_today

#: The years the dashboard accepts (a wider value falls back to the current year).
FIRST_YEAR = 2000
LAST_YEAR = 2100


def percentage(part: int, whole: int) -> int | None:
    """`part` of `whole` in whole percent, halves rounded up; None when there is no whole."""
    if not whole:
        return None
    return int((Decimal(100 * part) / Decimal(whole)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def dashboard_year(value: str | None, *, today: datetime.date | None = None) -> int:
    """The year asked for (`?year=2027`), or the current calendar year for a missing or odd value."""
    default = (today or local_today()).year
    if not value or not value.strip().isdigit():
        return default
    year = int(value.strip())
    return year if FIRST_YEAR <= year <= LAST_YEAR else default


# --- the sessions of a year ---------------------------------------------------------------------


def _first_meeting() -> Subquery:
    dates = Meeting.objects.filter(session=OuterRef("pk")).order_by("date", "starts_at").values("date")[:1]
    return Subquery(dates, output_field=DateField())


def year_sessions(year: int) -> QuerySet[Session]:
    """The sessions of `year` (by their first meeting, else their registration deadline), each
    with `first_meeting`. No query of its own: callers filter, count or use it as a subquery."""
    starts = Coalesce(_first_meeting(), TruncDate("registration_deadline", tzinfo=MEETING_ZONE))
    return Session.objects.annotate(first_meeting=_first_meeting(), starts_on=starts).filter(
        starts_on__gte=datetime.date(year, 1, 1), starts_on__lte=datetime.date(year, 12, 31)
    )


def _live(sessions: QuerySet[Session]) -> QuerySet[Session]:
    return sessions.exclude(status=SessionStatus.CANCELLED)


def _ended(sessions: QuerySet[Session], today: datetime.date) -> QuerySet[Session]:
    """The sessions whose meetings all lie before `today` (and that had a meeting)."""
    meetings = Meeting.objects.filter(session=OuterRef("pk"))
    return sessions.filter(Exists(meetings)).exclude(Exists(meetings.filter(date__gte=today)))


def _valid_completion() -> Q:
    return Q(completion__isnull=False, completion__withdrawn_at__isnull=True)


def _registrations(sessions: QuerySet[Session]) -> QuerySet[Registration]:
    """The confirmed registrations of the sessions that are not cancelled."""
    return Registration.objects.filter(
        session__in=_live(sessions).values("pk"), status=RegistrationStatus.CONFIRMED
    ).order_by()


def _sum_of(rows: QuerySet, field: str) -> Coalesce:
    """The sum of `field` over `rows` (a queryset with OuterRef) as a subquery, like `count_of`."""
    summed = rows.order_by().annotate(n=Func(F(field), function="SUM", output_field=IntegerField())).values("n")
    return Coalesce(Subquery(summed, output_field=IntegerField()), 0)


def _average_of(rows: QuerySet, field: str) -> Subquery:
    averaged = rows.order_by().annotate(n=Func(F(field), function="AVG", output_field=FloatField())).values("n")
    return Subquery(averaged, output_field=FloatField())


def _rating(value: float | None) -> float | None:
    return None if value is None else round(float(value), 1)


# --- overall ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Overview:
    year: int
    sessions: int
    open: int
    full: int
    closed: int
    cancelled: int
    places: int  # capacity of the sessions not cancelled
    taken: int  # their confirmed registrations
    onz: int  # of them, for an ONZ member school
    waiting: int  # entries still waiting
    offers: int  # offers outstanding (not expired)
    recorded: int  # attendance marks
    present: int
    ended: int  # confirmed registrations of sessions that ended
    completed_ended: int  # of them, with a valid completion
    completed: int  # valid completions of all confirmed registrations
    evaluations: int
    average_rating: float | None

    @property
    def fill_rate(self) -> int | None:
        return percentage(self.taken, self.places)

    @property
    def attendance_rate(self) -> int | None:
        return percentage(self.present, self.recorded)

    @property
    def completion_rate(self) -> int | None:
        return percentage(self.completed_ended, self.ended)

    @property
    def onz_share(self) -> int | None:
        return percentage(self.onz, self.taken)

    @property
    def rates(self) -> list[tuple[str, int | None]]:
        """(label, rate) of the rates the dashboard draws, in the language of the request."""
        return [
            (gettext("Fill rate"), self.fill_rate),
            (gettext("Attendance rate"), self.attendance_rate),
            (gettext("Completion rate"), self.completion_rate),
            (gettext("ONZ share"), self.onz_share),
        ]

    @property
    def by_status(self) -> list[tuple[str, int]]:
        """(status label, sessions) in the order of the statuses."""
        counts = {SessionStatus.OPEN: self.open, SessionStatus.FULL: self.full}
        counts |= {SessionStatus.CLOSED: self.closed, SessionStatus.CANCELLED: self.cancelled}
        return [(str(status.label), counts[status]) for status in SessionStatus]


def overview(
    *,
    year: int,
    activity: Activity | None = None,
    now: datetime.datetime | None = None,
) -> Overview:
    """The numbers of the sessions of `year` (of one activity, or all of them). Five queries."""
    now = now or timezone.now()
    today = timezone.localtime(now, MEETING_ZONE).date()
    sessions = year_sessions(year)
    if activity is not None:
        sessions = sessions.filter(activity=activity)

    statuses = sessions.order_by().aggregate(
        sessions=Count("pk"),
        places=Coalesce(Sum("capacity", filter=~Q(status=SessionStatus.CANCELLED)), 0),
        **{status.value: Count("pk", filter=Q(status=status)) for status in SessionStatus},
    )
    ended = Q(session__in=_ended(sessions, today).values("pk"))
    registrations = _registrations(sessions).aggregate(
        taken=Count("pk"),
        onz=Count("pk", filter=Q(school__onz_member=True)),
        ended=Count("pk", filter=ended),
        completed_ended=Count("pk", filter=ended & _valid_completion()),
        completed=Count("pk", filter=_valid_completion()),
    )
    activities = sessions.values("activity_id")
    live = _live(sessions).values("pk")
    queue = WaitingListEntry.objects.order_by().aggregate(
        waiting=Count(
            "pk",
            filter=Q(status=WaitingStatus.WAITING)
            & (Q(session__in=live) | Q(session__isnull=True, activity__in=activities)),
        ),
        offers=Count("pk", filter=Q(status=WaitingStatus.OFFERED, offer_expires_at__gt=now, offered_session__in=live)),
    )
    marks = Attendance.objects.filter(
        registration__session__in=live, registration__status=RegistrationStatus.CONFIRMED
    ).aggregate(recorded=Count("pk"), present=Count("pk", filter=Q(present=True)))
    evaluations = Evaluation.objects.filter(registration__session__in=sessions.values("pk")).aggregate(
        evaluations=Count("pk"), average_rating=Avg("rating")
    )
    evaluations["average_rating"] = _rating(evaluations["average_rating"])
    return Overview(year=year, **statuses, **registrations, **queue, **marks, **evaluations)


# --- by region and by audience ------------------------------------------------------------------


@dataclass(frozen=True)
class GroupRow:
    """One region or audience: places offered, confirmed registrations and completions."""

    key: str
    label: str
    places: int
    registrations: int
    ended: int
    completed_ended: int

    @property
    def fill_rate(self) -> int | None:
        return percentage(self.registrations, self.places)

    @property
    def completion_rate(self) -> int | None:
        return percentage(self.completed_ended, self.ended)


def _grouped(
    sessions: QuerySet[Session], *, field: str, today: datetime.date, label_of: dict[str | None, str]
) -> list[GroupRow]:
    """Places and registrations of `sessions` grouped by `field` (a path from the session to a
    unique value, which is also the label unless `label_of` names it), in the order of `label_of`
    and then of the label. Two queries."""
    places = dict(_live(sessions).order_by().values_list(field).annotate(places=Sum("capacity")))
    ended = Q(session__in=_ended(sessions, today).values("pk"))
    counted = {
        row[f"session__{field}"]: row
        for row in _registrations(sessions)
        .values(f"session__{field}")
        .annotate(
            registrations=Count("pk"),
            ended=Count("pk", filter=ended),
            completed_ended=Count("pk", filter=ended & _valid_completion()),
        )
    }
    known = list(label_of)

    def order(key: str | None) -> tuple[int, str]:
        return (known.index(key) if key in known else len(known), label_of.get(key, str(key)))

    rows = []
    for key in sorted(set(places) | set(counted), key=order):
        row = counted.get(key, {})
        rows.append(
            GroupRow(
                key=key or "",
                label=label_of.get(key, str(key)),
                places=places.get(key) or 0,
                registrations=row.get("registrations", 0),
                ended=row.get("ended", 0),
                completed_ended=row.get("completed_ended", 0),
            )
        )
    return rows


def by_region(*, year: int, now: datetime.datetime | None = None) -> list[GroupRow]:
    """Per education region by name ("All regions" first: the activities open to every region).
    Two queries."""
    now = now or timezone.now()
    today = timezone.localtime(now, MEETING_ZONE).date()
    labels: dict[str | None, str] = {None: gettext("All regions")}
    return _grouped(year_sessions(year), field="activity__region__name", today=today, label_of=labels)


def by_audience(*, year: int, now: datetime.datetime | None = None) -> list[GroupRow]:
    """Per audience of the activities, in the order of the audiences. Two queries."""
    now = now or timezone.now()
    today = timezone.localtime(now, MEETING_ZONE).date()
    labels: dict[str | None, str] = {audience.value: str(audience.label) for audience in Audience}
    labels[None] = gettext("No audience given")
    return _grouped(year_sessions(year), field="activity__audiences__code", today=today, label_of=labels)


# --- per activity and per session ---------------------------------------------------------------


@dataclass(frozen=True)
class ActivityRow:
    activity: Activity
    sessions: int
    places: int
    taken: int
    waiting: int
    completed: int

    @property
    def fill_rate(self) -> int | None:
        return percentage(self.taken, self.places)


def activity_rows(*, year: int) -> list[ActivityRow]:
    """The activities with a session in `year`, by title, each with its sessions, places, taken
    places, people waiting and valid completions of that year. One query."""
    sessions = year_sessions(year)
    live = _live(sessions).values("pk")
    mine = sessions.filter(activity=OuterRef("pk"))
    # The sessions of the year as a plain subquery (no OuterRef inside: nested in the rows' own
    # subqueries an OuterRef would point at those rows, not at the activity).
    registrations = Registration.objects.filter(
        session__activity=OuterRef("pk"), session__in=live, status=RegistrationStatus.CONFIRMED
    )
    waiting = WaitingListEntry.objects.filter(
        Q(session__in=live) | Q(session__isnull=True), activity=OuterRef("pk"), status=WaitingStatus.WAITING
    )
    rows = (
        Activity.objects.filter(pk__in=sessions.values("activity_id"))
        .annotate(
            year_sessions=count_of(mine),
            year_places=_sum_of(_live(mine), "capacity"),
            year_taken=count_of(registrations),
            year_waiting=count_of(waiting),
            year_completed=count_of(registrations.filter(_valid_completion())),
        )
        .order_by("title_nl", "pk")
    )
    return [
        ActivityRow(
            activity=row,
            sessions=row.year_sessions,  # type: ignore[attr-defined]
            places=row.year_places,  # type: ignore[attr-defined]
            taken=row.year_taken,  # type: ignore[attr-defined]
            waiting=row.year_waiting,  # type: ignore[attr-defined]
            completed=row.year_completed,  # type: ignore[attr-defined]
        )
        for row in rows
    ]


def activity_for_dashboard(*, slug: str) -> Activity:
    """Any activity (published or not) by its slug; Http404 for an unknown one."""
    try:
        return Activity.objects.get(slug=slug)
    except Activity.DoesNotExist:
        raise Http404 from None


@dataclass(frozen=True)
class SessionRow:
    session: Session
    first_meeting: datetime.date | None
    taken: int  # confirmed registrations
    waiting: int  # its queue: people waiting for it or for any session of the activity
    offers: int  # offers outstanding (not expired)
    recorded: int
    present: int
    completed: int  # valid completions
    onz: int  # confirmed registrations for an ONZ member school
    evaluations: int
    average_rating: float | None
    attendance_meeting_id: int | None  # the meeting whose day list the row links to

    @property
    def capacity(self) -> int:
        return self.session.capacity

    @property
    def fill_rate(self) -> int | None:
        return percentage(self.taken, self.session.capacity)

    @property
    def attendance_rate(self) -> int | None:
        return percentage(self.present, self.recorded)

    @property
    def onz_share(self) -> int | None:
        return percentage(self.onz, self.taken)

    @property
    def cancelled(self) -> bool:
        return self.session.status == SessionStatus.CANCELLED


def session_rows(*, activity: Activity, year: int, now: datetime.datetime | None = None) -> list[SessionRow]:
    """The sessions of `activity` in `year`, by first meeting, each with its numbers. One query:
    the places are counted by `with_places` (the activities' own count), the rest by subqueries.

    A row links to the day list of the session's latest meeting whose day has come (its first
    meeting before then)."""
    now = now or timezone.now()
    today = timezone.localtime(now, MEETING_ZONE).date()
    confirmed = Registration.objects.filter(session=OuterRef("pk"), status=RegistrationStatus.CONFIRMED)
    marks = Attendance.objects.filter(
        registration__session=OuterRef("pk"), registration__status=RegistrationStatus.CONFIRMED
    )
    offers = WaitingListEntry.objects.filter(
        offered_session=OuterRef("pk"), status=WaitingStatus.OFFERED, offer_expires_at__gt=now
    )
    evaluations = Evaluation.objects.filter(registration__session=OuterRef("pk"))
    meetings = Meeting.objects.filter(session=OuterRef("pk")).values("pk")
    held = meetings.filter(date__lte=today).order_by("-date", "-starts_at", "-pk")[:1]
    first = meetings.order_by("date", "starts_at", "pk")[:1]
    rows = (
        with_places(year_sessions(year).filter(activity=activity))
        .annotate(
            offers_open=count_of(offers),
            marks_recorded=count_of(marks),
            marks_present=count_of(marks.filter(present=True)),
            completed=count_of(
                Completion.objects.filter(
                    registration__session=OuterRef("pk"),
                    registration__status=RegistrationStatus.CONFIRMED,
                    withdrawn_at__isnull=True,
                )
            ),
            onz_registrations=count_of(confirmed.filter(school__onz_member=True)),
            evaluation_count=count_of(evaluations),
            rating=_average_of(evaluations, "rating"),
            attendance_meeting=Coalesce(
                Subquery(held, output_field=IntegerField()), Subquery(first, output_field=IntegerField())
            ),
        )
        .order_by(F("first_meeting").asc(nulls_last=True), "registration_deadline", "pk")
    )
    return [
        SessionRow(
            session=row,
            first_meeting=row.first_meeting,  # type: ignore[attr-defined]
            taken=row.places_taken,  # type: ignore[attr-defined]
            waiting=row.places_waiting,  # type: ignore[attr-defined]
            offers=row.offers_open,  # type: ignore[attr-defined]
            recorded=row.marks_recorded,  # type: ignore[attr-defined]
            present=row.marks_present,  # type: ignore[attr-defined]
            completed=row.completed,  # type: ignore[attr-defined]
            onz=row.onz_registrations,  # type: ignore[attr-defined]
            evaluations=row.evaluation_count,  # type: ignore[attr-defined]
            average_rating=_rating(row.rating),  # type: ignore[attr-defined]
            attendance_meeting_id=row.attendance_meeting,  # type: ignore[attr-defined]
        )
        for row in rows
    ]
