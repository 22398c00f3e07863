"""The reads of Meet the Professor, scoped to the viewer in one place per resource, and the
coordinator's suggestions of researchers for a request.

Who sees which requests (`visit_list_for_user`): coordinators (the view permission) all; a school
user their schools' requests (the tenancy rule, partnerships/tenancy.py); a researcher the visits
they are proposed for or make; anybody else none.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from iclon.accounts.models import User
from partnerships.models import School
from partnerships.tenancy import visible_rows
from professionalisation.outreach.models.visits import (
    BOOKED,
    VISIT_ZONE,
    ResearcherProfile,
    ResearcherUnavailability,
    VisitRequest,
    VisitStatus,
)
from professionalisation.outreach.permissions.visits import VIEW_VISITS, is_active_person, manages_researchers

Viewer = User | AnonymousUser | None

#: Points of each reason in a suggestion's score.
TOPIC_POINTS = 3
FREE_POINTS = 2
REGION_POINTS = 1
NEW_SCHOOL_POINTS = 1
CAP_PENALTY = -10


def visit_list_for_user(user: Viewer) -> QuerySet[VisitRequest]:
    own = Q(researcher__user=user) if is_active_person(user) else None
    rows = visible_rows(VisitRequest.objects.all(), user=user, perm=VIEW_VISITS, school="school", own=own)
    return rows.select_related("school__region", "researcher__user", "requested_by").prefetch_related(
        "preferred_dates", "evaluations"
    )


def visit_get_for_user(*, user: Viewer, pk: Any) -> VisitRequest:
    """The request if `user` may see it; Http404 otherwise."""
    return get_object_or_404(visit_list_for_user(user), pk=pk)


def visit_attention_counts(*, user: Viewer, held_before: datetime.datetime) -> dict[str, int]:
    """What of the requests `user` may see waits for a coordinator, counted in one query:
    `requested` (no researcher proposed yet), `declined` (the researcher proposed said no: propose
    another) and `to_mark_held` (confirmed visits that started before `held_before`, not yet marked
    held)."""
    rows = visit_list_for_user(user).select_related(None).prefetch_related(None)
    return rows.aggregate(
        requested=Count("pk", filter=Q(status=VisitStatus.REQUESTED)),
        declined=Count("pk", filter=Q(status=VisitStatus.DECLINED)),
        to_mark_held=Count("pk", filter=Q(status=VisitStatus.CONFIRMED, starts_at__lt=held_before)),
    )


def researcher_list_for_user(user: Viewer) -> QuerySet[ResearcherProfile]:
    """The pool, for coordinators only."""
    if not manages_researchers(user):
        return ResearcherProfile.objects.none()
    return ResearcherProfile.objects.select_related("user", "faculty").prefetch_related("regions", "unavailabilities")


# --- suggestions --------------------------------------------------------------------------------------


@dataclass
class Reason:
    code: str
    text: str
    points: int


@dataclass
class Suggestion:
    researcher: ResearcherProfile
    score: int = 0
    reasons: list[Reason] = field(default_factory=list)
    free_dates: list[datetime.date] = field(default_factory=list)
    visits_this_year: int = 0
    visits_at_school: int = 0

    def add(self, code: str, text: str, points: int = 0) -> None:
        self.reasons.append(Reason(code, text, points))
        self.score += points


_WORD = re.compile(r"\w+")


def _words(text: str) -> set[str]:
    return {word for word in _WORD.findall((text or "").lower()) if len(word) > 2}


def _topic_matches(researcher: ResearcherProfile, wishes: str) -> list[str]:
    """The researcher's topics (and discipline) that the wishes name: a topic matches when all its
    words are among the wishes' words or its text is part of the wishes."""
    text = (wishes or "").lower()
    words = _words(text)
    found = []
    for topic in [*researcher.topic_list, researcher.discipline.lower().strip()]:
        topic_words = _words(topic)
        if topic and (topic in text or (topic_words and topic_words <= words)):
            found.append(topic)
    return found


