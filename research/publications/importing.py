"""Import of publications from BibTeX (bibtexparser v2), RIS (rispy) and CSL-JSON files:
`import_publications(file, actor=..., format=None)`, called by the admin's upload page and by
`manage.py import_publications FILE`.

The format is chosen by the file's extension (.bib, .ris, .json) and, failing that, its content.
A file that cannot be read as that format at all (not UTF-8, not JSON, no entry) is refused as a
whole with a translated `ImportRefused`; an entry that cannot be taken (no title, no year, a type
the portal does not keep, a broken BibTeX block, a DOI that is not one) is rejected with its
position and the reason, and the others are imported. Everything runs in one transaction: an
unexpected error leaves the portal as it was.

Each entry is compared with what the portal holds (normalise.py):
1. the same DOI (case-insensitive, with or without https://doi.org/) → the same publication;
2. else the same title key and year, and no DOI or author that says otherwise → the same
   publication;
3. else the same title key and year with another DOI or first author → a suspected duplicate:
   kept aside as a `DuplicateSuspicion` for research staff to merge or keep both, never created
   twice (importing it again finds it waiting).
The same publication is completed with what it lacks ("updated") or left alone ("duplicate").
Re-importing a file, or importing the portal's own export, therefore creates nothing."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import bibtexparser
import rispy  # type: ignore[import-untyped]
from bibtexparser.middlewares import SeparateCoAuthors
from bibtexparser.model import DuplicateBlockKeyBlock, Entry
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pylatexenc.latex2text import LatexNodes2Text  # type: ignore[import-untyped]

from iclon.accounts.models import User
from iclon.core.errors import PortalError
from research.publications import services
from research.publications.models import (
    DuplicateSuspicion,
    Publication,
    PublicationCategory,
    PublicationType,
    SuspicionStatus,
)
from research.publications.normalise import surname_initial, title_key
from research.publications.services import PublicationData, ResearcherMatcher

#: The largest file the import takes.
MAX_BYTES = 10 * 1024 * 1024

BIBTEX, RIS, CSLJSON = "bibtex", "ris", "csljson"
FORMATS = (BIBTEX, RIS, CSLJSON)
EXTENSIONS = {".bib": BIBTEX, ".bibtex": BIBTEX, ".ris": RIS, ".json": CSLJSON, ".csljson": CSLJSON}

BIBTEX_TYPES = {
    "article": PublicationType.ARTICLE,
    "book": PublicationType.BOOK,
    "incollection": PublicationType.CHAPTER,
    "inbook": PublicationType.CHAPTER,
    "phdthesis": PublicationType.DISSERTATION,
    "thesis": PublicationType.DISSERTATION,
    "techreport": PublicationType.REPORT,
    "report": PublicationType.REPORT,
    "inproceedings": PublicationType.CONFERENCE_PAPER,
    "conference": PublicationType.CONFERENCE_PAPER,
}
RIS_TYPES = {
    "JOUR": PublicationType.ARTICLE,
    "EJOUR": PublicationType.ARTICLE,
    "MGZN": PublicationType.PROFESSIONAL_ARTICLE,
    "NEWS": PublicationType.PROFESSIONAL_ARTICLE,
    "BOOK": PublicationType.BOOK,
    "EBOOK": PublicationType.BOOK,
    "CHAP": PublicationType.CHAPTER,
    "ECHAP": PublicationType.CHAPTER,
    "THES": PublicationType.DISSERTATION,
    "RPRT": PublicationType.REPORT,
    "CPAPER": PublicationType.CONFERENCE_PAPER,
    "CONF": PublicationType.CONFERENCE_PAPER,
}
CSL_TYPES = {
    "article-journal": PublicationType.ARTICLE,
    "article": PublicationType.ARTICLE,
    "article-magazine": PublicationType.PROFESSIONAL_ARTICLE,
    "article-newspaper": PublicationType.PROFESSIONAL_ARTICLE,
    "book": PublicationType.BOOK,
    "chapter": PublicationType.CHAPTER,
    "thesis": PublicationType.DISSERTATION,
    "report": PublicationType.REPORT,
    "paper-conference": PublicationType.CONFERENCE_PAPER,
}

_YEAR = re.compile(r"(1[89]\d\d|2\d\d\d)")
_TRUE = {"true", "yes", "1", "y"}
_LATEX = LatexNodes2Text(keep_comments=True)


class ImportRefused(PortalError):
    """The file as a whole cannot be read: nothing was imported."""


@dataclass
class Rejected:
    position: int
    label: str
    reason: str


@dataclass
class Suspected:
    position: int
    label: str
    publication: Publication


@dataclass
class ImportReport:
    format: str
    created: list[Publication] = field(default_factory=list)
    updated: list[Publication] = field(default_factory=list)
    duplicates: list[Publication] = field(default_factory=list)
    suspected: list[Suspected] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.created) + len(self.updated) + len(self.duplicates) + len(self.suspected) + len(self.rejected)

    def summary(self) -> str:
        return _(
            "%(total)d entries read: %(created)d created, %(updated)d updated, %(duplicates)d already there, "
            "%(suspected)d suspected duplicates to review, %(rejected)d rejected."
        ) % {
            "total": self.total,
            "created": len(self.created),
            "updated": len(self.updated),
            "duplicates": len(self.duplicates),
            "suspected": len(self.suspected),
            "rejected": len(self.rejected),
        }


@dataclass
class RawEntry:
    """An entry read from the file: its place, and the data or why it cannot be taken."""

    position: int
    label: str
    data: PublicationData | None = None
    reason: str = ""


# --- reading the file --------------------------------------------------------------------------------


def _read(file: bytes | str | Path | IO[bytes]) -> tuple[str, str]:
    """(text, name) of `file`: bytes, a path, or an uploaded file."""
    name = ""
    if isinstance(file, Path | str) and not isinstance(file, bytes):
        path = Path(file)
        name = path.name
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise ImportRefused(_("The file cannot be read: %(error)s") % {"error": error.strerror}) from error
    elif isinstance(file, bytes):
        raw = file
    else:
        name = getattr(file, "name", "") or ""
        raw = file.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise ImportRefused(_("The file is larger than 10 MB."))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused(_("The file is not UTF-8 text: save it as UTF-8 and import it again.")) from error
    if not text.strip():
        raise ImportRefused(_("The file is empty."))
    return text, name


def detect_format(text: str, name: str = "") -> str:
    """BibTeX, RIS or CSL-JSON, by the name's extension and else by the content."""
    extension = Path(name).suffix.lower()
    if extension in EXTENSIONS:
        return EXTENSIONS[extension]
    start = text.lstrip()
    if start[:1] in "[{":
        return CSLJSON
    if re.search(r"^TY  - ", text, re.MULTILINE):
        return RIS
    if re.search(r"@\w+\s*[{(]", text):
        return BIBTEX
    raise ImportRefused(_("The file is not BibTeX, RIS or CSL-JSON."))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = " ".join(str(part) for part in value)
    return " ".join(str(value).split())


