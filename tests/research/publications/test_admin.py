"""The admin of publications: research staff add and change publications and their authors by hand
(through the services: the DOI normalised, our researcher matched), every list renders, and other
staff change nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from research.models import Publication, PublicationAuthor
from tests.factories.research import ResearcherFactory
from tests.research.publications.conftest import make_publication
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

ADD = reverse("admin:research_publication_add")


def logged_in(user):
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def form(**fields):
    data = {
        "category": "professional",
        "type": "professional_article",
        "title": "Zelfregulatie in de klas",
        "year": "2024",
        "venue": "Didactief",
        "doi": "https://doi.org/10.1000/DIDACTIEF.2024.1",
        "published": "on",
        "authors-TOTAL_FORMS": "1",
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "1000",
        "authors-0-position": "1",
        "authors-0-name": "Verhoeven, Sanne",
        "authors-0-orcid": "",
        **fields,
    }
    for name in ("publisher", "editors", "volume", "issue", "pages", "url", "abstract", "language"):
        data.setdefault(name, "")
    return data


def test_research_staff_add_a_publication_with_its_author(researcher):
    sanne = ResearcherFactory(full_name="Dr. Sanne Verhoeven")
    response = logged_in(researcher).post(ADD, form())
    assert response.status_code == 302, response.content.decode()[:3000]
    publication = Publication.objects.get()
    assert publication.doi == "10.1000/didactief.2024.1"
    assert publication.history.get().history_user == researcher
    assert publication.authors.get().researcher == sanne


def test_a_doi_of_another_publication_is_refused_on_its_field(researcher):
    make_publication(doi="10.1000/didactief.2024.1")
    with nothing_written(Publication, PublicationAuthor):
        response = logged_in(researcher).post(ADD, form())
    assert response.status_code == 200
    assert "Another publication has this DOI." in response.content.decode()


def test_research_staff_change_a_publication(researcher):
    publication = make_publication(title="Old title")
    url = reverse("admin:research_publication_change", args=[publication.pk])
    response = logged_in(researcher).post(url, form(title="New title", doi=""))
    assert response.status_code == 302, response.content.decode()[:3000]
    publication.refresh_from_db()
    assert (publication.title, publication.title_key) == ("New title", "new title")


@pytest.mark.parametrize(
    "name",
    [
        "research_publication_changelist",
        "research_publicationauthor_changelist",
        "research_duplicatesuspicion_changelist",
        "research_publication_add",
        "research_publication_import",
    ],
)
def test_every_admin_page_renders_for_research_staff(researcher, name):
    make_publication(authors=["Jansen, Hendrik"])
    response = logged_in(researcher).get(reverse(f"admin:{name}"))
    assert response.status_code == 200
    assert 'id="content"' in response.content.decode()


@pytest.mark.parametrize("name", ["intake_officer", "professionalisation_coordinator"])
def test_other_staff_change_nothing(name, persona):
    publication = make_publication(title="Old title")
    url = reverse("admin:research_publication_change", args=[publication.pk])
    with nothing_written(Publication, PublicationAuthor):
        assert logged_in(persona(name)).post(ADD, form()).status_code == 403
        assert logged_in(persona(name)).post(url, form(title="New")).status_code == 403
