"""Meet the Professor: a school asks for a researcher of Leiden University to visit a group of its
pupils (or to receive them at the university).

Coordinators keep a pool of researchers (`ResearcherProfile`, with the periods they cannot come,
`ResearcherUnavailability`). A school's `VisitRequest` names a group, its number of pupils, its
wishes and several preferred dates (`VisitPreferredDate`); it moves

    requested → proposed → accepted → confirmed → held → evaluated

with `withdrawn` (the school or a coordinator, with a reason) possible until it is held, and
`declined` (the proposed researcher, with a reason) after which the coordinator proposes another
researcher. After the visit each side writes one `VisitEvaluation`. Every move is made by
professionalisation/outreach/services/visits.py.

A teacher without an account asks through the public form: a `VisitSubmission` waits until they
open the link of the e-mail sent to them (services/visit_public.py), and only then becomes a
request, whose secret school link (`VisitRequest.school_token_hash`) lets them act for the school.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from iclon.core.models import TimeStampedModel
from partnerships.models import EducationRegion, Faculty, School

#: Visits take place in the Netherlands: their days and times are those there.
VISIT_ZONE = ZoneInfo("Europe/Amsterdam")
#: The most pupils one visit is for.
MAX_PUPILS = 200


def split_words(value: str) -> list[str]:
    """The comma-separated entries of `value`, trimmed, lower case, without empty ones."""
    return [word.strip().lower() for word in (value or "").split(",") if word.strip()]


class ResearcherProfile(TimeStampedModel):
    """A researcher in the Meet the Professor pool (a volunteer)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="researcher_profile",
        verbose_name=_("person"),
    )
    faculty = models.ForeignKey(
        Faculty,
        on_delete=models.PROTECT,
        related_name="researcher_profiles",
        verbose_name=_("faculty"),
        null=True,
        blank=True,
    )
    discipline = models.CharField(_("discipline"), max_length=200)
    topics = models.TextField(
        _("topics"), blank=True, max_length=2000, help_text=_("Comma-separated, e.g. climate, dinosaurs, law.")
    )
    languages = models.CharField(
        _("languages"), max_length=50, default="nl", help_text=_("Comma-separated language codes, e.g. nl, en.")
    )
    regions = models.ManyToManyField(
        EducationRegion, related_name="researcher_profiles", blank=True, verbose_name=_("regions they travel to")
    )
    max_visits_per_year = models.PositiveSmallIntegerField(
        _("visits a year at most"), default=4, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    active = models.BooleanField(_("active"), default=True, db_index=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("researcher")
        verbose_name_plural = _("researchers")
        ordering = ["user__full_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_visits_per_year__gte=1),
                name="researcher_cap_positive",
                violation_error_message=_("A researcher makes at least one visit a year."),
            ),
        ]

    def __str__(self):
        return self.user.full_name or self.user.email

    @property
    def topic_list(self) -> list[str]:
        return split_words(self.topics)

    @property
    def language_list(self) -> list[str]:
        return split_words(self.languages)


class ResearcherUnavailability(TimeStampedModel):
    """A period (both days included) in which the researcher makes no visits."""

    researcher = models.ForeignKey(
        ResearcherProfile, on_delete=models.CASCADE, related_name="unavailabilities", verbose_name=_("researcher")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("unavailable period")
        verbose_name_plural = _("unavailable periods")
        ordering = ["starts_on", "pk"]
        indexes = [models.Index(fields=["researcher", "starts_on", "ends_on"], name="visit_unavail_period")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="visit_unavailability_order",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self):
        return f"{self.researcher}: {self.starts_on:%d-%m-%Y} – {self.ends_on:%d-%m-%Y}"


class VisitStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    PROPOSED = "proposed", _("Researcher proposed")
    ACCEPTED = "accepted", _("Accepted by the researcher")
    CONFIRMED = "confirmed", _("Confirmed")
    HELD = "held", _("Held")
    EVALUATED = "evaluated", _("Evaluated")
    DECLINED = "declined", _("Declined by the researcher")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: The statuses from which a request may still be withdrawn (before the visit is held).
WITHDRAWABLE = (
    VisitStatus.REQUESTED,
    VisitStatus.PROPOSED,
    VisitStatus.ACCEPTED,
    VisitStatus.CONFIRMED,
    VisitStatus.DECLINED,
)
#: The statuses in which a researcher's visit takes (or took) a place in their year and their day.
BOOKED = (
    VisitStatus.PROPOSED,
    VisitStatus.ACCEPTED,
    VisitStatus.CONFIRMED,
    VisitStatus.HELD,
    VisitStatus.EVALUATED,
)


class VisitLocation(models.TextChoices):
    AT_SCHOOL = "school", _("At the school")
    AT_UNIVERSITY = "university", _("At the university")


class VisitRequest(TimeStampedModel):
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="visit_requests", verbose_name=_("school")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="visit_requests",
        verbose_name=_("requested by"),
        null=True,
        blank=True,
    )
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail address"))
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=settings.LANGUAGES,
        default="nl",
        help_text=_("The language of the visit and of the school's e-mails."),
    )
    group_label = models.CharField(_("group or year"), max_length=100)
    pupils = models.PositiveSmallIntegerField(
        _("number of pupils"), validators=[MinValueValidator(1), MaxValueValidator(MAX_PUPILS)]
    )
    wishes = models.TextField(_("topic or discipline wishes"), max_length=2000)
    location = models.CharField(_("where"), max_length=12, choices=VisitLocation, default=VisitLocation.AT_SCHOOL)
    accessibility_notes = models.TextField(_("accessibility notes"), blank=True, max_length=2000)

    status = models.CharField(_("status"), max_length=12, choices=VisitStatus, default=VisitStatus.REQUESTED)
    status_reason = models.TextField(
        _("reason"), blank=True, max_length=2000, help_text=_("Why the request was withdrawn or declined.")
    )
    researcher = models.ForeignKey(
        ResearcherProfile,
        on_delete=models.PROTECT,
        related_name="visits",
        verbose_name=_("researcher"),
        null=True,
        blank=True,
    )
    declined_by = models.ManyToManyField(
        ResearcherProfile, related_name="declined_visits", blank=True, verbose_name=_("declined by")
    )
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    answer_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    #: The sha256 of the secret of the school's link, for a request made through the public form
    #: (permissions/visits.py school_link_token); empty otherwise.
    school_token_hash = models.CharField(max_length=64, blank=True, editable=False)

    proposed_at = models.DateTimeField(_("proposed at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    held_at = models.DateTimeField(_("held at"), null=True, blank=True)
    closed_at = models.DateTimeField(
        _("closed at"), null=True, blank=True, help_text=_("When it was evaluated, withdrawn or declined.")
    )

    history = HistoricalRecords(excluded_fields=["updated_at", "answer_token_hash", "school_token_hash"])

    class Meta:
        verbose_name = _("visit request")
        verbose_name_plural = _("visit requests")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="visit_status_created"),
            models.Index(fields=["school", "status"], name="visit_school_status"),
            models.Index(fields=["researcher", "status", "starts_at"], name="visit_researcher_status"),
            models.Index(fields=["starts_at"], name="visit_starts_at"),
            models.Index(fields=["answer_token_hash"], name="visit_answer_token"),
            models.Index(fields=["school_token_hash"], name="visit_school_token"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(pupils__gte=1) & Q(pupils__lte=MAX_PUPILS),
                name="visit_pupils_range",
                violation_error_message=_("A visit is for 1 to 200 pupils."),
            ),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="visit_ends_after_start",
                violation_error_message=_("The visit must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(status="requested")
                | Q(status="withdrawn")
                | Q(status="declined")
                | Q(researcher__isnull=False) & Q(starts_at__isnull=False),
                name="visit_arranged_has_researcher",
                violation_error_message=_("A proposed visit has a researcher and a date."),
            ),
        ]

    def __str__(self):
        return f"{self.school.name} – {self.group_label} ({self.get_status_display()})"

    @property
    def day(self) -> datetime.date | None:
        return self.starts_at.astimezone(VISIT_ZONE).date() if self.starts_at else None


