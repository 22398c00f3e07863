"""PAL student assistants: university students trained by ICLON who support teachers at schools
(homework supervision, working with groups of pupils, marking tests).

* `PalStudent`: the pool. A student is in it once trained (the PAL training is an activity of
  professional development: the completion or activity that trained them may be linked), with
  their subjects, the weekdays they are available and their education region.
* `PalRequest`: a school asks for support (tasks, subject, hours a week, period, weekdays) through
  an education region, which runs the appointment. requested → assigned → confirmed → closed, or
  withdrawn (with the reason) before it is closed.
* `PalAssignment`: a coordinator assigns a student to a request: proposed → confirmed (once the
  student and the school have both confirmed) or declined (with the reason); cancelled when the
  request is withdrawn.
* `PalHours`: the hours a student worked in one ISO week for one assignment, logged by the
  student and confirmed (or rejected with a reason) by the school. A confirmed row is locked: the
  services refuse any later change or delete (it is what the region's payroll pays).
"""

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
from partnerships.models import EducationRegion, School
from professionalisation.activities.models import Activity
from professionalisation.completion.models import Completion
from programmes.catalogue.models import SchoolSubject

#: The most hours a week one assignment can log (a full-time week), and a day.
MAX_HOURS_PER_WEEK = Decimal("40")
MAX_HOURS_PER_DAY = Decimal("8")


class PalWeekday(models.TextChoices):
    MONDAY = "mon", _("Monday")
    TUESDAY = "tue", _("Tuesday")
    WEDNESDAY = "wed", _("Wednesday")
    THURSDAY = "thu", _("Thursday")
    FRIDAY = "fri", _("Friday")


#: ISO weekday number (Monday 1) of each weekday's value.
WEEKDAY_NUMBERS = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5}


class PalTask(models.TextChoices):
    HOMEWORK = "homework", _("Homework supervision")
    GROUPS = "groups", _("Working with groups of pupils")
    MARKING = "marking", _("Marking tests")
    OTHER = "other", _("Other")


class PalStudent(TimeStampedModel):
    """A student in the PAL pool."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pal_student", verbose_name=_("student")
    )
    trained = models.BooleanField(_("trained"), default=False)
    trained_on = models.DateField(_("trained on"), null=True, blank=True)
    training_completion = models.ForeignKey(
        Completion,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("training (completion)"),
        help_text=_("The completion of the PAL training, when it was followed in the portal."),
    )
    training_activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("training (activity)"),
    )
    subjects = models.ManyToManyField(
        SchoolSubject, related_name="pal_students", blank=True, verbose_name=_("subjects")
    )
    weekdays = models.JSONField(_("weekdays available"), default=list, blank=True)
    region = models.ForeignKey(
        EducationRegion, on_delete=models.PROTECT, related_name="pal_students", verbose_name=_("education region")
    )
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[subjects])

    class Meta:
        verbose_name = _("PAL student")
        verbose_name_plural = _("PAL students")
        ordering = ["user__full_name", "pk"]
        indexes = [models.Index(fields=["active", "trained", "region"], name="pal_student_pool")]
        constraints = [
            models.CheckConstraint(
                condition=Q(trained=False) | Q(trained_on__isnull=False),
                name="pal_student_trained_has_date",
                violation_error_message=_("Give the date on which the student was trained."),
            ),
        ]

    def __str__(self):
        return str(self.user)


class PalRequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ASSIGNED = "assigned", _("Students assigned")
    CONFIRMED = "confirmed", _("Confirmed")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: A request that still runs: it can get students, and be withdrawn.
REQUEST_OPEN = (PalRequestStatus.REQUESTED, PalRequestStatus.ASSIGNED, PalRequestStatus.CONFIRMED)


class PalRequest(TimeStampedModel):
    """A school's request for support by PAL students."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="pal_requests", verbose_name=_("school"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("requested by"),
    )
    tasks = models.JSONField(_("tasks"), default=list)
    tasks_other = models.CharField(_("other tasks"), max_length=200, blank=True)
    subject = models.ForeignKey(
        SchoolSubject,
        on_delete=models.PROTECT,
        related_name="pal_requests",
        null=True,
        blank=True,
        verbose_name=_("subject"),
        help_text=_("Empty for support not tied to one subject (e.g. in primary education)."),
    )
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(MAX_HOURS_PER_WEEK)],
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    weekdays = models.JSONField(_("weekdays"), default=list)
    region = models.ForeignKey(
        EducationRegion,
        on_delete=models.PROTECT,
        related_name="pal_requests",
        verbose_name=_("education region"),
        help_text=_("The region through which the appointment runs."),
    )
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    status = models.CharField(_("status"), max_length=10, choices=PalRequestStatus, default=PalRequestStatus.REQUESTED)
    reason = models.CharField(_("reason"), max_length=300, blank=True, help_text=_("Why it was withdrawn."))
    closed_at = models.DateTimeField(_("closed or withdrawn at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("PAL request")
        verbose_name_plural = _("PAL requests")
        ordering = ["-created_at", "pk"]
        indexes = [
            models.Index(fields=["school", "status"], name="pal_request_school_status"),
            models.Index(fields=["region", "status"], name="pal_request_region_status"),
            models.Index(fields=["status", "starts_on"], name="pal_request_status_start"),
            models.Index(fields=["subject", "status"], name="pal_request_subject_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="pal_request_period_order",
                violation_error_message=_("The period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0) & Q(hours_per_week__lte=MAX_HOURS_PER_WEEK),
                name="pal_request_hours_range",
                violation_error_message=_("Ask for more than 0 and at most 40 hours a week."),
            ),
        ]

    def __str__(self):
        return f"{self.school} – {self.starts_on:%d-%m-%Y}"

    @property
    def is_open(self) -> bool:
        return self.status in REQUEST_OPEN

    def task_labels(self) -> list[str]:
        labels = dict(PalTask.choices)
        return [str(labels[task]) for task in self.tasks if task in labels]

    def weekday_labels(self) -> list[str]:
        labels = dict(PalWeekday.choices)
        return [str(labels[day]) for day in self.weekdays if day in labels]


class PalAssignmentStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled (request withdrawn)")


#: An assignment that takes the student: proposed or confirmed.
ASSIGNMENT_LIVE = (PalAssignmentStatus.PROPOSED, PalAssignmentStatus.CONFIRMED)


class PalAssignment(TimeStampedModel):
    """A PAL student assigned to a school's request."""

    request = models.ForeignKey(
        PalRequest, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("request")
    )
    student = models.ForeignKey(
        PalStudent, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("PAL student")
    )
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(MAX_HOURS_PER_WEEK)],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PalAssignmentStatus, default=PalAssignmentStatus.PROPOSED
    )
    reasons = models.JSONField(_("why this student"), default=list, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("assigned by"),
    )
    student_confirmed_at = models.DateTimeField(_("confirmed by the student at"), null=True, blank=True)
    school_confirmed_at = models.DateTimeField(_("confirmed by the school at"), null=True, blank=True)
    school_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("confirmed for the school by"),
    )
    declined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("declined by"),
    )
    decline_reason = models.CharField(_("reason"), max_length=300, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("PAL assignment")
        verbose_name_plural = _("PAL assignments")
        ordering = ["request", "pk"]
        indexes = [
            models.Index(fields=["student", "status"], name="pal_assignment_student"),
            models.Index(fields=["request", "status"], name="pal_assignment_request"),
            models.Index(fields=["status"], name="pal_assignment_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "student"],
                condition=Q(status__in=["proposed", "confirmed"]),
                name="pal_assignment_once_per_request",
                violation_error_message=_("This student is already assigned to this request."),
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0) & Q(hours_per_week__lte=MAX_HOURS_PER_WEEK),
                name="pal_assignment_hours_range",
                violation_error_message=_("Give more than 0 and at most 40 hours a week."),
            ),
        ]

    def __str__(self):
        return f"{self.student} – {self.request}"