def _day_bounds(days: list[datetime.date]) -> tuple[datetime.datetime, datetime.datetime]:
    first, last = min(days), max(days)
    return (
        datetime.datetime.combine(first, datetime.time.min, tzinfo=VISIT_ZONE),
        datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min, tzinfo=VISIT_ZONE),
    )


def researcher_suggestions(request: VisitRequest, *, today: datetime.date | None = None) -> list[Suggestion]:
    """The active researchers for `request`, best first, each with a score and the reasons for it:
    topic match, free on a preferred date (not unavailable, no other visit that day), travels to the
    school's region, visits this year against their cap, visits at this school so far (fewest is
    fairest). Researchers who declined this request are left out. Four queries whatever the number
    of researchers and dates."""
    today = today or timezone.localdate()
    days = sorted({preferred.date for preferred in request.preferred_dates.all() if preferred.date >= today})
    year_start = datetime.datetime(today.year, 1, 1, tzinfo=VISIT_ZONE)
    year_end = year_start.replace(year=today.year + 1)
    booked = Q(visits__status__in=BOOKED) & ~Q(visits__pk=request.pk)
    prefetches: list[Any] = []
    school_region = School.objects.filter(pk=request.school_id).values("region_id")
    travels = ResearcherProfile.regions.through.objects.filter(
        researcherprofile_id=OuterRef("pk"), educationregion_id=Subquery(school_region)
    )
    if days:
        start, end = _day_bounds(days)
        prefetches += [
            Prefetch(
                "unavailabilities",
                queryset=ResearcherUnavailability.objects.filter(starts_on__lte=days[-1], ends_on__gte=days[0]),
                to_attr="unavailable_periods",
            ),
            Prefetch(
                "visits",
                queryset=VisitRequest.objects.filter(status__in=BOOKED, starts_at__gte=start, starts_at__lt=end)
                .exclude(pk=request.pk)
                .only("pk", "researcher_id", "starts_at"),
                to_attr="visits_on_days",
            ),
        ]
    researchers = (
        ResearcherProfile.objects.filter(active=True, user__is_active=True)
        .exclude(declined_visits=request)
        .select_related("user", "faculty")
        .annotate(
            in_region=Exists(travels),
            year_count=Count(
                "visits", filter=booked & Q(visits__starts_at__gte=year_start, visits__starts_at__lt=year_end)
            ),
            school_count=Count("visits", filter=booked & Q(visits__school_id=request.school_id)),
        )
        .prefetch_related(*prefetches)
        .order_by("user__full_name", "pk")
    )
    suggestions = [_suggest(researcher, request, days) for researcher in researchers]
    suggestions.sort(key=lambda s: (-s.score, s.visits_this_year, s.visits_at_school, s.researcher.pk))
    return suggestions


