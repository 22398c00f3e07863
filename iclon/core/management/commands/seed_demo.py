"""Load the demo data: every app that has some defines `seed_demo(stdout, style)` on its AppConfig.

Idempotent: running it twice gives the same rows. Refused when DJANGO_DEBUG is off, so that demo
accounts with published passwords never reach production."""

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_scopes import scopes_disabled


class Command(BaseCommand):
    help = "Load the ICLON demo data and demo accounts (development only; refused when DJANGO_DEBUG=0)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo loads accounts with published passwords: it runs only with DJANGO_DEBUG=1.")
        with scopes_disabled(), transaction.atomic():
            for config in apps.get_app_configs():
                seeder = getattr(config, "seed_demo", None)
                if seeder is not None:
                    self.stdout.write(f"Seeding {config.label}…")
                    seeder(self.stdout, self.style)
        self.stdout.write(self.style.SUCCESS("Demo data loaded. The demo accounts are listed in the README."))
