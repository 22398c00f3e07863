"""Every write of higher-education research coordination; pages, admin, API, tasks and the demo
call these.

Each service runs in one transaction, locks the request's row, checks who acts and the current
state, and refuses with a translated PortalError (NotAllowed for the wrong person, Conflict for the
wrong moment, a PortalError naming the field for wrong input) before it writes anything; the history
rows name the actor (`history_author`), and the notifications are queued in the same transaction
(the outbox sends after commit).

The states (models.py) move by TRANSITIONS: the team accepts, asks the requester, takes the work up
again, completes or declines (with a reason); the requester withdraws while the request is open,
and a message of the requester to a request that waits for them puts it back in progress.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import F, Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iclon.accounts.models import User
from iclon.core.errors import Conflict, NotAllowed, PortalError, full_clean_or_raise
from iclon.core.history import history_author, record_history_as
from partnerships.models import Faculty
from research.coordination import notifications
from research.coordination.models import (
    CLOSED_STATUSES,
    DEADLINE_SOON_DAYS,
    OPEN_STATUSES,
    SupportKind,
    SupportRequest,
    SupportRequestMessage,
    SupportStatus,
)
from research.coordination.permissions import (
    is_eligible_assignee,
    is_requester,
    is_research_team,
    may_request_support,
)

S = SupportStatus

#: Who makes which move: (from, to) → "team" or "requester".
TRANSITIONS: dict[tuple[str, str], str] = {
    (S.SUBMITTED, S.IN_PROGRESS): "team",
    (S.SUBMITTED, S.DECLINED): "team",
    (S.IN_PROGRESS, S.WAITING): "team",
    (S.IN_PROGRESS, S.COMPLETED): "team",
    (S.IN_PROGRESS, S.DECLINED): "team",
    (S.WAITING, S.IN_PROGRESS): "team",
    (S.WAITING, S.COMPLETED): "team",
    (S.WAITING, S.DECLINED): "team",
    **{(state, S.WITHDRAWN): "requester" for state in OPEN_STATUSES},
}


def transition_options(support_request: SupportRequest, actor: User | AnonymousUser | None) -> list[str]:
    """The states `actor` may move the request to now (the pages' buttons and the admin's)."""
    team, requester = is_research_team(actor), is_requester(actor, support_request)
    return [
        to
        for (start, to), who in TRANSITIONS.items()
        if start == support_request.status and ((who == "team" and team) or (who == "requester" and requester))
    ]


def _save(row: Model, actor: User | AnonymousUser | None) -> Any:
    full_clean_or_raise(row)
    record_history_as(row, history_author(actor))
    row.save()
    return row


def _text(value: str | None) -> str:
    return (value or "").strip()


def _locked(support_request: SupportRequest) -> SupportRequest:
    """The request again, its row locked until the transaction ends (with its people, read after
    the lock)."""
    SupportRequest.objects.select_for_update().filter(pk=support_request.pk).values_list("pk", flat=True).get()
    return SupportRequest.objects.select_related("requester", "assignee", "faculty").get(pk=support_request.pk)


def _label(status: str) -> str:
    return str(SupportStatus(status).label) if status in SupportStatus.values else status


# --- the request ----------------------------------------------------------------------------------


def _check_grant(*, kind: str, funder: str, grant_call: str, submission_deadline: datetime.date | None) -> None:
    """A grant proposal names its funder, its call and its submission deadline; a deadline, for any
    kind, lies in the future (after today in Amsterdam) when the request is made."""
    if kind == SupportKind.GRANT_PROPOSAL:
        if not funder:
            raise PortalError(_("Name the funder of the grant."), field="funder")
        if not grant_call:
            raise PortalError(_("Name the call you are writing for."), field="grant_call")
        if submission_deadline is None:
            raise PortalError(_("Give the submission deadline of the grant proposal."), field="submission_deadline")
    if submission_deadline is not None and submission_deadline <= timezone.localdate():
        raise PortalError(_("The submission deadline must lie in the future."), field="submission_deadline")


def support_request_create(
    *,
    actor: User | AnonymousUser | None,
    kind: str,
    title: str,
    description: str,
    faculty: Faculty | None = None,
    department: str = "",
    course: str = "",
    funder: str = "",
    grant_call: str = "",
    submission_deadline: datetime.date | None = None,
    desired_start: datetime.date | None = None,
) -> SupportRequest:
    """A member of the university's staff asks the research team for support (permissions.py:
    anybody signed in but a school account). The team hears of it."""
    with transaction.atomic():
        if not may_request_support(actor):
            raise NotAllowed()
        assert isinstance(actor, User)
        if kind not in SupportKind.values:
            raise PortalError(_("Choose the kind of support."), field="kind")
        if not _text(title):
            raise PortalError(_("Give the request a title."), field="title")
        if not _text(description):
            raise PortalError(_("Describe what you would like support with."), field="description")
        funder, grant_call = _text(funder), _text(grant_call)
        _check_grant(kind=kind, funder=funder, grant_call=grant_call, submission_deadline=submission_deadline)
        if desired_start is not None and desired_start < timezone.localdate():
            raise PortalError(_("The desired start cannot lie in the past."), field="desired_start")
        support_request = SupportRequest(
            requester=actor,
            kind=kind,
            title=_text(title),
            description=_text(description),
            faculty=faculty,
            department=_text(department),
            course=_text(course),
            funder=funder,
            grant_call=grant_call,
            submission_deadline=submission_deadline,
            desired_start=desired_start,
        )
        _save(support_request, actor)
        notifications.request_submitted(support_request=support_request)
        return support_request


def support_request_assign(
    *, support_request: SupportRequest, actor: User | AnonymousUser | None, assignee: User | None
) -> SupportRequest:
    """The team assigns one of its members (or nobody: `assignee=None`) to an open request; the new
    assignee hears of it unless they assigned themselves."""
    with transaction.atomic():
        if not is_research_team(actor):
            raise NotAllowed()
        support_request = _locked(support_request)
        if not support_request.is_open:
            raise Conflict(_("A closed request cannot be assigned."))
        if assignee is not None and not is_eligible_assignee(assignee):
            raise PortalError(_("Only a member of the research team can be assigned."), field="assignee")
        if (assignee.pk if assignee else None) == support_request.assignee_id:
            return support_request
        support_request.assignee = assignee
        _save(support_request, actor)
        notifications.request_assigned(support_request=support_request, actor=history_author(actor))
        return support_request


def support_request_transition(
    *, support_request: SupportRequest, actor: User | AnonymousUser | None, to: str, reason: str = ""
) -> SupportRequest:
    """Move the request to `to` (TRANSITIONS): the team's moves tell the requester, a withdrawal
    the assignee (or the team). Declining needs a reason; withdrawing may give one."""
    with transaction.atomic():
        if to not in SupportStatus.values:
            raise PortalError(_("Choose a valid status."), field="status")
        support_request = _locked(support_request)
        was = support_request.status
        team, requester = is_research_team(actor), is_requester(actor, support_request)
        if not (team or requester):
            raise NotAllowed()
        # Who makes a move is asked first: the requester withdraws, the team makes every other move.
        if to == S.WITHDRAWN and not requester:
            raise NotAllowed(_("Only the requester can withdraw it."))
        if to != S.WITHDRAWN and not team:
            raise NotAllowed(_("Only the research team can do this."))
        if (was, to) not in TRANSITIONS:
            raise Conflict(
                _("A request that is “%(current)s” cannot become “%(wanted)s”.")
                % {"current": _label(was), "wanted": _label(to)}
            )
        reason = _text(reason)
        if to == S.DECLINED and not reason:
            raise PortalError(_("Give a reason for declining."), field="reason")
        support_request.status = to
        if to in (S.DECLINED, S.WITHDRAWN):
            support_request.status_reason = reason
        support_request.closed_at = timezone.now() if to in CLOSED_STATUSES else None
        _save(support_request, actor)
        if to == S.WITHDRAWN:
            notifications.request_withdrawn(support_request=support_request)
        else:
            notifications.request_status_changed(support_request=support_request, was=was)
        return support_request


def support_request_withdraw(
    *, support_request: SupportRequest, actor: User | AnonymousUser | None, reason: str = ""
) -> SupportRequest:
    """The requester withdraws their open request (with a reason if they like); the team declines
    instead (NotAllowed), and a closed request answers Conflict."""
    return support_request_transition(support_request=support_request, actor=actor, to=S.WITHDRAWN, reason=reason)


def support_request_notes_update(
    *, support_request: SupportRequest, actor: User | AnonymousUser | None, internal_notes: str
) -> SupportRequest:
    """The team's internal notes (never shown to the requester)."""
    with transaction.atomic():
        if not is_research_team(actor):
            raise NotAllowed()
        support_request = _locked(support_request)
        support_request.internal_notes = _text(internal_notes)
        return _save(support_request, actor)