def _suggest(researcher: Any, request: VisitRequest, days: list[datetime.date]) -> Suggestion:
    suggestion = Suggestion(
        researcher=researcher, visits_this_year=researcher.year_count, visits_at_school=researcher.school_count
    )
    matches = _topic_matches(researcher, request.wishes)
    if matches:
        suggestion.add("topic", _("Topic match: %(topics)s") % {"topics": ", ".join(matches)}, TOPIC_POINTS)
    else:
        suggestion.add("no_topic", _("No topic in common with the wishes"))
    blocked: set[datetime.date] = set()
    for period in getattr(researcher, "unavailable_periods", []):
        blocked.update(day for day in days if period.starts_on <= day <= period.ends_on)
    for visit in getattr(researcher, "visits_on_days", []):
        blocked.add(visit.starts_at.astimezone(VISIT_ZONE).date())
    suggestion.free_dates = [day for day in days if day not in blocked]
    if suggestion.free_dates:
        dates = ", ".join(f"{day:%d-%m-%Y}" for day in suggestion.free_dates)
        suggestion.add("free", _("Free on a preferred date: %(dates)s") % {"dates": dates}, FREE_POINTS)
    else:
        suggestion.add("not_free", _("Not free on any preferred date"))
    if researcher.in_region:
        suggestion.add("region", _("Travels to the school's region"), REGION_POINTS)
    else:
        suggestion.add("no_region", _("Does not travel to the school's region"))
    cap = researcher.max_visits_per_year
    counts = {"count": suggestion.visits_this_year, "cap": cap}
    if suggestion.visits_this_year >= cap:
        suggestion.add(
            "cap_reached", _("%(count)s of %(cap)s visits this year: the cap is reached") % counts, CAP_PENALTY
        )
    else:
        suggestion.add("cap", _("%(count)s of %(cap)s visits this year") % counts)
    if suggestion.visits_at_school == 0:
        suggestion.add("new_school", _("Has not visited this school yet"), NEW_SCHOOL_POINTS)
    else:
        n = suggestion.visits_at_school
        suggestion.add(
            "school_visits", ngettext("%(n)s visit at this school", "%(n)s visits at this school", n) % {"n": n}
        )
    return suggestion


# --- the researcher's own page --------------------------------------------------------------------------


