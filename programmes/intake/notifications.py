"""What intake tells people, through the notification outbox.

The services in programmes/intake/services/applications.py call these functions inside their transaction; the
outbox writes the rows there and sends the e-mails after commit. Every message is rendered in the
recipient's language and carries an idempotency key made from the event (a status change, a
request, an assignment), so a retried service call or task never notifies twice.

The employing school of a lateral entrant hears only what it needs to arrange the job: the name,
the route, the start and the outcome; never documents, motivation or the explanation.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from iclon.notifications.messages import date_param
from iclon.notifications.models import Channel
from iclon.notifications.services import notify
from iclon.webhooks import events as webhook_events
from iclon.webhooks.services import publish as publish_webhook
from partnerships import selectors as partnership_selectors
from programmes.intake.models import (
    DECIDED_STATUSES,
    Application,
    ApplicationStatus,
    ApplicationTransition,
    InformationRequest,
)

S = ApplicationStatus

APPLICATION = "programmes.application"
INFORMATION_REQUEST = "programmes.information_request"
INFORMATION_ANSWERED = "programmes.information_answered"
ASSIGNMENT = "programmes.assignment"
LATERAL_ENTRY = "programmes.lateral_entry"
DEADLINE_REMINDER = "programmes.deadline_reminder"

# The categories people choose from (key, label, mandatory): what happens to an application cannot
# be switched off.
CATEGORIES = [
    (APPLICATION, _("My application: confirmations and decisions"), True),
    (INFORMATION_REQUEST, _("Requests for information about my application"), True),
    (DEADLINE_REMINDER, _("Reminders of an application deadline"), False),
    (ASSIGNMENT, _("Applications assigned to me"), False),
    (INFORMATION_ANSWERED, _("Answers to requests for information"), False),
    (LATERAL_ENTRY, _("Applications of lateral entrants at my school"), False),
]

# The moves the employing school of a lateral entrant hears about: the application arrived, the
# decision, the enrolment, and a withdrawal after submitting (the school was told it arrived).
# The short in-app texts (the e-mails' subjects), translated when read.
STATUS_MESSAGES = {
    S.SUBMITTED: gettext_noop("We have received your application %(ref)s"),
    S.IN_REVIEW: gettext_noop("Your application %(ref)s is being reviewed"),
    S.APTITUDE_ASSESSMENT: gettext_noop("Your application %(ref)s: aptitude assessment"),
    S.ADMITTED: gettext_noop("You have been admitted (%(ref)s)"),
    S.ADMITTED_WITH_CONDITIONS: gettext_noop("You have been admitted with conditions (%(ref)s)"),
    S.REJECTED: gettext_noop("Decision on your application %(ref)s"),
    S.ENROLLED: gettext_noop("You are enrolled (%(ref)s)"),
    S.WITHDRAWN: gettext_noop("Your application %(ref)s has been withdrawn"),
}
STATUS_MESSAGE_OTHER = gettext_noop("News about your application %(ref)s")
SCHOOL_MESSAGES = {
    S.SUBMITTED: gettext_noop("%(name)s has applied for lateral entry"),
    S.ENROLLED: gettext_noop("%(name)s is enrolled"),
    S.WITHDRAWN: gettext_noop("%(name)s has withdrawn the application"),
}
SCHOOL_MESSAGE_OTHER = gettext_noop("Decision on the application of %(name)s")

SCHOOL_STATUSES = frozenset({S.SUBMITTED, S.ADMITTED, S.ADMITTED_WITH_CONDITIONS, S.REJECTED, S.ENROLLED, S.WITHDRAWN})


def application_path(application: Application) -> str:
    """The applicant's page of `application` (relative to the site)."""
    return reverse("intake:application-detail", kwargs={"pk": application.pk})


def decision_letter_path(application: Application) -> str:
    """The applicant's decision letter (HTML, with a link to the PDF)."""
    return reverse("intake:application-letter", kwargs={"pk": application.pk})


def admin_path(application: Application) -> str:
    return reverse("admin:programmes_application_change", args=[application.pk])


def absolute(path: str | None) -> str:
    return f"{settings.PORTAL_BASE_URL}{path}" if path else ""


def is_lateral_entry(application: Application) -> bool:
    """Whether the applicant comes in through a teaching job at a school in the portal."""
    return bool(application.employing_school_id) and (
        application.employed_as_teacher or application.pathway.requires_teaching_job
    )


def school_contacts(application: Application) -> list:
    """The active school contacts of the lateral entrant's employing school (memberships)."""
    if not application.employing_school_id:
        return []
    return partnership_selectors.school_contacts(school_id=application.employing_school_id)


# The moves published to webhook subscribers (iclon.webhooks).
WEBHOOK_EVENTS = {
    S.SUBMITTED: webhook_events.APPLICATION_SUBMITTED,
    S.ADMITTED: webhook_events.APPLICATION_DECIDED,
    S.ADMITTED_WITH_CONDITIONS: webhook_events.APPLICATION_DECIDED,
    S.REJECTED: webhook_events.APPLICATION_DECIDED,
}


def application_webhook(*, application: Application, transition: ApplicationTransition) -> None:
    """Publish a submission or a decision to the webhook subscribers: ids, reference, status and the
    API's address of the application; no personal data (a receiver reads the rest with its token)."""
    event_type = WEBHOOK_EVENTS.get(transition.to_status)
    if event_type is None:
        return
    data = {
        "application": application.pk,
        "reference": application.reference,
        "status": transition.to_status,
        "previous_status": transition.from_status,
        "pathway": application.pathway_id,
        "start_moment": application.start_moment_id,
        "url": absolute(reverse("api:application-detail", kwargs={"pk": application.pk})),
    }
    publish_webhook(event_type, data, idempotency_key=f"{APPLICATION}:{transition.pk}")


