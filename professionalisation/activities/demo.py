"""Demo data of professional development: a year of ICLON's offer (professionalisation/activities/
seed_data/), with the meetings dated from today, and registrations made through the services so
that the demo shows real states: the demo teacher registered for two sessions, fourth on the
waiting list of a full session and holding an open offer for another; full sessions, a closed one
already under way and a cancelled one.

Idempotent: activities are found by slug, sessions and meetings by their order, and a row is
written only when a value differs, so a second run on the same day writes nothing (no history
rows either); registrations are made only for people who have none in that session yet.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from iclon.accounts.demo import demo_user
from iclon.accounts.models import User
from iclon.core.errors import Conflict
from partnerships.models import EducationRegion, School, SchoolMembership, SchoolRole
from professionalisation.activities import seed_data as facts
from professionalisation.activities import services
from professionalisation.activities.models import (
    LIVE_WAITING,
    MEETING_ZONE,
    Activity,
    ActivityFormat,
    ActivityKind,
    Audience,
    CompletionAward,
    Meeting,
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
    TargetAudience,
    WaitingListEntry,
    WaitingStatus,
)
from professionalisation.activities.services import invitations
from programmes.catalogue.models import SchoolSubject
from research.models import TeachingLearningPrinciple

WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4}
# School holidays (month, day) … (month, day), roughly those of Zuid-Holland: a meeting that falls
# in one moves on by a week until it does not. The summer school alone takes place in the summer.
HOLIDAYS = [((12, 19), (12, 31)), ((1, 1), (1, 3)), ((4, 24), (5, 5)), ((7, 10), (8, 31))]
ONLINE_LINK = "https://video.example.org/iclon/{slug}-{number}"
# A session's name starts with its season and year (names are Dutch, like the meeting places).
SEASONS = dict.fromkeys((12, 1, 2), "Winter") | dict.fromkeys((3, 4, 5), "Voorjaar")
SEASONS |= dict.fromkeys((6, 7, 8), "Zomer") | dict.fromkeys((9, 10, 11), "Najaar")
DEADLINE_TIME = datetime.time(23, 59)


def seed_demo(stdout, style) -> None:
    with scopes_disabled(), transaction.atomic():
        today = timezone.localdate()
        users = {u.email: u for u in User.objects.filter(email__in=[facts.COORDINATOR, facts.RESEARCHER])}
        venues = Venues.load()
        sessions: dict[tuple[str, int], Session] = {}
        for spec in facts.ACTIVITIES:
            spec = {**facts.ACTIVITY_DEFAULTS, **spec}
            activity = _sync_activity(spec, venues.regions, users)
            for index, session_spec in enumerate(spec["sessions"]):
                sessions[spec["slug"], index] = _sync_session(activity, index, session_spec, spec, venues, today)

        teacher = User.objects.filter(email=facts.DEMO_TEACHER).first()
        coordinator = users.get(facts.COORDINATOR)
        if teacher is None or coordinator is None:
            note = "registrations skipped: the demo accounts are not there"
        else:
            made = Registrations(sessions=sessions, teacher=teacher, coordinator=coordinator).seed()
            note = f"{made} registrations and waiting-list places made now"
        # Staff closed registration for the session under way (after its participants were registered).
        for spec in facts.ACTIVITIES:
            for index, session_spec in enumerate(spec["sessions"]):
                if session_spec.get("status") == SessionStatus.CLOSED:
                    _close(sessions[spec["slug"], index])

        slugs = [spec["slug"] for spec in facts.ACTIVITIES]
        ours = Session.objects.filter(activity__slug__in=slugs)
        summary = (
            f"  Professional development: {len(slugs)} activities, {ours.count()} sessions, "
            f"{Meeting.objects.filter(session__in=ours).count()} meetings; "
            f"{Registration.objects.filter(session__in=ours, status=RegistrationStatus.CONFIRMED).count()} "
            f"confirmed registrations, "
            f"{WaitingListEntry.objects.filter(activity__slug__in=slugs, status__in=LIVE_WAITING).count()} "
            f"on waiting lists ({note})."
        )
    stdout.write(summary)


# --- the catalogue ---------------------------------------------------------------------------------


def _sync(row, model, values: dict):
    """Create the row, or write the fields of `values` that differ from it: an unchanged row is not
    saved at all, so a second run adds no history rows."""
    if row is None:
        return model.objects.create(**values)
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if changed:
        for name in changed:
            setattr(row, name, values[name])
        row.save(update_fields=[*changed, "updated_at"])
    return row


def _sync_activity(spec: dict, regions: dict[str, EducationRegion], users: dict[str, User]) -> Activity:
    region = regions.get(spec["region"]) if spec["region"] else None
    values = {
        "slug": spec["slug"],
        "kind": ActivityKind(spec["kind"]).value,
        "title_nl": spec["title_nl"],
        "title_en": spec["title_en"],
        "description_nl": spec["description_nl"],
        "description_en": spec["description_en"],
        "region_id": region.pk if region else None,
        "format": ActivityFormat(spec["format"]).value,
        "price": spec["price"],
        "onz_price": spec["onz_price"],
        "study_load_hours": spec["hours"],
        "study_load_ec": spec["ec"],
        "award": CompletionAward(spec["award"]).value,
        "meetings_required": spec["meetings_required"],
        "assignment_required": spec["assignment_required"],
        "contact_email": facts.CONTACT_EMAIL,
        "offer_hours": spec["offer_hours"],
        "cancel_days_before": spec["cancel_days_before"],
        "published": spec["published"],
    }
    activity = _sync(Activity.objects.filter(slug=spec["slug"]).first(), Activity, values)
    # set() adds and removes only what differs: an unchanged list writes nothing.
    activity.audiences.set(
        [TargetAudience.objects.get_or_create(code=Audience(code).value)[0] for code in spec["audiences"]]
    )
    activity.subjects.set(SchoolSubject.objects.filter(slug__in=spec["subjects"]))
    activity.principles.set(TeachingLearningPrinciple.objects.filter(slug__in=spec["principles"]))
    organisers = [users.get(facts.COORDINATOR)]
    if spec["organised_with_research"]:
        organisers.append(users.get(facts.RESEARCHER))
    activity.organisers.set([user for user in organisers if user is not None])
    return activity


@dataclass
class Venues:
    """Where meetings take place: ICLON, online, or a school of an education region (ONZ member
    schools first, taken in turn so that a region's meetings move between schools)."""

    regions: dict[str, EducationRegion]
    schools: dict[str, list[School]]
    turns: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Venues:
        regions = {region.slug: region for region in EducationRegion.objects.all()}
        schools = {
            slug: list(
                School.objects.filter(region=region, is_active=True, offers_vo=True).order_by(
                    "-onz_member", "brin_code", "branch_number"
                )[:8]
            )
            for slug, region in regions.items()
        }
        return cls(regions=regions, schools=schools)

    def school(self, region_slug: str | None) -> School | None:
        schools = self.schools.get(region_slug or "")
        if not schools:
            return None
        turn = self.turns.get(region_slug, 0)
        self.turns[region_slug] = turn + 1
        return schools[turn % len(schools)]


def _school_address(school: School) -> str:
    """ "Name, street number, town", the name shortened should it not fit the meeting's place."""
    street = f"{school.street} {school.house_number}".strip()
    rest = "".join(f", {part}" for part in (street, school.city) if part)
    room = Meeting._meta.get_field("place").max_length - len(rest)
    return school.name[:room] + rest


def _where(spec: dict, activity_spec: dict, venues: Venues) -> tuple[str, str, bool]:
    """(place, label for the session's name, online) of a session's meetings."""
    if spec.get("place"):
        return spec["place"], "Leiden", False
    where = spec.get("where") or {"online": "online", "hybrid": "hybrid"}.get(activity_spec["format"], "iclon")
    if where == "online":
        return "", "online", True
    if where == "hybrid":
        return facts.ICLON_PLACE, "Leiden en online", True
    if where == "school":
        school = venues.school(spec.get("region") or activity_spec["region"])
        if school is not None:
            return _school_address(school), school.city or school.name, False
    return facts.ICLON_PLACE, "Leiden", False


def _in_holiday(day: datetime.date) -> bool:
    return any(start <= (day.month, day.day) <= end for start, end in HOLIDAYS)


def _school_day(day: datetime.date) -> datetime.date:
    while _in_holiday(day):
        day += datetime.timedelta(weeks=1)
    return day


def meeting_dates(spec: dict, today: datetime.date) -> list[datetime.date]:
    """The dates of a session's meetings (see seed_data's docstring)."""
    every = datetime.timedelta(days=spec.get("every", 14))
    if spec.get("summer"):
        # The Monday of the last week of August, the coming one when there is a month left to register.
        year = today.year if datetime.date(today.year, 7, 25) > today else today.year + 1
        end_of_august = datetime.date(year, 8, 25)
        first = end_of_august - datetime.timedelta(days=end_of_august.weekday())
        return [first + every * number for number in range(spec.get("meetings", 1))]
    monday = today - datetime.timedelta(days=today.weekday())
    dates = [_school_day(monday + datetime.timedelta(weeks=spec["week"], days=WEEKDAYS[spec["day"]]))]
    while len(dates) < spec.get("meetings", 1):
        dates.append(_school_day(dates[-1] + every))
    return dates


def _sync_session(
    activity: Activity, index: int, spec: dict, activity_spec: dict, venues: Venues, today: datetime.date
) -> Session:
    dates = meeting_dates(spec, today)
    place, label, online = _where(spec, activity_spec, venues)
    deadline = dates[0] - datetime.timedelta(days=spec.get("deadline_days", 7))
    onz_places = spec.get("onz_places", 0)
    values = {
        "activity_id": activity.pk,
        "name": f"{SEASONS[dates[0].month]} {dates[0].year} – {label}",
        "capacity": spec["capacity"],
        "onz_places": onz_places,
        "onz_places_until": deadline - datetime.timedelta(days=14) if onz_places else None,
        "registration_deadline": datetime.datetime.combine(deadline, DEADLINE_TIME, tzinfo=MEETING_ZONE),
        "offers_until": None,
    }
    # The demo's n-th session of an activity is its n-th session by id. Its status is left alone:
    # the services keep it (open, full, cancelled) and _close sets the closed one.
    existing = list(activity.sessions.order_by("pk")[index : index + 1])
    session = _sync(existing[0] if existing else None, Session, values)
    meetings = list(session.meetings.order_by("pk"))
    link = ONLINE_LINK.format(slug=activity.slug, number=index + 1) if online else ""
    start, end = datetime.time.fromisoformat(spec["start"]), datetime.time.fromisoformat(spec["end"])
    for number, day in enumerate(dates):
        values = {
            "session_id": session.pk,
            "date": day,
            "starts_at": start,
            "ends_at": end,
            "place": place,
            "online_link": link,
        }
        _sync(meetings[number] if number < len(meetings) else None, Meeting, values)
    return session


def _close(session: Session) -> None:
    session.refresh_from_db(fields=["status"])
    if session.status in (SessionStatus.OPEN, SessionStatus.FULL):
        session.status = SessionStatus.CLOSED
        session.save(update_fields=["status", "updated_at"])


# --- registrations ---------------------------------------------------------------------------------


@dataclass
class Registrations:
    """The demo's registrations, each made through the services: by the participant themself, by
    the coordinator for teachers who take part for their school and for the session under way, and
    by the demo school contact for one teacher of their school."""

    sessions: dict[tuple[str, int], Session]
    teacher: User
    coordinator: User
    people: dict[int, User] = field(default_factory=dict)
    schools: dict[int, School | None] = field(default_factory=dict)
    made: int = 0

    def seed(self) -> int:
        self._load_people()
        self._by_school_contact()
        self._fill_sessions()
        self._full_with_waiting_list()
        for key in facts.DEMO_TEACHER_REGISTERED:
            self._register(self.sessions[key], self.teacher)
        self._offer()
        self._cancelled_session()
        self._under_way()
        return self.made

    def _load_people(self) -> None:
        """The generated demo teachers (deelnemerN@example.org, verified, made once) and the school
        each registers for: ONZ member schools, then other schools of the south, then none."""
        onz = list(School.objects.filter(onz_member=True, is_active=True).order_by("brin_code", "branch_number")[:10])
        other = list(
            School.objects.filter(
                onz_member=False, is_active=True, region__slug__in=["rijnmond", "zuid-holland-zuid"]
            ).order_by("brin_code", "branch_number")[:4]
        )
        existing = {user.email: user for user in User.objects.filter(email__endswith="@example.org")}
        for number, (name, language) in enumerate(facts.PARTICIPANTS, start=1):
            email = f"deelnemer{number}@example.org"
            self.people[number] = existing.get(email) or demo_user(email, name, language=language)
            school = None
            if number in facts.ONZ_PARTICIPANTS and onz:
                school = onz[(number - 1) % len(onz)]
            elif number in facts.OTHER_SCHOOL_PARTICIPANTS and other:
                school = other[(number - facts.OTHER_SCHOOL_PARTICIPANTS.start) % len(other)]
            self.schools[number] = school

    def _register(self, session: Session, participant: User, *, actor: User | None = None, school=None) -> None:
        """Register `participant` (a place, or the waiting list when the session is full) unless they
        have a registration or waiting-list entry in this session already, whatever its state."""
        if (
            Registration.objects.filter(session=session, participant=participant).exists()
            or WaitingListEntry.objects.filter(session=session, participant=participant).exists()
        ):
            return
        try:
            services.registration_create(
                session=session, participant=participant, actor=actor or participant, school=school
            )
        except Conflict:
            # A run on a later day may find a deadline passed: the demo keeps what it has. Any
            # other refusal is a mistake in the demo and fails loudly.
            return
        self.made += 1

    def _register_number(self, session: Session, number: int, *, actor: User | None = None) -> None:
        """A demo teacher who takes part for their school is registered by the coordinator, as
        ICLON does when a school sends in its teachers (only a school's contact or staff may name
        the school, and so take the places it holds for ONZ); the others register themselves."""
        school = self.schools[number]
        if school is not None and actor is None:
            actor = self.coordinator
        self._register(session, self.people[number], actor=actor, school=school)

    def _by_school_contact(self) -> None:
        """The demo school contact registers a teacher of their school who holds no role there: by an
        invitation the teacher accepts (a school registers only its own people directly)."""
        key, number = facts.BY_SCHOOL_CONTACT
        membership = (
            SchoolMembership.objects.unscoped()
            .filter(user__email=facts.SCHOOL_CONTACT, role=SchoolRole.SCHOOL_CONTACT)
            .select_related("school", "user")
            .first()
        )
        session, person = self.sessions[key], self.people[number]
        if membership is None or Registration.objects.filter(session=session, participant=person).exists():
            return
        try:
            with transaction.atomic():
                invitation = invitations.registration_invite(
                    session=session,
                    school=membership.school,
                    name=person.full_name,
                    email=person.email,
                    language=person.language,
                    actor=membership.user,
                )
                invitations.registration_invitation_accept(invitation=invitation, actor=person)
        except Conflict:
            return  # as in _register: a later day's run keeps what the demo has
        self.made += 1

    def _fill_sessions(self) -> None:
        """Some places taken in the sessions of published activities, by demo teachers in turn."""
        count = len(self.people)
        turn = 0
        for spec in facts.ACTIVITIES:
            if not spec.get("published", True):
                continue
            for index, session_spec in enumerate(spec["sessions"]):
                taken = session_spec.get("taken", 0)
                if not taken:
                    continue
                start = (turn * 7) % count
                turn += 1
                for offset in range(taken):
                    self._register_number(self.sessions[spec["slug"], index], (start + offset) % count + 1)

    def _full_with_waiting_list(self) -> None:
        session = self.sessions[facts.ALSO_FULL]
        for number in facts.ALSO_FULL_REGISTERED:
            self._register_number(session, number)
        session = self.sessions[facts.FULL_WITH_WAITING_LIST]
        for number in [*facts.FULL_REGISTERED, *facts.FULL_WAITING]:
            self._register_number(session, number)
        self._register(session, self.teacher)

    def _offer(self) -> None:
        """The session fills up, the demo teacher joins its waiting list, and then one participant
        gives their place back: it is offered to her at once."""
        session = self.sessions[facts.OFFER]
        for number in facts.OFFER_REGISTERED:
            self._register_number(session, number)
        self._register(session, self.teacher)
        waiting = WaitingListEntry.objects.filter(
            session=session, participant=self.teacher, status=WaitingStatus.WAITING
        ).exists()
        leaving = Registration.objects.filter(
            session=session, participant=self.people[facts.OFFER_CANCELLED_BY], status=RegistrationStatus.CONFIRMED
        ).first()
        if waiting and leaving is not None:
            services.registration_cancel(
                registration=leaving, actor=leaving.participant, reason=facts.OFFER_CANCEL_REASON
            )
            self.made += 1

    def _cancelled_session(self) -> None:
        session = self.sessions[facts.CANCELLED]
        session.refresh_from_db(fields=["status"])
        if session.status == SessionStatus.CANCELLED:
            return
        for number in facts.CANCELLED_REGISTERED:
            self._register_number(session, number)
        services.session_cancel(session=session, actor=self.coordinator, reason=facts.CANCEL_REASON)
        self.made += 1

    def _under_way(self) -> None:
        """The coordinator registers the participants of the session that has begun (its deadline
        has passed, which staff may override); it is closed afterwards."""
        session = self.sessions[facts.UNDER_WAY]
        for number in facts.UNDER_WAY_REGISTERED:
            self._register_number(session, number, actor=self.coordinator)