class PalHoursStatus(models.TextChoices):
    LOGGED = "logged", _("Logged, to be confirmed")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class PalHours(TimeStampedModel):
    """The hours of one ISO week of one assignment."""

    assignment = models.ForeignKey(
        PalAssignment, on_delete=models.PROTECT, related_name="hours", verbose_name=_("assignment")
    )
    year = models.PositiveSmallIntegerField(_("year (ISO)"))
    week = models.PositiveSmallIntegerField(_("week (ISO)"), validators=[MinValueValidator(1), MaxValueValidator(53)])
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_HOURS_PER_WEEK)],
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=PalHoursStatus, default=PalHoursStatus.LOGGED)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("logged by"),
    )
    logged_at = models.DateTimeField(_("logged at"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("confirmed or rejected by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    reject_reason = models.CharField(_("reason for rejecting"), max_length=300, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("PAL hours")
        verbose_name_plural = _("PAL hours")
        ordering = ["assignment", "year", "week"]
        indexes = [
            models.Index(fields=["status", "year", "week"], name="pal_hours_status_week"),
            models.Index(fields=["year", "week"], name="pal_hours_week"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "year", "week"],
                name="pal_hours_once_per_week",
                violation_error_message=_("Hours for this week are logged already."),
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=MAX_HOURS_PER_WEEK),
                name="pal_hours_range",
                violation_error_message=_("Log more than 0 and at most 40 hours."),
            ),
            models.CheckConstraint(
                condition=Q(week__gte=1) & Q(week__lte=53),
                name="pal_hours_week_range",
                violation_error_message=_("Choose a week from 1 to 53."),
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(confirmed_at__isnull=False),
                name="pal_hours_confirmed_has_moment",
                violation_error_message=_("Confirmed hours record when they were confirmed."),
            ),
        ]

    def __str__(self):
        return f"{self.assignment} – {self.year}-W{self.week:02d}"

    @property
    def monday(self) -> datetime.date:
        return datetime.date.fromisocalendar(self.year, self.week, 1)

    @property
    def locked(self) -> bool:
        return self.status == PalHoursStatus.CONFIRMED
