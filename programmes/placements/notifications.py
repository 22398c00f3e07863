"""What placements tell people, through the notification outbox.

The services in programmes/placements/services.py call these functions inside their transaction;
the outbox writes the rows there and sends the e-mails after commit. Every message is rendered in
the recipient's language and carries an idempotency key made from the event (the placement and
what happened to it, the evaluation), so a retried service call never notifies twice.

A school hears what it needs to confirm a match: the trainee's name, route, subject and period.
The trainee hears where they go and who their mentor is. The proposer (a placement coordinator,
or the trainee who registered their own job) hears the school's answer.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from iclon.notifications.messages import date_param, text_param
from iclon.notifications.services import notify
from iclon.webhooks import events as webhook_events
from iclon.webhooks.services import publish as publish_webhook
from partnerships.selectors import school_responders
from programmes.intake.notifications import absolute  # one helper for links in e-mails
from programmes.placements.models import Evaluation, Placement

PLACEMENT = "programmes.placement"
EVALUATION = "programmes.evaluation"
SCHOOL_DIGEST = "programmes.school_digest"
EVALUATION_REMINDER = "programmes.evaluation_reminder"

# Placements: a match to confirm, the school's answer, evaluations (key, label, mandatory).
CATEGORIES = [
    (PLACEMENT, _("Placements: matches to confirm and the school's answer"), True),
    (EVALUATION, _("Evaluations of my placement released to me"), False),
    (EVALUATION_REMINDER, _("Reminders of placement evaluations I have to write"), False),
    (SCHOOL_DIGEST, _("Weekly summary of my school's placements"), False),
]


def _path(name: str, fallback: str, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return fallback


def school_placement_path(placement: Placement) -> str:
    """The school's page of `placement` in the partner-school portal."""
    return _path("placements:school-placement", f"/placements/school/placements/{placement.pk}/", pk=placement.pk)


def trainee_path() -> str:
    return _path("placements:mine", "/placements/mine/")


def school_dashboard_path() -> str:
    return _path("placements:school-dashboard", "/placements/school/")


def evaluation_path(evaluation: Evaluation) -> str:
    return _path("placements:evaluation-edit", f"/placements/school/evaluations/{evaluation.pk}/", pk=evaluation.pk)


def trainee_name(placement: Placement) -> str:
    trainee = placement.trainee
    return trainee.full_name or (trainee.applicant.full_name if trainee.applicant_id else "") or trainee.reference


def placement_webhook(*, placement: Placement, event_type: str) -> None:
    """Publish a confirmation or cancellation to the webhook subscribers: ids, the school's code, the
    trainee's application reference, status and the API's address; no names (iclon.webhooks).
    Each happens once to a placement (a new proposal is a new row), so the placement is the key."""
    data = {
        "placement": placement.pk,
        "status": placement.status,
        "school": placement.school.code,
        "application": placement.trainee_id,
        "reference": placement.trainee.reference,
        "period": placement.period_id,
        "offer": placement.offer_id,
        "url": absolute(_path("api:placement-detail", "", pk=placement.pk)),
    }
    publish_webhook(event_type, data, idempotency_key=f"{PLACEMENT}:{event_type}:{placement.pk}")


def placement_cancelled(*, placement: Placement, withdrawal: bool) -> None:
    """Tell the school's contacts and school-based teacher educators, and the trainee, that a
    placement is cancelled: because the trainee withdrew, or by placement staff with the reason
    (mandatory). Webhook subscribers hear it too."""
    placement_webhook(placement=placement, event_type=webhook_events.PLACEMENT_CANCELLED)
    context = {
        "placement": placement,
        "trainee_name": trainee_name(placement),
        "withdrawal": withdrawal,
        "reason": "" if withdrawal else placement.decline_reason,
    }
    path = school_placement_path(placement)
    for user in school_responders(school_id=placement.school_id):
        notify(
            category=PLACEMENT,
            template="emails/programmes/placement_cancelled",
            context={**context, "url": absolute(path)},
            recipient=user,
            idempotency_key=f"{PLACEMENT}:cancelled:{placement.pk}:{user.pk}",
            url=path,
            message=gettext_noop("The placement of %(name)s is cancelled"),
            params={"name": context["trainee_name"]},
        )
    trainee_user = placement.trainee.applicant
    if trainee_user is not None and trainee_user.is_active:
        notify(
            category=PLACEMENT,
            template="emails/programmes/placement_cancelled_trainee",
            context={**context, "url": absolute(trainee_path())},
            recipient=trainee_user,
            idempotency_key=f"{PLACEMENT}:cancelled:{placement.pk}:trainee",
            url=trainee_path(),
            message=gettext_noop("Your placement at %(school)s is cancelled"),
            params={"school": placement.school.name},
        )


def placement_proposed(*, placement: Placement) -> None:
    """Tell the school's contacts and school-based teacher educators that a match (or a trainee's
    paid job) awaits their confirmation, with a link to the portal page (mandatory)."""

    path = school_placement_path(placement)
    if placement.kind == Placement.Kind.EMPLOYMENT:
        message = gettext_noop("%(name)s registered a teaching job at your school as their placement")
    else:
        message = gettext_noop("Please confirm the placement of %(name)s")
    for user in school_responders(school_id=placement.school_id):
        notify(
            category=PLACEMENT,
            template="emails/programmes/placement_proposed",
            context={
                "placement": placement,
                "trainee_name": trainee_name(placement),
                "contact": user,
                "url": absolute(path),
            },
            recipient=user,
            # A placement is proposed once; a new proposal is a new row.
            idempotency_key=f"{PLACEMENT}:proposed:{placement.pk}:{user.pk}",
            url=path,
            message=message,
            params={"name": trainee_name(placement)},
        )


