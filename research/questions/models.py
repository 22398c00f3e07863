"""Research questions from schools (issue 13): a school brings a practice question to ICLON's
researchers, and gets an answer back.

A `ResearchQuestion` is submitted by one of a school's people (or by a teacher without an account
through the public form, verified by e-mail: `QuestionSubmission`). Research staff review it
(accepted, needs clarification, declined with a reason), match it (to a researcher, a research
project, a learning circle, or offer it as a master's thesis topic that a trainee chooses) and write
the answer back (summary, products, links). The school rates the answer and decides whether the
answered question is shown publicly in the knowledge base. The moves are in services.py
(`TRANSITIONS`); a learning circle's link lives on the circles' side (professionalisation).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from iclon.core.models import TimeStampedModel
from partnerships.models import School
from research.knowledge.models import TeachingLearningPrinciple
from research.people.models import Researcher
from research.projects.models import ResearchProject

#: The longest texts the forms, the API and the database take.
MAX_TEXT = 4000


class QuestionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    NEEDS_CLARIFICATION = "clarification", _("Needs clarification")
    ACCEPTED = "accepted", _("Accepted")
    MATCHED = "matched", _("Matched")
    ANSWERED = "answered", _("Answered")
    DECLINED = "declined", _("Declined")


class Urgency(models.TextChoices):
    LOW = "low", _("No hurry (this school year)")
    MEDIUM = "medium", _("Within a few months")
    HIGH = "high", _("Within weeks")


class Sector(models.TextChoices):
    PRIMARY = "po", _("Primary education")
    SECONDARY = "vo", _("Secondary education")
    VOCATIONAL = "mbo", _("Vocational education")


class MatchKind(models.TextChoices):
    RESEARCHER = "researcher", _("A researcher")
    PROJECT = "project", _("A research project")
    THESIS = "thesis", _("A master's thesis topic for trainees")
    CIRCLE = "circle", _("A learning circle")


class QuestionFields(models.Model):
    """What the school asks: shared by the question and the public form's submission."""

    title = models.CharField(_("question"), max_length=200)
    context = models.TextField(_("context"), max_length=MAX_TEXT, help_text=_("The situation the question comes from."))
    subject = models.CharField(_("subject"), max_length=120, blank=True, help_text=_("The school subject, if any."))
    sector = models.CharField(_("sector"), max_length=3, choices=Sector.choices)
    intended_use = models.TextField(
        _("what you would do with an answer"), max_length=MAX_TEXT, help_text=_("How the answer would help the school.")
    )
    urgency = models.CharField(_("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.MEDIUM)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail address"))
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES, default="nl")

    class Meta:
        abstract = True


class ResearchQuestion(QuestionFields, TimeStampedModel):
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="research_questions", verbose_name=_("school")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="research_questions",
        null=True,
        blank=True,
        verbose_name=_("submitted by"),
    )
    status = models.CharField(
        _("status"), max_length=14, choices=QuestionStatus.choices, default=QuestionStatus.SUBMITTED
    )
    status_reason = models.TextField(
        _("reason"),
        max_length=MAX_TEXT,
        blank=True,
        help_text=_("Why the question was declined, or what needs clarifying."),
    )
    clarification = models.TextField(_("the school's clarification"), max_length=MAX_TEXT, blank=True)
    principles = models.ManyToManyField(
        TeachingLearningPrinciple,
        related_name="research_questions",
        blank=True,
        verbose_name=_("teaching-learning principles"),
    )

    match_kind = models.CharField(_("matched to"), max_length=10, choices=MatchKind.choices, blank=True)
    researcher = models.ForeignKey(
        Researcher,
        on_delete=models.PROTECT,
        related_name="research_questions",
        null=True,
        blank=True,
        verbose_name=_("researcher"),
    )
    project = models.ForeignKey(
        ResearchProject,
        on_delete=models.PROTECT,
        related_name="research_questions",
        null=True,
        blank=True,
        verbose_name=_("research project"),
    )
    thesis_trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="thesis_questions",
        null=True,
        blank=True,
        verbose_name=_("trainee writing the thesis"),
    )
    thesis_chosen_at = models.DateTimeField(_("thesis topic chosen at"), null=True, blank=True)

    answer_summary = models.TextField(_("answer"), max_length=MAX_TEXT, blank=True)
    answer_products = models.TextField(
        _("products"), max_length=MAX_TEXT, blank=True, help_text=_("What was made: a report, a tool, a workshop…")
    )
    answer_links = models.JSONField(_("links"), default=list, blank=True)

    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rating_comment = models.TextField(_("comment on the answer"), max_length=MAX_TEXT, blank=True)
    public = models.BooleanField(
        _("shown publicly"),
        default=False,
        help_text=_("The school decides whether its answered question is shown in the knowledge base."),
    )

    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    matched_at = models.DateTimeField(_("matched at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("research question")
        verbose_name_plural = _("research questions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="research_question_rating_range",
                violation_error_message=_("A rating is 1 to 5."),
            ),
            models.CheckConstraint(
                condition=Q(public=False) | Q(status=QuestionStatus.ANSWERED),
                name="research_question_public_answered",
                violation_error_message=_("Only an answered question can be shown publicly."),
            ),
            models.CheckConstraint(
                condition=~Q(status=QuestionStatus.DECLINED) | ~Q(status_reason=""),
                name="research_question_declined_reason",
                violation_error_message=_("Give the reason for declining."),
            ),
            models.CheckConstraint(
                condition=Q(thesis_trainee__isnull=True) | Q(match_kind=MatchKind.THESIS),
                name="research_question_trainee_thesis",
                violation_error_message=_("Only a thesis topic is chosen by a trainee."),
            ),
        ]
        indexes = [
            # The staff's queue: by state and urgency, oldest first.
            models.Index(fields=["status", "urgency", "created_at"], name="research_question_queue"),
            # A school's own questions.
            models.Index(fields=["school", "-created_at"], name="research_question_school"),
            # The public list: answered and public, newest answer first.
            models.Index(fields=["public", "status", "-answered_at"], name="research_question_public"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open_thesis_topic(self) -> bool:
        return (
            self.status == QuestionStatus.MATCHED
            and self.match_kind == MatchKind.THESIS
            and self.thesis_trainee_id is None
        )


class QuestionSubmission(QuestionFields, TimeStampedModel):
    """A teacher's question through the public form, kept until they verify their e-mail address by
    the link sent to it (only the sha256 of the link's secret is stored). Verifying makes the
    `ResearchQuestion` (`question`); unverified ones expire and are purged (tasks.py)."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="research_question_submissions", verbose_name=_("school")
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("link valid until"))
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    question = models.OneToOneField(
        ResearchQuestion,
        on_delete=models.SET_NULL,
        related_name="submission",
        null=True,
        blank=True,
        verbose_name=_("research question"),
    )

    class Meta:
        verbose_name = _("research question through the public form")
        verbose_name_plural = _("research questions through the public form")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["verified_at", "expires_at"], name="research_submission_open")]

    def __str__(self):
        return f"{self.title} ({self.contact_email})"

    @property
    def is_expired(self) -> bool:
        return self.verified_at is None and self.expires_at <= timezone.now()
