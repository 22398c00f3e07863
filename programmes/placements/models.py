"""Placements (stages): schools offer places for trainees, placement coordinators match trainees to
them, the school confirms, the placement runs and ends with evaluations.

A trainee is an admitted or enrolled applicant: placements hang on the Application, which carries
the pathway, the subject and where the trainee lives. Offers and placements are school-owned data:
their managers are django-scopes managers with the partnerships tenancy rule, so a school user sees
only their own school's (or, at a lead school, their partnership's) and an unscoped query fails.
Capacity is a rule of the service (the offer row is locked while places are counted), not of a
trigger; the database still refuses an offer without places.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from iclon.core.i18n import Localized
from iclon.core.models import TimeStampedModel
from iclon.core.tenancy import school_scoped_manager
from programmes.catalogue.models import SchoolSubject
from programmes.intake.models import EMPLOYMENT_HOURS_VALIDATORS, Application, employment_hours_constraint
from programmes.placements.reasons import SCHOOL_CODES, reason_texts
from programmes.placements.weekdays import Weekday, day_names  # noqa: F401  (Weekday: re-exported)


class PlacementPeriod(TimeStampedModel):
    """A period trainees are placed for: a semester or a school year."""

    class Kind(models.TextChoices):
        SEMESTER = "semester", _("Semester")
        SCHOOL_YEAR = "school_year", _("School year")

    slug = models.SlugField(_("slug"), max_length=40, unique=True, help_text=_("E.g. 2027-2028-s1."))
    name_nl = models.CharField(_("name (Dutch)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    name = Localized("name")

    class Meta:
        verbose_name = _("placement period")
        verbose_name_plural = _("placement periods")
        ordering = ["starts_on", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")),
                name="placements_period_order",
                violation_error_message=_("The period must end after it starts."),
            ),
        ]

    def __str__(self):
        return self.name


class PlacementOffer(TimeStampedModel):
    """Places a school offers for trainees of one subject in one period."""

    school = models.ForeignKey(
        "partnerships.School", on_delete=models.CASCADE, related_name="placement_offers", verbose_name=_("school")
    )
    subject = models.ForeignKey(
        SchoolSubject,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placement_offers",
        verbose_name=_("school subject"),
        help_text=_("Empty for primary education."),
    )
    period = models.ForeignKey(
        PlacementPeriod, on_delete=models.PROTECT, related_name="offers", verbose_name=_("period")
    )
    places = models.PositiveSmallIntegerField(_("number of places"))
    mentors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="mentored_offers", verbose_name=_("workplace mentors")
    )
    days_available = models.JSONField(
        _("days available"), default=list, blank=True, help_text=_("The weekdays the trainee can be at school.")
    )
    paid_job_possible = models.BooleanField(
        _("a paid job can count as the placement"),
        default=False,
        help_text=_("The school can offer a paid teaching job that counts as the placement."),
    )
    notes = models.TextField(_("notes"), blank=True)
    is_open = models.BooleanField(_("open for matching"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = school_scoped_manager("school")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("placement offer")
        verbose_name_plural = _("placement offers")
        ordering = ["period__starts_on", "school__name"]
        indexes = [
            models.Index(fields=["period", "subject", "is_open"], name="placements_offer_match"),
            models.Index(fields=["school", "period"], name="placements_offer_school"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(places__gt=0),
                name="placements_offer_places_positive",
                violation_error_message=_("An offer has at least one place."),
            ),
        ]

    def __str__(self):
        subject = self.subject.name if self.subject_id else _("primary education")
        return f"{self.school.name} – {subject} – {self.period}"

    @property
    def day_names(self) -> str:
        """The days, named in the active language ("maandag, dinsdag"), not as codes."""
        return day_names(self.days_available)


class PlacementStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    DECLINED = "declined", _("Declined by the school")
    CANCELLED = "cancelled", _("Cancelled")


# Placements that take a place of their offer and keep the trainee placed for the period.
TAKING_PLACE = (
    PlacementStatus.PROPOSED,
    PlacementStatus.CONFIRMED,
    PlacementStatus.RUNNING,
    PlacementStatus.COMPLETED,
)


class Placement(TimeStampedModel):
    """A trainee at a school for a period: from an offer, or their own paid teaching job."""

    class Kind(models.TextChoices):
        OFFER = "offer", _("Placement from an offer")
        EMPLOYMENT = "employment", _("Paid teaching job")

    trainee = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="placements", verbose_name=_("trainee")
    )
    school = models.ForeignKey(
        "partnerships.School", on_delete=models.PROTECT, related_name="placements", verbose_name=_("school")
    )
    offer = models.ForeignKey(
        PlacementOffer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("offer"),
    )
    period = models.ForeignKey(
        PlacementPeriod, on_delete=models.PROTECT, related_name="placements", verbose_name=_("period")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.OFFER)
    status = models.CharField(_("status"), max_length=12, choices=PlacementStatus, default=PlacementStatus.PROPOSED)
    workplace_mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentored_placements",
        verbose_name=_("workplace mentor"),
    )
    school_teacher_educator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="school_educated_placements",
        verbose_name=_("school-based teacher educator"),
    )
    institute_educator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="institute_educated_placements",
        verbose_name=_("institute-based teacher educator"),
    )
    # Codes with their values ({"code": "home_town", "params": {"town": "Leiden"}}), worded when read
    # in the reader's language (programmes/placements/reasons.py).
    match_reasons = models.JSONField(_("why this match"), default=list, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    employment_hours = models.PositiveSmallIntegerField(
        _("hours a week (paid job)"), null=True, blank=True, validators=EMPLOYMENT_HOURS_VALIDATORS
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(_("confirmed or declined at"), null=True, blank=True)

    objects = school_scoped_manager("school")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-period__starts_on", "school__name"]
        indexes = [
            models.Index(fields=["offer", "status"], name="placements_offer_status"),
            models.Index(fields=["school", "status"], name="placements_school_status"),
            models.Index(fields=["period", "status"], name="placements_period_status"),
        ]
        constraints = [
            # One live placement per trainee and period: a double click is a clear error.
            models.UniqueConstraint(
                fields=["trainee", "period"],
                condition=Q(status__in=["proposed", "confirmed", "running", "completed"]),
                name="placements_one_per_period",
                violation_error_message=_("This trainee already has a placement in this period."),
            ),
            models.CheckConstraint(
                condition=Q(kind="employment") | Q(offer__isnull=False),
                name="placements_offer_given",
                violation_error_message=_("A placement from an offer needs the offer."),
            ),
            employment_hours_constraint("placements_employment_hours_1_40"),
        ]

    def __str__(self):
        return f"{self.trainee.full_name or self.trainee.reference} – {self.school.name} ({self.period})"

    @property
    def match_reason_texts(self) -> list[str]:
        """Why this match, in the active language."""
        return reason_texts(self.match_reasons)

    @property
    def match_reason_texts_for_school(self) -> list[str]:
        """Why this match, as the school reads it: not where the trainee lives."""
        return reason_texts(self.match_reasons, codes=SCHOOL_CODES)


INTRODUCTION_MAX_LENGTH = 1000


class PlacementWish(TimeStampedModel):
    """What a trainee wishes for their placement, given in their portal; matching weighs it."""

    trainee = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="placement_wish")
    region = models.ForeignKey(
        "partnerships.EducationRegion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("preferred education region"),
    )
    municipality = models.CharField(_("preferred municipality"), max_length=120, blank=True)
    partnership = models.ForeignKey(
        "partnerships.TrainingSchoolPartnership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("preferred training-school partnership"),
    )
    days_available = models.JSONField(_("days I can be at school"), default=list, blank=True)
    notes = models.TextField(_("anything else"), blank=True)
    # Shown to the school asked to take the trainee (with the subject, period, wishes and days);
    # nothing else about the trainee is.
    introduction = models.TextField(
        _("introduction for the school"),
        max_length=INTRODUCTION_MAX_LENGTH,
        blank=True,
        help_text=_("A few sentences the school reads when it is asked to take you."),
    )

    class Meta:
        verbose_name = _("placement wish")
        verbose_name_plural = _("placement wishes")

    def __str__(self):
        return str(self.trainee)

    @property
    def day_names(self) -> str:
        """The days, named in the active language."""
        return day_names(self.days_available)


class Evaluation(TimeStampedModel):
    """A mid-term or final evaluation of a placement by the workplace mentor or the institute-based
    teacher educator; the trainee sees it once it is released."""

    class Moment(models.TextChoices):
        MIDTERM = "midterm", _("Mid-term evaluation")
        FINAL = "final", _("Final evaluation")

    class Author(models.TextChoices):
        WORKPLACE_MENTOR = "workplace_mentor", _("Workplace mentor")
        INSTITUTE_EDUCATOR = "institute_educator", _("Institute-based teacher educator")

    class Judgement(models.TextChoices):
        INSUFFICIENT = "insufficient", _("Insufficient")
        SUFFICIENT = "sufficient", _("Sufficient")
        GOOD = "good", _("Good")

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="evaluations")
    moment = models.CharField(_("moment"), max_length=10, choices=Moment.choices)
    author_role = models.CharField(_("by"), max_length=20, choices=Author.choices)
    due_on = models.DateField(_("due on"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    strengths = models.TextField(_("strengths"), blank=True)
    development_points = models.TextField(_("points to develop"), blank=True)
    judgement = models.CharField(_("judgement"), max_length=12, choices=Judgement.choices, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    released_at = models.DateTimeField(_("released to the trainee at"), null=True, blank=True)

    objects = school_scoped_manager("placement__school")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["due_on", "moment"]
        indexes = [models.Index(fields=["submitted_at", "due_on"], name="placements_eval_due")]
        constraints = [
            models.UniqueConstraint(fields=["placement", "moment", "author_role"], name="placements_evaluation_unique"),
        ]

    def __str__(self):
        return f"{self.get_moment_display()} – {self.get_author_role_display()}"
