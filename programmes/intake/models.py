"""Intake (aanmelding): an applicant's application for a pathway and start moment, and what intake
staff record on it.

The status changes only through the services in programmes/intake/services/applications.py (a table of
transitions, each with who may make it); every change writes an ApplicationTransition with who,
when and why, and django-simple-history keeps every other change. Personal data can be cleared by
anonymisation after the retention period; the rows stay for the statistics.
"""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from iclon.core.i18n import Localized
from iclon.core.models import TimeStampedModel
from programmes.catalogue.models import (
    DeficiencyCourse,
    DegreeField,
    Module,
    Pathway,
    PriorEducation,
    SchoolSubject,
    StartMoment,
)


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    APTITUDE_ASSESSMENT = "aptitude_assessment", _("Aptitude assessment")
    ADMITTED = "admitted", _("Admitted")
    ADMITTED_WITH_CONDITIONS = "admitted_with_conditions", _("Admitted with conditions")
    REJECTED = "rejected", _("Rejected")
    ENROLLED = "enrolled", _("Enrolled")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Statuses in which the applicant still has a live application (used by the one-live-application
# constraint and by the pages).
OPEN_STATUSES = (
    ApplicationStatus.DRAFT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.IN_REVIEW,
    ApplicationStatus.APTITUDE_ASSESSMENT,
    ApplicationStatus.ADMITTED,
    ApplicationStatus.ADMITTED_WITH_CONDITIONS,
    ApplicationStatus.ENROLLED,
)
DECIDED_STATUSES = (
    ApplicationStatus.ADMITTED,
    ApplicationStatus.ADMITTED_WITH_CONDITIONS,
    ApplicationStatus.REJECTED,
)
# What an applicant sees the decision's details for (conditions, exemptions): a decision, and after it.
DECIDED_OR_ENROLLED = frozenset({*DECIDED_STATUSES, ApplicationStatus.ENROLLED})


def application_reference(pk: int | None) -> str:
    """The reference an applicant quotes, e.g. ICL-000042."""
    return f"ICL-{pk:06d}" if pk else "ICL-new"


class DutchProficiency(models.TextChoices):
    SECONDARY_DIPLOMA = "secondary_diploma", _("Dutch secondary-school diploma (havo/vwo)")
    NT2_II = "nt2_ii", _("State exam Dutch as a second language (NT2 programme II)")
    DEGREE_IN_DUTCH = "degree_in_dutch", _("A degree taught in Dutch")
    NOT_YET = "not_yet", _("Not yet proven")


# The hours a week of a paid job as a teacher (an application's, and a placement registered as
# that job): the one rule, read by the models' validation and database constraints, the services
# and the forms.
EMPLOYMENT_HOURS_MIN = 1
EMPLOYMENT_HOURS_MAX = 40
EMPLOYMENT_HOURS_MESSAGE = _("Enter the hours a week, between 1 and 40.")
EMPLOYMENT_HOURS_VALIDATORS = [
    MinValueValidator(EMPLOYMENT_HOURS_MIN, message=EMPLOYMENT_HOURS_MESSAGE),
    MaxValueValidator(EMPLOYMENT_HOURS_MAX, message=EMPLOYMENT_HOURS_MESSAGE),
]


def employment_hours_allowed(hours: int | None) -> bool:
    """No hours given, or between 1 and 40 a week."""
    return hours is None or EMPLOYMENT_HOURS_MIN <= hours <= EMPLOYMENT_HOURS_MAX


def employment_hours_constraint(name: str) -> models.CheckConstraint:
    """The database's guard of `employment_hours_allowed` on a model's `employment_hours`."""
    return models.CheckConstraint(
        condition=Q(employment_hours__isnull=True)
        | Q(employment_hours__gte=EMPLOYMENT_HOURS_MIN, employment_hours__lte=EMPLOYMENT_HOURS_MAX),
        name=name,
        violation_error_message=EMPLOYMENT_HOURS_MESSAGE,
    )


class Application(TimeStampedModel):
    """Aanmelding: one applicant, one pathway, one start moment."""

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("applicant"),
        help_text=_("Empty once the application has been anonymised."),
    )
    pathway = models.ForeignKey(
        Pathway, on_delete=models.PROTECT, related_name="applications", verbose_name=_("pathway")
    )
    subject = models.ForeignKey(
        SchoolSubject,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("school subject"),
        help_text=_("Empty for primary education."),
    )
    start_moment = models.ForeignKey(
        StartMoment, on_delete=models.PROTECT, related_name="applications", verbose_name=_("start moment")
    )
    status = models.CharField(_("status"), max_length=30, choices=ApplicationStatus, default=ApplicationStatus.DRAFT)

    # Personal details (cleared by anonymisation).
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("town or city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True, default="Nederland")

    # Employment as a teacher (lateral entry, or a paid job that may count as the placement).
    employed_as_teacher = models.BooleanField(_("employed as a teacher"), default=False)
    employing_school = models.ForeignKey(
        "partnerships.School",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employed_applicants",
        verbose_name=_("employing school"),
    )
    employer_name = models.CharField(_("employer (if the school is not listed)"), max_length=200, blank=True)
    employment_hours = models.PositiveSmallIntegerField(
        _("hours a week"), null=True, blank=True, validators=EMPLOYMENT_HOURS_VALIDATORS
    )

    # Dutch proficiency: all programmes are taught in Dutch.
    dutch_proficiency = models.CharField(_("Dutch proficiency"), max_length=20, choices=DutchProficiency, blank=True)
    english_proficiency_notes = models.CharField(_("English proficiency"), max_length=300, blank=True)

    motivation = models.TextField(_("motivation"), blank=True)

    # Intake staff.
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_applications",
        verbose_name=_("assigned to"),
        limit_choices_to={"is_staff": True},
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_explanation = models.TextField(
        _("explanation of the decision"),
        blank=True,
        help_text=_("Shown to the applicant and printed in the decision letter."),
    )
    enrolled_at = models.DateTimeField(_("enrolled at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        permissions = [
            ("review_application", _("Can review applications, request information and assign them")),
            ("decide_application", _("Can decide on applications and enrol applicants")),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="intake_app_status"),
            models.Index(fields=["pathway", "start_moment"], name="intake_app_pathway_start"),
            models.Index(fields=["subject", "status"], name="intake_app_subject"),
            models.Index(fields=["assigned_to", "status"], name="intake_app_assigned"),
            models.Index(fields=["decided_at"], name="intake_app_decided"),
            models.Index(fields=["-created_at"], name="intake_app_created"),
        ]
        constraints = [
            # One live application per applicant and start moment of a pathway: a double click or a
            # second tab gives a clear error instead of a duplicate.
            models.UniqueConstraint(
                fields=["applicant", "pathway", "start_moment"],
                condition=Q(status__in=[s.value for s in OPEN_STATUSES]),
                name="intake_one_live_application",
                violation_error_message=_("You already have an application for this route and start."),
            ),
            employment_hours_constraint("intake_employment_hours_1_40"),
        ]

    def __str__(self):
        return f"{self.reference} – {self.pathway}"

    @property
    def reference(self) -> str:
        return application_reference(self.pk)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES and self.status != ApplicationStatus.ENROLLED

    @property
    def is_decided(self) -> bool:
        return self.status in DECIDED_OR_ENROLLED


class PriorDegree(TimeStampedModel):
    """A degree the applicant holds or is taking (prior education)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="degrees")
    level = models.CharField(_("level"), max_length=20, choices=PriorEducation.choices)
    field = models.ForeignKey(
        DegreeField,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("field"),
    )
    field_other = models.CharField(_("field (if not listed)"), max_length=200, blank=True)
    institution = models.CharField(_("institution"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year completed (or expected)"))
    subject_content_ec = models.PositiveSmallIntegerField(
        _("EC of subject content"), null=True, blank=True, help_text=_("Courses in the school subject's discipline.")
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("prior degree")
        verbose_name_plural = _("prior degrees")
        ordering = ["year", "pk"]

    def __str__(self):
        field = self.field.name if self.field_id else self.field_other
        return f"{self.get_level_display()} {field} ({self.year})"


class DocumentKind(models.TextChoices):
    DIPLOMA = "diploma", _("Diploma")
    TRANSCRIPT = "transcript", _("Transcript of grades")
    CV = "cv", _("CV")
    DUTCH_PROFICIENCY = "dutch_proficiency", _("Proof of Dutch proficiency")
    EMPLOYMENT_CONTRACT = "employment_contract", _("Employment contract")
    OTHER = "other", _("Other document")


class _ApplicationStorage(LazyObject):
    # Resolved on first use (not when the model class loads), so settings and tests decide.
    def _setup(self):
        self._wrapped = storages["applications"]


_application_storage = _ApplicationStorage()


def application_storage():
    """The storage for applicants' documents: settings.STORAGES["applications"] (a private
    folder by default, S3-compatible storage when configured; see README)."""
    return _application_storage


def document_upload_to(instance, filename: str) -> str:
    # A random name: the stored path reveals neither the applicant nor the original file name,
    # and files are served only through the permission-checking view (never a public URL).
    return f"applications/{uuid.uuid4().hex}"


class ApplicationDocument(TimeStampedModel):
    """An uploaded document. Stored through the `applications` storage, outside any public URL."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind)
    file = models.FileField(_("file"), upload_to=document_upload_to, storage=application_storage, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=50)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["kind", "created_at"]
        indexes = [models.Index(fields=["application", "kind"], name="intake_doc_kind")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"


class ApplicationTransition(models.Model):
    """One change of status: who, when, why. The applicant's timeline is built from these."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("from"), max_length=30, choices=ApplicationStatus)
    to_status = models.CharField(_("to"), max_length=30, choices=ApplicationStatus)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["application", "created_at"], name="intake_transition_app")]

    def __str__(self):
        return f"{self.application_id}: {self.from_status} → {self.to_status}"


class InformationRequest(TimeStampedModel):
    """Intake asks the applicant for more information; the applicant answers in the portal."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="information_requests")
    question = models.TextField(_("question"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("request for information")
        verbose_name_plural = _("requests for information")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["application", "answered_at"], name="intake_inforeq_open")]

    def __str__(self):
        return self.question[:60]

    @property
    def is_open(self) -> bool:
        return self.answered_at is None


class InternalNote(TimeStampedModel):
    """A note among intake staff. Never shown to the applicant, not in the applicant's export."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField(_("note"))

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["created_at"]

    def __str__(self):
        return self.text[:60]


class ChecklistItem(TimeStampedModel):
    """What intake checks for applications to one pathway (the checklist per route)."""

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="checklist_items")
    label_nl = models.CharField(_("item (Dutch)"), max_length=200)
    label_en = models.CharField(_("item (English)"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    label = Localized("label")

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label


class ChecklistCheck(TimeStampedModel):
    """An item of the route's checklist, ticked off for one application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="checks")
    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="checks")
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("checked item")
        verbose_name_plural = _("checked items")
        constraints = [
            models.UniqueConstraint(fields=["application", "item"], name="intake_check_unique"),
        ]

    def __str__(self):
        return str(self.item)


