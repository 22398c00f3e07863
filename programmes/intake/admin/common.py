"""What the intake admin's modules share: the moves' buttons, the staff choices, links."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programmes.intake.models import ApplicationDocument, ApplicationStatus
from programmes.intake.services.applications import REVIEW, TransitionOption

S = ApplicationStatus

# The buttons' labels, by the status they move to.
MOVE_LABELS = {
    S.IN_REVIEW: _("Start the review"),
    S.APTITUDE_ASSESSMENT: _("Go to the aptitude assessment"),
    S.ADMITTED: _("Admit"),
    S.ADMITTED_WITH_CONDITIONS: _("Admit with conditions"),
    S.REJECTED: _("Reject"),
    S.ENROLLED: _("Enrol"),
    S.WITHDRAWN: _("Withdraw"),
}
# Moves that take a reason: it is kept with the status change, and for a decision it becomes the
# explanation in the decision letter. The state machine (TRANSITIONS) says where it is required.
REASON_MOVES = (S.ADMITTED, S.ADMITTED_WITH_CONDITIONS, S.REJECTED, S.WITHDRAWN)
REASON_HELP = {
    S.ADMITTED: _("Optional. Printed in the decision letter as the explanation."),
    S.ADMITTED_WITH_CONDITIONS: _("Optional. Printed in the decision letter as the explanation."),
    S.REJECTED: _("Required. The applicant reads it in the decision letter."),
    S.WITHDRAWN: _("Optional. Why the application is withdrawn; the applicant is told."),
}


def move_buttons(options: list[TransitionOption]) -> dict:
    """The state machine's options for the signed-in user (transition_options) as the change page
    shows them: a button per move possible now, and the moves a rule still holds back with the
    rule's message, so staff see what is missing. Which moves these are is the state machine's
    answer alone; this only labels them."""
    buttons, held = [], []
    for option in options:
        label = MOVE_LABELS.get(option.to_status, S(option.to_status).label)
        if option.refusal:
            held.append({"label": label, "refusal": option.refusal})
            continue
        buttons.append(
            {
                "to_status": option.to_status,
                "label": label,
                "reason": option.to_status in REASON_MOVES,
                "reason_required": option.reason_required,
                "reason_help": REASON_HELP.get(option.to_status, ""),
                "danger": option.to_status in (S.REJECTED, S.WITHDRAWN),
            }
        )
    return {"buttons": buttons, "held": held}


def intake_staff():
    """Staff who may review applications (intake officers, administrators): the people an
    application can be assigned to and who can assess. One query."""
    perm = {"codename": REVIEW.split(".")[1], "content_type__app_label": "programmes"}
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(
            Q(is_superuser=True)
            | Q(**{f"groups__permissions__{key}": value for key, value in perm.items()})
            | Q(**{f"user_permissions__{key}": value for key, value in perm.items()})
        )
        .distinct()
        .order_by("full_name", "email")
    )


def person(user) -> str:
    if user is None:
        return "–"
    return user.full_name or user.email


def document_url(document: ApplicationDocument) -> str:
    """The permission-checked download of a document (never the storage's own URL)."""
    return reverse("intake:document-download", kwargs={"pk": document.application_id, "document_pk": document.pk})
