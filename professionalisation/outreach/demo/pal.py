"""Demo data of PAL student assistants: a pool of 40 trained students (Sam Student, the demo
student, and 39 with invented names) spread over the four education regions with subjects and
days, and 12 school requests of this school year over secondary schools of the regions (the first
at the demo school contact's school), in every state: requested, students proposed, confirmed with
weeks of hours (most confirmed, some waiting, one rejected) and closed.

Everything goes through the services, as the people who would do it: the coordinator requests
(for the schools), assigns and closes; the students confirm and log their hours; a school with a
demo account confirms as that account. For the schools without one, the school's side (its
confirmation of an assignment and of hours) is written directly, as set-up. Idempotent: the pool is
found by e-mail addresses, the requests by their notes' "Demo" mark, and only what is missing is
added."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from iclon.accounts.models import User
from iclon.core.history import record_history_as
from partnerships.models import EducationRegion, School
from partnerships.selectors import active_memberships
from professionalisation.outreach.models.pal import (
    PalAssignment,
    PalAssignmentStatus,
    PalHours,
    PalHoursStatus,
    PalRequest,
    PalRequestStatus,
    PalStudent,
    PalTask,
)
from professionalisation.outreach.permissions.pal import PAL_SCHOOL_ROLES
from professionalisation.outreach.selectors.pal import pal_suggestions
from professionalisation.outreach.services import pal as services
from programmes.catalogue.models import SchoolSubject

COORDINATOR = "nascholing@example.org"
DEMO_STUDENT = "student@example.org"
SCHOOL_CONTACT = "schoolcontact@example.org"
MARK = "Demo"
POOL = 40
REQUESTS = 12

FIRST = ["Lotte", "Daan", "Fleur", "Sem", "Noa", "Milan", "Yara", "Jesse", "Iris", "Thijs", "Zoë", "Bram", "Amira"]
LAST = ["Bakker", "Jansen", "de Boer", "Mulder", "Smit", "Meijer", "van Dijk", "Bos", "Vos", "Peters", "Hendriks"]
DAYS = [["mon", "wed"], ["tue", "thu"], ["mon", "tue", "wed"], ["wed", "fri"], ["thu", "fri"], ["mon", "fri"]]
SUBJECTS = ["wiskunde", "nederlands", "engels", "natuurkunde", "scheikunde", "biologie", "geschiedenis", "economie"]
TASKS = [
    [PalTask.HOMEWORK],
    [PalTask.GROUPS, PalTask.HOMEWORK],
    [PalTask.MARKING],
    [PalTask.GROUPS],
    [PalTask.OTHER, PalTask.HOMEWORK],
]
# The state each of the 12 requests reaches.
STATES = ["hours", "hours", "hours", "hours", "hours", "closed", "proposed", "proposed", "proposed"] + ["requested"] * 3


def seed_demo(stdout, style) -> None:
    # scope: the demo sets up rows of every school, whoever runs the command.
    with scopes_disabled(), transaction.atomic():
        coordinator = User.objects.filter(email=COORDINATOR).first()
        regions = list(EducationRegion.objects.order_by("slug"))
        if coordinator is None or not regions:
            stdout.write("  PAL: skipped (the demo coordinator or the regions are not there).")
            return
        today = timezone.localdate()
        subjects = list(SchoolSubject.objects.filter(slug__in=SUBJECTS).order_by("slug"))
        students = _pool(coordinator, regions, subjects, today)
        made = 0
        if PalRequest.objects.filter(notes__startswith=MARK).count() < REQUESTS:
            made = _requests(coordinator, regions, subjects, students, today)
    confirmed = PalHours.objects.filter(status=PalHoursStatus.CONFIRMED).count()
    stdout.write(
        f"  PAL: {PalStudent.objects.count()} PAL students, {PalRequest.objects.count()} requests, "
        f"{confirmed} confirmed weeks, {made} requests added now."
    )


def _pool(coordinator: User, regions: list, subjects: list, today: datetime.date) -> list[PalStudent]:
    students = []
    for n in range(POOL):
        if n == 0:
            user = User.objects.filter(email=DEMO_STUDENT).first()
            if user is None:
                continue
        else:
            email = f"pal{n:02d}@example.org"
            user = User.objects.filter(email=email).first() or User.objects.create_user(
                email=email, full_name=f"{FIRST[n % len(FIRST)]} {LAST[n % len(LAST)]}", language="nl"
            )
        student = PalStudent.objects.filter(user=user).first()
        if student is None:
            student = services.pal_student_save(
                actor=coordinator,
                user=user,
                region=regions[n % len(regions)],
                weekdays=DAYS[n % len(DAYS)],
                subjects=[subjects[n % len(subjects)], subjects[(n * 3 + 1) % len(subjects)]] if subjects else [],
                trained=True,
                trained_on=today - datetime.timedelta(days=30 + 7 * n),
            )
        students.append(student)
    return students


def _schools(regions: list) -> list[School]:
    """Secondary schools over the regions in turn, the demo school contact's school first."""
    contact = (
        active_memberships(roles=PAL_SCHOOL_ROLES).filter(user__email=SCHOOL_CONTACT).select_related("school").first()
    )
    per_region = [
        list(School.objects.filter(region=region, is_active=True, offers_vo=True).order_by("brin_code")[:4])
        for region in regions
    ]
    schools = [contact.school] if contact is not None and contact.school.region_id else []
    for i in range(4):
        for listed in per_region:
            if i < len(listed) and listed[i] not in schools:
                schools.append(listed[i])
    return schools[:REQUESTS]


