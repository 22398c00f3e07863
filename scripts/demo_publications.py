"""Write research/publications/demo/publications.bib: the demo publications of ICLON's shape.

ICLON publishes about 240 scientific and 102 professional publications in five years; the demo
file holds that many, invented, by the demo researchers (research/people/demo.py, with their ORCID
iDs), the candidates of the demo PhD projects (research/projects/demo.py) and invented co-authors.
Each completed PhD project gets its dissertation, with the project's handle as its URL, which is
how the demo links the two (research/publications/demo). DOIs use the test prefix 10.5555.

The output is the same on every run (no randomness, no clock). Run it after changing the demo
people or projects, and commit the file:

    DJANGO_DEBUG=1 .venv/bin/python scripts/demo_publications.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iclon.settings")

import django  # noqa: E402

django.setup()

from research.people.demo import STAFF, demo_orcid  # noqa: E402
from research.projects.demo import CONTEXTS, RUNNING_PHD, TOPICS, _candidate_name, _phd_projects  # noqa: E402

OUTPUT = ROOT / "research" / "publications" / "demo" / "publications.bib"
YEARS = [2021, 2022, 2023, 2024, 2025]
SCIENTIFIC, PROFESSIONAL = 240, 102

#: (journal, key) of the scientific journals.
JOURNALS = [
    ("Teaching and Teacher Education", "tate"),
    ("European Journal of Teacher Education", "ejte"),
    ("Journal of Research in Science Teaching", "jrst"),
    ("Studies in Higher Education", "she"),
    ("Pedagogische Studiën", "ps"),
    ("Learning and Instruction", "li"),
    ("Teachers and Teaching", "tt"),
    ("Instructional Science", "is"),
]
#: The Dutch professional journals.
PROFESSIONAL_JOURNALS = [
    "Van Twaalf tot Achttien",
    "Didactief",
    "Tijdschrift voor Lerarenopleiders",
    "Euclides",
    "Levende Talen Magazine",
    "NVOX",
    "Kennisbasis Onderwijs",
]
BOOKS = [
    "Handbook of Research on Teacher Education",
    "Teacher Education in the Netherlands",
    "Research on Teacher Identity",
]
CONFERENCES = [
    "Proceedings of the ESERA Conference",
    "Book of Abstracts of the EARLI SIG 11 Conference",
    "Proceedings of the ORD",
]
#: Invented co-authors from elsewhere (no ORCID: they are not ours).
EXTERNAL = [
    "Verbeek, Judith",
    "Lindqvist, Astrid",
    "O'Connor, Siobhan",
    "Moreau, Étienne",
    "Kowalski, Marta",
    "Haddad, Rania",
    "Schuster, Felix",
    "Nakamura, Keiko",
]
#: English study designs and Dutch professional forms, crossed with the topics.
DESIGNS = [
    "a design-based study",
    "a mixed-methods study",
    "a systematic review",
    "a longitudinal study",
    "a multiple case study",
]
FORMS_NL = [
    "zo pak je het aan",
    "lessen uit de praktijk",
    "wat werkt volgens onderzoek",
    "een handreiking",
    "ervaringen van docenten",
    "tien tips",
]


def bib_name(full_name: str) -> str:
    """ "Prof. dr. Aylin Demir" → "Demir, Aylin"; "Anouk de Vries" → "de Vries, Anouk"."""
    name = full_name.replace("Prof. dr. ", "").replace("Dr. ", "")
    first, _, last = name.partition(" ")
    return f"{last}, {first}"


def field_lines(fields: list[tuple[str, str]]) -> str:
    return ",\n".join(f"  {key:<10} = {{{value}}}" for key, value in fields if value)


def entry(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    return f"@{kind}{{{key},\n{field_lines(fields)}\n}}\n"


def authors(people: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The author and orcid fields of (name, ORCID or "") pairs."""
    orcids = "; ".join(orcid for _, orcid in people)
    return [("author", " and ".join(name for name, _ in people)), ("orcid", orcids if orcids.strip("; ") else "")]


def staff() -> list[tuple[str, str]]:
    return [(bib_name(row[0]), demo_orcid(number)) for number, row in enumerate(STAFF, start=1)]


def dissertations() -> list[str]:
    out = []
    for plan in _phd_projects():
        if plan["end"] is None:
            continue
        number = plan["number"]
        name = bib_name(_candidate_name(number))
        out.append(
            entry(
                "phdthesis",
                f"phd{number:03d}",
                [
                    ("author", name),
                    ("title", f"{plan['title_en']}"),
                    ("school", "Leiden University"),
                    ("year", str(plan["end"].year)),
                    ("url", f"https://hdl.handle.net/1887/{3100000 + number}"),
                    (
                        "abstract",
                        f"This dissertation reports a four-year PhD study of {plan['title_en'].lower()}, "
                        "carried out at ICLON with partner schools in the region.",
                    ),
                    ("language", "en"),
                    ("openaccess", "true"),
                ],
            )
        )
    return out


