"""Export of publications as BibTeX, RIS and CSL-JSON (what importing.py reads back: importing an
export creates nothing), and the APA 7 citation of a publication.

The functions take any iterable of publications with their authors prefetched (selectors.
publication_list_for_user does), so an export runs in a fixed number of queries."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

import rispy  # type: ignore[import-untyped]
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from research.publications.models import Publication, PublicationCategory, PublicationType
from research.publications.normalise import split_name

BIBTEX_TYPES: dict[str, str] = {
    PublicationType.ARTICLE: "article",
    PublicationType.PROFESSIONAL_ARTICLE: "article",
    PublicationType.BOOK: "book",
    PublicationType.CHAPTER: "incollection",
    PublicationType.DISSERTATION: "phdthesis",
    PublicationType.REPORT: "techreport",
    PublicationType.CONFERENCE_PAPER: "inproceedings",
}
BIBTEX_VENUE: dict[str, str] = {
    PublicationType.ARTICLE: "journal",
    PublicationType.PROFESSIONAL_ARTICLE: "journal",
    PublicationType.CHAPTER: "booktitle",
    PublicationType.CONFERENCE_PAPER: "booktitle",
    PublicationType.DISSERTATION: "school",
    PublicationType.REPORT: "institution",
    PublicationType.BOOK: "series",
}
RIS_TYPES: dict[str, str] = {
    PublicationType.ARTICLE: "JOUR",
    PublicationType.PROFESSIONAL_ARTICLE: "MGZN",
    PublicationType.BOOK: "BOOK",
    PublicationType.CHAPTER: "CHAP",
    PublicationType.DISSERTATION: "THES",
    PublicationType.REPORT: "RPRT",
    PublicationType.CONFERENCE_PAPER: "CPAPER",
}
CSL_TYPES: dict[str, str] = {
    PublicationType.ARTICLE: "article-journal",
    PublicationType.PROFESSIONAL_ARTICLE: "article-magazine",
    PublicationType.BOOK: "book",
    PublicationType.CHAPTER: "chapter",
    PublicationType.DISSERTATION: "thesis",
    PublicationType.REPORT: "report",
    PublicationType.CONFERENCE_PAPER: "paper-conference",
}

CONTENT_TYPES = {
    "bibtex": ("application/x-bibtex; charset=utf-8", "bib"),
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris"),
    # CSL-JSON's own type (application/vnd.citationstyles.csl+json) is a JSON type: the API's
    # schema documents the exports as files (binary), which a JSON type contradicts.
    "csljson": ("application/octet-stream", "json"),
}

_BIBTEX_SPECIAL = re.compile(r"([&%#$_])")


def _authors(publication: Publication) -> list:
    return list(publication.authors.all())


def _bib(value: str) -> str:
    """A text value of a BibTeX field: LaTeX's special characters escaped, braces balanced."""
    value = _BIBTEX_SPECIAL.sub(r"\\\1", value.replace("{", "").replace("}", "").replace("\\", ""))
    return value


def _key(publication: Publication) -> str:
    authors = _authors(publication)
    family = split_name(authors[0].name)[1] if authors else "anon"
    stem = re.sub(r"[^A-Za-z0-9]", "", family.encode("ascii", "ignore").decode()) or "pub"
    return f"{stem.lower()}{publication.year}-{publication.pk}"


def to_bibtex(publications: Iterable[Publication]) -> str:
    blocks = []
    for publication in publications:
        authors = _authors(publication)
        fields: list[tuple[str, str]] = [
            ("author", " and ".join(_bib(author.name) for author in authors)),
            ("title", "{" + _bib(publication.title) + "}"),
            ("year", str(publication.year)),
            (BIBTEX_VENUE[publication.type], _bib(publication.venue)),
            ("publisher", _bib(publication.publisher)),
            ("editor", " and ".join(_bib(name.strip()) for name in publication.editors.split(";") if name.strip())),
            ("volume", _bib(publication.volume)),
            ("number", _bib(publication.issue)),
            ("pages", publication.pages.replace("–", "--")),
            ("doi", publication.doi),
            ("url", publication.url),
            ("abstract", _bib(publication.abstract)),
            ("language", publication.language),
            ("category", publication.category if publication.category != PublicationCategory.SCIENTIFIC else ""),
            ("openaccess", "true" if publication.open_access else ""),
        ]
        if any(author.orcid for author in authors):
            fields.append(("orcid", "; ".join(author.orcid for author in authors)))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
        blocks.append(f"@{BIBTEX_TYPES[publication.type]}{{{_key(publication)},\n{body}\n}}\n")
    return "\n".join(blocks)


