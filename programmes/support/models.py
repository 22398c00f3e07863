"""The support desk's rows: a teacher educator's question, its thread of replies, and the articles
of the knowledge base that support staff write (often from an answered question).

A question moves open → in progress (support staff replied or took it on) → answered → closed; its
asker may reopen an answered or closed one. Replies marked internal are notes among support staff:
the asker never sees them (the selectors leave them out)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from iclon.core.i18n import Localized
from iclon.core.models import TimeStampedModel

TITLE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 10_000
STUDENT_REFERENCE_MAX_LENGTH = 60


class SupportTopic(models.TextChoices):
    CURRICULUM = "curriculum", _("Curriculum")
    SYSTEMS = "systems", _("Systems")
    ASSESSMENT = "assessment", _("Assessment")
    STUDENT = "student", _("A student")
    OTHER = "other", _("Other")


class SupportState(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


#: The states in which a question waits for support staff.
WAITING_STATES = (SupportState.OPEN, SupportState.IN_PROGRESS)


class SupportQuestion(TimeStampedModel):
    """One question of a teacher educator to the support desk."""

    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="support_questions",
        verbose_name=_("asked by"),
    )
    topic = models.CharField(_("topic"), max_length=12, choices=SupportTopic.choices)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(_("question"), max_length=TEXT_MAX_LENGTH)
    student_reference = models.CharField(
        _("student reference"),
        max_length=STUDENT_REFERENCE_MAX_LENGTH,
        blank=True,
        help_text=_("Only when the question is about a student: their student number, nothing more."),
    )
    state = models.CharField(_("state"), max_length=12, choices=SupportState.choices, default=SupportState.OPEN)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_support_questions",
        verbose_name=_("assigned to"),
    )
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("support question")
        verbose_name_plural = _("support questions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=SupportState.ANSWERED) | Q(answered_at__isnull=False),
                name="support_question_answered_at",
                violation_error_message=_("An answered question has the moment it was answered."),
            ),
        ]
        indexes = [
            # "My questions" lists one asker's questions, newest first.
            models.Index(fields=["asker", "-created_at"], name="support_question_asker_idx"),
            # The queue and the dashboard filter by state (and age).
            models.Index(fields=["state", "created_at"], name="support_question_state_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_waiting(self) -> bool:
        return self.state in WAITING_STATES

    @property
    def response_time(self):
        """The time from asking to the first response of support staff (None before it)."""
        if self.first_response_at is None:
            return None
        return self.first_response_at - self.created_at


class SupportReply(models.Model):
    """A message in a question's thread: the asker's follow-up, support staff's reply or answer, or
    (internal) a note among support staff that the asker never sees."""

    question = models.ForeignKey(
        SupportQuestion, on_delete=models.CASCADE, related_name="replies", verbose_name=_("question")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="support_replies",
        verbose_name=_("author"),
    )
    text = models.TextField(_("text"), max_length=TEXT_MAX_LENGTH)
    internal = models.BooleanField(
        _("internal note"), default=False, help_text=_("Visible to support staff only, never to the asker.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("support reply")
        verbose_name_plural = _("support replies")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["question", "created_at"], name="support_reply_question_idx")]

    def __str__(self) -> str:
        return f"{self.question} – {self.created_at:%Y-%m-%d %H:%M}"


class SupportArticle(TimeStampedModel):
    """An article of the support desk's knowledge base, in Dutch and English."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title_nl = models.CharField(_("title (Dutch)"), max_length=TITLE_MAX_LENGTH)
    title_en = models.CharField(_("title (English)"), max_length=TITLE_MAX_LENGTH, blank=True)
    body_nl = models.TextField(_("text (Dutch)"))
    body_en = models.TextField(_("text (English)"), blank=True)
    topic = models.CharField(_("topic"), max_length=12, choices=SupportTopic.choices)
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    from_question = models.ForeignKey(
        SupportQuestion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("made from question"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    title = Localized("title")
    body = Localized("body")

    class Meta:
        verbose_name = _("support article")
        verbose_name_plural = _("support articles")
        ordering = ["title_nl", "pk"]
        indexes = [models.Index(fields=["published", "topic"], name="support_article_published_idx")]

    def __str__(self) -> str:
        return self.title_nl
