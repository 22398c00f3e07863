from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "iclon.accounts"
    label = "accounts"
    verbose_name = _("Users and roles")

    # Model permissions this app gives to the staff groups (see iclon/accounts/roles.py).
    group_permissions = {
        "intake_officer": ["accounts.view_user"],
        "programme_coordinator": ["accounts.view_user"],
        "placement_coordinator": ["accounts.view_user"],
        "professionalisation_coordinator": ["accounts.view_user"],
        "research_staff": ["accounts.view_user"],
    }

    def ready(self):
        from iclon.accounts import roles

        post_migrate.connect(roles.sync_group_permissions, dispatch_uid="iclon-sync-group-permissions")

    def seed_demo(self, stdout, style):
        from iclon.accounts.demo import seed_demo_accounts

        seed_demo_accounts()

    def dashboard_cards(self, request):
        # The open erasure requests, for the staff who carry them out (iclon/accounts/navigation.py).
        from iclon.accounts.navigation import dashboard_cards

        return dashboard_cards(request)
