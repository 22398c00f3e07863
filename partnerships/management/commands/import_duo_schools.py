from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations
from tqdm import tqdm

from partnerships.services.duo_import import DuoImportRefused, count_data_lines, import_duo_file


class Command(BaseCommand):
    help = "Import or update schools from DUO's file 'alle vestigingen VO' (CSV, ; separated)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Path to the DUO CSV file.")
        parser.add_argument("--quiet-rejects", action="store_true", help="Do not list rejected rows.")

    @no_translations  # an operator's report: English throughout, whatever language was active
    def handle(self, *args, file: Path, quiet_rejects: bool, **options):
        try:
            raw = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        show_bar = options["verbosity"] >= 1
        with tqdm(total=count_data_lines(raw), unit="rows", disable=not show_bar, file=self.stderr._out) as bar:
            try:
                report = import_duo_file(raw, actor=None, progress=bar.update)
            except DuoImportRefused as error:
                raise CommandError(str(error.message)) from error
        self.stdout.write(self.style.SUCCESS(report.summary()))
        if report.boards_created:
            self.stdout.write(f"{report.boards_created} school boards created.")
        if not quiet_rejects:
            for rejected in report.rejected:
                self.stdout.write(self.style.WARNING(f"line {rejected.line}: {rejected.reason}"))