def _latex(value: Any) -> str:
    text = _text(value)
    if "\\" in text or "{" in text or "$" in text or "--" in text or "`" in text:
        try:
            text = _LATEX.latex_to_text(text)
        except Exception:  # pylatexenc may fail on odd input: keep the text as it is
            text = text.replace("{", "").replace("}", "")
    return " ".join(text.split())


def _year(value: Any) -> int | None:
    found = _YEAR.search(_text(value))
    return int(found.group(1)) if found else None


def _pages(value: Any) -> str:
    return re.sub(r"\s*(?:--|—|–|-)\s*", "–", _latex(value))


def _flag(value: Any) -> bool:
    return _text(value).lower() in _TRUE


def _category(value: Any, kind: str) -> str:
    text = _text(value).lower()
    if text in PublicationCategory.values:
        return text
    return (
        PublicationCategory.PROFESSIONAL
        if kind == PublicationType.PROFESSIONAL_ARTICLE
        else PublicationCategory.SCIENTIFIC
    )


def _orcids(value: Any, count: int) -> list[str]:
    parts = [part.strip() for part in _text(value).split(";")] if value else []
    return (parts + [""] * count)[:count]


def _bibtex(text: str) -> list[RawEntry]:
    library = bibtexparser.parse_string(text, append_middleware=[SeparateCoAuthors()])
    blocks = sorted(
        [*library.entries, *library.failed_blocks],
        key=lambda block: block.start_line if block.start_line is not None else 0,
    )
    if not blocks:
        raise ImportRefused(_("The file holds no BibTeX entries."))
    entries = []
    for position, block in enumerate(blocks, start=1):
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            label = _("entry %(n)d (line %(line)d, key %(key)s)") % {"n": position, "line": line, "key": block.key}
            entries.append(RawEntry(position, label, reason=_("Another entry of the file has this key.")))
            continue
        if not isinstance(block, Entry):
            label = _("entry %(n)d (line %(line)d)") % {"n": position, "line": line}
            entries.append(
                RawEntry(position, label, reason=_("The entry is not valid BibTeX (a brace or quote is missing?)."))
            )
            continue
        label = _("entry %(n)d (line %(line)d, key %(key)s)") % {"n": position, "line": line, "key": block.key}
        fields = {key.lower(): value for key, value in block.items()}
        kind = BIBTEX_TYPES.get(block.entry_type.lower())
        if kind is None:
            entries.append(
                RawEntry(position, label, reason=_("The type @%(type)s is not kept.") % {"type": block.entry_type})
            )
            continue
        category = _category(fields.get("category"), kind)
        if kind == PublicationType.ARTICLE and category == PublicationCategory.PROFESSIONAL:
            kind = PublicationType.PROFESSIONAL_ARTICLE
        names = fields.get("author") or []
        names = [_latex(name) for name in (names if isinstance(names, list) else [names])]
        orcids = _orcids(fields.get("orcid"), len(names))
        venue = next(
            (
                fields[key]
                for key in ("journal", "journaltitle", "booktitle", "school", "institution")
                if fields.get(key)
            ),
            "",
        )
        editors = fields.get("editor") or ""
        entries.append(
            RawEntry(
                position,
                label,
                PublicationData(
                    title=_latex(fields.get("title")),
                    year=_year(fields.get("year") or fields.get("date")) or 0,
                    type=kind,
                    category=category,
                    authors=list(zip(names, orcids, strict=True)),
                    venue=_latex(venue),
                    publisher=_latex(fields.get("publisher")),
                    editors="; ".join(_latex(name) for name in editors)
                    if isinstance(editors, list)
                    else _latex(editors),
                    volume=_text(fields.get("volume")),
                    issue=_text(fields.get("number") or fields.get("issue")),
                    pages=_pages(fields.get("pages")),
                    doi=_text(fields.get("doi")),
                    url=_text(fields.get("url")),
                    abstract=_latex(fields.get("abstract")),
                    language=_text(fields.get("language") or fields.get("langid"))[:10],
                    open_access=_flag(fields.get("openaccess") or fields.get("open_access")),
                ),
            )
        )
    return entries