def to_ris(publications: Iterable[Publication]) -> str:
    records = []
    for publication in publications:
        authors = _authors(publication)
        record: dict = {"type_of_reference": RIS_TYPES[publication.type], "title": publication.title}
        record["authors"] = [author.name for author in authors]
        record["year"] = str(publication.year)
        if publication.venue:
            venue_key = "publisher" if publication.type == PublicationType.DISSERTATION else "secondary_title"
            if publication.type in (PublicationType.ARTICLE, PublicationType.PROFESSIONAL_ARTICLE):
                venue_key = "journal_name"
            record[venue_key] = publication.venue
        if publication.publisher and "publisher" not in record:
            record["publisher"] = publication.publisher
        if publication.editors and publication.type == PublicationType.CHAPTER:
            record["secondary_authors"] = [name.strip() for name in publication.editors.split(";") if name.strip()]
        for key, value in (("volume", publication.volume), ("number", publication.issue), ("doi", publication.doi)):
            if value:
                record[key] = value
        if publication.pages:
            start, _, end = publication.pages.partition("–")
            record["start_page"] = start
            if end:
                record["end_page"] = end
        if publication.url:
            record["urls"] = [publication.url]
        if publication.abstract:
            record["abstract"] = publication.abstract
        if publication.language:
            record["language"] = publication.language
        if publication.category == PublicationCategory.PROFESSIONAL:
            record["custom1"] = "professional"
        if publication.open_access:
            record["custom2"] = "open access"
        if any(author.orcid for author in authors):
            record["custom3"] = "; ".join(author.orcid for author in authors)
        records.append(record)
    return rispy.dumps(records) if records else ""


def _csl_person(name: str, orcid: str = "") -> dict:
    given, family = split_name(name)
    person = {"family": family, "given": given} if given else {"literal": family}
    if orcid:
        person["ORCID"] = f"https://orcid.org/{orcid}"
    return person


def to_csl(publication: Publication) -> dict:
    item: dict = {
        "id": f"iclon-{publication.pk}",
        "type": CSL_TYPES[publication.type],
        "title": publication.title,
        "author": [_csl_person(author.name, author.orcid) for author in _authors(publication)],
        "issued": {"date-parts": [[publication.year]]},
    }
    if publication.type == PublicationType.DISSERTATION:
        item["publisher"] = publication.venue
    elif publication.venue:
        item["container-title"] = publication.venue
    optional = {
        "publisher": publication.publisher,
        "volume": publication.volume,
        "issue": publication.issue,
        "page": publication.pages,
        "DOI": publication.doi,
        "URL": publication.url,
        "abstract": publication.abstract,
        "language": publication.language,
    }
    item.update({key: value for key, value in optional.items() if value and key not in item})
    if publication.editors:
        item["editor"] = [_csl_person(name.strip()) for name in publication.editors.split(";") if name.strip()]
    custom: dict[str, object] = {}
    if publication.category == PublicationCategory.PROFESSIONAL:
        custom["category"] = "professional"
    if publication.open_access:
        custom["open_access"] = True
    if custom:
        item["custom"] = custom
    return item


def to_csljson(publications: Iterable[Publication]) -> str:
    return json.dumps([to_csl(publication) for publication in publications], ensure_ascii=False, indent=2)


EXPORTERS = {"bibtex": to_bibtex, "ris": to_ris, "csljson": to_csljson}


# --- APA 7 --------------------------------------------------------------------------------------------


def _apa_name(name: str) -> str:
    """ "Family, G. G." of a name as written ("Jansen, Hendrik" → "Jansen, H."; "van Doorn, M." stays)."""
    given, family = split_name(name)
    if not given:
        return family
    initials = []
    for part in given.replace(".", " ").split():
        pieces = [piece for piece in part.split("-") if piece]
        initials.append("-".join(f"{piece[0].upper()}." for piece in pieces))
    return f"{family}, {' '.join(initials)}"