def placement_confirmed(*, placement: Placement) -> None:
    """Tell the trainee (school, period, mentor contact) and the proposer that the school confirmed;
    and the webhook subscribers."""
    placement_webhook(placement=placement, event_type=webhook_events.PLACEMENT_CONFIRMED)

    trainee_user = placement.trainee.applicant
    context = {"placement": placement, "trainee_name": trainee_name(placement), "mentor": placement.workplace_mentor}
    if trainee_user is not None:
        path = trainee_path()
        notify(
            category=PLACEMENT,
            template="emails/programmes/placement_confirmed",
            context={**context, "url": absolute(path)},
            recipient=trainee_user,
            idempotency_key=f"{PLACEMENT}:confirmed:{placement.pk}:trainee",
            url=path,
            message=gettext_noop("Your placement at %(school)s is confirmed"),
            params={"school": placement.school.name},
        )
    proposer = placement.proposed_by
    if proposer is not None and proposer.is_active and proposer.pk != getattr(trainee_user, "pk", None):
        path = _admin_path(placement)
        notify(
            category=PLACEMENT,
            template="emails/programmes/placement_confirmed_proposer",
            context={**context, "url": absolute(path)},
            recipient=proposer,
            idempotency_key=f"{PLACEMENT}:confirmed:{placement.pk}:proposer",
            url=path,
            message=gettext_noop("%(school)s confirmed the placement of %(name)s"),
            params={"school": placement.school.name, "name": context["trainee_name"]},
        )


def placement_declined(*, placement: Placement) -> None:
    """Tell the proposer (the coordinator, or the trainee of a registered job) that the school
    declined, with its reason."""

    proposer = placement.proposed_by
    if proposer is None or not proposer.is_active:
        return
    is_trainee = placement.trainee.applicant_id == proposer.pk
    path = trainee_path() if is_trainee else _admin_path(placement)
    notify(
        category=PLACEMENT,
        template="emails/programmes/placement_declined",
        context={
            "placement": placement,
            "trainee_name": trainee_name(placement),
            "for_trainee": is_trainee,
            "reason": placement.decline_reason,
            "url": absolute(path),
        },
        recipient=proposer,
        idempotency_key=f"{PLACEMENT}:declined:{placement.pk}",
        url=path,
        message=gettext_noop("%(school)s declined the placement of %(name)s"),
        params={"school": placement.school.name, "name": trainee_name(placement)},
    )


def evaluation_released(*, evaluation: Evaluation) -> None:
    """Tell the trainee that an evaluation of their placement is there to read (they may switch it off)."""

    placement = evaluation.placement
    trainee_user = placement.trainee.applicant
    if trainee_user is None:
        return
    path = trainee_path()
    notify(
        category=EVALUATION,
        template="emails/programmes/placement_evaluation_released",
        context={
            "evaluation": evaluation,
            "placement": placement,
            "trainee_name": trainee_name(placement),
            "url": absolute(path),
        },
        recipient=trainee_user,
        idempotency_key=f"{EVALUATION}:released:{evaluation.pk}",
        url=path,
        message=gettext_noop("Your evaluation is ready to read: %(moment)s"),
        params={"moment": text_param(Evaluation.Moment(evaluation.moment).label)},
    )


def evaluation_reminder(*, evaluation: Evaluation, recipient) -> None:
    """Remind the author that an evaluation is due; once per evaluation and due date."""

    placement = evaluation.placement
    path = evaluation_path(evaluation)
    notify(
        category=EVALUATION_REMINDER,
        template="emails/programmes/placement_evaluation_reminder",
        context={
            "evaluation": evaluation,
            "placement": placement,
            "trainee_name": trainee_name(placement),
            "author": recipient,
            "url": absolute(path),
        },
        recipient=recipient,
        idempotency_key=f"{EVALUATION_REMINDER}:{evaluation.pk}:{evaluation.due_on.isoformat()}:{recipient.pk}",
        url=path,
        message=gettext_noop("Evaluation of %(name)s due on %(date)s"),
        params={"name": trainee_name(placement), "date": date_param(evaluation.due_on)},
    )


def school_digest(*, membership, week: str, summary: dict) -> None:
    """The weekly summary for one school contact (they may switch it off); once per ISO week."""

    path = school_dashboard_path()
    notify(
        category=SCHOOL_DIGEST,
        template="emails/programmes/placement_school_digest",
        context={
            "school": membership.school,
            "contact": membership.user,
            "week": week,
            **summary,
            "url": absolute(path),
        },
        recipient=membership.user,
        idempotency_key=f"{SCHOOL_DIGEST}:{membership.pk}:{week}",
        url=path,
        message=gettext_noop("Placements at %(school)s: this week's changes"),
        params={"school": membership.school.name},
    )


def _admin_path(placement: Placement) -> str:
    return _path(
        "admin:programmes_placement_change",
        f"/admin/programmes/placement/{placement.pk}/change/",
        object_id=placement.pk,
    )


def notification_keys(*, placement_ids: list[int], evaluation_ids: list[int]) -> Q:
    """The outbox rows about these placements and evaluations (their e-mails name the trainee)."""
    keys = Q(pk__in=[])
    for pk in placement_ids:
        for event in ("proposed", "confirmed", "declined", "cancelled"):
            keys |= Q(idempotency_key__startswith=f"{PLACEMENT}:{event}:{pk}:") | Q(
                idempotency_key=f"{PLACEMENT}:{event}:{pk}"
            )
    for pk in evaluation_ids:
        keys |= Q(idempotency_key=f"{EVALUATION}:released:{pk}")
        keys |= Q(idempotency_key__startswith=f"{EVALUATION_REMINDER}:{pk}:")
    return keys
