from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    """Samen opleiden: programmes, pathways, the route finder and intake (filled by later issues)."""

    name = "programmes"
    verbose_name = _("Teacher education")

    group_permissions = {
        "programme_coordinator": [
            f"programmes.{action}_{model}"
            for action in ("view", "add", "change", "delete")
            for model in (
                "schoolsubject",
                "qualification",
                "programme",
                "pathway",
                "prioreducationrule",
                "startmoment",
                "module",
                "degreefield",
                "deficiencycourse",
                "degreerelatedness",
            )
        ],
        "intake_officer": [
            f"programmes.view_{model}"
            for model in ("schoolsubject", "qualification", "programme", "pathway", "degreefield", "degreerelatedness")
        ],
    }

    def navigation(self, request):
        from django.urls import reverse

        from iclon.core.navigation import NavItem

        return [NavItem(_("Routes into teaching"), reverse("programmes:catalogue"), "/routes/")]

    def seed_demo(self, stdout, style):
        from programmes.demo import seed_demo

        seed_demo(stdout, style)

    def seed_scale_arguments(self, parser):
        from programmes.demo import seed_scale_arguments

        seed_scale_arguments(parser)

    def seed_scale(self, options, stdout):
        from programmes.demo import seed_scale

        seed_scale(options, stdout)
