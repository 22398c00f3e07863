"""Import of DUO's open register of secondary-school branches ("alle vestigingen VO").

DUO publishes the file monthly, semicolon-separated and in Latin-1; older editions call the code
columns BRIN NUMMER and VESTIGINGSNUMMER. The import is an idempotent upsert by BRIN code and
branch number, in one transaction: a file that is not such a CSV at all is refused whole and
changes nothing; a bad row is skipped and reported with its line number and reason.
"""

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from iclon.accounts.models import User
from iclon.accounts.roles import staff_may
from iclon.core.errors import NotAllowed, PortalError
from iclon.core.pagecache import retire_public_pages
from partnerships.models import MunicipalityRegion, School, SchoolBoard
from partnerships.municipalities import municipality_key
from partnerships.validators import normalise_postcode

# Either name of a column is accepted; the first is the current one.
COLUMN_ALIASES = {
    "brin": ("INSTELLINGSCODE", "BRIN NUMMER", "BRINNUMMER"),
    "branch": ("VESTIGINGSCODE", "VESTIGINGSNUMMER"),
    "name": ("VESTIGINGSNAAM",),
    "board": ("BEVOEGD GEZAG NUMMER", "BEVOEGD GEZAG"),
}
REQUIRED = tuple(COLUMN_ALIASES)
OPTIONAL_COLUMNS = {
    "province": "PROVINCIE",
    "street": "STRAATNAAM",
    "house_number": "HUISNUMMER-TOEVOEGING",
    "postcode": "POSTCODE",
    "city": "PLAATSNAAM",
    "municipality_code": "GEMEENTENUMMER",
    "municipality": "GEMEENTENAAM",
    "denomination": "DENOMINATIE",
    "phone": "TELEFOONNUMMER",
    "website": "INTERNETADRES",
    "education_structure": "ONDERWIJSSTRUCTUUR",
}
# The fields an import owns; everything else on a School (partnership, ONZ, …) is staff's.
IMPORTED_FIELDS = ["name", "offers_vo", "board", *OPTIONAL_COLUMNS]
# One parsed row: the School fields it sets (strings, and offers_vo) plus "board_number".
SchoolData = dict[str, Any]

MAX_FILE_BYTES = 50 * 1024 * 1024
_PROVINCE_ABBREVIATIONS = {"ZH", "NH", "NB", "ZL", "LB", "GLD", "UT", "FL", "DR", "OV", "FR", "GR", "GN"}
_LOWER_WORDS = {"aan", "de", "den", "der", "het", "in", "op", "van", "en", "bij", "ter", "ten", "'s", "a/d"}


class DuoImportRefused(PortalError):
    default_message = gettext_lazy("This file is not DUO's register of school branches.")


@dataclass
class RejectedRow:
    line: int
    reason: str


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    boards_created: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    encoding: str = "utf-8"

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged + len(self.rejected)

    def summary(self) -> str:
        return _(
            "%(created)d schools created, %(updated)d updated, %(unchanged)d unchanged, %(rejected)d rows rejected."
        ) % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": len(self.rejected),
        }


def place_name(value: str) -> str:
    """DUO writes places in capitals ('ALPHEN AAN DEN RIJN'); show them as people write them."""
    value = (value or "").strip()
    if not value or not value.isupper():
        return value
    if value.startswith("S ") or value.startswith("'S "):
        # DUO writes 's-Gravenhage as 'S GRAVENHAGE' in the municipality column.
        value = "'S-" + value.split(" ", 1)[1]

    def word(w: str, first: bool) -> str:
        if w in _PROVINCE_ABBREVIATIONS and not first:
            return w  # 'KATWIJK ZH' is Katwijk ZH
        lower = w.lower()
        if lower in _LOWER_WORDS and not first:
            return lower
        if lower.startswith("'s-"):
            return "'s-" + word(lower[3:], True)
        if "-" in lower:
            return "-".join(word(part, True) for part in lower.split("-"))
        if lower.startswith("ij"):
            return "IJ" + lower[2:]
        return lower[:1].upper() + lower[1:]

    return " ".join(word(w, i == 0) for i, w in enumerate(value.split()))


