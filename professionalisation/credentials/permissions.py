"""Who may see and change microcredentials: predicates used by pages, admin and API alike, and the
staff groups' permissions.

A microcredential is personal: its learner sees it, and staff holding the view permission see all
of them. School contacts see none: the credential belongs to the teacher, who shares it (the JSON,
a wallet, the public verifier) where they choose; a school sees its teachers' completions in the
completion slice."""

from django.contrib.auth.models import AnonymousUser

from iclon.accounts.models import User
from iclon.accounts.roles import staff_may
from professionalisation.credentials.models import Microcredential

Viewer = User | AnonymousUser | None

VIEW_CREDENTIALS = "professionalisation.view_microcredential"
#: Staff who issue and revoke microcredentials.
MANAGE_CREDENTIALS = "professionalisation.change_microcredential"
#: Staff who rotate ICLON's signing key (administrators: the group holds every permission).
MANAGE_KEYS = "professionalisation.change_signingkey"

GROUP_PERMISSIONS = {
    "professionalisation_coordinator": [
        "professionalisation.view_microcredential",
        "professionalisation.change_microcredential",
        "professionalisation.view_microcredentialspec",
        "professionalisation.add_microcredentialspec",
        "professionalisation.change_microcredentialspec",
        "professionalisation.view_signingkey",
    ],
}


def sees_all_credentials(user: Viewer) -> bool:
    return staff_may(user, VIEW_CREDENTIALS)


def manages_credentials(user: Viewer) -> bool:
    return staff_may(user, MANAGE_CREDENTIALS)


def manages_keys(user: Viewer) -> bool:
    return staff_may(user, MANAGE_KEYS)


def can_view_credential(user: Viewer, credential: Microcredential) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return credential.participant_id == user.pk or sees_all_credentials(user)