def _apa_authors(names: list[str]) -> str:
    names = [_apa_name(name) for name in names]
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    if len(names) <= 20:
        return ", ".join(names[:-1]) + ", & " + names[-1]
    return ", ".join(names[:19]) + ", . . . " + names[-1]


def _apa_editors(editors: str) -> str:
    names = []
    for name in [name.strip() for name in editors.split(";") if name.strip()]:
        given, family = split_name(name)
        initials = " ".join(f"{part[0].upper()}." for part in given.replace(".", " ").split())
        names.append(f"{initials} {family}".strip())
    if not names:
        return ""
    joined = (
        names[0] if len(names) == 1 else (", ".join(names[:-1]) + (", & " if len(names) > 2 else " & ") + names[-1])
    )
    return f"{joined} ({'Ed.' if len(names) == 1 else 'Eds.'})"


def _end(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else f"{text}."


def apa_parts(publication: Publication) -> list[tuple[str, bool]]:
    """The APA 7 reference as (text, italic) parts."""
    authors = _apa_authors([author.name for author in _authors(publication)])
    parts: list[tuple[str, bool]] = []
    head = f"{_end(authors)} " if authors else ""
    kind = publication.type
    title = publication.title
    link = publication.doi_url or publication.url
    if not authors:
        parts.append((f"{_end(title)} ({publication.year}). ", False))
    else:
        parts.append((f"{head}({publication.year}). ", False))
    if kind in (PublicationType.ARTICLE, PublicationType.PROFESSIONAL_ARTICLE):
        if authors:
            parts.append((f"{_end(title)} ", False))
        if publication.venue:
            parts.append((publication.venue, True))
            if publication.volume:
                parts.append((", ", False))
                parts.append((publication.volume, True))
            if publication.issue:
                parts.append((f"({publication.issue})", False))
            if publication.pages:
                parts.append((f", {publication.pages}", False))
            parts.append((". ", False))
    elif kind == PublicationType.CHAPTER:
        if authors:
            parts.append((f"{title}. ", False))
        editors = _apa_editors(publication.editors)
        parts.append((f"In {editors}, " if editors else "In ", False))
        parts.append((publication.venue or "", True))
        if publication.pages:
            parts.append((f" (pp. {publication.pages})", False))
        parts.append((". ", False))
        if publication.publisher:
            parts.append((f"{_end(publication.publisher)} ", False))
    elif kind == PublicationType.DISSERTATION:
        if authors:
            parts.append((title, True))
        parts.append((" [Doctoral dissertation", False))
        parts.append((f", {publication.venue}]. " if publication.venue else "]. ", False))
        if publication.publisher:
            parts.append((f"{_end(publication.publisher)} ", False))
    else:  # book, report, conference paper
        if authors:
            if kind == PublicationType.CONFERENCE_PAPER:
                parts.append((f"{_end(title)} ", False))
            else:
                parts.append((_end(title), True))
                parts.append((" ", False))
        if kind == PublicationType.CONFERENCE_PAPER and publication.venue:
            parts.append(("In ", False))
            parts.append((publication.venue, True))
            parts.append(((f" (pp. {publication.pages}). " if publication.pages else ". "), False))
        elif kind == PublicationType.REPORT and publication.venue and publication.venue != publication.publisher:
            parts.append((f"{_end(publication.venue)} ", False))
        if publication.publisher:
            parts.append((f"{_end(publication.publisher)} ", False))
    if link:
        parts.append((link, False))
    return [(text, italic) for text, italic in parts if text]


def apa(publication: Publication) -> str:
    """The APA 7 reference as plain text (italics lost)."""
    return "".join(text for text, _italic in apa_parts(publication)).strip()


def apa_html(publication: Publication) -> SafeString:
    """The APA 7 reference with its italics (`<i>`), escaped."""
    html = "".join(f"<i>{escape(text)}</i>" if italic else escape(text) for text, italic in apa_parts(publication))
    return mark_safe(html.strip())  # noqa: S308 - every part is escaped above