def year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The calendar year `year` in the Netherlands, as [start, end) moments."""
    start = datetime.datetime(year, 1, 1, tzinfo=VISIT_ZONE)
    return start, start.replace(year=year + 1)


def _user_id(user: Viewer) -> int:
    return user.pk if isinstance(user, User) else 0


def researcher_for_user(user: Viewer, *, today: datetime.date | None = None) -> ResearcherProfile | None:
    """The viewer's own profile in the pool (with `year_count`: their booked visits this calendar
    year, as the cap counts them), or None for anybody not in the pool. One query, plus one for the
    regions."""
    if not is_active_person(user):
        return None
    start, end = year_bounds((today or timezone.localdate()).year)
    return (
        ResearcherProfile.objects.filter(user_id=_user_id(user))
        .select_related("user", "faculty")
        .prefetch_related("regions")
        .annotate(
            year_count=Count(
                "visits",
                filter=Q(visits__status__in=BOOKED, visits__starts_at__gte=start, visits__starts_at__lt=end),
            )
        )
        .first()
    )


def in_pool(user: Viewer) -> bool:
    """Whether the viewer is a researcher of the pool (one query; none for anonymous visitors)."""
    return is_active_person(user) and ResearcherProfile.objects.filter(user_id=_user_id(user)).exists()


def unavailability_list_for_user(user: Viewer) -> QuerySet[ResearcherUnavailability]:
    """The unavailable periods the viewer sees: coordinators every researcher's, a researcher their
    own, anybody else none."""
    rows = ResearcherUnavailability.objects.select_related("researcher__user")
    if manages_researchers(user):
        return rows
    if not is_active_person(user):
        return rows.none()
    return rows.filter(researcher__user_id=_user_id(user))


# --- figures for staff --------------------------------------------------------------------------------

#: The first year the figures may be asked for.
FIRST_FIGURES_YEAR = 2020
#: The statuses of a request that is still on its way: waiting for a researcher (again, after a
#: decline) or arranged but not yet held.
IN_PROGRESS = (
    VisitStatus.REQUESTED,
    VisitStatus.PROPOSED,
    VisitStatus.ACCEPTED,
    VisitStatus.CONFIRMED,
    VisitStatus.DECLINED,
)
#: The statuses of a visit that took place.
HELD = (VisitStatus.HELD, VisitStatus.EVALUATED)
#: The statuses of a request that ended without a visit.
STOPPED = (VisitStatus.WITHDRAWN,)


def figures_year(value: object, *, today: datetime.date | None = None) -> int:
    """The calendar year asked for (`?year=2027`), or the current one for an empty or unusable value."""
    current = (today or timezone.localdate()).year
    try:
        year = int(str(value))
    except (TypeError, ValueError):
        return current
    return year if FIRST_FIGURES_YEAR <= year <= current + 1 else current


@dataclass(frozen=True)
class RegionFigures:
    region_id: int | None
    label: str
    requests: int
    in_progress: int
    held: int
    withdrawn: int


@dataclass(frozen=True)
class FacultyFigures:
    faculty_id: int | None
    label: str
    visits: int
    pupils: int


@dataclass(frozen=True)
class FirstSchool:
    id: int
    name: str
    city: str
    region: str
    first_visit: datetime.date


@dataclass
class VisitFigures:
    year: int
    regions: list[RegionFigures]
    faculties: list[FacultyFigures]
    first_schools: list[FirstSchool]

    @property
    def requests(self) -> int:
        return sum(row.requests for row in self.regions)

    @property
    def visits(self) -> int:
        return sum(row.visits for row in self.faculties)

    @property
    def first_school_count(self) -> int:
        return len(self.first_schools)


def visit_figures(*, year: int | None = None) -> VisitFigures:
    """Meet the Professor's figures of a calendar year (in the Netherlands; default: this year), for
    coordinators. Three queries whatever the number of rows:

    * requests per education region of the school (a request counts in the year it was made), by
      status group: in progress (IN_PROGRESS), held (HELD), withdrawn (STOPPED); schools without a
      region come last, as "No region";
    * visits held per faculty of the researcher (a visit counts in the year it took place; held or
      evaluated), with "No faculty" last;
    * the schools reached for the first time: those whose first visit ever held took place in the
      year (a school with a visit held in an earlier year is not one of them)."""
    year = year or timezone.localdate().year
    start, end = year_bounds(year)
    by_region = (
        VisitRequest.objects.filter(created_at__gte=start, created_at__lt=end)
        .values("school__region_id", "school__region__name")
        .annotate(
            requests=Count("pk"),
            in_progress=Count("pk", filter=Q(status__in=IN_PROGRESS)),
            held=Count("pk", filter=Q(status__in=HELD)),
            withdrawn=Count("pk", filter=Q(status__in=STOPPED)),
        )
        .order_by(F("school__region__name").asc(nulls_last=True))
    )
    regions = [
        RegionFigures(
            region_id=row["school__region_id"],
            label=row["school__region__name"] or _("No region"),
            requests=row["requests"],
            in_progress=row["in_progress"],
            held=row["held"],
            withdrawn=row["withdrawn"],
        )
        for row in by_region
    ]
    by_faculty = (
        VisitRequest.objects.filter(status__in=HELD, starts_at__gte=start, starts_at__lt=end)
        .values("researcher__faculty_id", "researcher__faculty__name")
        .annotate(visits=Count("pk"), pupils=Sum("pupils"))
        .order_by(F("researcher__faculty__name").asc(nulls_last=True))
    )
    faculties = [
        FacultyFigures(
            faculty_id=row["researcher__faculty_id"],
            label=row["researcher__faculty__name"] or _("No faculty"),
            visits=row["visits"],
            pupils=row["pupils"] or 0,
        )
        for row in by_faculty
    ]
    first_held = (
        VisitRequest.objects.filter(school=OuterRef("pk"), status__in=HELD, starts_at__isnull=False)
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    schools = (
        School.objects.annotate(first_visit=Subquery(first_held))
        .filter(first_visit__gte=start, first_visit__lt=end)
        .select_related("region")
        .order_by("name", "pk")
    )
    first_schools = [
        FirstSchool(
            id=school.pk,
            name=school.name,
            city=school.city,
            region=school.region.name if school.region else "",
            first_visit=school.first_visit.astimezone(VISIT_ZONE).date(),
        )
        for school in schools
    ]
    return VisitFigures(year=year, regions=regions, faculties=faculties, first_schools=first_schools)
