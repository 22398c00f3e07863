"""Reading a CSV export of the student administration into results to record.

The file is decoded as UTF-8 (a byte order mark is dropped); a file that is not UTF-8 is read as
Windows-1252, which is what Excel writes when it saves "CSV" on a Dutch Windows. The delimiter is a
comma or a semicolon (Dutch Excel), chosen from the header line. Headers are matched without
regard to case, in Dutch or English:

- the trainee: `reference` / `referentie` / `aanvraag` (the application's reference, ICL-000042,
  or its number), or else `email` / `e-mail` (the trainee's account), `studentnummer` is not
  used: the portal keeps no student numbers;
- `module`: the module's name (Dutch or English) within the trainee's pathway, or its number;
- `date` / `datum`: 2027-01-31, 31-01-2027 or 31/01/2027;
- `grade` / `cijfer`: 7.5 or 7,5 (optional when there is an outcome);
- `outcome` / `uitslag` / `result` / `resultaat`: pass/fail, voldaan/niet voldaan, V/NV (optional);
- `examiner` / `examinator`: the examiner's e-mail address.

Every row is checked like a result entered by hand (services.check_result); the import is all or
nothing: the preview shows each row's error, and only a file without errors can be confirmed."""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from iclon.accounts.models import User
from iclon.core.errors import PortalError
from programmes.catalogue.models import Module
from programmes.intake.models import Application
from programmes.placements.permissions import TRAINEE_STATUSES
from programmes.progress.models import Outcome
from programmes.progress.services import ResultEntry, check_results

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000

HEADERS = {
    "reference": ("reference", "referentie", "aanvraag", "application", "application reference"),
    "email": ("email", "e-mail", "student email", "student e-mail", "e-mailadres"),
    "module": ("module", "module name", "modulenaam"),
    "date": ("date", "datum"),
    "grade": ("grade", "cijfer"),
    "outcome": ("outcome", "uitslag", "result", "resultaat"),
    "examiner": ("examiner", "examinator", "examiner email", "examinator e-mail"),
}
OUTCOMES = {
    "pass": Outcome.PASS,
    "passed": Outcome.PASS,
    "voldaan": Outcome.PASS,
    "v": Outcome.PASS,
    "geslaagd": Outcome.PASS,
    "fail": Outcome.FAIL,
    "failed": Outcome.FAIL,
    "niet voldaan": Outcome.FAIL,
    "nv": Outcome.FAIL,
    "gezakt": Outcome.FAIL,
}
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")


@dataclass
class ImportRow:
    line: int
    values: dict[str, str]
    entry: ResultEntry | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def trainee_label(self) -> str:
        """The trainee as the file names them (for a row whose trainee was not found)."""
        return self.values.get("reference") or self.values.get("email") or ""


@dataclass
class ImportPreview:
    text: str
    rows: list[ImportRow]

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if row.errors)

    @property
    def entries(self) -> list[ResultEntry]:
        return [row.entry for row in self.rows if row.entry is not None]


def decode(content: bytes) -> str:
    if len(content) > MAX_BYTES:
        raise PortalError(_("The file is larger than 2 MB: split it."), field="file")
    if b"\x00" in content:
        raise PortalError(_("This is not a CSV file: save the export as CSV and try again."), field="file")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def _reader(text: str) -> csv.DictReader:
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return csv.DictReader(io.StringIO(text), delimiter=delimiter)


def _columns(fieldnames: list[str]) -> dict[str, str]:
    """{our name: the file's header} for the headers found."""
    found: dict[str, str] = {}
    for header in fieldnames:
        normalised = (header or "").strip().lower()
        for name, aliases in HEADERS.items():
            if normalised in aliases and name not in found:
                found[name] = header
    return found


def _trainee(values: dict[str, str], trainees: dict[int, Application], by_email: dict[str, Application]):
    reference = values.get("reference", "")
    if reference:
        match = re.fullmatch(r"(?:ICL-)?0*(\d{1,10})", reference.strip(), flags=re.IGNORECASE)
        trainee = trainees.get(int(match.group(1))) if match else None
        if trainee is None:
            raise PortalError(_("No trainee has the reference %(value)s.") % {"value": reference})
        return trainee
    email = values.get("email", "").strip().lower()
    if not email:
        raise PortalError(_("The trainee's reference or e-mail address is missing."))
    trainee = by_email.get(email)
    if trainee is None:
        raise PortalError(_("No trainee has the e-mail address %(value)s.") % {"value": email})
    return trainee


def _module(value: str, trainee: Application, modules: dict[int, list[Module]]) -> Module:
    value = value.strip()
    if not value:
        raise PortalError(_("The module is missing."))
    for module in modules.get(trainee.pathway_id, []):
        if value.isdigit() and module.pk == int(value):
            return module
        if value.lower() in (module.name_nl.lower(), module.name_en.lower()):
            return module
    raise PortalError(_("The trainee's pathway has no module %(value)s.") % {"value": value})