def scientific(count: int) -> list[str]:
    people = staff()
    candidates = [(bib_name(_candidate_name(number)), "") for number in range(RUNNING_PHD)]
    out = []
    for n in range(count):
        _topic_nl, topic_en, _slug = TOPICS[n % len(TOPICS)]
        context_en = CONTEXTS[(n // len(TOPICS)) % len(CONTEXTS)][1]
        design = DESIGNS[(n // (len(TOPICS) * len(CONTEXTS))) % len(DESIGNS)]
        year = YEARS[n % len(YEARS)]
        lead = people[n % len(people)]
        team = [lead]
        if n % 3 == 0:
            team.insert(0, candidates[n % len(candidates)])
        if n % 2 == 0:
            team.append(people[(n + 3) % len(people)])
        if n % 4 == 1:
            team.append((EXTERNAL[n % len(EXTERNAL)], ""))
        title = f"{topic_en} {context_en}: {design}"
        common = [*authors(team), ("title", title), ("year", str(year))]
        kind_index = n % 20
        if kind_index < 15:
            journal, short = JOURNALS[n % len(JOURNALS)]
            fields = [
                *common,
                ("journal", journal),
                ("volume", str(30 + n % 60)),
                ("number", str(1 + n % 4)),
                ("pages", f"{100 + n}--{114 + n}"),
                ("doi", f"10.5555/iclon-demo.{short}.{year}.{n:03d}"),
                ("language", "en"),
                ("openaccess", "true" if n % 3 else ""),
            ]
            out.append(entry("article", f"art{n:03d}", fields))
        elif kind_index < 17:
            fields = [
                *common,
                ("booktitle", BOOKS[n % len(BOOKS)]),
                ("editor", "Verbeek, Judith and Lindqvist, Astrid"),
                ("publisher", "Springer"),
                ("pages", f"{20 + n % 200}--{41 + n % 200}"),
                ("doi", f"10.5555/iclon-demo.chapter.{year}.{n:03d}"),
                ("language", "en"),
            ]
            out.append(entry("incollection", f"chap{n:03d}", fields))
        elif kind_index < 19:
            fields = [
                *common,
                ("booktitle", CONFERENCES[n % len(CONFERENCES)]),
                ("pages", f"{n % 90 + 1}--{n % 90 + 8}"),
                ("language", "en"),
            ]
            out.append(entry("inproceedings", f"conf{n:03d}", fields))
        else:
            fields = [
                *common,
                ("publisher", "Leiden University Press"),
                ("doi", f"10.5555/iclon-demo.book.{year}.{n:03d}"),
                ("language", "en"),
            ]
            out.append(entry("book", f"book{n:03d}", fields))
    return out


def professional(count: int) -> list[str]:
    people = staff()
    out = []
    for n in range(count):
        topic_nl = TOPICS[n % len(TOPICS)][0]
        context_nl = CONTEXTS[(n // len(TOPICS)) % len(CONTEXTS)][0]
        form = FORMS_NL[(n // (len(TOPICS) * len(CONTEXTS))) % len(FORMS_NL)]
        year = YEARS[(n + 2) % len(YEARS)]
        team = [people[(n + 1) % len(people)]]
        if n % 3 == 2:
            team.append(people[(n + 5) % len(people)])
        title = f"{topic_nl} {context_nl}: {form}"
        common = [*authors(team), ("title", title), ("year", str(year)), ("language", "nl")]
        if n % 9 == 8:
            fields = [*common, ("institution", "ICLON, Universiteit Leiden"), ("category", "professional")]
            out.append(entry("techreport", f"rap{n:03d}", fields))
        else:
            fields = [
                *common,
                ("journal", PROFESSIONAL_JOURNALS[n % len(PROFESSIONAL_JOURNALS)]),
                ("volume", str(10 + n % 30)),
                ("number", str(1 + n % 8)),
                ("pages", f"{10 + n % 40}--{14 + n % 40}"),
                ("category", "professional"),
                ("openaccess", "true"),
            ]
            out.append(entry("article", f"prof{n:03d}", fields))
    return out


def main() -> None:
    theses = dissertations()
    entries = [*theses, *scientific(SCIENTIFIC - len(theses)), *professional(PROFESSIONAL)]
    header = (
        "% Demo publications of the ICLON portal: invented entries of ICLON's shape (about 240 scientific\n"
        "% and 102 professional publications), written by scripts/demo_publications.py; do not edit by hand.\n"
        "% Authors are the demo researchers and PhD candidates and invented co-authors; DOIs use the test\n"
        "% prefix 10.5555. Imported by manage.py seed_demo; importing it again adds nothing.\n\n"
    )
    OUTPUT.write_text(header + "\n".join(entries), encoding="utf-8")
    print(f"{OUTPUT.relative_to(ROOT)}: {len(entries)} entries ({len(theses)} dissertations)")


if __name__ == "__main__":
    main()