def _decode(raw: bytes) -> tuple[str, str]:
    if not raw or not raw.strip():
        raise DuoImportRefused(_("The file is empty."))
    if b"\x00" in raw[:4096]:
        raise DuoImportRefused(_("The file is not a text file (CSV)."))
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # DUO's own download is Latin-1; every byte sequence decodes in it.
        return raw.decode("latin-1"), "latin-1"


def _header_map(header: list[str]) -> dict[str, int]:
    names = [name.strip().upper() for name in header]
    positions: dict[str, int] = {}
    missing = []
    for key, aliases in COLUMN_ALIASES.items():
        found = next((names.index(alias) for alias in aliases if alias in names), None)
        if found is None:
            missing.append(aliases[0])
        else:
            positions[key] = found
    if missing:
        raise DuoImportRefused(
            _("Columns are missing: %(columns)s. Is this DUO's file 'alle vestigingen VO'?")
            % {"columns": ", ".join(missing)}
        )
    for key, column in OPTIONAL_COLUMNS.items():
        if column in names:
            positions[key] = names.index(column)
    return positions


def _clean(value: str) -> str:
    # DUO writes an empty value as a single space.
    return (value or "").strip()


def _branch_number(brin: str, raw: str) -> str:
    """VESTIGINGSCODE is BRIN + two digits ('18BR00'); older files may hold only the two digits."""
    raw = raw.upper()
    if len(raw) == 6 and raw.startswith(brin):
        return raw[4:]
    if raw.isdigit() and len(raw) <= 2:
        return raw.zfill(2)
    return raw


