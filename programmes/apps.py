from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    """Samen opleiden: programmes, pathways, the route finder and intake (filled by later issues)."""

    name = "programmes"
    verbose_name = _("Teacher education")

    notification_categories = [
        # (key, label, mandatory): what happens to an application cannot be switched off.
        ("programmes.application", _("My application: confirmations and decisions"), True),
        ("programmes.information_request", _("Requests for information about my application"), True),
        ("programmes.deadline_reminder", _("Reminders of an application deadline"), False),
        ("programmes.assignment", _("Applications assigned to me"), False),
        ("programmes.information_answered", _("Answers to requests for information"), False),
        ("programmes.lateral_entry", _("Applications of lateral entrants at my school"), False),
    ]

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