class AptitudeAssessment(TimeStampedModel):
    """Geschiktheidsonderzoek: where the route asks for one (e.g. lateral entry)."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUITABLE = "suitable", _("Suitable")
        SUITABLE_WITH_ADVICE = "suitable_with_advice", _("Suitable, with advice")
        NOT_SUITABLE = "not_suitable", _("Not suitable")

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="aptitude_assessment")
    scheduled_at = models.DateTimeField(_("date and time"), null=True, blank=True)
    assessors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("assessors")
    )
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices, default=Outcome.PENDING)
    advice = models.TextField(_("advice"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("aptitude assessment")
        verbose_name_plural = _("aptitude assessments")

    def __str__(self):
        return f"{self.application.reference}: {self.get_outcome_display()}"


class Exemption(TimeStampedModel):
    """Vrijstelling of a module (EVC: recognised prior learning), granted at intake."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="exemptions")
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="exemptions", verbose_name=_("module"))
    ec = models.PositiveSmallIntegerField(_("EC"))
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("exemption")
        verbose_name_plural = _("exemptions")
        constraints = [
            models.UniqueConstraint(fields=["application", "module"], name="intake_exemption_unique"),
            models.CheckConstraint(condition=Q(ec__gt=0), name="intake_exemption_ec_positive"),
        ]

    def __str__(self):
        return f"{self.module.name} ({self.ec} EC)"


class AdmissionCondition(TimeStampedModel):
    """A condition of a conditional admission: a deficiency course, Dutch proficiency, or other."""

    class Kind(models.TextChoices):
        DEFICIENCY_COURSE = "deficiency_course", _("Deficiency course")
        DUTCH_PROFICIENCY = "dutch_proficiency", _("Dutch proficiency")
        MASTER_DEGREE = "master_degree", _("Complete a university master")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        # A state, as "Met" and "Waived" are: "Open" read as the verb of the links beside it.
        OPEN = "open", _("Not yet met")
        MET = "met", _("Met")
        WAIVED = "waived", _("Waived")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conditions")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    deficiency_course = models.ForeignKey(
        DeficiencyCourse,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deficiency course"),
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    due_on = models.DateField(_("to be met by"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("admission condition")
        verbose_name_plural = _("admission conditions")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="deficiency_course") | Q(deficiency_course__isnull=False),
                name="intake_condition_course_given",
                violation_error_message=_("Choose the deficiency course."),
            ),
        ]

    def __str__(self):
        if self.deficiency_course_id:
            return f"{self.get_kind_display()}: {self.deficiency_course.name}"
        return f"{self.get_kind_display()}: {self.description}" if self.description else self.get_kind_display()