def import_duo_file(
    file: bytes | IO[bytes], *, actor: User | None, progress: Callable[[int], None] | None = None
) -> ImportReport:
    """Upsert the schools in DUO file `file` (a file object or bytes) and return the report.

    Creates missing school boards, assigns education regions through MunicipalityRegion (by
    the municipality's CBS code, else by its name's key: "S GRAVENHAGE" is staff's "Den Haag"),
    writes history rows for created and changed schools. Raises DuoImportRefused, and changes
    nothing, when the file is not such a CSV; NotAllowed when the actor may not import."""
    if actor is not None and not (
        staff_may(actor, "partnerships.add_school") and staff_may(actor, "partnerships.change_school")
    ):
        raise NotAllowed()
    raw = file if isinstance(file, bytes) else file.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise DuoImportRefused(_("The file is larger than 50 MB."))
    text, encoding = _decode(raw)
    first_line = text.split("\n", 1)[0]
    if ";" not in first_line:
        raise DuoImportRefused(_("The file is not semicolon-separated, as DUO's CSV files are."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as error:
        raise DuoImportRefused() from error
    columns = _header_map(header)

    report = ImportReport(encoding=encoding)
    rows: dict[tuple[str, str], tuple[int, SchoolData]] = {}
    try:
        for row in reader:
            line = reader.line_num
            if progress is not None:
                progress(1)
            if not any(cell.strip() for cell in row):
                continue
            parsed = _parse_row(row, columns, line, rows, report)
            if parsed is not None:
                rows[(parsed["brin_code"], parsed["branch_number"])] = (line, parsed)
    except csv.Error as error:
        raise DuoImportRefused(_("The file cannot be read as CSV: %(error)s") % {"error": error}) from error
    if not rows and not report.rejected:
        raise DuoImportRefused(_("The file has a header but no rows."))

    with transaction.atomic():
        _upsert(rows, report, actor=actor)
    return report


def _parse_row(
    row: list[str],
    columns: dict[str, int],
    line: int,
    seen: dict[tuple[str, str], tuple[int, SchoolData]],
    report: ImportReport,
) -> SchoolData | None:
    if len(row) <= max(columns.values()):
        report.rejected.append(RejectedRow(line, _("The row has too few columns.")))
        return None
    values = {key: _clean(row[index]) for key, index in columns.items()}
    brin = values["brin"].upper()
    branch = _branch_number(brin, values["branch"])
    data: SchoolData = {
        "brin_code": brin,
        "branch_number": branch,
        "name": values["name"],
        "board_number": values["board"],
        "offers_vo": True,
    }
    for key in OPTIONAL_COLUMNS:
        data[key] = values.get(key, "")
    data["postcode"] = normalise_postcode(data["postcode"]) if data["postcode"] else ""
    data["city"] = place_name(data["city"])
    data["municipality"] = place_name(data["municipality"])
    data["website"] = data["website"].lower()

    code = (brin, branch)
    if code in seen:
        report.rejected.append(
            RejectedRow(
                line, _("Duplicate of line %(line)d (%(code)s).") % {"line": seen[code][0], "code": brin + branch}
            )
        )
        return None
    if not data["board_number"].isdigit():
        report.rejected.append(
            RejectedRow(line, _("Invalid board number (bevoegd gezag): '%(value)s'.") % {"value": data["board_number"]})
        )
        return None
    candidate = School(**{k: v for k, v in data.items() if k != "board_number"})
    try:
        candidate.clean_fields(exclude=["board", "region", "partnership"])
    except ValidationError as error:
        reasons = [f"{_field_label(name)}: {' '.join(messages)}" for name, messages in error.message_dict.items()]
        report.rejected.append(RejectedRow(line, "; ".join(reasons)))
        return None
    return data


def _field_label(name: str) -> str:
    model_field = School._meta.get_field(name)
    return str(model_field.verbose_name) if isinstance(model_field, models.Field) else name


def _upsert(rows: dict[tuple[str, str], tuple[int, SchoolData]], report: ImportReport, *, actor: User | None) -> None:
    board_numbers = {data["board_number"] for _line, data in rows.values()}
    boards = {board.number: board for board in SchoolBoard.objects.filter(number__in=board_numbers)}
    new_boards = [SchoolBoard(number=number) for number in sorted(board_numbers - boards.keys())]
    if new_boards:
        SchoolBoard.objects.bulk_create(new_boards)
        boards.update({board.number: board for board in SchoolBoard.objects.filter(number__in=board_numbers)})
        report.boards_created = len(new_boards)
    table = list(MunicipalityRegion.objects.values_list("municipality_code", "municipality_key", "region_id"))
    regions_by_code = {code: region for code, _key, region in table}
    regions_by_key = {key: region for _code, key, region in table if key}

    brins = {brin for brin, _branch in rows}
    existing = {
        (school.brin_code, school.branch_number): school for school in School.objects.filter(brin_code__in=brins)
    }
    to_create: list[School] = []
    to_update: list[School] = []
    now = timezone.now()
    for key, (_line, data) in rows.items():
        board_id = boards[data.pop("board_number")].pk
        region_id = regions_by_code.get(data["municipality_code"]) or regions_by_key.get(
            municipality_key(data["municipality"])
        )
        school = existing.get(key)
        if school is None:
            to_create.append(School(**data, board_id=board_id, region_id=region_id))
            continue
        changed = False
        for name, value in {**data, "board_id": board_id}.items():
            if getattr(school, name) != value:
                setattr(school, name, value)
                changed = True
        if region_id is not None and school.region_id != region_id:
            school.region_id = region_id
            changed = True
        if changed:
            school.updated_at = now
            to_update.append(school)
        else:
            report.unchanged += 1
    if to_create:
        bulk_create_with_history(to_create, School, batch_size=500, default_user=actor)
    if to_update:
        bulk_update_with_history(
            to_update, School, [*IMPORTED_FIELDS, "region", "updated_at"], batch_size=500, default_user=actor
        )
    report.created = len(to_create)
    report.updated = len(to_update)
    if to_create or to_update:
        # Bulk writes send no signals: the anonymous school lists are retired here (receivers.py).
        transaction.on_commit(retire_public_pages)


def count_data_lines(raw: bytes) -> int:
    """Lines after the header, for a progress bar."""
    return max(len(re.findall(rb"\n", raw)) - 1, 0) + (0 if raw.endswith(b"\n") else 1)
