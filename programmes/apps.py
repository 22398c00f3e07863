from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Intake's records that intake officers keep (the status itself changes only through the services).
_INTAKE_MODELS = (
    "application",
    "priordegree",
    "applicationdocument",
    "informationrequest",
    "internalnote",
    "checklistitem",
    "checklistcheck",
    "aptitudeassessment",
    "exemption",
    "admissioncondition",
)


def _own_applications(request) -> list:
    """The signed-in user's latest applications (at most 4), read once per request for the header
    link and the dashboard card."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    if not hasattr(request, "_own_applications"):
        from programmes.intake.selectors import application_list_for_user

        request._own_applications = list(application_list_for_user(user=user).filter(applicant=user)[:4])
    return request._own_applications


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
        # Placements: a match to confirm, the school's answer, evaluations (issue 6).
        ("programmes.placement", _("Placements: matches to confirm and the school's answer"), True),
        ("programmes.evaluation", _("Evaluations of my placement released to me"), False),
        ("programmes.evaluation_reminder", _("Reminders of placement evaluations I have to write"), False),
        ("programmes.school_digest", _("Weekly summary of my school's placements"), False),
    ]

    group_permissions = {
        "programme_coordinator": [f"programmes.view_{model}" for model in (*_INTAKE_MODELS, "applicationtransition")]
        + [f"programmes.{action}_checklistitem" for action in ("add", "change", "delete")]
        + [
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
        # Placement coordinators run placements: periods, offers, matching, evaluations.
        "placement_coordinator": [
            f"programmes.{action}_{model}"
            for action in ("view", "add", "change", "delete")
            for model in ("placementperiod", "placementoffer", "placement", "evaluation")
        ]
        + [
            "programmes.view_placementwish",
            "programmes.view_schoolsubject",
            "programmes.view_pathway",
        ],
        "intake_officer": [
            f"programmes.view_{model}"
            for model in (
                "schoolsubject",
                "qualification",
                "programme",
                "pathway",
                "degreefield",
                "degreerelatedness",
                "module",
                "deficiencycourse",
                "startmoment",
            )
        ]
        + [f"programmes.{action}_{model}" for action in ("view", "add", "change") for model in _INTAKE_MODELS]
        + ["programmes.view_applicationtransition", "programmes.review_application", "programmes.decide_application"],
    }

    def ready(self):
        # The routes pages' cache is retired whenever staff change the catalogue (see
        # programmes/cache.py for why signals are the right tool here).
        from programmes.cache import connect_invalidation

        connect_invalidation()

    def navigation(self, request):
        from django.urls import reverse

        from iclon.core.navigation import NavItem

        items = [NavItem(_("Routes into teaching"), reverse("programmes:catalogue"), "/routes/")]
        if _own_applications(request):
            items.append(NavItem(_("My applications"), reverse("intake:application-list"), "/applications/"))
        from programmes.placements import navigation as placement_navigation

        items.extend(placement_navigation.navigation(request, _own_applications(request)))
        return items

    def dashboard_cards(self, request):
        from django.urls import NoReverseMatch, reverse
        from django.utils.translation import gettext

        from iclon.core.navigation import DashboardCard
        from programmes.intake.selectors import sees_all_applications

        cards = []
        applications = _own_applications(request)
        if applications:
            links = [
                (
                    gettext("%(route)s (%(status)s)")
                    % {"route": application.pathway.name, "status": application.get_status_display().lower()},
                    reverse("intake:application-detail", kwargs={"pk": application.pk}),
                )
                for application in applications[:3]
            ]
            links.append((gettext("All my applications"), reverse("intake:application-list")))
            cards.append(
                DashboardCard(
                    title=gettext("My applications"),
                    text=gettext(
                        "Follow your applications, answer ICLON's questions and finish a draft before the deadline."
                    ),
                    links=links,
                )
            )
        if sees_all_applications(request.user):
            try:
                changelist = reverse("admin:programmes_application_changelist")
            except NoReverseMatch:
                changelist = None
            if changelist:
                cards.append(
                    DashboardCard(
                        title=gettext("Intake"),
                        text=gettext("Applications for the routes into teaching: review, assess and decide."),
                        links=[(gettext("Applications"), changelist)],
                        kind="staff",
                    )
                )
        from programmes.placements import navigation as placement_navigation

        cards.extend(placement_navigation.dashboard_cards(request, _own_applications(request)))
        return cards

    def account_links(self, request):
        # Every account may download its data: without applications the ZIP holds the account alone.
        from django.urls import reverse

        from iclon.core.navigation import NavItem

        return [NavItem(_("Your data"), reverse("intake:data-export"), "/applications/my-data/")]

    def seed_demo(self, stdout, style):
        from programmes.demo import seed_demo

        seed_demo(stdout, style)

    def seed_scale_arguments(self, parser):
        from programmes.demo import seed_scale_arguments

        seed_scale_arguments(parser)

    def seed_scale(self, options, stdout):
        from programmes.demo import seed_scale

        seed_scale(options, stdout)