def application_status_changed(*, application: Application, transition: ApplicationTransition) -> None:
    """Tell the applicant about the move (in-app and e-mail); for a lateral entrant, also the
    employing school's contacts at submission, decision, enrolment and withdrawal. Submissions and
    decisions go to the webhook subscribers too."""
    application_webhook(application=application, transition=transition)
    applicant = application.applicant
    path = application_path(application)
    if applicant is not None:
        notify(
            category=APPLICATION,
            template="emails/programmes/application_status",
            context={
                "application": application,
                "transition": transition,
                "status": transition.to_status,
                "name": application.full_name or applicant.full_name,
                "url": absolute(path),
                "show_reason": transition.to_status in (*DECIDED_STATUSES, S.WITHDRAWN),
                "letter_url": absolute(decision_letter_path(application))
                if transition.to_status in DECIDED_STATUSES
                else "",
            },
            recipient=applicant,
            idempotency_key=f"{APPLICATION}:{transition.pk}",
            url=path,
            message=STATUS_MESSAGES.get(transition.to_status, STATUS_MESSAGE_OTHER),
            params={"ref": application.reference},
        )
    if transition.to_status not in SCHOOL_STATUSES or not is_lateral_entry(application):
        return
    if transition.to_status == S.WITHDRAWN and transition.from_status == S.DRAFT:
        return  # the school never heard of a draft
    for membership in school_contacts(application):
        notify(
            category=LATERAL_ENTRY,
            template="emails/programmes/lateral_entry",
            context={
                "application": application,
                "status": transition.to_status,
                # Only what the school needs: never documents, motivation or the explanation.
                "applicant_name": application.full_name or (applicant.full_name if applicant else ""),
                "school": membership.school,
                "contact": membership.user,
            },
            recipient=membership.user,
            idempotency_key=f"{LATERAL_ENTRY}:{transition.pk}:{membership.user_id}",
            url="",
            message=SCHOOL_MESSAGES.get(transition.to_status, SCHOOL_MESSAGE_OTHER),
            params={"name": application.full_name or (applicant.full_name if applicant else "")},
        )


def application_assigned(*, application: Application, assignee, actor) -> None:
    """Tell the intake officer an application was assigned to them (in-app and e-mail)."""
    path = admin_path(application)
    # Keyed by the moment of the assignment: assigning the same officer again later is a new event,
    # a retry of the same call is not.
    stamp = int(application.updated_at.timestamp() * 1000) if application.updated_at else 0
    notify(
        category=ASSIGNMENT,
        template="emails/programmes/application_assigned",
        context={"application": application, "assignee": assignee, "actor": actor, "url": absolute(path)},
        recipient=assignee,
        idempotency_key=f"{ASSIGNMENT}:{application.pk}:{assignee.pk}:{stamp}",
        url=path,
        message=gettext_noop("Application %(ref)s has been assigned to you"),
        params={"ref": application.reference},
    )


def information_requested(*, request: InformationRequest) -> None:
    """Tell the applicant that intake asks for more information (mandatory)."""
    application = request.application
    if application.applicant is None:
        return
    path = application_path(application)
    notify(
        category=INFORMATION_REQUEST,
        template="emails/programmes/information_requested",
        context={
            "application": application,
            "request": request,
            "name": application.full_name or application.applicant.full_name,
            "url": absolute(path),
        },
        recipient=application.applicant,
        idempotency_key=f"{INFORMATION_REQUEST}:{request.pk}",
        url=path,
        message=gettext_noop("We need more information for your application %(ref)s"),
        params={"ref": application.reference},
    )


def information_answered(*, request: InformationRequest) -> None:
    """Tell the assigned intake officer, if any, that the applicant answered (in-app and e-mail)."""
    application = request.application
    officer = application.assigned_to
    if officer is None or not officer.is_active:
        return
    path = admin_path(application)
    notify(
        category=INFORMATION_ANSWERED,
        template="emails/programmes/information_answered",
        context={"application": application, "request": request, "url": absolute(path)},
        recipient=officer,
        idempotency_key=f"{INFORMATION_ANSWERED}:{request.pk}",
        url=path,
        message=gettext_noop("The applicant of %(ref)s has answered your request"),
        params={"ref": application.reference},
        channels=(Channel.EMAIL, Channel.IN_APP),
    )


def deadline_reminder(*, application: Application, days: int) -> None:
    """Remind the applicant that their draft's deadline is `days` days away (they may switch it off)."""
    if application.applicant is None:
        return
    path = application_path(application)
    notify(
        category=DEADLINE_REMINDER,
        template="emails/programmes/deadline_reminder",
        context={
            "application": application,
            "days": days,
            "deadline": application.start_moment.application_deadline,
            "name": application.full_name or application.applicant.full_name,
            "url": absolute(path),
        },
        recipient=application.applicant,
        idempotency_key=f"{DEADLINE_REMINDER}:{application.pk}:{days}",
        url=path,
        message=gettext_noop("Submit your application %(ref)s by %(date)s"),
        params={"ref": application.reference, "date": date_param(application.start_moment.application_deadline)},
    )
