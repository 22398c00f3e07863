"""The publications pages (list with filters, search, pagination and export links; a page per
publication with its APA citation and authors linked to our researchers), the researcher's page,
and the admin: the upload page "Import publications" for research staff only, and the review of
suspected duplicates (merge, keep both)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from research.models import DuplicateSuspicion, Publication, PublicationAuthor, SuspicionStatus
from research.publications.importing import import_publications
from tests.factories.research import ResearcherFactory, ResearchProjectFactory
from tests.research.publications.conftest import FILES, make_publication
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

LIST = reverse("research_publications:list")
IMPORT = reverse("admin:research_publication_import")
SUSPICIONS = reverse("admin:research_duplicatesuspicion_changelist")


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


def logged_in(user):
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def test_the_list_filters_searches_and_links_the_exports(client):
    make_publication(title="Feedback literacy", year=2021, doi="10.1000/x", authors=["Jansen, Hendrik"])
    make_publication(title="Reading across subjects", year=2019)
    make_publication(title="Hidden draft", published=False)
    html = client.get(LIST).content.decode()
    assert "Feedback literacy" in html and "Reading across subjects" in html and "Hidden draft" not in html
    assert "2 publications" in html
    html = client.get(LIST, {"year": 2021}).content.decode()
    assert "Reading across subjects" not in html
    assert "/api/v1/publications/export/?as=bibtex&amp;year=2021" in html
    assert "Jansen, H. (2021). Feedback literacy. <i>Teaching and Teacher Education</i>." in html
    html = client.get(LIST, {"q": "reading"}).content.decode()
    assert "Feedback literacy" not in html


def test_the_publication_page_cites_and_links_our_authors(client):
    ours = ResearcherFactory(slug="hendrik-jansen", full_name="Prof. dr. Hendrik Jansen")
    gone = ResearcherFactory(slug="left", active=False)
    publication = make_publication(
        title="Feedback literacy",
        doi="10.1000/x",
        authors=[("Jansen, Hendrik", ours), ("Smit, Anouk", gone), "Peters, J."],
    )
    html = client.get(reverse("research_publications:detail", args=[publication.pk])).content.decode()
    assert '<a href="/research/people/hendrik-jansen/">Jansen, Hendrik</a>' in html
    assert "/research/people/left/" not in html and "Smit, Anouk" in html
    assert 'href="https://doi.org/10.1000/x"' in html
    assert "How to cite (APA 7)" in html


def test_an_unpublished_publication_is_404_but_for_research_staff(client, researcher, school_a_contact):
    hidden = make_publication(published=False)
    url = reverse("research_publications:detail", args=[hidden.pk])
    assert client.get(url).status_code == 404
    assert logged_in(school_a_contact).get(url).status_code == 404
    response = logged_in(researcher).get(url)
    assert response.status_code == 200 and "Not published." in response.content.decode()


def test_the_researchers_page_lists_their_publications(client):
    person = ResearcherFactory(slug="sanne", full_name="Dr. Sanne Verhoeven")
    make_publication(title="Zelfregulatie in de klas", authors=[("Verhoeven, Sanne", person)])
    make_publication(title="Someone else's", authors=["Peters, Jesse"])
    html = client.get(reverse("research_people:detail", args=["sanne"])).content.decode()
    assert "Zelfregulatie in de klas" in html and "Someone else" not in html


def test_a_projects_page_lists_its_publications_with_the_dissertation_first(client):
    project = ResearchProjectFactory(slug="feedback-phd", kind="phd", published=True)
    make_publication(title="An article from the project", year=2024, projects=[project])
    make_publication(title="Feedback in pre-vocational education", type="dissertation", year=2021, projects=[project])
    make_publication(title="Draft of the project", published=False, projects=[project])
    make_publication(title="Another project's article")
    html = client.get(reverse("research_projects:detail", args=["feedback-phd"])).content.decode()
    section = html[html.index('id="project-publications-title"') :]
    assert section.index("Feedback in pre-vocational education") < section.index("An article from the project")
    assert "Dissertation</span>" in section
    assert "Draft of the project" not in html and "Another project" not in html


def test_a_project_without_publications_has_no_publications_section(client):
    ResearchProjectFactory(slug="new-project", published=True)
    html = client.get(reverse("research_projects:detail", args=["new-project"])).content.decode()
    assert "About this project" in html and 'id="project-publications-title"' not in html


@pytest.mark.parametrize("rows", [1, 50])
def test_a_projects_page_runs_a_fixed_number_of_queries(client, rows, django_assert_max_num_queries):
    project = ResearchProjectFactory(slug="busy-project", published=True)
    person = ResearcherFactory()
    for number in range(rows):
        make_publication(title=f"Output {number}", authors=[("Jansen, Hendrik", person)], projects=[project])
    with django_assert_max_num_queries(16):
        response = client.get(reverse("research_projects:detail", args=["busy-project"]))
    assert "Output 0" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_runs_a_fixed_number_of_queries(client, rows, django_assert_max_num_queries):
    person = ResearcherFactory()
    for number in range(rows):
        make_publication(title=f"Publication {number}", authors=[("Jansen, Hendrik", person), "Smit, A."])
    with django_assert_max_num_queries(12):
        response = client.get(LIST, {"page": 1})
    assert response.status_code == 200


def test_research_staff_import_a_file_in_the_admin_and_see_the_report(researcher):
    upload = SimpleUploadedFile("lucris.bib", (FILES / "publications.bib").read_bytes())
    response = logged_in(researcher).post(IMPORT, {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert Publication.objects.count() == 8
    assert "entry 9 (line 82, key notitle2021)" in html and "The publication has no title." in html
    assert (
        logged_in(researcher).get(reverse("admin:research_publication_changelist")).content.decode().count(IMPORT) == 1
    )


def test_a_malformed_upload_is_reported_and_imports_nothing(researcher):
    upload = SimpleUploadedFile("items.json", (FILES / "malformed.json").read_bytes())
    with nothing_written(Publication, PublicationAuthor):
        response = logged_in(researcher).post(IMPORT, {"file": upload})
    html = response.content.decode()
    assert "The file was not imported and nothing has changed." in html
    assert "The file is not valid JSON (line 4, column 1)." in html


@pytest.mark.parametrize(
    "name", ["intake_officer", "programme_coordinator", "placement_coordinator", "professionalisation_coordinator"]
)
def test_other_staff_cannot_import(name, persona):
    upload = SimpleUploadedFile("lucris.bib", (FILES / "publications.bib").read_bytes())
    with nothing_written(Publication, PublicationAuthor):
        response = logged_in(persona(name)).post(IMPORT, {"file": upload})
    assert response.status_code == 403


@pytest.mark.parametrize("name", ["applicant", "school_a_contact"])
def test_people_outside_the_staff_are_sent_to_the_login(name, persona):
    upload = SimpleUploadedFile("lucris.bib", (FILES / "publications.bib").read_bytes())
    with nothing_written(Publication):
        response = logged_in(persona(name)).post(IMPORT, {"file": upload})
    assert response.status_code == 302


def _suspicion():
    make_publication(title="Feedback literacy", year=2021, doi="10.1000/first", authors=["Jansen, Hendrik"])
    import_publications(
        b"@article{x, author={Peters, Jesse}, title={Feedback literacy}, year={2021}, doi={10.1000/second}}",
        actor=None,
    )
    return DuplicateSuspicion.objects.get()


@pytest.mark.parametrize(
    ("action", "status", "count"), [("merge_action", "merged", 1), ("keep_both_action", "kept_both", 2)]
)
def test_research_staff_review_suspected_duplicates_in_the_admin(researcher, action, status, count):
    suspicion = _suspicion()
    html = logged_in(researcher).get(SUSPICIONS).content.decode()
    assert "Feedback literacy" in html
    logged_in(researcher).post(SUSPICIONS, {"action": action, "_selected_action": [suspicion.pk]})
    suspicion.refresh_from_db()
    assert suspicion.status == status
    assert Publication.objects.count() == count


def test_other_staff_cannot_review_suspected_duplicates(intake_officer):
    suspicion = _suspicion()
    with nothing_written(Publication, DuplicateSuspicion):
        response = logged_in(intake_officer).post(
            SUSPICIONS, {"action": "keep_both_action", "_selected_action": [suspicion.pk]}
        )
    assert response.status_code == 403
    assert DuplicateSuspicion.objects.get().status == SuspicionStatus.OPEN
