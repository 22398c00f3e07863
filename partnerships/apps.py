from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_REFERENCE = ["educationregion", "municipalityregion", "institution", "alliance", "faculty", "schoolboard"]
_SCHOOLS = ["school", "trainingschoolpartnership", "schoolmembership", "schoolinvitation", "agreement"]


def _perms(actions, models):
    return [f"partnerships.{action}_{model}" for action in actions for model in models]


class PartnershipsConfig(AppConfig):
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

    def navigation(self, request):
        from django.urls import reverse

        from iclon.core.navigation import NavItem
        from iclon.core.tenancy import visible_school_ids

        user = request.user
        if not user.is_authenticated or user.is_staff or not visible_school_ids(user):
            return []
        return [NavItem(_("My school"), reverse("partnerships:school-list"), "/schools/")]

    def dashboard_cards(self, request):
        from partnerships.dashboard import dashboard_cards

        return dashboard_cards(request)

    def seed_demo(self, stdout, style):
        from partnerships.demo import seed_demo

        seed_demo(stdout, style)

    def seed_scale_arguments(self, parser):
        from partnerships.demo import seed_scale_arguments

        seed_scale_arguments(parser)

    def seed_scale(self, options, stdout):
        from partnerships.demo import seed_scale

        seed_scale(options, stdout)
