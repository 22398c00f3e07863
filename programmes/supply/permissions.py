"""Who sees regional supply and demand (staff of teacher education: programme and placement
coordinators, administrators) and who sets shortage statuses (programme coordinators)."""

from django.contrib.auth.models import AnonymousUser

from iclon.accounts.models import User
from iclon.accounts.roles import staff_may

VIEW = "programmes.view_shortagestatus"
CHANGE = "programmes.change_shortagestatus"

GROUP_PERMISSIONS = {
    "programme_coordinator": [f"programmes.{action}_shortagestatus" for action in ("view", "add", "change", "delete")],
    "placement_coordinator": [VIEW],
}


def can_view_supply_demand(user: User | AnonymousUser | None) -> bool:
    return staff_may(user, VIEW)
