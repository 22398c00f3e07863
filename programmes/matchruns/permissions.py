"""Who works with matching runs: placement staff (placement coordinators, administrators), by the
runs' model permissions; applying a run also needs placements' own permission to propose a
placement, which `placement_propose` checks for every pair."""

from django.contrib.auth.models import AnonymousUser

from iclon.accounts.models import User
from iclon.accounts.roles import staff_may

VIEW = "programmes.view_matchingrun"
RUN = "programmes.add_matchingrun"
CHANGE = "programmes.change_matchingrun"

GROUP_PERMISSIONS = {
    "placement_coordinator": [
        f"programmes.{action}_{model}"
        for action in ("view", "add", "change", "delete")
        for model in ("matchingrun", "matchingproposal", "matchingconstraint")
    ],
}


def is_matching_staff(user: User | AnonymousUser | None, perm: str = RUN) -> bool:
    return staff_may(user, perm)
