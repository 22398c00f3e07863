"""Demo data of completion, made through the services after the activities' demo (slices run in
order): attendance for the demo's past meetings, and a finished session of "Formatief handelen in
de les" whose participants (the demo teacher Dana Docent among them) attended, completed it and got
their certificates; two of them left an evaluation, Dana has hers still to give.

The finished session is the demo's one session whose meetings all lie in the past: the activities'
demo dates its sessions from today on. It is made once, found again by its name, and its meetings
keep their dates (a completion and its certificate name them). Idempotent: registrations are made
only for people who have none in the session, marks and completions change only when they differ,
and evaluations are given once.
"""

from __future__ import annotations

import datetime

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
from professionalisation.completion.models import Evaluation

FINISHED_ACTIVITY = "formatief-handelen"
FINISHED_SESSION = "Afgeronde groep – Leiden"
#: The finished session's meetings: this many weeks ago, on Tuesdays (school weeks).
FINISHED_WEEKS_AGO = (9, 7, 5)
#: deelnemerN taking part besides the demo teacher; the last one missed two meetings.
FINISHED_PARTICIPANTS = (15, 16, 17, 18)
ABSENT_TWICE = 18
EVALUATIONS = {15: (5, "Heel bruikbaar: ik gebruik de exit tickets nu elke week."), 16: (4, "")}


def seed_demo(stdout, style) -> None:
    with scopes_disabled(), transaction.atomic():
        coordinator = User.objects.filter(email=facts.COORDINATOR).first()
        if coordinator is None:
            return
        _under_way_attendance(coordinator)
        teacher = User.objects.filter(email=facts.DEMO_TEACHER).first()
        activity = Activity.objects.filter(slug=FINISHED_ACTIVITY).first()
        if teacher is not None and activity is not None:
            _finished_session(activity, teacher, coordinator)


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


def finished_dates(today: datetime.date) -> list[datetime.date]:
    """Tuesdays `FINISHED_WEEKS_AGO` weeks ago, each moved a week earlier while it falls in a
    school holiday (and before the one after it)."""
    dates: list[datetime.date] = []
    for weeks in reversed(FINISHED_WEEKS_AGO):
        monday = today - datetime.timedelta(days=today.weekday(), weeks=weeks)
        day = monday + datetime.timedelta(days=1)
        while _in_holiday(day) or (dates and day >= dates[-1]):
            day -= datetime.timedelta(weeks=1)
        dates.append(day)
    return sorted(dates)


def _finished_session(activity: Activity, teacher: User, coordinator: User) -> None:
    session = Session.objects.filter(activity=activity, name=FINISHED_SESSION).first()
    today = timezone.localdate()
    if session is None:
        dates = finished_dates(today)
        # Open for registration while its participants register themselves, then closed with its
        # deadline before the first meeting, as a session that took place.
        session = Session.objects.create(
            activity=activity,
            name=FINISHED_SESSION,
            capacity=20,
            registration_deadline=timezone.now() + datetime.timedelta(hours=1),
        )
        for day in dates:
            Meeting.objects.create(
                session=session,
                date=day,
                starts_at=datetime.time(15, 30),
                ends_at=datetime.time(18, 0),
                place=facts.ICLON_PLACE,
            )
    people = [teacher] + list(
        User.objects.filter(email__in=[f"deelnemer{n}@example.org" for n in FINISHED_PARTICIPANTS]).order_by("email")
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
    absent = registrations.get(f"deelnemer{ABSENT_TWICE}@example.org")
    for number, meeting in enumerate(session.meetings.order_by("date")):
        present = [r.pk for r in registrations.values() if not (r == absent and number > 0)]
        missing = [absent.pk] if absent is not None and number > 0 else []
        services.attendance_record_many(meeting=meeting, present_ids=present, absent_ids=missing, actor=coordinator)
    for number, (rating, comment) in EVALUATIONS.items():
        registration = registrations.get(f"deelnemer{number}@example.org")
        if registration is not None and not Evaluation.objects.filter(registration=registration).exists():
            services.evaluation_submit(
                registration=registration, rating=rating, comment=comment, actor=registration.participant
            )
