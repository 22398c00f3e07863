"""What PAL student assistants' services tell people, through the notification outbox: every
change of a request, an assignment or a week's hours, to the parties it concerns (the school's
people who speak for it in PAL matters, the student), each in their own language, with an
idempotency key made from the event so that a retried call never tells twice.

One pair of templates (`emails/professionalisation/outreach_pal_event_*`) words every event: the
event's name chooses the sentence, rendered in the recipient's language by the outbox."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from iclon.accounts.models import User
from iclon.notifications.services import notify
from partnerships.selectors import active_memberships
from professionalisation.outreach.models.pal import PalAssignment, PalHours, PalRequest
from professionalisation.outreach.permissions.pal import PAL_SCHOOL_ROLES

PAL_SCHOOL = "professionalisation.pal_school"
PAL_STUDENT = "professionalisation.pal_student"

CATEGORIES = [
    (PAL_SCHOOL, _("PAL student assistants: my school's requests, assignments and hours"), True),
    (PAL_STUDENT, _("PAL student assistants: my assignments and hours"), True),
]

TEMPLATE = "emails/professionalisation/outreach_pal_event"

# The short in-app texts of the events (the e-mails' subjects), translated when read.
MESSAGES = {
    "request_received": gettext_noop("PAL request received: %(school)s"),
    "request_withdrawn": gettext_noop("PAL request withdrawn: %(school)s"),
    "request_closed": gettext_noop("PAL request closed: %(school)s"),
    "assignment_proposed": gettext_noop("A PAL assignment for you at %(school)s"),
    "assignment_proposed_school": gettext_noop("A PAL student for your school: %(name)s"),
    "assignment_confirmed": gettext_noop("PAL assignment confirmed: %(school)s"),
    "assignment_declined": gettext_noop("PAL assignment declined: %(school)s"),
    "assignment_cancelled": gettext_noop("PAL assignment cancelled: %(school)s"),
    "hours_logged": gettext_noop("PAL hours to confirm: %(name)s"),
    "hours_confirmed": gettext_noop("PAL hours of week %(week)s confirmed"),
    "hours_rejected": gettext_noop("PAL hours of week %(week)s rejected"),
}


def _path(name: str, fallback: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


def school_path() -> str:
    return _path("outreach:pal-school", "/professionalisation/outreach/pal/school/")


def student_path() -> str:
    return _path("outreach:pal-mine", "/professionalisation/outreach/pal/mine/")


def school_people(request: PalRequest) -> list[User]:
    """Who hears about a request: the person who made it (while they still speak for the school)
    and the school's people in PAL_SCHOOL_ROLES today, each once, in a fixed order."""
    memberships = active_memberships(school_ids=[request.school_id], roles=PAL_SCHOOL_ROLES).select_related("user")
    people = {m.user_id: m.user for m in memberships.order_by("user_id", "pk")}
    return list(people.values())


def _message(event: str, context: dict) -> dict:
    """The in-app message of `event` and its parameters: what its e-mail's subject names (the
    school, the student's name or the week)."""
    message, params = MESSAGES[event], {}
    if "%(school)s" in message:
        params["school"] = context["request"].school.name
    if "%(name)s" in message:
        params["name"] = context["assignment"].student.user.full_name
    if "%(week)s" in message:
        params["week"] = str(context["hours"].week)
    return {"message": message, "params": params}


def _send(*, category: str, event: str, recipients: Iterable[User], key: str, path: str, **context) -> None:
    for person in recipients:
        notify(
            category=category,
            template=TEMPLATE,
            context={"event": event, "url": f"{settings.PORTAL_BASE_URL}{path}", **context},
            recipient=person,
            idempotency_key=f"{category}:{event}:{key}:{person.pk}",
            url=path,
            **_message(event, context),
        )


def _stamp() -> str:
    # Events that can happen again to the same row (a week logged again) need a fresh key.
    return timezone.now().strftime("%Y%m%d%H%M%S%f")


def request_received(*, request: PalRequest) -> None:
    _send(
        category=PAL_SCHOOL,
        event="request_received",
        recipients=school_people(request),
        key=str(request.pk),
        path=school_path(),
        request=request,
    )


def request_withdrawn(*, request: PalRequest, assignments: list[PalAssignment]) -> None:
    _send(
        category=PAL_SCHOOL,
        event="request_withdrawn",
        recipients=school_people(request),
        key=str(request.pk),
        path=school_path(),
        request=request,
    )
    for assignment in assignments:
        _send(
            category=PAL_STUDENT,
            event="assignment_cancelled",
            recipients=[assignment.student.user],
            key=str(assignment.pk),
            path=student_path(),
            request=request,
            assignment=assignment,
        )


def request_closed(*, request: PalRequest) -> None:
    _send(
        category=PAL_SCHOOL,
        event="request_closed",
        recipients=school_people(request),
        key=str(request.pk),
        path=school_path(),
        request=request,
    )


def assignment_proposed(*, assignment: PalAssignment) -> None:
    request = assignment.request
    context = {"request": request, "assignment": assignment}
    _send(
        category=PAL_STUDENT,
        event="assignment_proposed",
        recipients=[assignment.student.user],
        key=str(assignment.pk),
        path=student_path(),
        **context,
    )
    _send(
        category=PAL_SCHOOL,
        event="assignment_proposed_school",
        recipients=school_people(request),
        key=str(assignment.pk),
        path=school_path(),
        **context,
    )


def assignment_confirmed(*, assignment: PalAssignment) -> None:
    request = assignment.request
    context = {"request": request, "assignment": assignment}
    _send(
        category=PAL_STUDENT,
        event="assignment_confirmed",
        recipients=[assignment.student.user],
        key=str(assignment.pk),
        path=student_path(),
        **context,
    )
    _send(
        category=PAL_SCHOOL,
        event="assignment_confirmed",
        recipients=school_people(request),
        key=str(assignment.pk),
        path=school_path(),
        **context,
    )


def assignment_declined(*, assignment: PalAssignment, actor: User | None) -> None:
    request = assignment.request
    context = {"request": request, "assignment": assignment}
    student = assignment.student.user
    if actor is None or actor.pk != student.pk:
        _send(
            category=PAL_STUDENT,
            event="assignment_declined",
            recipients=[student],
            key=str(assignment.pk),
            path=student_path(),
            **context,
        )
    school = [person for person in school_people(request) if actor is None or person.pk != actor.pk]
    _send(
        category=PAL_SCHOOL,
        event="assignment_declined",
        recipients=school,
        key=str(assignment.pk),
        path=school_path(),
        **context,
    )


def _hours_context(hours: PalHours) -> dict:
    return {"hours": hours, "assignment": hours.assignment, "request": hours.assignment.request}


def hours_logged(*, hours: PalHours) -> None:
    _send(
        category=PAL_SCHOOL,
        event="hours_logged",
        recipients=school_people(hours.assignment.request),
        key=f"{hours.pk}:{_stamp()}",
        path=school_path(),
        **_hours_context(hours),
    )


def hours_confirmed(*, hours: PalHours) -> None:
    _send(
        category=PAL_STUDENT,
        event="hours_confirmed",
        recipients=[hours.assignment.student.user],
        key=str(hours.pk),
        path=student_path(),
        **_hours_context(hours),
    )


def hours_rejected(*, hours: PalHours) -> None:
    _send(
        category=PAL_STUDENT,
        event="hours_rejected",
        recipients=[hours.assignment.student.user],
        key=f"{hours.pk}:{_stamp()}",
        path=student_path(),
        **_hours_context(hours),
    )
