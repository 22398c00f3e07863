"""The import of BibTeX, RIS and CSL-JSON files: the report (created, updated, duplicates, suspected
duplicates, rejected entries with their place and reason), duplicates by DOI in any written form
and by title and year, suspected duplicates kept aside for review, re-imports that create nothing,
malformed files refused whole, authors matched to our researchers (ORCID iD first, then name), the
management command, and who may import."""

import io

import pytest
from django.core.management import CommandError, call_command

from iclon.core.errors import Conflict, NotAllowed
from research.models import (
    DuplicateSuspicion,
    Publication,
    PublicationAuthor,
    PublicationCategory,
    PublicationType,
    SuspicionStatus,
)
from research.publications import services
from research.publications.importing import ImportRefused, detect_format, import_publications
from research.publications.normalise import normalise_doi, title_key
from tests.factories.research import ResearcherFactory
from tests.research.publications.conftest import FILES, make_publication
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

MODELS = (Publication, PublicationAuthor, DuplicateSuspicion)


def test_a_bibtex_file_is_imported_with_a_report_of_every_entry():
    report = import_publications(FILES / "publications.bib", actor=None)
    assert report.format == "bibtex"
    assert len(report.created) == 8
    assert [p.title for p in report.duplicates] == ["Feedback Literacy of Pre-Service Teachers: A Mixed-Methods Study"]
    assert [(r.position, r.reason) for r in report.rejected] == [
        (9, "The publication has no title."),
        (10, "The publication has no year."),
        (11, "The type @misc is not kept."),
        (12, "The entry is not valid BibTeX (a brace or quote is missing?)."),
        (13, "“not-a-doi” is not a DOI (a DOI starts with 10.)."),
        (14, "Another entry of the file has this key."),
    ]
    assert report.rejected[0].label == "entry 9 (line 82, key notitle2021)"
    assert "15 entries read: 8 created" in report.summary()

    article = Publication.objects.get(doi="10.1016/j.tate.2021.103120")
    assert article.venue == "Teaching and Teacher Education"  # the @string is resolved
    assert (article.volume, article.issue, article.pages) == ("98", "2", "103–120")
    assert article.open_access and article.language == "en"
    assert [a.name for a in article.authors.all()] == ["Jansen, Hendrik", "de Vries, Anouk", "Smit, Bas"]
    assert article.title_key == "feedback literacy of pre service teachers a mixed methods study"
    assert article.history.get().history_type == "+"
    professional = Publication.objects.get(title="Zelfregulatie in de klas: wat werkt?")
    assert (professional.type, professional.category) == (
        PublicationType.PROFESSIONAL_ARTICLE,
        PublicationCategory.PROFESSIONAL,
    )
    chapter = Publication.objects.get(type=PublicationType.CHAPTER)
    assert (chapter.venue, chapter.editors, chapter.publisher) == (
        "Handbook of Teacher Education Research",
        "Tack, Hanne; Vanderlinde, Ruben",
        "Springer",
    )
    assert Publication.objects.get(type=PublicationType.DISSERTATION).venue == "Leiden University"


def test_importing_the_same_file_again_creates_nothing():
    import_publications(FILES / "publications.bib", actor=None)
    with nothing_written(*MODELS):
        report = import_publications(FILES / "publications.bib", actor=None)
    assert report.created == [] and report.updated == [] and report.suspected == []
    assert len(report.duplicates) == 9


@pytest.mark.parametrize(
    "written",
    [
        "10.1016/j.tate.2021.103120",
        "10.1016/J.TATE.2021.103120",
        "https://doi.org/10.1016/j.tate.2021.103120",
        "http://dx.doi.org/10.1016/J.Tate.2021.103120",
        "doi:10.1016/j.tate.2021.103120",
    ],
)
def test_a_doi_is_recognised_however_it_is_written(written):
    existing = make_publication(title="Something else entirely", doi="10.1016/j.tate.2021.103120", year=2021)
    bib = f"@article{{x, title={{Another title}}, year={{2021}}, doi={{{written}}}}}"
    with nothing_written(Publication):
        report = import_publications(bib.encode(), actor=None, format="bibtex")
    assert report.duplicates == [existing] or report.updated == [existing]
    assert normalise_doi(written) == "10.1016/j.tate.2021.103120"


