from django.utils.translation import gettext_lazy as _

from iclon.core.slices import DomainAppConfig

_REFERENCE = ["educationregion", "municipalityregion", "institution", "alliance", "faculty", "schoolboard"]
_SCHOOLS = ["school", "trainingschoolpartnership", "schoolmembership", "schoolinvitation", "agreement"]


def _perms(actions, models):
    return [f"partnerships.{action}_{model}" for action in actions for model in models]


class PartnershipsConfig(DomainAppConfig):
    """One concern, flat files: navigation.py, demo.py, urls.py and api/urls.py are found as a slice's
    (iclon/core/slices.py)."""

    name = "partnerships"
    verbose_name = _("Partnerships")

    notification_categories = [
        # (key, label, mandatory, sensitive): an invitation holds a single-use link.
        ("partnerships.invitation", _("Invitation to the portal"), True, True),
    ]

    group_permissions = {
        # Placement coordinators run the partnerships: schools, partnerships, people, agreements.
        "placement_coordinator": _perms(["view"], _REFERENCE)
        + _perms(["view", "add", "change"], _SCHOOLS)
        + _perms(["change"], ["municipalityregion", "schoolboard"]),
        "programme_coordinator": _perms(["view"], _REFERENCE + _SCHOOLS),
        "intake_officer": _perms(["view"], _REFERENCE + ["school", "trainingschoolpartnership", "schoolmembership"]),
        "professionalisation_coordinator": _perms(["view"], _REFERENCE + _SCHOOLS)
        + _perms(["add"], ["schoolinvitation"]),
        "research_staff": _perms(["view"], _REFERENCE + ["school", "trainingschoolpartnership"]),
    }
