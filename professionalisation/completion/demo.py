"""Demo data of completion, made through the services after the activities' demo (slices run in
order): attendance for the demo's past meetings, and two finished sessions whose participants
(the demo teacher Dana Docent among them) attended and completed them:

- "Formatief handelen in de les", which gives a certificate: two participants left an evaluation,
  Dana has hers still to give, one participant missed two meetings and did not complete it;
- "AI in het onderwijs", which gives a microcredential (with its certificate) and asks for an
  assignment: the coordinator assessed the participants' assignments, one is still to be improved.
  The credentials slice issues Dana's signed microcredential for her completion (its demo, next).

A finished session is one of the demo's sessions whose meetings all lie in the past: the
activities' demo dates its sessions from today on. Each is made once, found again by its name, and
its meetings keep their dates (a completion and its certificate name them). Idempotent:
registrations are made only for people who have none in the session, marks, assignment results
and completions change only when they differ, and evaluations are given once.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from iclon.accounts.models import User
from professionalisation.activities import seed_data as facts
from professionalisation.activities import services as registration_services
from professionalisation.activities.demo import HOLIDAYS
from professionalisation.activities.models import (
    MEETING_ZONE,
    Activity,
    Meeting,
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
)
from professionalisation.completion import services
from professionalisation.completion.models import AssignmentResult, Evaluation


@dataclass(frozen=True)
class Finished:
    """A finished session of the demo: its meetings this many `weeks_ago`, on `weekday` (0 is
    Monday) in school weeks; deelnemerN taking part besides the demo teacher."""

    activity: str
    name: str
    weeks_ago: tuple[int, ...]
    weekday: int
    starts_at: datetime.time
    ends_at: datetime.time
    participants: tuple[int, ...]
    #: deelnemerN present at the first meeting only.
    absent_after_first: int | None = None
    #: deelnemerN: (rating, comment) given.
    evaluations: dict[int, tuple[int, str]] = field(default_factory=dict)
    #: deelnemerN whose assignment is not passed yet: the assessor's note (the others' pass).
    assignment_not_passed: dict[int, str] = field(default_factory=dict)


FINISHED_ACTIVITY = "formatief-handelen"
FINISHED_SESSION = "Afgeronde groep – Leiden"
#: The finished session's meetings: this many weeks ago, on Tuesdays (school weeks).
FINISHED_WEEKS_AGO = (9, 7, 5)
#: deelnemerN taking part besides the demo teacher; the last one missed two meetings.
FINISHED_PARTICIPANTS = (15, 16, 17, 18)
ABSENT_TWICE = 18
EVALUATIONS = {15: (5, "Heel bruikbaar: ik gebruik de exit tickets nu elke week."), 16: (4, "")}

#: The finished sessions: the certificate course, and the microcredential course.
FINISHED = (
    Finished(
        activity=FINISHED_ACTIVITY,
        name=FINISHED_SESSION,
        weeks_ago=FINISHED_WEEKS_AGO,
        weekday=1,
        starts_at=datetime.time(15, 30),
        ends_at=datetime.time(18, 0),
        participants=FINISHED_PARTICIPANTS,
        absent_after_first=ABSENT_TWICE,
        evaluations=EVALUATIONS,
    ),
    Finished(
        activity="ai-in-het-onderwijs",
        name="Afgeronde groep AI – Leiden",
        weeks_ago=(16, 13, 10),
        weekday=3,
        starts_at=datetime.time(15, 30),
        ends_at=datetime.time(18, 30),
        participants=(11, 12, 13),
        evaluations={12: (5, "Eindelijk concreet: mijn sectie gebruikt mijn lessenreeks nu ook.")},
        assignment_not_passed={13: "De verantwoording ontbreekt nog; lever die aan voor de volgende beoordeling."},
    ),
)


def seed_demo(stdout, style) -> None:
    with scopes_disabled(), transaction.atomic():
        coordinator = User.objects.filter(email=facts.COORDINATOR).first()
        if coordinator is None:
            return
        _under_way_attendance(coordinator)
        teacher = User.objects.filter(email=facts.DEMO_TEACHER).first()
        if teacher is None:
            return
        for finished in FINISHED:
            activity = Activity.objects.filter(slug=finished.activity).first()
            if activity is not None:
                _finished_session(finished, activity, teacher, coordinator)


def _under_way_attendance(coordinator: User) -> None:
    """The session under way: everyone was at its past meetings but one participant, once."""
    slug, index = facts.UNDER_WAY
    session = Session.objects.filter(activity__slug=slug).order_by("pk")[index : index + 1].first()
    if session is None:
        return
    today = timezone.localdate()
    registrations = list(
        Registration.objects.filter(session=session, status=RegistrationStatus.CONFIRMED).order_by("pk")
    )
    for meeting in Meeting.objects.filter(session=session, date__lte=today).order_by("date"):
        ids = [registration.pk for registration in registrations]
        services.attendance_record_many(meeting=meeting, present_ids=ids[1:], absent_ids=ids[:1], actor=coordinator)


def _in_holiday(day: datetime.date) -> bool:
    return any(start <= (day.month, day.day) <= end for start, end in HOLIDAYS)


def finished_dates(
    today: datetime.date, weeks_ago: tuple[int, ...] = FINISHED_WEEKS_AGO, weekday: int = 1
) -> list[datetime.date]:
    """The `weekday`s (Tuesdays unless given) `weeks_ago` weeks ago, each moved a week earlier
    while it falls in a school holiday (and before the one after it)."""
    dates: list[datetime.date] = []
    for weeks in sorted(weeks_ago):
        monday = today - datetime.timedelta(days=today.weekday(), weeks=weeks)
        day = monday + datetime.timedelta(days=weekday)
        while _in_holiday(day) or (dates and day >= dates[-1]):
            day -= datetime.timedelta(weeks=1)
        dates.append(day)
    return sorted(dates)


def _finished_session(finished: Finished, activity: Activity, teacher: User, coordinator: User) -> None:
    session = Session.objects.filter(activity=activity, name=finished.name).first()
    today = timezone.localdate()
    if session is None:
        # Open for registration while its participants register themselves, then closed with its
        # deadline before the first meeting, as a session that took place.
        session = Session.objects.create(
            activity=activity,
            name=finished.name,
            capacity=20,
            registration_deadline=timezone.now() + datetime.timedelta(hours=1),
        )
        for day in finished_dates(today, finished.weeks_ago, finished.weekday):
            Meeting.objects.create(
                session=session,
                date=day,
                starts_at=finished.starts_at,
                ends_at=finished.ends_at,
                place=facts.ICLON_PLACE,
            )
    people = [teacher] + list(
        User.objects.filter(email__in=[f"deelnemer{n}@example.org" for n in finished.participants]).order_by("email")
    )
    if session.status == SessionStatus.OPEN:
        for person in people:
            if not Registration.objects.filter(session=session, participant=person).exists():
                registration_services.registration_create(session=session, participant=person, actor=person)
        first = session.meetings.order_by("date").first()
        session.status = SessionStatus.CLOSED
        session.registration_deadline = datetime.datetime.combine(
            first.date - datetime.timedelta(days=7), datetime.time(23, 59), tzinfo=MEETING_ZONE
        )
        session.save(update_fields=["status", "registration_deadline", "updated_at"])
    registrations = {
        registration.participant.email: registration
        for registration in Registration.objects.filter(
            session=session, status=RegistrationStatus.CONFIRMED
        ).select_related("participant")
    }
    absent = registrations.get(f"deelnemer{finished.absent_after_first}@example.org")
    for number, meeting in enumerate(session.meetings.order_by("date")):
        present = [r.pk for r in registrations.values() if not (r == absent and number > 0)]
        missing = [absent.pk] if absent is not None and number > 0 else []
        services.attendance_record_many(meeting=meeting, present_ids=present, absent_ids=missing, actor=coordinator)
    if activity.assignment_required:
        _assess(finished, registrations, coordinator)
    for number, (rating, comment) in finished.evaluations.items():
        registration = registrations.get(f"deelnemer{number}@example.org")
        if registration is not None and not Evaluation.objects.filter(registration=registration).exists():
            services.evaluation_submit(
                registration=registration, rating=rating, comment=comment, actor=registration.participant
            )


def _assess(finished: Finished, registrations: dict[str, Registration], coordinator: User) -> None:
    """The coordinator records each participant's assignment (passed but for those named), only
    where the recorded result differs: recording it completes those who attended."""
    notes = {f"deelnemer{number}@example.org": note for number, note in finished.assignment_not_passed.items()}
    recorded = {
        result.registration_id: result
        for result in AssignmentResult.objects.filter(registration__in=list(registrations.values()))
    }
    for email, registration in sorted(registrations.items()):
        passed, note = email not in notes, notes.get(email, "")
        result = recorded.get(registration.pk)
        if result is not None and (result.passed, result.note) == (passed, note):
            continue
        services.assignment_record(registration=registration, passed=passed, note=note, actor=coordinator)