def _date(value: str) -> datetime.date:
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value.strip(), pattern).date()  # noqa: DTZ007 (a date, no time)
        except ValueError:
            continue
    raise PortalError(_("The date %(value)s is not a date (use 2027-01-31 or 31-01-2027).") % {"value": value})


def _grade(value: str) -> Decimal | None:
    value = value.strip().replace(",", ".")
    if not value:
        return None
    try:
        grade = Decimal(value)
    except InvalidOperation:
        raise PortalError(_("The grade %(value)s is not a number.") % {"value": value}) from None
    if not grade.is_finite():  # NaN, Infinity: Decimal reads them, no grade is one
        raise PortalError(_("The grade %(value)s is not a number.") % {"value": value})
    return grade


def _outcome(value: str) -> str:
    value = value.strip().lower()
    if not value:
        return ""
    if value not in OUTCOMES:
        raise PortalError(_("The outcome %(value)s is not pass or fail (voldaan, niet voldaan).") % {"value": value})
    return OUTCOMES[value]


def parse(content: bytes | str) -> ImportPreview:
    """Every row of the file with its entry or its errors (a fixed number of queries: trainees,
    modules and examiners are read once for the whole file). A file the csv module cannot read
    (an unmatched quote making a field over its limit) is refused on the file field."""
    text = decode(content) if isinstance(content, bytes) else content
    if len(text.encode()) > MAX_BYTES:
        raise PortalError(_("The file is larger than 2 MB: split it."), field="file")
    try:
        return _parse(text)
    except csv.Error:
        raise PortalError(
            _("The file cannot be read as CSV (a quote that is not closed?): save the export as CSV and try again."),
            field="file",
        ) from None


def _parse(text: str) -> ImportPreview:
    reader = _reader(text)
    columns = _columns(reader.fieldnames or [])
    missing = [name for name in ("module", "date", "examiner") if name not in columns]
    if "reference" not in columns and "email" not in columns:
        missing.insert(0, "reference")
    if "grade" not in columns and "outcome" not in columns:
        missing.append("grade")
    if missing:
        raise PortalError(
            _("The file misses the column(s) %(columns)s (see the explanation above).")
            % {"columns": ", ".join(missing)},
            field="file",
        )
    raw = []
    for line, record in enumerate(reader, start=2):
        values = {name: (record.get(columns[name]) or "").strip() if name in columns else "" for name in HEADERS}
        if any(values.values()):
            raw.append(ImportRow(line=line, values=values))
        if len(raw) > MAX_ROWS:
            raise PortalError(_("The file has more than %(rows)d rows: split it.") % {"rows": MAX_ROWS}, field="file")
    if not raw:
        raise PortalError(_("The file has no rows of results."), field="file")

    numbers, emails, examiner_emails = set(), set(), set()
    for row in raw:
        match = re.fullmatch(r"(?:ICL-)?0*(\d{1,10})", row.values.get("reference", ""), flags=re.IGNORECASE)
        if match:
            numbers.add(int(match.group(1)))
        if row.values.get("email"):
            emails.add(row.values["email"].lower())
        examiner_emails.add(row.values.get("examiner", "").lower())
    found = Application.objects.filter(Q(pk__in=numbers) | Q(applicant__email__in=emails)).select_related("applicant")
    trainees = {trainee.pk: trainee for trainee in found}
    by_email: dict[str, Application] = {}
    for trainee in sorted(trainees.values(), key=lambda t: t.created_at):
        # A person's latest trainee record wins; another application is not whose result this is.
        email = trainee.applicant.email.lower() if trainee.applicant else ""
        if email in emails and (trainee.status in TRAINEE_STATUSES or email not in by_email):
            by_email[email] = trainee
    modules: dict[int, list[Module]] = {}
    for module in Module.objects.filter(pathway_id__in={t.pathway_id for t in trainees.values()}):
        modules.setdefault(module.pathway_id, []).append(module)
    examiners = {user.email.lower(): user for user in User.objects.filter(email__in=examiner_emails - {""})}
    for row in raw:
        try:
            trainee = _trainee(row.values, trainees, by_email)
            module = _module(row.values.get("module", ""), trainee, modules)
            examiner = examiners.get(row.values.get("examiner", "").lower())
            if examiner is None:
                raise PortalError(
                    _("No account has the examiner's e-mail address %(value)s.") % {"value": row.values.get("examiner")}
                )
            row.entry = ResultEntry(
                trainee=trainee,
                module=module,
                date=_date(row.values.get("date", "")),
                examiner=examiner,
                grade=_grade(row.values.get("grade", "")),
                outcome=_outcome(row.values.get("outcome", "")),
            )
        except PortalError as error:
            row.errors.append(str(error.message))
    checked = [row for row in raw if row.entry is not None]
    _outcomes, errors = check_results([row.entry for row in checked if row.entry is not None])
    for index, error in errors.items():
        checked[index].errors.append(str(error.message))
        checked[index].entry = None
    return ImportPreview(text=text, rows=raw)
