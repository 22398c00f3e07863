"""Who may do what with Meet the Professor visits: predicates used by pages, admin and API alike,
and the staff groups' permissions.

* Coordinators (`professionalisation.change_visitrequest`: the professionalisation coordinators,
  administrators) keep the pool of researchers, propose a researcher, mark a visit held, withdraw a
  request, and see every request.
* A school's people (an active membership of the school, in any role) request visits for it,
  confirm the visit arranged, evaluate it for the school and withdraw it.
* The researcher proposed answers the proposal (logged in, or through the secret link of the
  proposal's e-mail) and evaluates the visit for their side.
* Whoever holds the secret school link of a request made through the public form (the teacher
  who asked, without an account) confirms, evaluates and withdraws it like the school's people.
* Nobody else does anything.
"""

import datetime
import secrets

from django.contrib.auth.models import AnonymousUser
from django.utils.crypto import salted_hmac

from iclon.accounts.models import User
from iclon.accounts.roles import staff_may
from iclon.core.limits import token_hash as school_token_hash
from partnerships.selectors import school_roles
from professionalisation.outreach.models.visits import VisitRequest

Viewer = User | AnonymousUser | None

MANAGE_VISITS = "professionalisation.change_visitrequest"
VIEW_VISITS = "professionalisation.view_visitrequest"
MANAGE_RESEARCHERS = "professionalisation.change_researcherprofile"

_MODELS = (
    "researcherprofile",
    "researcherunavailability",
    "visitrequest",
    "visitpreferreddate",
    "visitevaluation",
    "visitsubmission",
)

GROUP_PERMISSIONS = {
    "professionalisation_coordinator": [
        f"professionalisation.{action}_{model}" for action in ("view", "add", "change", "delete") for model in _MODELS
    ],
}


def is_active_person(user: Viewer) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_visit_coordinator(user: Viewer) -> bool:
    return staff_may(user, MANAGE_VISITS)


def sees_all_visits(user: Viewer) -> bool:
    return staff_may(user, VIEW_VISITS)


def manages_researchers(user: Viewer) -> bool:
    return staff_may(user, MANAGE_RESEARCHERS)


def acts_for_school(user: Viewer, school_id: int | None) -> bool:
    """One of the school's people today (an active membership there, in any role)."""
    if school_id is None or not is_active_person(user):
        return False
    return bool(school_roles(user=user, school_id=school_id))


def is_the_researcher(user: Viewer, visit: VisitRequest) -> bool:
    """The researcher currently proposed for (or arranged for) the visit."""
    if visit.researcher_id is None or not is_active_person(user):
        return False
    return bool(visit.researcher is not None and visit.researcher.user_id == user.pk)  # type: ignore[union-attr]


def can_request_visit(user: Viewer, school_id: int | None) -> bool:
    return is_visit_coordinator(user) or acts_for_school(user, school_id)


def can_withdraw(user: Viewer, visit: VisitRequest) -> bool:
    return is_visit_coordinator(user) or acts_for_school(user, visit.school_id)


def can_view_visit_figures(user: Viewer) -> bool:
    """Meet the Professor's figures (counts, and the names of the schools reached for the first
    time): staff who see every request (coordinators, administrators)."""
    return sees_all_visits(user)


SCHOOL_LINK_SALT = "professionalisation.outreach.visit-school-link"


def school_link_token(visit: VisitRequest) -> str:
    """The secret of the school link of a request made through the public form. It is derived from
    the request with the site's secret key (like a password-reset link), so that every e-mail to
    the school can carry it while the database holds only its sha256 (`school_token_hash`)."""
    moment = f"{visit.created_at.astimezone(datetime.UTC):%Y%m%d%H%M%S%f}" if visit.created_at else ""
    return salted_hmac(SCHOOL_LINK_SALT, f"{visit.pk}:{moment}", algorithm="sha256").hexdigest()


def holds_school_link(visit: VisitRequest, token: str | None) -> bool:
    """`token` is the secret of the request's school link (compared in constant time)."""
    if not token or not visit.school_token_hash:
        return False
    return secrets.compare_digest(visit.school_token_hash, school_token_hash(token))
