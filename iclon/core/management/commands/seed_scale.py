"""Generate large volumes for benchmarks. Every app that has some defines, on its AppConfig,
`seed_scale_arguments(parser)` and `seed_scale(options, stdout)`; e.g. `--schools 10000`."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection
from django_scopes import scopes_disabled


def _seeders():
    return [config for config in apps.get_app_configs() if hasattr(config, "seed_scale")]


class Command(BaseCommand):
    help = "Generate large volumes of data for benchmarks (bulk inserts, with progress bars)."

    def add_arguments(self, parser):
        for config in _seeders():
            config.seed_scale_arguments(parser)

    def handle(self, *args, **options):
        with scopes_disabled():
            for config in _seeders():
                config.seed_scale(options, self.stdout)
        if connection.vendor == "postgresql":
            # Fresh statistics for the planner: autovacuum may not have analysed the bulk
            # inserts yet, and plans (and benchmarks) on stale statistics mislead.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
