"""Recording results: one at a time (the API, the admin), per module on the bulk page, or from a
CSV export of the student administration (programmes/progress/imports.py parses it). Every path
goes through `check_result` (the same validation and errors everywhere) and `record_results`
(all or nothing: one invalid row and nothing is written), and the trainee is told of each result
in the portal (one notification per result, sent once the transaction has committed).

The rules: a module is done when any (not voided) result passes, and a module passed already takes
no new result; an EVC exemption covering the module's EC in full takes none either, a partial one
(fewer EC) leaves the module to be done. A voided result (`result_void`, a correction by a study
adviser or an administrator) keeps its row and counts nowhere."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from iclon.accounts.models import User
from iclon.core.errors import NotAllowed, PortalError
from programmes.catalogue.models import Module
from programmes.intake.models import Application, Exemption
from programmes.placements.permissions import TRAINEE_STATUSES
from programmes.progress import notifications
from programmes.progress.models import (
    FIRST_RESULT_DATE,
    HIGHEST_GRADE,
    LOWEST_GRADE,
    PASSING_GRADE,
    ModuleResult,
    Outcome,
    ResultSource,
)
from programmes.progress.permissions import may_examine, may_plan, may_record


@dataclass
class ResultEntry:
    """One result to record, as entered (a row of the bulk page or of a CSV file, an API body)."""

    trainee: Application
    module: Module
    date: datetime.date | None
    examiner: User | None
    grade: Decimal | None = None
    outcome: str = ""


class ResultErrors(PortalError):
    """Some entries are invalid: `errors` maps an entry's index to its error (nothing written)."""

    def __init__(self, errors: dict[int, PortalError]) -> None:
        super().__init__(_("Nothing has been saved: correct the rows with an error."))
        self.errors = errors


@dataclass
class Known:
    """What the checks read from the database for a whole batch at once (three queries): the
    trainees' exemptions (their EC), the results they have already (not voided), and their start
    moments' first days."""

    exemptions: dict[tuple[int, int], int]
    existing: set[tuple[int, int, datetime.date]]
    passed: dict[tuple[int, int], datetime.date]
    starts_on: dict[int, datetime.date]

    @classmethod
    def of(cls, entries: list[ResultEntry]) -> Known:
        trainees = {entry.trainee.pk for entry in entries}
        modules = {entry.module.pk for entry in entries}
        exemptions = Exemption.objects.filter(application_id__in=trainees, module_id__in=modules)
        existing = ModuleResult.objects.filter(
            trainee_id__in=trainees, module_id__in=modules, voided_at__isnull=True
        ).order_by("date", "pk")
        passed: dict[tuple[int, int], datetime.date] = {}
        seen: set[tuple[int, int, datetime.date]] = set()
        for trainee_id, module_id, day, outcome in existing.values_list("trainee_id", "module_id", "date", "outcome"):
            seen.add((trainee_id, module_id, day))
            if outcome == Outcome.PASS:
                passed.setdefault((trainee_id, module_id), day)
        starts = Application.objects.filter(pk__in=trainees, start_moment__isnull=False)
        return cls(
            exemptions={(a, m): ec for a, m, ec in exemptions.values_list("application_id", "module_id", "ec")},
            existing=seen,
            passed=passed,
            starts_on=dict(starts.values_list("pk", "start_moment__starts_on")),
        )


def check_result(entry: ResultEntry, *, known: Known | None = None, today: datetime.date | None = None) -> str:
    """The outcome of `entry` (pass or fail), or a PortalError on the field that is wrong."""
    today = today or timezone.localdate()
    known = known or Known.of([entry])
    if entry.trainee.status not in TRAINEE_STATUSES:
        raise PortalError(_("This person is not an admitted or enrolled trainee."), field="trainee")
    if entry.module.pathway_id != entry.trainee.pathway_id:
        raise PortalError(_("This module is not part of the trainee's pathway."), field="module")
    if entry.date is None:
        raise PortalError(_("Enter the date of the result."), field="date")
    if entry.date > today:
        raise PortalError(_("The date of a result cannot be in the future."), field="date")
    if entry.date < FIRST_RESULT_DATE:
        raise PortalError(
            _("The date of a result cannot be before %(date)s, the start of the modular education.")
            % {"date": date_format(FIRST_RESULT_DATE, "j F Y")},
            field="date",
        )
    starts_on = known.starts_on.get(entry.trainee.pk)
    if starts_on is not None and entry.date < starts_on:
        raise PortalError(
            _("The date of a result cannot be before the trainee started, on %(date)s.")
            % {"date": date_format(starts_on, "j F Y")},
            field="date",
        )
    if entry.examiner is None or not may_examine(entry.examiner):
        raise PortalError(_("The examiner must be an active ICLON staff member."), field="examiner")
    outcome = entry.outcome or ""
    if outcome and outcome not in Outcome.values:
        raise PortalError(_("The outcome is pass or fail."), field="outcome")
    if entry.grade is not None:
        if (
            not entry.grade.is_finite()
            or not (LOWEST_GRADE <= entry.grade <= HIGHEST_GRADE)
            or entry.grade != entry.grade.quantize(Decimal("0.1"))
        ):
            raise PortalError(_("A grade is a number from 1.0 to 10.0, with one decimal."), field="grade")
        by_grade = Outcome.PASS if entry.grade >= PASSING_GRADE else Outcome.FAIL
        if outcome and outcome != by_grade:
            raise PortalError(
                _("The grade %(grade)s and the outcome do not agree: 5.5 or higher passes.") % {"grade": entry.grade},
                field="outcome",
            )
        outcome = by_grade
    if not outcome:
        raise PortalError(_("Enter a grade or the outcome (pass or fail)."), field="grade")
    key = (entry.trainee.pk, entry.module.pk)
    if known.exemptions.get(key, 0) >= entry.module.ec:
        raise PortalError(_("This trainee is exempted from this module: no result is needed."), field="module")
    if key in known.passed:
        raise PortalError(
            _("This module has been passed already on %(date)s.") % {"date": date_format(known.passed[key], "j F Y")},
            field="module",
        )
    if (entry.trainee.pk, entry.module.pk, entry.date) in known.existing:
        raise PortalError(_("This trainee already has a result for this module on this date."), field="date")
    return outcome


