"""What higher-education research coordination tells the requester, the assignee and the research
team, through the notification outbox: one message per event, in the recipient's language, with an
idempotency key made from the event so that a retried call never tells twice. The services call
these inside their transaction; the outbox sends after commit.

* a new request: every member of the research team;
* an assignment: the new assignee (not when they assigned themselves);
* a change of state made by the team: the requester;
* a withdrawal by the requester: the assignee, or the team while nobody is assigned;
* a message: the other side (the requester, or the assignee / the team);
* a grant's submission deadline within 14 days: the assignee, once per deadline (tasks.py).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from iclon.accounts.models import User
from iclon.accounts.roles import StaffGroup
from iclon.notifications.messages import text_param
from iclon.notifications.services import notify
from research.coordination.models import SupportRequest, SupportRequestMessage

SUPPORT = "research.support_requests"

CATEGORIES = [
    (SUPPORT, _("Research coordination: support requests I made or handle"), True),
]

TEMPLATE = "emails/research/coordination_request"

# The short in-app text of each event (the e-mail subject's msgid), translated when it is read.
MESSAGES = {
    "submitted": gettext_noop("Research support: a new request, “%(title)s”"),
    "assigned": gettext_noop("Research support: “%(title)s” is assigned to you"),
    "status": gettext_noop("Research support: your request “%(title)s” is now “%(status)s”"),
    "withdrawn": gettext_noop("Research support: “%(title)s” has been withdrawn"),
    "message": gettext_noop("Research support: a new message about “%(title)s”"),
    "deadline": gettext_noop("Research support: the submission deadline of “%(title)s” is near"),
}


def request_path(support_request: SupportRequest) -> str:
    try:
        return reverse("research_coordination:detail", kwargs={"pk": support_request.pk})
    except NoReverseMatch:
        return f"/research/support/{support_request.pk}/"


def _moment(support_request: SupportRequest) -> str:
    return f"{support_request.pk}:{support_request.updated_at:%Y%m%d%H%M%S%f}"


def _send(*, event: str, support_request: SupportRequest, recipient: User, key: str, **context: Any) -> None:
    if not recipient.is_active:
        return
    path = request_path(support_request)
    params: dict[str, Any] = {"title": support_request.title}
    if event == "status":
        params["status"] = text_param(support_request.get_status_display())
    notify(
        category=SUPPORT,
        template=TEMPLATE,
        context={
            "event": event,
            "support_request": support_request,
            "url": f"{settings.PORTAL_BASE_URL}{path}",
            **context,
        },
        recipient=recipient,
        idempotency_key=key,
        url=path,
        message=MESSAGES.get(event, ""),
        params=params,
    )


def team() -> list[User]:
    return list(
        User.objects.filter(groups__name=StaffGroup.RESEARCH_STAFF, is_active=True, is_staff=True)
        .distinct()
        .order_by("pk")
    )


def _team_side(support_request: SupportRequest) -> list[User]:
    """Who hears of the requester's doings: the assignee, or the whole team while nobody is."""
    if support_request.assignee is not None and support_request.assignee.is_active:
        return [support_request.assignee]
    return team()


def request_submitted(*, support_request: SupportRequest) -> None:
    for user in team():
        _send(
            event="submitted",
            support_request=support_request,
            recipient=user,
            key=f"{SUPPORT}:submitted:{support_request.pk}:{user.pk}",
        )


def request_assigned(*, support_request: SupportRequest, actor: User | None) -> None:
    assignee = support_request.assignee
    if assignee is None or (actor is not None and assignee.pk == actor.pk):
        return
    _send(
        event="assigned",
        support_request=support_request,
        recipient=assignee,
        key=f"{SUPPORT}:assigned:{_moment(support_request)}:{assignee.pk}",
    )


def request_status_changed(*, support_request: SupportRequest, was: str) -> None:
    """The requester hears of the team's move (a withdrawal is theirs: `request_withdrawn`)."""
    _send(
        event="status",
        support_request=support_request,
        recipient=support_request.requester,
        was=was,
        key=f"{SUPPORT}:status:{_moment(support_request)}",
    )


def request_withdrawn(*, support_request: SupportRequest) -> None:
    for user in _team_side(support_request):
        _send(
            event="withdrawn",
            support_request=support_request,
            recipient=user,
            key=f"{SUPPORT}:withdrawn:{support_request.pk}:{user.pk}",
        )


def message_posted(*, support_request: SupportRequest, message: SupportRequestMessage) -> None:
    recipients = _team_side(support_request) if not message.from_team else [support_request.requester]
    for user in recipients:
        if message.author_id == user.pk:
            continue
        _send(
            event="message",
            support_request=support_request,
            recipient=user,
            message=message,
            key=f"{SUPPORT}:message:{message.pk}:{user.pk}",
        )


def deadline_reminder(*, support_request: SupportRequest) -> None:
    assignee = support_request.assignee
    if assignee is None:
        return
    _send(
        event="deadline",
        support_request=support_request,
        recipient=assignee,
        key=f"{SUPPORT}:deadline:{support_request.pk}:{support_request.submission_deadline}:{assignee.pk}",
    )
