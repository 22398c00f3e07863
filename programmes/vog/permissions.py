"""Who does what with certificates of conduct: the trainee uploads their own and sees it; staff
with the permission (placement coordinators, administrators) check them and set the rules."""

from django.contrib.auth.models import AnonymousUser

from iclon.accounts.models import User
from iclon.accounts.roles import staff_may
from programmes.intake.models import Application
from programmes.placements.permissions import TRAINEE_STATUSES

CHECK = "programmes.change_vogcertificate"
VIEW = "programmes.view_vogcertificate"

GROUP_PERMISSIONS = {
    "placement_coordinator": [
        "programmes.view_vogcertificate",
        "programmes.change_vogcertificate",
        "programmes.view_vogrule",
        "programmes.add_vogrule",
        "programmes.change_vogrule",
        "programmes.delete_vogrule",
    ],
}


def is_vog_staff(user: User | AnonymousUser | None, perm: str = CHECK) -> bool:
    return staff_may(user, perm)


def is_own_trainee_record(user: User | AnonymousUser | None, trainee: Application) -> bool:
    """`trainee` is an admitted or enrolled application of `user`."""
    return bool(
        user and user.is_authenticated and trainee.applicant_id == user.pk and trainee.status in TRAINEE_STATUSES
    )
