"""What Meet the Professor tells the school, the researcher and the coordinators, through the
notification outbox: one message for every change of a request's state, in the recipient's
language, with an idempotency key made from the event so that a retried call never tells twice.

The school is the person who asked (their account's language) or, without an account, the
request's contact address in the request's language. A request made through the public form has
a secret school link: the contact's e-mails lead to it (and to its .ics) instead of the pages that
need a login, and are of the sensitive category VISIT_SCHOOL_LINK (the outbox clears their text
once sent; the stored `url` is never the secret one). The teacher's e-mail that verifies their
address (`visit_submission_received`) is of that category too. The services call these inside
their transaction; the outbox sends after commit.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from iclon.accounts.models import User
from iclon.accounts.roles import StaffGroup
from iclon.notifications.services import notify
from professionalisation.outreach.models.visits import (
    ResearcherProfile,
    VisitEvaluation,
    VisitRequest,
    VisitStatus,
    VisitSubmission,
)
from professionalisation.outreach.permissions.visits import holds_school_link, school_link_token

VISITS = "professionalisation.visits"
VISIT_PROPOSAL = "professionalisation.visit_proposal"
VISIT_SCHOOL_LINK = "professionalisation.visit_school_link"

CATEGORIES = [
    (VISITS, _("Meet the Professor: the visits I requested or make"), True),
    # Sensitive: the e-mail holds the secret accept/decline link, which the outbox clears once sent.
    (VISIT_PROPOSAL, _("Meet the Professor: a visit proposed to me"), True, True),
    # Sensitive: the e-mails to a teacher without an account hold their request's secret links.
    (VISIT_SCHOOL_LINK, _("Meet the Professor: a request made without an account"), True, True),
]

TEMPLATE = "emails/professionalisation/outreach_visit"
VERIFY_TEMPLATE = "emails/professionalisation/outreach_visit_verify"

# The short in-app texts of the events (the e-mails' subjects), translated when read.
MESSAGES = {
    "requested": gettext_noop("Meet the Professor: your request for %(school)s has been received"),
    "proposed": gettext_noop("Meet the Professor: would you visit %(school)s?"),
    "accepted": gettext_noop("Meet the Professor: please confirm the visit to %(school)s"),
    "declined": gettext_noop("Meet the Professor: a researcher declined the visit to %(school)s"),
    "confirmed": gettext_noop("Meet the Professor: the visit to %(school)s is confirmed"),
    "reminder": gettext_noop("Meet the Professor: the visit to %(school)s is coming up"),
    "held": gettext_noop("Meet the Professor: how was the visit to %(school)s?"),
    "evaluated": gettext_noop("Meet the Professor: thank you for evaluating the visit to %(school)s"),
    "withdrawn": gettext_noop("Meet the Professor: the visit to %(school)s has been withdrawn"),
}


def _path(name: str, fallback: str, **kwargs: Any) -> str:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return fallback


def absolute(path: str) -> str:
    return f"{settings.PORTAL_BASE_URL}{path}"


def visit_path(visit: VisitRequest) -> str:
    return _path("outreach:visit-detail", f"/professionalisation/outreach/visits/{visit.pk}/", pk=visit.pk)


def answer_path(token: str) -> str:
    return _path("outreach:visit-answer", f"/professionalisation/outreach/visits/answer/{token}/", token=token)


def calendar_path(visit: VisitRequest) -> str:
    return _path("outreach:visit-calendar", f"/professionalisation/outreach/visits/{visit.pk}/visit.ics", pk=visit.pk)


def school_path(token: str) -> str:
    return _path("outreach:visit-school", f"/professionalisation/outreach/visits/school/{token}/", token=token)


def school_calendar_path(token: str) -> str:
    return _path(
        "outreach:visit-school-calendar", f"/professionalisation/outreach/visits/school/{token}/visit.ics", token=token
    )


def verify_path(token: str) -> str:
    return _path("outreach:visit-verify", f"/professionalisation/outreach/visits/verify/{token}/", token=token)


def _school_link(visit: VisitRequest) -> str:
    """The secret of the request's school link, when it has one that still works."""
    if not visit.school_token_hash:
        return ""
    token = school_link_token(visit)
    return token if holds_school_link(visit, token) else ""


def _moment(visit: VisitRequest) -> str:
    return f"{visit.pk}:{visit.updated_at:%Y%m%d%H%M%S%f}"


def _send(*, event: str, visit: VisitRequest, to: str, key: str, url: str, **context: Any) -> None:
    """Tell the school (`to="school"`), the researcher or one coordinator (a User in `context`)."""
    category = context.pop("category", VISITS)
    base = {"event": event, "visit": visit, "school": visit.school, "url": absolute(url), **context}
    text = {"message": MESSAGES[event], "params": {"school": visit.school.name}}
    if to == "school":
        user = visit.requested_by
        if user is not None and user.is_active:
            notify(
                category=category,
                template=TEMPLATE,
                context=base,
                recipient=user,
                idempotency_key=key,
                url=url,
                **text,
            )
        else:
            token = _school_link(visit)
            if token:
                # The secret link replaces the pages that need a login; the row's `url` stays the
                # plain one, and the category is sensitive: the text is cleared once sent.
                category = VISIT_SCHOOL_LINK
                base["url"], base["school_link"] = absolute(school_path(token)), True
                if "calendar_url" in base:
                    base["calendar_url"] = absolute(school_calendar_path(token))
            notify(
                category=category,
                template=TEMPLATE,
                context={**base, "contact_name": visit.contact_name},
                email=visit.contact_email,
                language=visit.language,
                idempotency_key=key,
                url=url,
                **text,
            )
        return
    recipient = context["recipient_user"]
    notify(
        category=category,
        template=TEMPLATE,
        context=base,
        recipient=recipient,
        idempotency_key=key,
        url=url,
        **text,
    )


