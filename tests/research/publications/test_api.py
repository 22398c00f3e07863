"""/api/v1/publications/: public reads of the published publications (unpublished ones for research
staff), the filters of the page, the APA citation, pagination with `count`, the export of the
filtered list, and a fixed number of queries."""

import pytest
from django.urls import reverse

from research.models import Publication, PublicationCategory, PublicationType, TeachingLearningPrinciple
from research.publications.importing import import_publications
from tests.api.conftest import api_client
from tests.factories.research import ResearcherFactory, ResearchProjectFactory
from tests.research.publications.conftest import make_publication
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

LIST = reverse("api:publication-list")
EXPORT = reverse("api:publication-export")


def detail(pk):
    return reverse("api:publication-detail", args=[pk])


def titles(response):
    assert response.status_code == 200, response.content
    return sorted(row["title"] for row in response.json()["results"])


def test_a_publication_with_its_authors_links_and_citation():
    jansen = ResearcherFactory(slug="hendrik-jansen", full_name="Prof. dr. Hendrik Jansen")
    project = ResearchProjectFactory(slug="feedback")
    publication = make_publication(
        title="Feedback literacy",
        year=2021,
        volume="98",
        doi="10.1016/j.tate.2021.103120",
        authors=[("Jansen, Hendrik", jansen), "de Vries, Anouk"],
        principles=TeachingLearningPrinciple.objects.filter(slug="formatief"),
        projects=[project],
    )
    body = api_client().get(detail(publication.pk)).json()
    assert body["authors"] == [
        {"position": 1, "name": "Jansen, Hendrik", "orcid": "", "researcher": "hendrik-jansen"},
        {"position": 2, "name": "de Vries, Anouk", "orcid": "", "researcher": None},
    ]
    assert body["apa"] == (
        "Jansen, H., & de Vries, A. (2021). Feedback literacy. Teaching and Teacher Education, 98. "
        "https://doi.org/10.1016/j.tate.2021.103120"
    )
    assert (body["principles"], body["projects"]) == (["formatief"], ["feedback"])
    assert body["doi_url"] == "https://doi.org/10.1016/j.tate.2021.103120"
    assert body["url"].endswith(f"/research/publications/{publication.pk}/")


def test_unpublished_publications_are_for_research_staff_only(researcher, school_a_contact, intake_officer):
    make_publication(title="Public")
    hidden = make_publication(title="Hidden", published=False)
    assert titles(api_client().get(LIST)) == ["Public"]
    for user in (school_a_contact, intake_officer):
        assert titles(api_client(user).get(LIST)) == ["Public"]
        assert api_client(user).get(detail(hidden.pk)).status_code == 404
    assert titles(api_client(researcher).get(LIST)) == ["Hidden", "Public"]
    assert api_client(researcher).get(detail(hidden.pk)).status_code == 200


def test_the_filters_and_search():
    person = ResearcherFactory(slug="sanne")
    project = ResearchProjectFactory(slug="zelfregulatie")
    formatief = TeachingLearningPrinciple.objects.filter(slug="formatief")
    make_publication(title="A", year=2020, authors=[("Verhoeven, Sanne", person)], principles=formatief)
    make_publication(
        title="B",
        year=2021,
        type=PublicationType.PROFESSIONAL_ARTICLE,
        category=PublicationCategory.PROFESSIONAL,
        open_access=True,
        projects=[project],
        venue="Didactief",
        authors=["Peters, Jesse"],
    )
    make_publication(title="C", year=2021, type=PublicationType.BOOK, doi="10.1000/abc")
    client = api_client()
    assert titles(client.get(LIST, {"category": "professional"})) == ["B"]
    assert titles(client.get(LIST, {"type": "book"})) == ["C"]
    assert titles(client.get(LIST, {"year": 2021})) == ["B", "C"]
    assert titles(client.get(LIST, {"principle": "formatief"})) == ["A"]
    assert titles(client.get(LIST, {"researcher": "sanne"})) == ["A"]
    assert titles(client.get(LIST, {"project": "zelfregulatie"})) == ["B"]
    assert titles(client.get(LIST, {"open_access": "true"})) == ["B"]
    assert titles(client.get(LIST, {"open_access": "false"})) == ["A", "C"]
    assert titles(client.get(LIST, {"q": "peters"})) == ["B"]
    assert titles(client.get(LIST, {"q": "didactief"})) == ["B"]
    assert titles(client.get(LIST, {"q": "10.1000/ABC"})) == ["C"]
    assert client.get(LIST, {"type": "poster"}).status_code == 400
    assert client.get(LIST, {"year": "last"}).status_code == 400


@pytest.mark.parametrize("chosen", ["bibtex", "ris", "csljson"])
def test_the_export_of_the_filtered_list_imports_back_without_creating_anything(chosen):
    make_publication(title="Kept", year=2020, doi="10.1000/kept", authors=["Jansen, Hendrik"])
    make_publication(title="Filtered out", year=2019)
    make_publication(title="Hidden", year=2020, published=False)
    response = api_client().get(EXPORT, {"as": chosen, "year": 2020})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    content = response.content.decode()
    assert "Kept" in content and "Filtered out" not in content and "Hidden" not in content
    with nothing_written(Publication):
        report = import_publications(response.content, actor=None, format=chosen)
    assert [p.title for p in report.duplicates] == ["Kept"]


def test_the_export_refuses_an_unknown_format():
    response = api_client().get(EXPORT, {"as": "docx"})
    assert response.status_code == 400
    assert "as" in response.json().get("errors", response.json()) or "as" in str(response.json())


def test_the_api_writes_nothing(researcher):
    publication = make_publication()
    with nothing_written(Publication):
        assert api_client(researcher).post(LIST, {"title": "x"}).status_code == 405
        assert api_client(researcher).delete(detail(publication.pk)).status_code == 405


def _fill(count):
    person = ResearcherFactory()
    project = ResearchProjectFactory()
    for number in range(count):
        make_publication(
            title=f"Publication {number}",
            authors=[("Jansen, Hendrik", person), "de Vries, Anouk"],
            principles=TeachingLearningPrinciple.objects.all()[:2],
            projects=[project],
        )


@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_runs_a_fixed_number_of_queries(rows, django_assert_max_num_queries):
    _fill(rows)
    with django_assert_max_num_queries(8):
        body = api_client().get(LIST, {"page_size": 50}).json()
    assert body["count"] == rows
    with django_assert_max_num_queries(8):
        assert api_client().get(EXPORT, {"as": "bibtex"}).status_code == 200
