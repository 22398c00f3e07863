"""Load the demo data: every app that has some defines `seed_demo(stdout, style)` on its AppConfig.

Idempotent: running it twice gives the same rows. Refused when DJANGO_DEBUG is off, so that demo
accounts with published passwords never reach production.

The console shows one line per seeder. The demo's notifications go where the portal keeps them
(the outbox, *Notifications* in the admin, and each account's notification centre); with the
console e-mail backend of DJANGO_DEBUG=1 their e-mails are written to files in `demo-mail/`
instead of being printed, hundreds of them, between those lines."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django_scopes import scopes_disabled

CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"
FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
#: The folder the demo's e-mails are written to (ignored by git).
DEMO_MAIL_FOLDER = "demo-mail"
#: Celery logs a line for every task it runs; in-process (no Redis) they would land between ours.
TASK_LOGGER = "celery.app.trace"


@contextmanager
def demo_mail_to_files(folder: Path) -> Iterator[bool]:
    """While seeding, e-mails meant for the console go to files in `folder` (yields whether they do).

    Any other backend (SMTP to a local mail catcher, say) is left alone: someone chose it."""
    if settings.EMAIL_BACKEND != CONSOLE_BACKEND:
        yield False
        return
    with override_settings(EMAIL_BACKEND=FILE_BACKEND, EMAIL_FILE_PATH=str(folder)):
        yield True


@contextmanager
def quiet_task_log() -> Iterator[None]:
    """Celery's line per task only from warnings up, while seeding."""
    logger = logging.getLogger(TASK_LOGGER)
    saved = logger.level
    logger.setLevel(max(saved, logging.WARNING))
    try:
        yield
    finally:
        logger.setLevel(saved)


class Command(BaseCommand):
    help = "Load the ICLON demo data and demo accounts (development only; refused when DJANGO_DEBUG=0)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo loads accounts with published passwords: it runs only with DJANGO_DEBUG=1.")
        folder = Path(settings.BASE_DIR) / DEMO_MAIL_FOLDER
        # The e-mails are sent when the transaction commits, inside the first two contexts.
        with demo_mail_to_files(folder) as to_files, quiet_task_log(), scopes_disabled(), transaction.atomic():
            for config in apps.get_app_configs():
                seeder = getattr(config, "seed_demo", None)
                if seeder is not None:
                    self.stdout.write(f"Seeding {config.label}…")
                    seeder(self.stdout, self.style)
        if to_files:
            self.stdout.write(
                f"The demo's e-mails are in {DEMO_MAIL_FOLDER}/ (not printed here); its notifications are in the "
                "admin's Notifications and in each account's notification centre."
            )
        self.stdout.write(self.style.SUCCESS("Demo data loaded. The demo accounts are listed in the README."))
