"""Who may roll a year over: programme coordinators (they keep the start moments) and
administrators (every permission)."""

from django.contrib.auth.models import AnonymousUser

from iclon.accounts.models import User
from iclon.accounts.roles import staff_may

ROLL_OVER = "programmes.add_yearrollover"
VIEW = "programmes.view_yearrollover"

GROUP_PERMISSIONS = {
    "programme_coordinator": [ROLL_OVER, VIEW],
}


def can_roll_over(user: User | AnonymousUser | None) -> bool:
    return staff_may(user, ROLL_OVER)
