"""Reading study progress: whose progress a user may see (`trainees_for_user`, one place), and a
trainee's progress computed in Python from prefetched rows (`progress_of`), so that a page of 1 or
of 50 trainees costs the same number of queries.

Voided results (corrections) count nowhere. Per module the status is, in this order: done (any
result passes; the passing result is shown), exempted (an EVC exemption from intake for the
module's EC in full; a partial exemption counts as exempted EC and leaves the rest of the module
remaining, with its usual status), in progress (planned for the current semester, planned for a semester
that has ended, or attempted without passing), planned (a later semester), not planned.

The projected completion date is the end of the latest semester the remaining modules (not done,
not exempted) are planned for. Modules that are not planned, or planned for a semester that has
ended (they have to be planned again), are projected with their remaining EC at the trainee's pace (EC_PER_SEMESTER: a
trainee without a plan counts as full-time) in the semesters after both the current semester and
the latest planned one. Nothing remaining: no projection (`complete`).

Behind plan: a module of the trainee's pathway planned for a semester that has ended is neither
done nor exempted (in full). The same rule is written once more in SQL (`overdue_planned_modules`)
for the adviser's list and the dashboard count; the tests check that both agree.

The adviser's list and count (`behind_for_adviser`): a study adviser sees by default the trainees
whose plan names them as adviser; the "needs attention" count is those plus the trainees behind
plan without an adviser (nobody else would pick those up)."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from iclon.accounts.models import User
from programmes.catalogue.models import Module
from programmes.intake.models import Application, Exemption
from programmes.placements.permissions import TRAINEE_STATUSES
from programmes.progress.models import (
    EC_PER_SEMESTER,
    ModuleResult,
    Outcome,
    Pace,
    PlannedModule,
    StudyPlan,
    next_semester,
    semester_ends_on,
    semester_of,
)
from programmes.progress.permissions import may_view_all


class Status:
    DONE = "done"
    EXEMPTED = "exempted"
    IN_PROGRESS = "in_progress"
    PLANNED = "planned"
    NOT_PLANNED = "not_planned"


@dataclass
class ModuleProgress:
    module: Module
    status: str
    results: list[ModuleResult] = field(default_factory=list)  # newest first
    exemption: Exemption | None = None
    planned: PlannedModule | None = None
    behind: bool = False

    @property
    def latest(self) -> ModuleResult | None:
        """The result to show: the (first) passing one, else the latest attempt."""
        passing = [r for r in self.results if r.outcome == Outcome.PASS]
        if passing:
            return passing[-1]
        return self.results[0] if self.results else None

    @property
    def full_exemption(self) -> bool:
        return self.exemption is not None and self.exemption.ec >= self.module.ec

    @property
    def exempted_ec(self) -> int:
        return min(self.exemption.ec, self.module.ec) if self.exemption is not None else 0

    @property
    def remaining_ec(self) -> int:
        if self.status in (Status.DONE, Status.EXEMPTED):
            return 0
        return self.module.ec - self.exempted_ec


@dataclass
class Progress:
    trainee: Application
    plan: StudyPlan | None
    modules: list[ModuleProgress]
    ec_total: int
    ec_done: int
    ec_exempted: int
    ec_remaining: int
    pace: str
    projected_completion: datetime.date | None
    behind_plan: bool

    @property
    def complete(self) -> bool:
        return self.ec_remaining == 0 and bool(self.modules)

    @property
    def behind_modules(self) -> list[ModuleProgress]:
        return [row for row in self.modules if row.behind]


def all_trainees() -> QuerySet[Application]:
    return Application.objects.filter(status__in=TRAINEE_STATUSES)


def with_progress_rows(rows: QuerySet[Application]) -> QuerySet[Application]:
    """`rows` with everything `progress_of` reads, prefetched: five queries for any number."""
    return rows.select_related("pathway", "applicant", "study_plan", "study_plan__adviser").prefetch_related(
        Prefetch("pathway__modules", queryset=Module.objects.order_by("order", "pk")),
        Prefetch(
            "module_results",
            queryset=ModuleResult.objects.filter(voided_at__isnull=True)
            .select_related("examiner", "module")
            .order_by("-date", "-pk"),
        ),
        Prefetch("exemptions", queryset=Exemption.objects.order_by("pk")),
        Prefetch("study_plan__modules", queryset=PlannedModule.objects.order_by("academic_year", "semester", "pk")),
    )


def trainees_for_user(*, user: User | AnonymousUser | None) -> QuerySet[Application]:
    """The trainees whose progress `user` may see, prefetched for `progress_of`: every trainee for
    staff with the permission, the user's own trainee record(s) otherwise, none for anonymous."""
    rows = all_trainees()
    if not may_view_all(user):
        if not (user and user.is_authenticated):
            return with_progress_rows(rows.none())
        rows = rows.filter(applicant_id=user.pk)
    return with_progress_rows(rows.order_by("last_name", "first_name", "pk"))


