"""What placements tell people, through the notification outbox.

The services in programmes/services/placements.py call these functions inside their transaction;
the outbox writes the rows there and sends the e-mails after commit. Every message is rendered in
the recipient's language and carries an idempotency key made from the event (the placement and
what happened to it, the evaluation), so a retried service call never notifies twice.

A school hears what it needs to confirm a match: the trainee's name, route, subject and period.
The trainee hears where they go and who their mentor is. The proposer (a placement coordinator,
or the trainee who registered their own job) hears the school's answer.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django_scopes import scopes_disabled

from programmes.models import Evaluation, Placement
from programmes.notifications import absolute  # one helper for links in e-mails

PLACEMENT = "programmes.placement"
EVALUATION = "programmes.evaluation"
SCHOOL_DIGEST = "programmes.school_digest"
EVALUATION_REMINDER = "programmes.evaluation_reminder"


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


def school_responders(school_id: int) -> list:
    """The users who answer matches for the school: its active school contacts and school-based
    teacher educators (each once), read in trusted code outside any request scope."""
    from partnerships.models import SchoolMembership
    from programmes.services.placements import MANAGING_ROLES

    with scopes_disabled():
        memberships = (
            SchoolMembership.objects.unscoped()
            .active()
            .filter(school_id=school_id, role__in=MANAGING_ROLES, user__is_active=True)
            .select_related("user")
            .order_by("user_id")
        )
        users = {membership.user_id: membership.user for membership in memberships}
    return list(users.values())


def placement_cancelled(*, placement: Placement) -> None:
    """Tell the school's contacts and school-based teacher educators that a placement is cancelled
    because the trainee withdrew (mandatory)."""
    from iclon.notifications.services import notify

    path = school_placement_path(placement)
    for user in school_responders(placement.school_id):
        notify(
            category=PLACEMENT,
            template="emails/programmes/placement_cancelled",
            context={"placement": placement, "trainee_name": trainee_name(placement), "url": absolute(path)},
            recipient=user,
            idempotency_key=f"{PLACEMENT}:cancelled:{placement.pk}:{user.pk}",
            url=path,
        )


def placement_proposed(*, placement: Placement) -> None:
    """Tell the school's contacts and school-based teacher educators that a match (or a trainee's
    paid job) awaits their confirmation, with a link to the portal page (mandatory)."""
    from iclon.notifications.services import notify

    path = school_placement_path(placement)
    for user in school_responders(placement.school_id):
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
        )


def placement_confirmed(*, placement: Placement) -> None:
    """Tell the trainee (school, period, mentor contact) and the proposer that the school confirmed."""
    from iclon.notifications.services import notify

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
        )


def placement_declined(*, placement: Placement) -> None:
    """Tell the proposer (the coordinator, or the trainee of a registered job) that the school
    declined, with its reason."""
    from iclon.notifications.services import notify

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
    )


def evaluation_released(*, evaluation: Evaluation) -> None:
    """Tell the trainee that an evaluation of their placement is there to read (they may switch it off)."""
    from iclon.notifications.services import notify

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
    )


def evaluation_reminder(*, evaluation: Evaluation, recipient) -> None:
    """Remind the author that an evaluation is due; once per evaluation and due date."""
    from iclon.notifications.services import notify

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
    )


def school_digest(*, membership, week: str, summary: dict) -> None:
    """The weekly summary for one school contact (they may switch it off); once per ISO week."""
    from iclon.notifications.services import notify

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
    )


def _admin_path(placement: Placement) -> str:
    return _path(
        "admin:programmes_placement_change",
        f"/admin/programmes/placement/{placement.pk}/change/",
        object_id=placement.pk,
    )
