"""Who may do what with attendance, completions, certificates and evaluations: predicates used by
pages, admin and API alike, and the staff groups' permissions."""

from django.contrib.auth.models import AnonymousUser

from iclon.accounts.models import User
from iclon.accounts.roles import staff_may
from professionalisation.activities.permissions import Viewer, is_active_person

#: Staff who record attendance and assignment results (and so decide completion).
MANAGE_ATTENDANCE = "professionalisation.change_attendance"
#: Staff who see every certificate (and download its PDF).
VIEW_CERTIFICATES = "professionalisation.view_certificate"
#: Staff who revoke certificates.
MANAGE_CERTIFICATES = "professionalisation.change_certificate"
#: Staff who read the participants' evaluations.
VIEW_EVALUATIONS = "professionalisation.view_evaluation"

GROUP_PERMISSIONS = {
    # Professionalisation coordinators record attendance and assignments, see completions and
    # certificates (and revoke them) and read the evaluations; evaluations are the participants'
    # own words, so staff only read them.
    "professionalisation_coordinator": [
        f"professionalisation.{action}_{model}"
        for action in ("view", "add", "change", "delete")
        for model in ("attendance", "assignmentresult")
    ]
    + [
        f"professionalisation.{action}_{model}"
        for action in ("view", "change")
        for model in ("completion", "certificate")
    ]
    + ["professionalisation.view_evaluation"],
}


def is_attendance_staff(user: Viewer) -> bool:
    return staff_may(user, MANAGE_ATTENDANCE)


def is_certificate_staff(user: Viewer) -> bool:
    return staff_may(user, VIEW_CERTIFICATES)


def can_revoke_certificate(user: Viewer) -> bool:
    return staff_may(user, MANAGE_CERTIFICATES)


def can_read_evaluations(user: Viewer) -> bool:
    return staff_may(user, VIEW_EVALUATIONS)


def is_participant(actor: User | AnonymousUser | None, *, participant_id: int) -> bool:
    """Whether `actor` is the person themself (logged in, active)."""
    return is_active_person(actor) and actor is not None and actor.pk == participant_id


def can_see_certificate(user: Viewer, *, participant_id: int) -> bool:
    """The participant sees their own certificates; staff with the view permission all of them."""
    return is_certificate_staff(user) or is_participant(user, participant_id=participant_id)


#: Staff who see the dashboard of professional development (everybody's registrations, counted).
VIEW_DASHBOARD = "professionalisation.view_registration"


def can_view_dashboard(user: Viewer) -> bool:
    """Coordinators and administrators: staff who may view every registration."""
    return staff_may(user, VIEW_DASHBOARD)