def check_results(entries: list[ResultEntry]) -> tuple[dict[int, str], dict[int, PortalError]]:
    """({index: outcome}, {index: error}) of every entry, duplicates within the batch included
    (a fixed number of queries: the bulk page's and the import's preview)."""
    today = timezone.localdate()
    known = Known.of(entries)
    errors: dict[int, PortalError] = {}
    outcomes: dict[int, str] = {}
    seen: set[tuple[int, int, datetime.date | None]] = set()
    for index, entry in enumerate(entries):
        key = (entry.trainee.pk, entry.module.pk, entry.date)
        try:
            outcomes[index] = check_result(entry, known=known, today=today)
            if key in seen:
                raise PortalError(_("This result is entered twice."), field="trainee")
        except PortalError as error:
            errors[index] = error
        seen.add(key)
    return outcomes, errors


def record_results(
    *, entries: list[ResultEntry], actor: User, source: str = ResultSource.MANUAL, import_batch: str = ""
) -> list[ModuleResult]:
    """Check every entry, then write them all in one transaction and tell each trainee; if any
    entry is invalid, raise ResultErrors with every row's error and write nothing."""
    if not may_record(actor):
        raise NotAllowed(_("Only ICLON staff who record results may do this."))
    if not entries:
        raise PortalError(_("Enter at least one result."))
    today = timezone.localdate()
    outcomes, errors = check_results(entries)
    if errors:
        raise ResultErrors(errors)
    try:
        with transaction.atomic():
            results = [
                ModuleResult.objects.create(
                    trainee=entry.trainee,
                    module=entry.module,
                    grade=entry.grade,
                    outcome=outcomes[index],
                    date=entry.date or today,  # checked: never None here
                    examiner=entry.examiner,
                    recorded_by=actor,
                    source=source,
                    import_batch=import_batch,
                )
                for index, entry in enumerate(entries)
            ]
            # The notification rows are written in this transaction (rolled back with it); notify()
            # delivers them with transaction.on_commit, so nothing is sent for a rollback.
            for result in results:
                notifications.result_recorded(result=result)
    except IntegrityError:
        # Saved meanwhile (a double submit, another user): the transaction wrote nothing.
        raise PortalError(
            _("These results were saved at the same time by someone else (or twice): nothing has been saved.")
        ) from None
    return results


def record_result(*, entry: ResultEntry, actor: User, source: str = ResultSource.MANUAL) -> ModuleResult:
    """One result (the API): the first error is raised as it is, on its field."""
    try:
        return record_results(entries=[entry], actor=actor, source=source)[0]
    except ResultErrors as error:
        raise error.errors[0] from None


def new_import_batch() -> str:
    return f"import-{timezone.now():%Y%m%d%H%M}-{uuid.uuid4().hex[:8]}"


def result_void(*, result: ModuleResult, actor: User, reason: str) -> ModuleResult:
    """Void a result (a correction): the row stays, with who voided it, when and why, and counts
    nowhere from then on. Study advisers and administrators (who keep the plans) only."""
    if not may_plan(actor):
        raise NotAllowed(_("Only study advisers and administrators may void a result."))
    reason = (reason or "").strip()
    if not reason:
        raise PortalError(_("Give the reason for voiding the result."), field="reason")
    if result.voided_at is not None:
        raise PortalError(_("This result has been voided already."))
    result.voided_at = timezone.now()
    result.voided_by = actor
    result.void_reason = reason
    result.save(update_fields=["voided_at", "voided_by", "void_reason", "updated_at"])
    return result


def import_batch_void(*, import_batch: str, actor: User, reason: str) -> int:
    """Void every result of an import (its undo); how many were voided."""
    if not may_plan(actor):
        raise NotAllowed(_("Only study advisers and administrators may void a result."))
    if not import_batch:
        raise PortalError(_("This result did not come from an import."))
    count = 0
    with transaction.atomic():
        for result in ModuleResult.objects.filter(import_batch=import_batch, voided_at__isnull=True):
            result_void(result=result, actor=actor, reason=reason)
            count += 1
    return count