def trainee_record_of(user: User | AnonymousUser | None) -> Application | None:
    """The user's own latest trainee record, prefetched for `progress_of` (None if not a trainee)."""
    if not (user and user.is_authenticated):
        return None
    return with_progress_rows(all_trainees().filter(applicant_id=user.pk).order_by("-created_at")).first()


def _plan_of(trainee: Application) -> StudyPlan | None:
    try:
        return trainee.study_plan
    except StudyPlan.DoesNotExist:
        return None


def progress_of(trainee: Application, today: datetime.date | None = None) -> Progress:
    """The trainee's progress from the prefetched rows of `with_progress_rows` (no query then)."""
    today = today or timezone.localdate()
    current = semester_of(today)
    plan = _plan_of(trainee)
    pace = plan.pace if plan else Pace.FULL_TIME
    results: dict[int, list[ModuleResult]] = {}
    for result in trainee.module_results.all():
        results.setdefault(result.module_id, []).append(result)
    for attempts in results.values():
        attempts.sort(key=lambda r: (r.date, r.pk), reverse=True)
    exemptions = {exemption.module_id: exemption for exemption in trainee.exemptions.all()}
    planned = {row.module_id: row for row in plan.modules.all()} if plan else {}

    rows: list[ModuleProgress] = []
    for module in trainee.pathway.modules.all():
        attempts = results.get(module.pk, [])
        planning = planned.get(module.pk)
        row = ModuleProgress(module, Status.NOT_PLANNED, attempts, exemptions.get(module.pk), planning)
        if any(attempt.outcome == Outcome.PASS for attempt in attempts):
            row.status = Status.DONE
        elif row.full_exemption:
            row.status = Status.EXEMPTED
        elif planning is not None:
            row.behind = planning.ends_on < today
            later = (planning.academic_year, planning.semester) > current
            row.status = Status.PLANNED if later and not attempts else Status.IN_PROGRESS
        elif attempts:
            row.status = Status.IN_PROGRESS
        rows.append(row)

    exempted = sum(r.exempted_ec for r in rows)
    done = sum(r.module.ec - r.exempted_ec for r in rows if r.status == Status.DONE)
    total = sum(r.module.ec for r in rows)
    return Progress(
        trainee=trainee,
        plan=plan,
        modules=rows,
        ec_total=total,
        ec_done=done,
        ec_exempted=exempted,
        ec_remaining=sum(r.remaining_ec for r in rows),
        pace=pace,
        projected_completion=projected_completion(rows, pace=pace, today=today),
        behind_plan=any(r.behind for r in rows),
    )


def projected_completion(rows: list[ModuleProgress], *, pace: str, today: datetime.date) -> datetime.date | None:
    """See the module's docstring: the latest planned semester's end, or later at the pace."""
    remaining = [r for r in rows if r.status not in (Status.DONE, Status.EXEMPTED)]
    if not remaining:
        return None
    current = semester_of(today)
    last = current
    unplanned_ec = 0
    for row in remaining:
        planning = row.planned
        if planning is not None and planning.ends_on >= today:
            last = max(last, (planning.academic_year, planning.semester))
        else:
            unplanned_ec += row.remaining_ec
    if unplanned_ec:
        semesters = math.ceil(unplanned_ec / EC_PER_SEMESTER.get(pace, EC_PER_SEMESTER[Pace.FULL_TIME]))
        for _step in range(semesters):
            last = next_semester(*last)
    return semester_ends_on(*last)