def support_message_post(
    *, support_request: SupportRequest, actor: User | AnonymousUser | None, text: str
) -> SupportRequestMessage:
    """The requester or the team writes in the thread of an open request; the other side hears of
    it. The requester's message to a request that waits for them puts it back in progress."""
    with transaction.atomic():
        support_request = _locked(support_request)
        team, requester = is_research_team(actor), is_requester(actor, support_request)
        if not (team or requester):
            raise NotAllowed()
        if not support_request.is_open:
            raise Conflict(_("This request is closed: no more messages can be written."))
        if not _text(text):
            raise PortalError(_("Write a message."), field="text")
        assert isinstance(actor, User)
        message = SupportRequestMessage(
            request=support_request, author=actor, from_team=team and not requester, text=_text(text)
        )
        _save(message, actor)
        if requester and support_request.status == S.WAITING:
            support_request.status = S.IN_PROGRESS
            _save(support_request, actor)
        notifications.message_posted(support_request=support_request, message=message)
        return message


# --- the reminder of a grant's deadline -------------------------------------------------------------


def _due(today: datetime.date) -> QuerySet[SupportRequest]:
    return SupportRequest.objects.filter(
        status__in=OPEN_STATUSES,
        assignee__isnull=False,
        submission_deadline__gte=today,
        submission_deadline__lte=today + datetime.timedelta(days=DEADLINE_SOON_DAYS),
    ).exclude(deadline_reminded_for=F("submission_deadline"))


def deadline_reminders_due(today: datetime.date | None = None) -> list[int]:
    """The open, assigned requests whose submission deadline is within DEADLINE_SOON_DAYS and whose
    assignee has not been reminded of that deadline (the beat task queues one reminder each)."""
    return list(_due(today or timezone.localdate()).order_by("pk").values_list("pk", flat=True))


def support_deadline_reminder_send(*, request_id: int, today: datetime.date | None = None) -> bool:
    """Remind the assignee of one request of its grant's submission deadline, once per deadline:
    the row is claimed with a conditional update, so a repeated or redelivered task sends nothing.
    False when there is nothing (more) to remind."""
    today = today or timezone.localdate()
    with transaction.atomic():
        support_request = _due(today).select_related("assignee", "requester").filter(pk=request_id).first()
        if support_request is None:
            return False
        claimed = (
            SupportRequest.objects.filter(pk=request_id)
            .exclude(deadline_reminded_for=support_request.submission_deadline)
            .update(deadline_reminded_for=support_request.submission_deadline)
        )
        if not claimed:
            return False
        notifications.deadline_reminder(support_request=support_request)
        return True
