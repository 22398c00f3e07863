"""Reads of orientation on the teaching profession: the coming orientation activities and the
materials that suit a person's subject(s) and sector (for the route finder's answer and a pathway's
page), and the funnel from orientation to application for staff (counts only).

An orientation activity *suits* a subject when it is tied to that subject or to no subject at all
(an orientation on teaching in general), and a sector when its sector is that sector or empty. It is
*coming* when it has a session open for registration (professional development's rule:
activities.selectors.open_sessions) with a place left for a newcomer and a meeting from today on.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from iclon.accounts.models import User
from professionalisation.activities import selectors as activities
from professionalisation.activities.models import Activity, Meeting, Registration, RegistrationStatus, Session
from professionalisation.completion.models import Attendance
from professionalisation.outreach.models.orientation import ORIENTATION_KINDS, OrientationMaterial
from programmes.intake.models import Application, ApplicationStatus

#: At most this many activities with an answer or on a page (the soonest first).
SHOWN = 6
#: At most this many materials with an answer.
MATERIALS_SHOWN = 10
#: The sessions read to find them (an activity may have several coming sessions).
SESSIONS_READ = 60


@dataclass(frozen=True)
class ComingOrientation:
    """An orientation activity with its next session that has a place left."""

    activity: Activity
    session: Session
    date: datetime.date
    starts_at: datetime.time
    place: str
    online: bool
    places_left: int

    @property
    def url(self) -> str:
        return reverse("activities:detail", kwargs={"slug": self.activity.slug})


def _suits(*, subject_ids: list[int] | None, sector: str, tied: QuerySet, outer: str = "") -> Q:
    """The rows (activities, or materials; `outer` is the path to them) that suit the subjects and
    sector. `tied` is the row's subject links as a queryset of the m2m's through model over
    OuterRef("pk"); `subject_ids` None: any subject (primary education, or no subject asked)."""
    condition = Q(**{f"{outer}sector__in": ["", sector]}) if sector else Q()
    if subject_ids is None:
        return condition
    return condition & (Exists(tied.filter(schoolsubject_id__in=subject_ids)) | ~Exists(tied))


_activity_subjects = Activity.subjects.through.objects.filter(activity_id=OuterRef("activity_id"))
_material_subjects = OrientationMaterial.subjects.through.objects.filter(orientationmaterial_id=OuterRef("pk"))


def coming_orientation(
    *,
    subject_ids: Iterable[int] | None,
    sector: str,
    now: datetime.datetime | None = None,
    limit: int = SHOWN,
) -> list[ComingOrientation]:
    """The coming orientation activities that suit `subject_ids` (None: any) and `sector`, each once
    with its first coming session that has a place left, soonest first. Two queries: the sessions
    (with their activity and places) and their meetings."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    ids = None if subject_ids is None else list(subject_ids)
    coming = Meeting.objects.filter(session=OuterRef("pk"), date__gte=today, cancelled_at__isnull=True).order_by(
        "date", "starts_at"
    )
    sessions = (
        activities.open_sessions(now=now)
        .filter(activity__kind__in=ORIENTATION_KINDS)
        .filter(_suits(subject_ids=ids, sector=sector, tied=_activity_subjects, outer="activity__"))
        .annotate(next_date=Subquery(coming.values("date")[:1]))
        .filter(next_date__isnull=False)
        .order_by("next_date", "pk")[:SESSIONS_READ]
    )
    shown: dict[int, ComingOrientation] = {}
    for session in activities.mark_places(sessions):
        if session.is_full or session.activity_id in shown:  # type: ignore[attr-defined]
            continue
        meeting = next(m for m in session.meetings.all() if m.date >= today and not m.cancelled)
        shown[session.activity_id] = ComingOrientation(
            activity=session.activity,
            session=session,
            date=meeting.date,
            starts_at=meeting.starts_at,
            place=meeting.place,
            online=bool(meeting.online_link) and not meeting.place,
            places_left=session.places.free_for(onz=False),  # type: ignore[attr-defined]
        )
        if len(shown) == limit:
            break
    return list(shown.values())


