"""Recording results: one at a time (the API, the admin), per module on the bulk page, or from a
CSV export of the student administration (programmes/progress/imports.py parses it). Every path
goes through `check_result` (the same validation and errors everywhere) and `record_results`
(all or nothing: one invalid row and nothing is written), and the trainee is told of each result
in the portal (one notification per result)."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iclon.accounts.models import User
from iclon.core.errors import NotAllowed, PortalError
from programmes.catalogue.models import Module
from programmes.intake.models import Application, Exemption
from programmes.placements.permissions import TRAINEE_STATUSES
from programmes.progress import notifications
from programmes.progress.models import (
    HIGHEST_GRADE,
    LOWEST_GRADE,
    PASSING_GRADE,
    ModuleResult,
    Outcome,
    ResultSource,
)
from programmes.progress.permissions import may_examine, may_record


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
    """What the checks read from the database for a whole batch at once (two queries): the
    trainees' exemptions and the results they have already."""

    exemptions: set[tuple[int, int]]
    existing: set[tuple[int, int, datetime.date]]

    @classmethod
    def of(cls, entries: list[ResultEntry]) -> Known:
        trainees = {entry.trainee.pk for entry in entries}
        modules = {entry.module.pk for entry in entries}
        exemptions = Exemption.objects.filter(application_id__in=trainees, module_id__in=modules)
        existing = ModuleResult.objects.filter(trainee_id__in=trainees, module_id__in=modules)
        return cls(
            exemptions=set(exemptions.values_list("application_id", "module_id")),
            existing=set(existing.values_list("trainee_id", "module_id", "date")),
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
    if entry.examiner is None or not may_examine(entry.examiner):
        raise PortalError(_("The examiner must be an active ICLON staff member."), field="examiner")
    outcome = entry.outcome or ""
    if outcome and outcome not in Outcome.values:
        raise PortalError(_("The outcome is pass or fail."), field="outcome")
    if entry.grade is not None:
        if not (LOWEST_GRADE <= entry.grade <= HIGHEST_GRADE) or entry.grade != entry.grade.quantize(Decimal("0.1")):
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
    if (entry.trainee.pk, entry.module.pk) in known.exemptions:
        raise PortalError(_("This trainee is exempted from this module: no result is needed."), field="module")
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
        for result in results:
            notifications.result_recorded(result=result)
    return results


def record_result(*, entry: ResultEntry, actor: User, source: str = ResultSource.MANUAL) -> ModuleResult:
    """One result (the API): the first error is raised as it is, on its field."""
    try:
        return record_results(entries=[entry], actor=actor, source=source)[0]
    except ResultErrors as error:
        raise error.errors[0] from None


def new_import_batch() -> str:
    return f"import-{timezone.now():%Y%m%d%H%M}-{uuid.uuid4().hex[:8]}"
