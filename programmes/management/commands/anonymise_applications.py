"""Anonymise the applications past the retention period (settings.APPLICATION_RETENTION_DAYS).

Beat runs the same work daily as programmes.intake.tasks.anonymise_applications_task (one task per
application); this command is for running it by hand, or checking first with --dry-run."""

from django.core.management.base import BaseCommand, no_translations
from django.db.models import Count
from django.utils import timezone

from programmes.intake.services.privacy import application_anonymise_if_due, applications_due_for_anonymisation
from programmes.models import Application


class Command(BaseCommand):
    help = "Anonymise applications past the retention period (personal fields, documents, history)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what is due; change nothing.")

    @no_translations  # an operator's report: English throughout, status labels included
    def handle(self, *args, dry_run: bool, **options):
        now = timezone.now()
        due = applications_due_for_anonymisation(now=now)
        by_status = dict(due.order_by().values_list("status").annotate(n=Count("pk")))
        total = sum(by_status.values())
        labels = dict(Application._meta.get_field("status").choices)
        details = ", ".join(f"{labels[status]}: {n}" for status, n in sorted(by_status.items()))
        self.stdout.write(f"{total} applications due for anonymisation" + (f" ({details})." if details else "."))
        if dry_run:
            self.stdout.write("Dry run: nothing changed.")
            return
        done = 0
        for pk in list(due.values_list("pk", flat=True)):
            # One transaction per application: a failure leaves the others done, and each one's
            # files are deleted as soon as its transaction commits.
            if application_anonymise_if_due(application_id=pk, now=now):
                done += 1
        self.stdout.write(self.style.SUCCESS(f"{done} applications anonymised."))