def _ris(text: str) -> list[RawEntry]:
    text = text.replace("\r\n", "\n")
    try:
        records = rispy.loads(text, skip_unknown_tags=True)
    except Exception as error:  # rispy raises plain exceptions on broken files
        raise ImportRefused(_("The file is not valid RIS: %(error)s") % {"error": error}) from error
    if not records:
        raise ImportRefused(_("The file holds no RIS records (TY … ER)."))
    entries = []
    for position, record in enumerate(records, start=1):
        label = _("record %(n)d") % {"n": position}
        code = _text(record.get("type_of_reference")).upper()
        kind = RIS_TYPES.get(code)
        if kind is None:
            entries.append(
                RawEntry(position, label, reason=_("The type %(type)s is not kept.") % {"type": code or "?"})
            )
            continue
        names = [_text(name) for name in (record.get("authors") or record.get("first_authors") or [])]
        editors = record.get("secondary_authors") if kind == PublicationType.CHAPTER else []
        start, end = _text(record.get("start_page")), _text(record.get("end_page"))
        urls = record.get("urls") or []
        venue_keys: tuple[str, ...] = ("journal_name", "secondary_title", "alternate_title3", "alternate_title1")
        if kind == PublicationType.DISSERTATION:
            venue_keys = ("publisher", *venue_keys)
        venue = next((record[key] for key in venue_keys if record.get(key)), "")
        category = _category(record.get("custom1"), kind)
        if kind == PublicationType.ARTICLE and category == PublicationCategory.PROFESSIONAL:
            kind = PublicationType.PROFESSIONAL_ARTICLE
        entries.append(
            RawEntry(
                position,
                label,
                PublicationData(
                    title=_text(record.get("title") or record.get("primary_title")),
                    year=_year(record.get("year") or record.get("publication_year") or record.get("date")) or 0,
                    type=kind,
                    category=category,
                    authors=list(zip(names, _orcids(record.get("custom3"), len(names)), strict=True)),
                    venue=_text(venue),
                    publisher="" if venue == record.get("publisher") else _text(record.get("publisher")),
                    editors="; ".join(_text(name) for name in editors or []),
                    volume=_text(record.get("volume")),
                    issue=_text(record.get("number")),
                    pages=_pages(f"{start}–{end}" if start and end else start),
                    doi=_text(record.get("doi")),
                    url=_text(urls[0]) if urls else "",
                    abstract=_text(record.get("abstract") or record.get("notes_abstract")),
                    language=_text(record.get("language"))[:10],
                    open_access=_text(record.get("custom2")).lower() == "open access",
                ),
            )
        )
    return entries


