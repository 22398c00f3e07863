"""A trainee's study progress in the modular teacher education (since September 2023).

A trainee (an admitted or enrolled Application) studies the modules of their pathway at their own
pace. `ModuleResult` is one assessment of a module (a grade 1.0–10.0 and/or a pass/fail outcome);
a module counts as done when any of its results passes (a voided result counts nowhere). `StudyPlan` says
the trainee's pace and study adviser; `PlannedModule` the semester a module is planned for.

Semesters follow the academic year: `academic_year` is the calendar year it starts in (2026 is
2026–2027), semester 1 runs September–January (ends 31 January of the next calendar year),
semester 2 February–August (ends 31 August). `ends_on` is stored with the row (computed on save
and in `bulk_create`, PlannedModuleQuerySet) so that "behind plan" (a semester that has ended with
the module not done) is a plain filter."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from iclon.core.models import TimeStampedModel
from programmes.catalogue.models import Module
from programmes.intake.models import Application

LOWEST_GRADE = Decimal("1.0")
HIGHEST_GRADE = Decimal("10.0")
#: The lowest passing grade (Dutch grading: 5.5 and up passes).
PASSING_GRADE = Decimal("5.5")
#: Study progress is kept for the modular education that started in September 2023.
FIRST_RESULT_DATE = datetime.date(2023, 9, 1)


def semester_ends_on(academic_year: int, semester: int) -> datetime.date:
    """The last day of a semester: 31 January (semester 1) or 31 August (semester 2) of the
    academic year that starts in September of `academic_year`."""
    return datetime.date(academic_year + 1, 1, 31) if semester == 1 else datetime.date(academic_year + 1, 8, 31)


def semester_of(day: datetime.date) -> tuple[int, int]:
    """(academic year, semester) that `day` falls in."""
    if day.month >= 9:
        return day.year, 1
    if day.month == 1:
        return day.year - 1, 1
    return day.year - 1, 2


def next_semester(academic_year: int, semester: int) -> tuple[int, int]:
    return (academic_year, 2) if semester == 1 else (academic_year + 1, 1)


def semester_code(academic_year: int, semester: int) -> str:
    """ "2026-1": academic year 2026–2027, semester 1 (the API's and the CSV's notation)."""
    return f"{academic_year}-{semester}"


class Outcome(models.TextChoices):
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")


class ResultSource(models.TextChoices):
    MANUAL = "manual", _("Entered one by one")
    BULK = "bulk", _("Entered per module")
    IMPORT = "import", _("Imported")


class Pace(models.TextChoices):
    FULL_TIME = "full_time", _("Full-time")
    PART_TIME = "part_time", _("Part-time")
    SPREAD = "spread", _("Spread over time")


#: EC per semester at each pace, for projecting the modules that are not planned yet: full-time is
#: 60 EC a year, part-time half of that, "spread" a third (a module now and then, next to a job).
EC_PER_SEMESTER: dict[str, int] = {Pace.FULL_TIME: 30, Pace.PART_TIME: 15, Pace.SPREAD: 10}


class ModuleResult(TimeStampedModel):
    trainee = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="module_results", verbose_name=_("trainee")
    )
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="results", verbose_name=_("module"))
    grade = models.DecimalField(
        _("grade"),
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(LOWEST_GRADE), MaxValueValidator(HIGHEST_GRADE)],
        help_text=_("1.0 to 10.0; 5.5 or higher passes. Leave empty for a module assessed as pass or fail."),
    )
    outcome = models.CharField(_("outcome"), max_length=4, choices=Outcome.choices)
    date = models.DateField(_("date"))
    # Required by the services; SET_NULL so that erasing a former examiner's account keeps the result.
    examiner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("examiner")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    source = models.CharField(_("source"), max_length=6, choices=ResultSource.choices, default=ResultSource.MANUAL)
    import_batch = models.CharField(
        _("import"), max_length=40, blank=True, help_text=_("The import this result came from, if any.")
    )
    # A correction: a voided result keeps its row (and its history) but counts nowhere.
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("voided by"),
    )
    void_reason = models.TextField(_("reason for voiding"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("module result")
        verbose_name_plural = _("module results")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["module", "date"], name="progress_result_module_date"),
            models.Index(fields=["trainee", "module", "-date"], name="progress_result_trainee"),
            models.Index(fields=["source", "date"], name="progress_result_source"),
            models.Index(fields=["import_batch"], name="progress_result_batch"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "module", "date"],
                condition=Q(voided_at__isnull=True),
                name="progress_result_unique",
                violation_error_message=_("This trainee already has a result for this module on this date."),
            ),
            models.CheckConstraint(
                condition=Q(grade__isnull=True) | Q(grade__gte=LOWEST_GRADE, grade__lte=HIGHEST_GRADE),
                name="progress_result_grade_range",
            ),
        ]

    def __str__(self) -> str:
        shown = self.grade if self.grade is not None else self.get_outcome_display()
        return f"{self.trainee.reference} – {self.module.name}: {shown} ({self.date:%Y-%m-%d})"

    @property
    def passed(self) -> bool:
        return self.outcome == Outcome.PASS

    @property
    def voided(self) -> bool:
        return self.voided_at is not None


class StudyPlan(TimeStampedModel):
    trainee = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="study_plan", verbose_name=_("trainee")
    )
    pace = models.CharField(_("pace"), max_length=10, choices=Pace.choices, default=Pace.FULL_TIME)
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="advised_study_plans",
        verbose_name=_("study adviser"),
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("study plan")
        verbose_name_plural = _("study plans")
        indexes = [models.Index(fields=["adviser"], name="progress_plan_adviser")]

    def __str__(self) -> str:
        return f"{self.trainee.reference}: {self.get_pace_display()}"


class PlannedModuleQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """`ends_on` is computed here too: bulk_create does not call save()."""
        objs = list(objs)
        for obj in objs:
            obj.ends_on = semester_ends_on(obj.academic_year, obj.semester)
        return super().bulk_create(objs, *args, **kwargs)


class PlannedModule(TimeStampedModel):
    plan = models.ForeignKey(StudyPlan, on_delete=models.CASCADE, related_name="modules", verbose_name=_("plan"))
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="+", verbose_name=_("module"))
    academic_year = models.PositiveSmallIntegerField(
        _("academic year"),
        validators=[MinValueValidator(2023), MaxValueValidator(2100)],
        help_text=_("The year it starts in: 2026 is 2026–2027."),
    )
    semester = models.PositiveSmallIntegerField(
        _("semester"),
        choices=[(1, _("1 (September–January)")), (2, _("2 (February–August)"))],
    )
    ends_on = models.DateField(_("semester ends on"), editable=False)

    objects = PlannedModuleQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("planned module")
        verbose_name_plural = _("planned modules")
        ordering = ["academic_year", "semester", "module__order", "pk"]
        indexes = [models.Index(fields=["ends_on", "plan"], name="progress_planned_ends")]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "module"],
                name="progress_planned_unique",
                violation_error_message=_("This module is in the plan already."),
            ),
            models.CheckConstraint(condition=Q(semester__in=[1, 2]), name="progress_planned_semester"),
        ]

    def __str__(self) -> str:
        return f"{self.module.name}: {self.semester_label}"

    def save(self, *args, **kwargs):
        self.ends_on = semester_ends_on(self.academic_year, self.semester)
        return super().save(*args, **kwargs)

    @property
    def code(self) -> str:
        return semester_code(self.academic_year, self.semester)

    @property
    def semester_label(self) -> str:
        return semester_label(self.academic_year, self.semester)


def semester_label(academic_year: int, semester: int) -> str:
    return _("%(start)d–%(end)d, semester %(semester)d") % {
        "start": academic_year,
        "end": academic_year + 1,
        "semester": semester,
    }
