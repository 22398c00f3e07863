"""Demo data of study progress (idempotent): two staff accounts (a study adviser and a teacher
educator, with the demo password), the demo student (student@example.org) enrolled in the
part-time master with a study plan, an EVC exemption, two results and modules planned ahead and
one not planned, and plans for a few other demo trainees, one of whom is behind the plan. The
results are recorded through the service, as the teacher educator, so the trainees' notifications
are real."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from iclon.accounts.demo import demo_user
from iclon.accounts.models import User
from iclon.accounts.roles import StaffGroup
from iclon.core.errors import PortalError
from programmes.catalogue.models import Module, Pathway, StartMoment
from programmes.intake.models import Application, ApplicationStatus, Exemption
from programmes.placements.permissions import TRAINEE_STATUSES
from programmes.progress import services
from programmes.progress.models import (
    FIRST_RESULT_DATE,
    Pace,
    PlannedModule,
    ResultSource,
    StudyPlan,
    next_semester,
    semester_ends_on,
    semester_of,
)

STUDENT = "student@example.org"
STUDENT_PATHWAY = "master-leraar-vho-deeltijd"
#: (e-mail, name, staff group, language): listed in the lead's README of demo accounts.
ACCOUNTS = [
    ("studieadvies@example.org", "Stijn Studieadviseur", StaffGroup.STUDY_ADVISER, "nl"),
    ("lerarenopleider@example.org", "Lotte Lerarenopleider", StaffGroup.TEACHER_EDUCATOR, "nl"),
]


def _previous(semester: tuple[int, int]) -> tuple[int, int]:
    year, number = semester
    return (year, 1) if number == 2 else (year - 1, 2)


def _plan(trainee: Application, adviser: User, pace: str, planned: list[tuple[Module, tuple[int, int]]]) -> StudyPlan:
    plan, _created = StudyPlan.objects.get_or_create(trainee=trainee, defaults={"pace": pace, "adviser": adviser})
    for module, (year, number) in planned:
        PlannedModule.objects.get_or_create(
            plan=plan, module=module, defaults={"academic_year": year, "semester": number}
        )
    return plan


def _record(trainee: Application, module: Module, day: datetime.date, grade: str, educator: User) -> int:
    if trainee.module_results.filter(module=module).exists():
        return 0
    start = trainee.start_moment.starts_on if trainee.start_moment_id else None
    day = max(day, start or day, FIRST_RESULT_DATE)
    if day > timezone.localdate():  # a trainee who starts later has no results yet
        return 0
    entry = services.ResultEntry(trainee=trainee, module=module, date=day, examiner=educator, grade=Decimal(grade))
    try:
        services.record_results(entries=[entry], actor=educator, source=ResultSource.MANUAL)
    except PortalError:  # e.g. the module is exempted or passed already: the demo goes on without it
        return 0
    return 1


def _past_start(pathway: Pathway) -> StartMoment:
    """A start moment of `pathway` in September of last academic year: the demo student started
    then (a result may not be dated before the trainee's start)."""
    year = semester_of(timezone.localdate())[0] - 1
    start, _created = StartMoment.objects.get_or_create(
        pathway=pathway,
        starts_on=datetime.date(year, 9, 1),
        defaults={"application_deadline": datetime.date(year, 6, 1)},
    )
    return start


def _student_record(student: User) -> Application | None:
    pathway = Pathway.objects.filter(slug=STUDENT_PATHWAY).first()
    if pathway is None or pathway.modules.count() < 6:  # _seed_student plans modules[0..5]
        return None
    start = _past_start(pathway)
    trainee = Application.objects.filter(applicant=student, pathway=pathway, status__in=TRAINEE_STATUSES).first()
    if trainee is not None and (trainee.start_moment is None or trainee.start_moment.starts_on > start.starts_on):
        trainee.start_moment = start
        trainee.save(update_fields=["start_moment"])
    if trainee is None:
        trainee = Application.objects.create(
            applicant=student,
            pathway=pathway,
            subject=pathway.subjects.filter(slug="biologie").first() or pathway.subjects.first(),
            start_moment=start,
            status=ApplicationStatus.ENROLLED,
            first_name="Sam",
            last_name="Student",
            enrolled_at=timezone.now(),
        )
    return trainee


def _seed_student(
    trainee: Application,
    modules: list[Module],
    adviser: User,
    educator: User,
    semesters: tuple[tuple[int, int], tuple[int, int], tuple[int, int]],
    done_on: datetime.date,
) -> int:
    """The demo student's exemption, plan and two results (how many results were recorded)."""
    last, current, following = semesters
    Exemption.objects.get_or_create(
        application=trainee,
        module=modules[0],
        defaults={
            "ec": modules[0].ec,
            "reason": "EVC: eerdere scholing in leren en instructie.",
            "granted_by": adviser,
        },
    )
    _plan(
        trainee,
        adviser,
        Pace.PART_TIME,
        [
            (modules[1], last),
            (modules[2], last),
            (modules[3], current),
            (modules[4], following),
            (modules[5], next_semester(*following)),
        ],
    )  # the last module (practice-based research) is not planned yet: projected at the pace
    recorded = _record(trainee, modules[1], done_on, "7.5", educator)
    return recorded + _record(trainee, modules[2], done_on, "6.8", educator)


def seed_demo(stdout, style) -> None:
    adviser, educator = (
        demo_user(email, name, language=language, staff_group=str(group)) for email, name, group, language in ACCOUNTS
    )
    student = User.objects.filter(email=STUDENT).first()
    trainee = _student_record(student) if student else None
    if trainee is None:
        stdout.write("  Study progress demo skipped: the demo student or the part-time master is not there.")
        return
    today = timezone.localdate()
    current = semester_of(today)
    last = _previous(current)
    done_on = semester_ends_on(*last) - datetime.timedelta(days=14)
    modules = list(trainee.pathway.modules.order_by("order", "pk"))
    following = next_semester(*current)
    recorded = 0
    if len(modules) >= 6:  # the student's plan names modules[0] to modules[5]
        recorded += _seed_student(trainee, modules, adviser, educator, (last, current, following), done_on)

    others = list(
        Application.objects.filter(status__in=TRAINEE_STATUSES, pathway__modules__isnull=False)
        .exclude(applicant=student)
        .distinct()
        .order_by("pk")[:3]
    )
    behind = 0
    for number, other in enumerate(others):
        theirs = list(other.pathway.modules.order_by("order", "pk"))
        if len(theirs) < 2:  # a pathway of one module: planned last semester, no result (behind)
            _plan(other, adviser, Pace.FULL_TIME, [(theirs[0], last)])
            behind += 1
        elif number < 2:  # behind: a module of last semester without a result
            _plan(other, adviser, Pace.FULL_TIME, [(theirs[0], last), (theirs[1], current)])
            behind += 1
        else:  # on track: last semester's module passed
            _plan(other, adviser, Pace.SPREAD, [(theirs[0], last), (theirs[1], following)])
            recorded += _record(other, theirs[0], done_on, "8.0", educator)
    stdout.write(
        f"  Study progress: a plan for the demo student and {len(others)} other trainees ({behind} behind), "
        f"{recorded} results recorded; study adviser {ACCOUNTS[0][0]}, teacher educator {ACCOUNTS[1][0]}."
    )