def test_a_ris_file_is_imported():
    report = import_publications(FILES / "publications.ris", actor=None)
    assert report.format == "ris"
    assert len(report.created) == 4
    assert [(r.label, r.reason) for r in report.rejected] == [
        ("record 5", "The type ELEC is not kept."),
        ("record 6", "The publication has no year."),
    ]
    article = Publication.objects.get(doi="10.1016/j.learninstruc.2022.101555")
    assert (article.pages, article.venue, article.abstract[:10]) == (
        "101–115",
        "Learning and Instruction",
        "We studied",
    )
    magazine = Publication.objects.get(venue="Euclides")
    assert magazine.category == PublicationCategory.PROFESSIONAL
    assert magazine.url == "https://www.nvvw.nl/euclides/2023-5/contextrijke-opgaven"
    chapter = Publication.objects.get(type=PublicationType.CHAPTER)
    assert (chapter.venue, chapter.editors) == ("Lesson Study Around the World", "Lewis, Catherine; Perry, Rebecca")
    assert Publication.objects.get(type=PublicationType.DISSERTATION).venue == "Leiden University"


def test_a_csl_json_file_is_imported():
    report = import_publications(FILES / "publications.json", actor=None)
    assert report.format == "csljson"
    assert len(report.created) == 3
    assert [r.reason for r in report.rejected] == ["The type dataset is not kept.", "The publication has no title."]
    article = Publication.objects.get(doi="10.1016/j.tate.2021.103310")
    assert article.open_access and article.year == 2021
    assert [a.name for a in article.authors.all()] == ["El Amrani, Youssef", "Admiraal, Wilfried"]
    assert article.authors.first().orcid == "0000-0002-1825-0097"
    assert Publication.objects.get(venue="Didactief").authors.get().name == "van Doorn, Marieke"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("export.bib", "anything", "bibtex"),
        ("export.RIS", "anything", "ris"),
        ("items.json", "anything", "csljson"),
        ("", '  [{"type": "book"}]', "csljson"),
        ("", "TY  - JOUR\nER  - \n", "ris"),
        ("", "% comment\n@article{a, title={x}}", "bibtex"),
    ],
)
def test_the_format_is_chosen_by_extension_and_content(name, content, expected):
    assert detect_format(content, name) == expected


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ((FILES / "malformed.json").read_bytes(), "The file is not valid JSON (line 4, column 1)."),
        ((FILES / "notes.txt").read_bytes(), "The file is not BibTeX, RIS or CSL-JSON."),
        (b"\xff\xfe\x00binary", "The file is not UTF-8 text: save it as UTF-8 and import it again."),
        (b"   \n", "The file is empty."),
        (b'{"not": "a list"}', "The type ? is not kept."),
        (b"[]", "The file holds no CSL-JSON items (a list of objects is expected)."),
    ],
)
def test_a_malformed_file_is_refused_whole_and_writes_nothing(content, message):
    with nothing_written(*MODELS):
        try:
            report = import_publications(content, actor=None)
        except ImportRefused as error:
            assert str(error.message) == message
        else:  # a JSON object is read as one item, which is then rejected on its own
            assert [r.reason for r in report.rejected] == [message]


def test_an_unexpected_error_rolls_the_whole_import_back(monkeypatch):
    calls = []
    original = services.entry_create

    def failing(data, **kwargs):
        calls.append(data.title)
        if len(calls) == 3:
            raise RuntimeError("database went away")
        return original(data, **kwargs)

    monkeypatch.setattr(services, "entry_create", failing)
    with nothing_written(*MODELS), pytest.raises(RuntimeError):
        import_publications(FILES / "publications.bib", actor=None)
    assert len(calls) == 3


def test_a_suspected_duplicate_waits_for_review_and_is_not_doubled():
    import_publications(FILES / "publications.bib", actor=None)
    before = Publication.objects.count()
    report = import_publications(FILES / "suspected.ris", actor=None)
    # Same title and year but another DOI and first author: kept aside, not created.
    original = Publication.objects.get(doi="10.1016/j.tate.2021.103120")
    assert [s.publication for s in report.suspected] == [original]
    suspicion = DuplicateSuspicion.objects.get()
    assert suspicion.status == SuspicionStatus.OPEN
    assert suspicion.entry["doi"] == "10.1177/00224871211012345"
    assert suspicion.source == "suspected.ris: record 1"
    # Same title and year, no DOI and the same first author: the same book, completed with its link.
    book = Publication.objects.get(title_key=title_key("Leren op de werkplek: schoolopleiders in de lerarenopleiding"))
    assert report.updated == [book]
    assert book.url == "https://www.lup.nl/leren-op-de-werkplek"
    assert Publication.objects.count() == before

    with nothing_written(*MODELS):
        again = import_publications(FILES / "suspected.ris", actor=None)
    assert len(again.suspected) == 1 and again.duplicates == [book]