def orientation_materials(*, subject_ids: Iterable[int] | None, sector: str) -> QuerySet[OrientationMaterial]:
    """The published orientation materials that suit `subject_ids` (None: any) and `sector`, at most
    MATERIALS_SHOWN (one query)."""
    ids = None if subject_ids is None else list(subject_ids)
    return OrientationMaterial.objects.published().filter(
        _suits(subject_ids=ids, sector=sector, tied=_material_subjects)
    )[:MATERIALS_SHOWN]


# --- the funnel from orientation to application (staff; counts only) -----------------------------

#: An application that was admitted (an enrolment was admitted first).
ADMITTED = (ApplicationStatus.ADMITTED, ApplicationStatus.ADMITTED_WITH_CONDITIONS, ApplicationStatus.ENROLLED)
FIRST_YEAR = 2020


@dataclass(frozen=True)
class FunnelRow:
    kind: str  # an ActivityKind of ORIENTATION_KINDS, or "all"
    label: str
    attended: int
    applied: int
    admitted: int

    @property
    def applied_rate(self) -> int | None:
        return round(100 * self.applied / self.attended) if self.attended else None

    @property
    def admitted_rate(self) -> int | None:
        return round(100 * self.admitted / self.attended) if self.attended else None


def funnel_year(value: object) -> int | None:
    """The year asked for (`?year=2027`), or None (every year) for an empty or unusable value."""
    try:
        year = int(str(value))
    except (TypeError, ValueError):
        return None
    return year if FIRST_YEAR <= year <= timezone.localdate().year + 1 else None


def _first_orientation(kinds: Iterable[str], *, year: int | None, today: datetime.date) -> QuerySet:
    """The date a person (OuterRef("pk")) first attended an orientation activity of `kinds` (in
    `year`, if given), as a subquery: the first meeting's date of the earliest of their registrations
    that count as attended: present at a meeting (completion's attendance), or a confirmed place of
    a session whose meetings have all passed without any attendance recorded."""
    meetings = Meeting.objects.filter(session=OuterRef("session_id"), cancelled_at__isnull=True)
    recorded = Attendance.objects.filter(registration=OuterRef("pk"))
    ended = ~Exists(meetings.filter(date__gte=today)) & Exists(meetings)
    rows = (
        Registration.objects.filter(participant=OuterRef("pk"), session__activity__kind__in=list(kinds))
        .filter(
            Exists(recorded.filter(present=True)) | (Q(status=RegistrationStatus.CONFIRMED) & ended & ~Exists(recorded))
        )
        .annotate(first_date=Subquery(meetings.order_by("date").values("date")[:1]))
    )
    if year is not None:
        rows = rows.filter(first_date__year=year)
    return rows.order_by("first_date").values("first_date")[:1]


def _funnel_row(kind: str, label: str, kinds: Iterable[str], *, year: int | None, today: datetime.date) -> FunnelRow:
    """One query: the people with an attended orientation of `kinds`, and of them those with an
    application submitted on or after the day of their first such orientation, and those admitted."""
    first = _first_orientation(kinds, year=year, today=today)
    after = Application.objects.filter(applicant=OuterRef("pk"), submitted_at__date__gte=OuterRef("first_date"))
    counts = (
        User.objects.annotate(first_date=Subquery(first))
        .filter(first_date__isnull=False)
        # Named apart from the counts: an aggregate that shares an annotation's name replaces it.
        .annotate(has_applied=Exists(after), has_admitted=Exists(after.filter(status__in=ADMITTED)))
        .aggregate(
            attended=Count("pk"),
            applied=Count("pk", filter=Q(has_applied=True)),
            admitted=Count("pk", filter=Q(has_admitted=True)),
        )
    )
    return FunnelRow(kind=kind, label=label, **counts)


def funnel(*, year: int | None = None, today: datetime.date | None = None) -> list[FunnelRow]:
    """The funnel overall and per kind of orientation activity: a fixed number of queries (one per
    row). Counts only: no row names a person."""
    today = today or timezone.localdate()
    rows = [_funnel_row("all", gettext("All orientation activities"), ORIENTATION_KINDS, year=year, today=today)]
    rows += [_funnel_row(kind.value, str(kind.label), (kind,), year=year, today=today) for kind in ORIENTATION_KINDS]
    return rows