def _csl_name(person: Any) -> tuple[str, str]:
    if not isinstance(person, dict):
        return _text(person), ""
    if person.get("literal"):
        name = _text(person["literal"])
    else:
        family = " ".join(_text(person.get(part)) for part in ("non-dropping-particle", "family") if person.get(part))
        given = _text(person.get("given"))
        name = f"{family}, {given}" if given else family
    return name, _text(person.get("ORCID") or person.get("orcid"))


def _csl_year(item: dict) -> Any:
    for key in ("issued", "published-print", "published-online"):
        date = item.get(key)
        if isinstance(date, dict):
            parts = date.get("date-parts")
            if parts and parts[0]:
                return parts[0][0]
            if date.get("raw") or date.get("literal"):
                return date.get("raw") or date.get("literal")
    return item.get("year")


def _csljson(text: str) -> list[RawEntry]:
    try:
        items = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportRefused(
            _("The file is not valid JSON (line %(line)d, column %(column)d).")
            % {"line": error.lineno, "column": error.colno}
        ) from error
    if isinstance(items, dict):
        items = items.get("items", [items])
    if not isinstance(items, list) or not items:
        raise ImportRefused(_("The file holds no CSL-JSON items (a list of objects is expected)."))
    entries = []
    for position, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            entries.append(
                RawEntry(position, _("item %(n)d") % {"n": position}, reason=_("The item is not an object."))
            )
            continue
        label = _("item %(n)d (id %(id)s)") % {"n": position, "id": _text(item.get("id")) or "?"}
        code = _text(item.get("type"))
        kind = CSL_TYPES.get(code)
        if kind is None:
            entries.append(
                RawEntry(position, label, reason=_("The type %(type)s is not kept.") % {"type": code or "?"})
            )
            continue
        custom = item.get("custom")
        if not isinstance(custom, dict):
            custom = {}
        category = _category(custom.get("category"), kind)
        if kind == PublicationType.ARTICLE and category == PublicationCategory.PROFESSIONAL:
            kind = PublicationType.PROFESSIONAL_ARTICLE
        authors = [_csl_name(person) for person in item.get("author") or [] if person]
        editors = [_csl_name(person)[0] for person in item.get("editor") or [] if person]
        entries.append(
            RawEntry(
                position,
                label,
                PublicationData(
                    title=_text(item.get("title")),
                    year=_year(_csl_year(item)) or 0,
                    type=kind,
                    category=category,
                    authors=authors,
                    venue=_text(
                        item.get("container-title")
                        or (item.get("publisher") if kind in (PublicationType.DISSERTATION,) else "")
                    ),
                    publisher="" if kind == PublicationType.DISSERTATION else _text(item.get("publisher")),
                    editors="; ".join(editors),
                    volume=_text(item.get("volume")),
                    issue=_text(item.get("issue")),
                    pages=_pages(item.get("page")),
                    doi=_text(item.get("DOI") or item.get("doi")),
                    url=_text(item.get("URL") or item.get("url")),
                    abstract=_text(item.get("abstract")),
                    language=_text(item.get("language"))[:10],
                    open_access=bool(custom.get("open_access")),
                ),
            )
        )
    return entries


