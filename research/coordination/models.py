"""Higher-education research coordination: staff of Leiden University's faculties ask ICLON's
research team (about three fte, the research staff group) for support.

A `SupportRequest` is one of four kinds (SupportKind): coordination of higher-education research,
writing a research or innovation grant proposal (with the funder, the call and the submission
deadline, all required), research alongside an innovation project, or access to the knowledge base
for teaching support. It moves

    submitted → in progress → waiting for the requester → in progress … → completed

and may be `declined` by the team (with a reason) or `withdrawn` by the requester until it is
completed (services.py TRANSITIONS). The team assigns one of its members, keeps internal notes
that the requester never sees, and writes with the requester in a thread of
`SupportRequestMessage`s. Every write is a service (research/coordination/services.py), which
records the history rows (django-simple-history) with their author.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from iclon.core.models import TimeStampedModel
from partnerships.models import Faculty

#: How many days ahead a grant's submission deadline counts as "soon" (the queue's filter and the
#: assignee's reminder).
DEADLINE_SOON_DAYS = 14


class SupportKind(models.TextChoices):
    COORDINATION = "coordination", _("Coordination of higher-education research")
    GRANT_PROPOSAL = "grant_proposal", _("Writing a research or innovation grant proposal")
    INNOVATION_RESEARCH = "innovation_research", _("Research alongside an innovation project")
    KNOWLEDGE_BASE = "knowledge_base", _("Access to the knowledge base for teaching support")


class SupportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    IN_PROGRESS = "in_progress", _("Accepted, in progress")
    WAITING = "waiting", _("Waiting for the requester")
    COMPLETED = "completed", _("Completed")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: The states in which the team still works on a request (the queue's default view).
OPEN_STATUSES = (SupportStatus.SUBMITTED, SupportStatus.IN_PROGRESS, SupportStatus.WAITING)
#: The final states: nothing changes any more.
CLOSED_STATUSES = (SupportStatus.COMPLETED, SupportStatus.DECLINED, SupportStatus.WITHDRAWN)


class SupportRequest(TimeStampedModel):
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="support_requests",
        verbose_name=_("requester"),
    )
    faculty = models.ForeignKey(
        Faculty,
        on_delete=models.PROTECT,
        related_name="support_requests",
        verbose_name=_("faculty"),
        null=True,
        blank=True,
    )
    department = models.CharField(_("department or institute"), max_length=200, blank=True)
    kind = models.CharField(_("kind of support"), max_length=20, choices=SupportKind)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000)
    course = models.CharField(
        _("related course or programme"),
        max_length=200,
        blank=True,
        help_text=_("The course or programme the request is about, if any."),
    )
    funder = models.CharField(_("funder"), max_length=200, blank=True, help_text=_("E.g. NWO, NRO, Comenius."))
    grant_call = models.CharField(_("call"), max_length=200, blank=True)
    submission_deadline = models.DateField(_("submission deadline"), null=True, blank=True)
    desired_start = models.DateField(_("desired start"), null=True, blank=True)

    status = models.CharField(
        _("status"), max_length=12, choices=SupportStatus, default=SupportStatus.SUBMITTED, db_index=True
    )
    status_reason = models.TextField(
        _("reason"), blank=True, max_length=2000, help_text=_("Why the request was declined or withdrawn.")
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="assigned_support_requests",
        verbose_name=_("assignee"),
        null=True,
        blank=True,
    )
    internal_notes = models.TextField(
        _("internal notes"), blank=True, max_length=8000, help_text=_("For the research team only.")
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    #: The submission deadline the assignee was reminded of (services.support_deadline_reminder_send):
    #: a deadline reminds once; a moved deadline again.
    deadline_reminded_for = models.DateField(_("deadline reminded for"), null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at", "deadline_reminded_for"])

    class Meta:
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "submission_deadline"], name="support_status_deadline"),
            models.Index(fields=["assignee", "status"], name="support_assignee_status"),
            models.Index(fields=["requester", "created_at"], name="support_requester_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="grant_proposal") | Q(submission_deadline__isnull=False),
                name="support_grant_has_deadline",
                violation_error_message=_("A grant proposal needs its submission deadline."),
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(status_reason=""),
                name="support_declined_has_reason",
                violation_error_message=_("Give a reason for declining."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        """A request still open whose submission deadline has passed (Amsterdam's today)."""
        return bool(self.is_open and self.submission_deadline and self.submission_deadline < timezone.localdate())

    @property
    def deadline_soon(self) -> bool:
        """A request still open whose submission deadline is within DEADLINE_SOON_DAYS."""
        if not (self.is_open and self.submission_deadline):
            return False
        today = timezone.localdate()
        return today <= self.submission_deadline <= today + datetime.timedelta(days=DEADLINE_SOON_DAYS)


class SupportRequestMessage(TimeStampedModel):
    """A message of the thread between the requester and the team (not the team's internal notes)."""

    request = models.ForeignKey(
        SupportRequest, on_delete=models.CASCADE, related_name="messages", verbose_name=_("support request")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="support_request_messages",
        verbose_name=_("author"),
        null=True,
        blank=True,
    )
    from_team = models.BooleanField(_("from the research team"), default=False)
    text = models.TextField(_("message"), max_length=4000)

    class Meta:
        verbose_name = _("support request message")
        verbose_name_plural = _("support request messages")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["request", "created_at"], name="support_message_request")]

    def __str__(self):
        return f"{self.request.title} – {self.created_at:%d-%m-%Y %H:%M}"