def test_research_staff_merge_a_suspected_duplicate(researcher):
    existing = make_publication(title="Feedback literacy", year=2021, doi="", authors=["Jansen, Hendrik"])
    import_publications(
        b"@article{x, author={Peters, Jesse}, title={Feedback literacy}, year={2021}, volume={12}}",
        actor=researcher,
    )
    suspicion = DuplicateSuspicion.objects.get(publication=existing)
    merged = services.suspicion_merge(suspicion=suspicion, actor=researcher)
    assert merged == existing
    existing.refresh_from_db()
    suspicion.refresh_from_db()
    assert existing.volume == "12"
    assert (suspicion.status, suspicion.resolved_by) == (SuspicionStatus.MERGED, researcher)
    assert Publication.objects.count() == 1
    with pytest.raises(Conflict), nothing_written(*MODELS):
        services.suspicion_keep_both(suspicion=suspicion, actor=researcher)


def test_research_staff_keep_both_and_a_reimport_then_finds_both(researcher):
    make_publication(title="Feedback literacy", year=2021, doi="10.1000/first", authors=["Jansen, Hendrik"])
    bib = b"@article{x, author={Peters, Jesse}, title={Feedback literacy}, year={2021}, doi={10.1000/second}}"
    import_publications(bib, actor=researcher)
    suspicion = DuplicateSuspicion.objects.get()
    kept = services.suspicion_keep_both(suspicion=suspicion, actor=researcher)
    assert kept.doi == "10.1000/second"
    assert [a.name for a in kept.authors.all()] == ["Peters, Jesse"]
    suspicion.refresh_from_db()
    assert (suspicion.status, suspicion.kept_as) == (SuspicionStatus.KEPT_BOTH, kept)
    with nothing_written(*MODELS):
        report = import_publications(bib, actor=researcher)
    assert report.duplicates == [kept]


def test_authors_are_matched_by_orcid_first_then_by_name():
    by_orcid = ResearcherFactory(full_name="Dr. Y. Elamrani-Something", orcid="0000-0002-1825-0097")
    same_name = ResearcherFactory(full_name="Dr. Youssef El Amrani")
    mulder = ResearcherFactory(full_name="Dr. Fleur Mulder")
    van_doorn = ResearcherFactory(full_name="Prof. dr. Marieke van Doorn")
    import_publications(FILES / "publications.json", actor=None)
    article = Publication.objects.get(doi="10.1016/j.tate.2021.103310")
    assert [a.researcher for a in article.authors.all()] == [by_orcid, None]
    assert Publication.objects.get(venue="Didactief").authors.get().researcher == van_doorn
    assert Publication.objects.get(type=PublicationType.REPORT).authors.get().researcher == mulder
    assert not PublicationAuthor.objects.filter(researcher=same_name).exists()


def test_an_author_with_initials_is_matched_when_one_researcher_fits():
    jansen = ResearcherFactory(full_name="Prof. dr. Hendrik Jansen")
    ResearcherFactory(full_name="Dr. Sanne Smit")
    ResearcherFactory(full_name="Dr. Bram Smit")
    import_publications(
        b"@article{x, author={Jansen, H. and Smit, S. and Smit, B. and Bakker, L.}, title={T}, year={2020}}", actor=None
    )
    assert [a.researcher for a in PublicationAuthor.objects.order_by("position")][:1] == [jansen]
    assert PublicationAuthor.objects.get(position=2).researcher.full_name == "Dr. Sanne Smit"
    assert PublicationAuthor.objects.get(position=4).researcher is None


@pytest.mark.parametrize(
    "name",
    [
        "intake_officer",
        "programme_coordinator",
        "placement_coordinator",
        "professionalisation_coordinator",
        "applicant",
        "school_a_contact",
    ],
)
def test_only_research_staff_import(name, persona):
    user = persona(name)
    with nothing_written(*MODELS), pytest.raises(NotAllowed):
        import_publications(FILES / "publications.bib", actor=user)


@pytest.mark.parametrize("name", ["researcher", "administrator"])
def test_research_staff_and_administrators_import(name, persona):
    report = import_publications(FILES / "publications.bib", actor=persona(name))
    assert len(report.created) == 8
    assert Publication.history.filter(history_user=persona(name)).exists() or name == "administrator"


def test_the_management_command_prints_the_report():
    out = io.StringIO()
    call_command("import_publications", str(FILES / "publications.ris"), stdout=out)
    text = out.getvalue()
    assert (
        "6 entries read: 4 created, 0 updated, 0 already there, 0 suspected duplicates to review, 2 rejected." in text
    )
    assert "record 5: rejected: The type ELEC is not kept." in text
    assert Publication.objects.count() == 4


def test_the_management_command_refuses_a_malformed_file():
    with nothing_written(*MODELS), pytest.raises(CommandError, match="not valid JSON"):
        call_command("import_publications", str(FILES / "malformed.json"), stdout=io.StringIO())
