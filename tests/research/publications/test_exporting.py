"""Export as BibTeX, RIS and CSL-JSON (a round trip: importing the export creates nothing), and the
APA 7 citation checked against hand-written references."""

import json

import pytest

from research.models import DuplicateSuspicion, Publication, PublicationAuthor, PublicationCategory, PublicationType
from research.publications.exporting import apa, apa_html, to_bibtex, to_csljson, to_ris
from research.publications.importing import import_publications
from tests.research.publications.conftest import FILES, make_publication
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

EXPORTS = {"bibtex": to_bibtex, "ris": to_ris, "csljson": to_csljson}


@pytest.mark.parametrize("source", ["publications.bib", "publications.ris", "publications.json"])
@pytest.mark.parametrize("chosen", list(EXPORTS))
def test_importing_an_export_creates_nothing(source, chosen):
    import_publications(FILES / source, actor=None)
    make_publication(title="Rekenen & taal: 50% beter #1", authors=["Bakker, Lotte"], doi="", year=2023)
    rows = Publication.objects.prefetch_related("authors")
    exported = EXPORTS[chosen](rows)
    with nothing_written(Publication, PublicationAuthor, DuplicateSuspicion):
        report = import_publications(exported.encode(), actor=None, format=chosen)
    assert report.rejected == [] and report.suspected == [] and report.created == []
    assert len(report.duplicates) == rows.count()


def test_an_export_into_an_empty_portal_recreates_the_same_publications():
    import_publications(FILES / "publications.bib", actor=None)
    exported = to_csljson(Publication.objects.prefetch_related("authors").order_by("pk"))
    before = {
        (p.title, p.year, p.type, p.category, p.venue, p.doi, p.pages, p.open_access, p.editors)
        for p in Publication.objects.all()
    }
    Publication.objects.all().delete()
    import_publications(exported.encode(), actor=None)
    after = {
        (p.title, p.year, p.type, p.category, p.venue, p.doi, p.pages, p.open_access, p.editors)
        for p in Publication.objects.all()
    }
    assert after == before


def test_the_csl_json_export_carries_the_orcid_and_category():
    publication = make_publication(type=PublicationType.PROFESSIONAL_ARTICLE, category=PublicationCategory.PROFESSIONAL)
    PublicationAuthor.objects.create(
        publication=publication, position=1, name="Jansen, Hendrik", orcid="0000-0002-1825-0097"
    )
    item = json.loads(to_csljson(Publication.objects.prefetch_related("authors")))[0]
    assert item["type"] == "article-magazine"
    assert item["author"] == [
        {"family": "Jansen", "given": "Hendrik", "ORCID": "https://orcid.org/0000-0002-1825-0097"}
    ]
    assert item["custom"] == {"category": "professional"}


def test_apa_of_an_article_with_a_doi():
    article = make_publication(
        title="Feedback literacy of pre-service teachers: A mixed-methods study",
        year=2021,
        venue="Teaching and Teacher Education",
        volume="98",
        issue="2",
        pages="103–120",
        doi="https://doi.org/10.1016/J.TATE.2021.103120",
        authors=["Jansen, Hendrik", "de Vries, Anouk", "Smit, Bas"],
    )
    assert apa(article) == (
        "Jansen, H., de Vries, A., & Smit, B. (2021). Feedback literacy of pre-service teachers: A mixed-methods "
        "study. Teaching and Teacher Education, 98(2), 103–120. https://doi.org/10.1016/j.tate.2021.103120"
    )
    assert "<i>Teaching and Teacher Education</i>, <i>98</i>(2)" in apa_html(article)


def test_apa_of_a_book():
    book = make_publication(
        type=PublicationType.BOOK,
        title="Leren op de werkplek: Schoolopleiders in de lerarenopleiding",
        year=2019,
        venue="",
        publisher="Leiden University Press",
        doi="10.24415/9789087283421",
        authors=["van Doorn, Marieke"],
    )
    assert apa(book) == (
        "van Doorn, M. (2019). Leren op de werkplek: Schoolopleiders in de lerarenopleiding. "
        "Leiden University Press. https://doi.org/10.24415/9789087283421"
    )
    assert apa_html(book).startswith("van Doorn, M. (2019). <i>Leren op de werkplek")


def test_apa_of_a_chapter():
    chapter = make_publication(
        type=PublicationType.CHAPTER,
        title="Language-aware subject teaching in multilingual classrooms",
        year=2020,
        venue="Handbook of teacher education research",
        editors="Tack, Hanne; Vanderlinde, Ruben",
        pages="211–230",
        publisher="Springer",
        doi="10.1007/978-3-030-12345-6_12",
        authors=["Demir, Aylin", "Bakker, Lotte"],
    )
    assert apa(chapter) == (
        "Demir, A., & Bakker, L. (2020). Language-aware subject teaching in multilingual classrooms. In H. Tack & "
        "R. Vanderlinde (Eds.), Handbook of teacher education research (pp. 211–230). Springer. "
        "https://doi.org/10.1007/978-3-030-12345-6_12"
    )


def test_apa_of_a_dissertation():
    dissertation = make_publication(
        type=PublicationType.DISSERTATION,
        title="Self-regulated learning in lower secondary education",
        year=2022,
        venue="Leiden University",
        url="https://hdl.handle.net/1887/3100012",
        authors=["Smit, Anouk"],
    )
    assert apa(dissertation) == (
        "Smit, A. (2022). Self-regulated learning in lower secondary education [Doctoral dissertation, Leiden "
        "University]. https://hdl.handle.net/1887/3100012"
    )


def test_apa_names_with_two_given_names_and_a_hyphen():
    article = make_publication(
        authors=["Meijer, Paulien C.", "Korthagen, Fred A. J.", "Kaya-Demir, Jean-Luc"], venue="", doi=""
    )
    assert apa(article).startswith("Meijer, P. C., Korthagen, F. A. J., & Kaya-Demir, J.-L. (2022).")