PARSERS = {BIBTEX: _bibtex, RIS: _ris, CSLJSON: _csljson}


# --- comparing and writing ---------------------------------------------------------------------------


def _entry_key(data: PublicationData) -> str:
    return hashlib.sha256(json.dumps(data.as_json(), sort_keys=True).encode()).hexdigest()


def _first_author(authors: list[tuple[str, str]] | list[str]) -> str:
    if not authors:
        return ""
    first = authors[0]
    return surname_initial(first if isinstance(first, str) else first[0])[0]


def _agrees(publication: Publication, data: PublicationData) -> bool:
    """Nothing says that `publication` (same title and year) is another one than `data`."""
    if publication.doi and data.doi and publication.doi != data.doi:
        return False
    existing = [author.name for author in publication.authors.all()]
    return not existing or not data.authors or _first_author(existing) == _first_author(data.authors)


def _take(
    raw: RawEntry, report: ImportReport, *, actor: User | AnonymousUser | None, matcher: ResearcherMatcher, source: str
) -> None:
    assert raw.data is not None
    data = services.check_data(raw.data)
    publication = Publication.objects.filter(doi=data.doi).first() if data.doi else None
    if publication is None:
        candidates = list(
            Publication.objects.filter(title_key=title_key(data.title), year=data.year)
            .prefetch_related("authors")
            .order_by("pk")
        )
        publication = next((candidate for candidate in candidates if _agrees(candidate, data)), None)
        if publication is None and candidates:
            DuplicateSuspicion.objects.get_or_create(
                publication=candidates[0],
                entry_key=_entry_key(data),
                defaults={"entry": data.as_json(), "source": f"{source}: {raw.label}"[:200]},
            )
            report.suspected.append(Suspected(raw.position, raw.label, candidates[0]))
            return
    if publication is None:
        report.created.append(services.entry_create(data, actor=actor, matcher=matcher))
    elif services.entry_fill(publication, data, actor=actor, matcher=matcher):
        report.updated.append(publication)
    else:
        report.duplicates.append(publication)


def import_publications(
    file: bytes | str | Path | IO[bytes], *, actor: User | AnonymousUser | None, format: str | None = None
) -> ImportReport:
    """Import the publications of a BibTeX, RIS or CSL-JSON `file` (see the module's docstring).
    Research staff, or the system (actor None); NotAllowed otherwise, ImportRefused for a file that
    cannot be read; either way nothing is written."""
    services.require_manager(actor)
    text, name = _read(file)
    if format is not None and format not in FORMATS:
        raise ImportRefused(_("Choose BibTeX, RIS or CSL-JSON."))
    chosen = format or detect_format(text, name)
    entries = PARSERS[chosen](text)
    report = ImportReport(format=chosen)
    source = name or chosen
    with transaction.atomic():
        matcher = ResearcherMatcher()
        for raw in entries:
            if raw.data is None:
                report.rejected.append(Rejected(raw.position, raw.label, raw.reason))
                continue
            try:
                with transaction.atomic():
                    _take(raw, report, actor=actor, matcher=matcher, source=source)
            except PortalError as error:
                report.rejected.append(Rejected(raw.position, raw.label, str(error.message)))
    return report


#: Shown on the upload page.
FORMAT_HELP = gettext_lazy("BibTeX (.bib), RIS (.ris) or CSL-JSON (.json), UTF-8, at most 10 MB.")

__all__ = ["ImportRefused", "ImportReport", "SuspicionStatus", "detect_format", "import_publications"]