class DayPart(models.TextChoices):
    ANY = "any", _("Any time of day")
    MORNING = "morning", _("Morning")
    AFTERNOON = "afternoon", _("Afternoon")


class VisitPreferredDate(models.Model):
    request = models.ForeignKey(
        VisitRequest, on_delete=models.CASCADE, related_name="preferred_dates", verbose_name=_("visit request")
    )
    date = models.DateField(_("date"))
    part_of_day = models.CharField(_("part of the day"), max_length=10, choices=DayPart, default=DayPart.ANY)

    class Meta:
        verbose_name = _("preferred date")
        verbose_name_plural = _("preferred dates")
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["date"], name="visit_preferred_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "date", "part_of_day"],
                name="visit_preferred_date_once",
                violation_error_message=_("This date is given twice."),
            ),
        ]

    def __str__(self):
        return f"{self.date:%d-%m-%Y} ({self.get_part_of_day_display()})"


class EvaluationSide(models.TextChoices):
    SCHOOL = "school", _("School")
    RESEARCHER = "researcher", _("Researcher")


class VisitEvaluation(TimeStampedModel):
    """One side's evaluation of a visit: the school (the pupils' reaction and a rating of 1 to 5) or
    the researcher (a short report)."""

    request = models.ForeignKey(
        VisitRequest, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("visit request")
    )
    side = models.CharField(_("side"), max_length=10, choices=EvaluationSide)
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text = models.TextField(_("evaluation"), max_length=4000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="visit_evaluations",
        verbose_name=_("author"),
        null=True,
        blank=True,
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("visit evaluation")
        verbose_name_plural = _("visit evaluations")
        ordering = ["request", "side"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "side"],
                name="visit_evaluation_once_per_side",
                violation_error_message=_("This side has evaluated the visit already."),
            ),
            models.CheckConstraint(
                condition=~Q(side="school") | Q(rating__gte=1) & Q(rating__lte=5),
                name="visit_school_evaluation_rating",
                violation_error_message=_("Give a rating from 1 to 5."),
            ),
        ]

    def __str__(self):
        return f"{self.request} – {self.get_side_display()}"


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the e-mail address to be verified")
    VERIFIED = "verified", _("Verified: the request was made")
    EXPIRED = "expired", _("Expired")