def _researcher(visit: VisitRequest, researcher: ResearcherProfile | None = None) -> User | None:
    researcher = researcher or visit.researcher
    return researcher.user if researcher is not None and researcher.user.is_active else None


def coordinators() -> list[User]:
    return list(
        User.objects.filter(groups__name=StaffGroup.PROFESSIONALISATION_COORDINATOR, is_active=True, is_staff=True)
        .distinct()
        .order_by("pk")
    )


def visit_requested(*, visit: VisitRequest) -> None:
    """The school's receipt."""
    _send(event="requested", visit=visit, to="school", key=f"{VISITS}:requested:{visit.pk}", url=visit_path(visit))


def visit_proposed(*, visit: VisitRequest, token: str) -> None:
    """The researcher is asked, with the secret link to accept or decline."""
    user = _researcher(visit)
    if user is not None:
        path = answer_path(token)
        _send(
            event="proposed",
            visit=visit,
            to="researcher",
            recipient_user=user,
            category=VISIT_PROPOSAL,
            key=f"{VISIT_PROPOSAL}:{_moment(visit)}",
            url=path,
        )


def visit_accepted(*, visit: VisitRequest) -> None:
    """The school is asked to confirm."""
    _send(event="accepted", visit=visit, to="school", key=f"{VISITS}:accepted:{_moment(visit)}", url=visit_path(visit))


def visit_declined(*, visit: VisitRequest, researcher: ResearcherProfile) -> None:
    """The coordinators hear that they must propose another researcher."""
    for user in coordinators():
        _send(
            event="declined",
            visit=visit,
            to="coordinator",
            recipient_user=user,
            declined_researcher=researcher,
            key=f"{VISITS}:declined:{_moment(visit)}:{user.pk}",
            url=visit_path(visit),
        )


def visit_confirmed(*, visit: VisitRequest) -> None:
    """Both sides, with the calendar invitation's link."""
    calendar = absolute(calendar_path(visit))
    key = f"{VISITS}:confirmed:{_moment(visit)}"
    _send(event="confirmed", visit=visit, to="school", key=key, url=visit_path(visit), calendar_url=calendar)
    user = _researcher(visit)
    if user is not None:
        _send(
            event="confirmed",
            visit=visit,
            to="researcher",
            recipient_user=user,
            calendar_url=calendar,
            key=key + ":researcher",
            url=visit_path(visit),
        )


def visit_reminder(*, visit: VisitRequest) -> None:
    """Both sides, some days before the visit (services.visit_reminders_send)."""
    assert visit.starts_at is not None
    key = f"{VISITS}:reminder:{visit.pk}:{visit.starts_at:%Y%m%d%H%M}"
    calendar = absolute(calendar_path(visit))
    _send(event="reminder", visit=visit, to="school", key=key, url=visit_path(visit), calendar_url=calendar)
    user = _researcher(visit)
    if user is not None:
        _send(
            event="reminder",
            visit=visit,
            to="researcher",
            recipient_user=user,
            calendar_url=calendar,
            key=key + ":r",
            url=visit_path(visit),
        )


def visit_held(*, visit: VisitRequest) -> None:
    """Both sides are asked to evaluate."""
    key = f"{VISITS}:held:{visit.pk}"
    _send(event="held", visit=visit, to="school", key=key, url=visit_path(visit))
    user = _researcher(visit)
    if user is not None:
        _send(event="held", visit=visit, to="researcher", recipient_user=user, key=key + ":r", url=visit_path(visit))


def visit_evaluated(*, visit: VisitRequest, evaluation: VisitEvaluation) -> None:
    """Once both sides have evaluated, both are thanked (each side's evaluation is its own)."""
    if visit.status != VisitStatus.EVALUATED:
        return
    key = f"{VISITS}:evaluated:{visit.pk}"
    _send(event="evaluated", visit=visit, to="school", key=key, url=visit_path(visit))
    user = _researcher(visit)
    if user is not None:
        _send(
            event="evaluated", visit=visit, to="researcher", recipient_user=user, key=key + ":r", url=visit_path(visit)
        )


def visit_withdrawn(*, visit: VisitRequest, was: str) -> None:
    """The school and, if one was proposed or arranged, the researcher."""
    key = f"{VISITS}:withdrawn:{visit.pk}"
    _send(event="withdrawn", visit=visit, to="school", key=key, url=visit_path(visit))
    user = _researcher(visit) if was != VisitStatus.DECLINED else None
    if user is not None:
        _send(
            event="withdrawn", visit=visit, to="researcher", recipient_user=user, key=key + ":r", url=visit_path(visit)
        )


def visit_submission_received(*, submission: VisitSubmission, token: str) -> None:
    """The teacher who asked through the public form gets the link that verifies their address
    (and makes the request), in the language of the page they used."""
    path = verify_path(token)
    notify(
        category=VISIT_SCHOOL_LINK,
        template=VERIFY_TEMPLATE,
        context={
            "submission": submission,
            "school": submission.school,
            "contact_name": submission.contact_name,
            "url": absolute(path),
        },
        email=submission.contact_email,
        language=submission.language,
        idempotency_key=f"{VISIT_SCHOOL_LINK}:verify:{submission.pk}",
        url=_path("outreach:visit-ask", "/professionalisation/outreach/visits/ask/"),
        message=gettext_noop("Meet the Professor: please confirm your request for %(school)s"),
        params={"school": submission.school.name},
    )