# --- the same in SQL: the adviser's list and the dashboard count -------------------------------------


def _passed(trainee: str, module: str) -> Exists:
    """A result (not voided) of the module that passes."""
    return Exists(
        ModuleResult.objects.filter(
            trainee_id=OuterRef(trainee), module_id=OuterRef(module), outcome=Outcome.PASS, voided_at__isnull=True
        )
    )


def _fully_exempted(trainee: str, module: str, module_ec: str) -> Exists:
    """An exemption of the module for its EC in full (a partial one leaves the module to be done)."""
    return Exists(
        Exemption.objects.filter(
            application_id=OuterRef(trainee), module_id=OuterRef(module), ec__gte=OuterRef(module_ec)
        )
    )


def overdue_planned_modules(today: datetime.date | None = None) -> QuerySet[PlannedModule]:
    """Planned modules of the trainee's pathway whose semester has ended, neither passed nor
    exempted in full."""
    today = today or timezone.localdate()
    return (
        PlannedModule.objects.filter(ends_on__lt=today, module__pathway_id=F("plan__trainee__pathway_id"))
        .exclude(_passed("plan__trainee_id", "module_id"))
        .exclude(_fully_exempted("plan__trainee_id", "module_id", "module__ec"))
    )


def behind_plan_filter(today: datetime.date | None = None) -> Exists:
    return Exists(overdue_planned_modules(today).filter(plan__trainee_id=OuterRef("pk")))


def trainees_behind_plan(today: datetime.date | None = None) -> QuerySet[Application]:
    return all_trainees().filter(behind_plan_filter(today))


class AdviserFilter:
    MINE = "mine"
    NONE = "none"
    ALL = "all"
    CHOICES = (MINE, NONE, ALL)


def adviser_filter(rows: QuerySet[Application], *, user: User | AnonymousUser | None, which: str) -> QuerySet:
    """`rows` of the adviser `user` (mine), without an adviser (none), or all."""
    if which == AdviserFilter.MINE:
        return rows.filter(study_plan__adviser_id=getattr(user, "pk", None))
    if which == AdviserFilter.NONE:
        return rows.filter(Q(study_plan__isnull=True) | Q(study_plan__adviser__isnull=True))
    return rows


def behind_plan_count(*, user: User | AnonymousUser | None = None, today: datetime.date | None = None) -> int:
    """How many trainees are behind their plan (one query: the dashboard's count). With `user`:
    the trainees whose adviser they are plus those without an adviser."""
    rows = trainees_behind_plan(today)
    if user is not None:
        rows = rows.filter(Q(study_plan__adviser_id=getattr(user, "pk", None)) | Q(study_plan__adviser__isnull=True))
    return rows.count()


def bulk_candidates(module: Module) -> QuerySet[Application]:
    """The trainees a result of `module` may be entered for on the bulk page: trainees of its
    pathway who have it planned or attempted, not exempted in full and not passed yet."""
    results = ModuleResult.objects.filter(trainee_id=OuterRef("pk"), module=module, voided_at__isnull=True)
    return (
        all_trainees()
        .filter(pathway_id=module.pathway_id)
        .filter(
            Q(Exists(PlannedModule.objects.filter(plan__trainee_id=OuterRef("pk"), module=module))) | Q(Exists(results))
        )
        .exclude(Exists(Exemption.objects.filter(application_id=OuterRef("pk"), module=module, ec__gte=module.ec)))
        .exclude(Exists(results.filter(outcome=Outcome.PASS)))
        .select_related("applicant")
        .order_by("last_name", "first_name", "pk")
    )