class VisitSubmission(TimeStampedModel):
    """A teacher's request through the public form, kept until they verify their e-mail address
    by the link sent to it (only the sha256 of the link's secret is stored). Verifying makes the
    `VisitRequest` (`visit`); unverified ones expire and are purged (tasks/visits.py)."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="visit_submissions", verbose_name=_("school")
    )
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail address"))
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES, default="nl")
    group_label = models.CharField(_("group or year"), max_length=100)
    pupils = models.PositiveSmallIntegerField(
        _("number of pupils"), validators=[MinValueValidator(1), MaxValueValidator(MAX_PUPILS)]
    )
    wishes = models.TextField(_("topic or discipline wishes"), max_length=2000)
    location = models.CharField(_("where"), max_length=12, choices=VisitLocation, default=VisitLocation.AT_SCHOOL)
    accessibility_notes = models.TextField(_("accessibility notes"), blank=True, max_length=2000)
    preferred_dates = models.JSONField(
        _("preferred dates"), default=list, help_text=_("Pairs of a date (YYYY-MM-DD) and a part of the day.")
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("link valid until"))
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    visit = models.OneToOneField(
        VisitRequest,
        on_delete=models.SET_NULL,
        related_name="submission",
        verbose_name=_("visit request"),
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("request through the public form")
        verbose_name_plural = _("requests through the public form")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["verified_at", "expires_at"], name="visit_submission_open"),
            models.Index(fields=["created_at"], name="visit_submission_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(pupils__gte=1) & Q(pupils__lte=MAX_PUPILS),
                name="visit_submission_pupils_range",
                violation_error_message=_("A visit is for 1 to 200 pupils."),
            ),
        ]

    def __str__(self):
        return f"{self.school.name} – {self.group_label} ({self.contact_email})"

    @property
    def status(self) -> str:
        if self.verified_at is not None:
            return SubmissionStatus.VERIFIED
        if self.expires_at <= timezone.now():
            return SubmissionStatus.EXPIRED
        return SubmissionStatus.PENDING

    def get_status_display(self) -> str:
        return str(SubmissionStatus(self.status).label)

    @property
    def dates(self) -> list[tuple[datetime.date, str]]:
        """The preferred dates as (date, part of the day) pairs."""
        return [(datetime.date.fromisoformat(day), part) for day, part in self.preferred_dates]