def _speaker(school: School) -> User | None:
    membership = active_memberships(school_ids=[school.pk], roles=PAL_SCHOOL_ROLES).select_related("user").first()
    return membership.user if membership is not None else None


def _requests(coordinator: User, regions: list, subjects: list, students: list, today: datetime.date) -> int:
    monday = today - datetime.timedelta(days=today.weekday())
    made = 0
    existing = set(PalRequest.objects.filter(notes__startswith=MARK).values_list("school_id", flat=True))
    for n, school in enumerate(_schools(regions)):
        if school.pk in existing:
            continue
        state = STATES[n]
        tasks = TASKS[n % len(TASKS)]
        request = services.pal_request_create(
            actor=coordinator,
            school=school,
            tasks=tasks,
            tasks_other="Begeleiding bij een excursie" if PalTask.OTHER in tasks else "",
            subject=subjects[n % len(subjects)] if subjects else None,
            hours_per_week=Decimal(4 + n % 3 * 2),
            starts_on=monday - datetime.timedelta(weeks=8 if state in ("hours", "closed") else 0),
            ends_on=monday + datetime.timedelta(weeks=12, days=4),
            weekdays=DAYS[n % len(DAYS)],
            notes=f"{MARK}: {school.name}",
        )
        made += 1
        if state == "requested":
            continue
        suggestions = [s.student for s in _suggested(request, students)]
        chosen = suggestions[: 2 if n % 4 == 0 else 1]
        assignments = services.pal_assign(actor=coordinator, request=request, students=chosen)
        if state == "proposed":
            continue
        for assignment in assignments:
            _confirm(assignment, school)
            _hours(assignment, school, monday, weeks=8, seed=n, finished=state == "closed")
        if state == "closed":
            services.pal_request_close(actor=coordinator, request=request)
    return made


def _suggested(request: PalRequest, students: list) -> list:
    """The suggestions the coordinator would see, of the demo's pool, the demo student first where
    they fit."""
    from_pool = {student.pk for student in students}
    suggestions = [s for s in pal_suggestions(request, limit=20) if s.student.pk in from_pool]
    return sorted(suggestions, key=lambda s: (s.student.user.email != DEMO_STUDENT, -s.score))


def _confirm(assignment: PalAssignment, school: School) -> None:
    assignment = services.pal_assignment_confirm(actor=assignment.student.user, assignment=assignment, side="student")
    speaker = _speaker(school)
    if speaker is not None:
        services.pal_assignment_confirm(actor=speaker, assignment=assignment, side="school")
        return
    # The school has no demo account: its confirmation is set up directly.
    assignment.status = PalAssignmentStatus.CONFIRMED
    assignment.school_confirmed_at = timezone.now()
    record_history_as(assignment, None)
    assignment.save()
    request = assignment.request
    if request.status != PalRequestStatus.CONFIRMED:
        request.status = PalRequestStatus.CONFIRMED
        record_history_as(request, None)
        request.save()


def _hours(
    assignment: PalAssignment, school: School, monday: datetime.date, *, weeks: int, seed: int, finished: bool
) -> None:
    """Eight weeks of hours logged by the student; the school confirmed them but for last week
    (waiting) and, now and then, the week before (rejected), unless the request is `finished`."""
    speaker = _speaker(school)
    student = assignment.student.user
    for back in range(weeks, 0, -1):
        year, week, _day = (monday - datetime.timedelta(weeks=back)).isocalendar()
        hours = Decimal(assignment.hours_per_week) - Decimal((back + seed) % 3) / 2
        row = services.pal_hours_log(actor=student, assignment=assignment, year=year, week=week, hours=hours)
        if back == 1 and not finished:
            continue  # last week waits for the school
        if back == 2 and seed % 2 and not finished:
            if speaker is not None:
                services.pal_hours_reject(actor=speaker, hours=row, reason="Die week was de school dicht.")
            continue
        if speaker is not None:
            services.pal_hours_confirm(actor=speaker, hours=row)
        else:
            row.status = PalHoursStatus.CONFIRMED
            row.confirmed_at = timezone.now()
            record_history_as(row, None)
            row.save()
