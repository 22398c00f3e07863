"""`manage.py import_publications FILE`: the publications slice's import (research/publications/importing.py)
from the command line. Django finds commands in the app's management package, not in a slice's."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from iclon.core.errors import PortalError
from research.publications.importing import FORMATS, import_publications


class Command(BaseCommand):
    help = (
        "Import publications from a BibTeX, RIS or CSL-JSON file (the format is chosen by the extension "
        "and the content). Prints the report: created, updated, duplicates, suspected duplicates, rejected."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Path to the .bib, .ris or .json file.")
        parser.add_argument("--format", choices=FORMATS, help="Read the file as this format.")

    @no_translations  # an operator's report: English throughout, whatever language was active
    def handle(self, *args, file: Path, format: str | None = None, **options):
        try:
            report = import_publications(file, actor=None, format=format)
        except PortalError as error:
            raise CommandError(str(error.message)) from error
        self.stdout.write(self.style.SUCCESS(report.summary()))
        for publication in report.created:
            self.stdout.write(f"created: {publication}")
        for publication in report.updated:
            self.stdout.write(f"updated: {publication}")
        for suspected in report.suspected:
            self.stdout.write(
                self.style.WARNING(f"{suspected.label}: suspected duplicate of “{suspected.publication}”, to review")
            )
        for rejected in report.rejected:
            self.stdout.write(self.style.WARNING(f"{rejected.label}: rejected: {rejected.reason}"))
