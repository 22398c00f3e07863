from pathlib import Path

import pytest
from django.utils import translation

from research.models import Publication, PublicationAuthor, PublicationCategory, PublicationType

FILES = Path(__file__).with_name("files")


@pytest.fixture(autouse=True)
def _english():
    """The reports and refusals are read in English (the lead translates them to Dutch)."""
    with translation.override("en"):
        yield


def make_publication(*, authors=(), principles=(), projects=(), **fields) -> Publication:
    """A publication written directly (set-up, not the workflow: the import and services are tested
    through themselves). `authors`: names, or (name, researcher) pairs."""
    values = {
        "category": PublicationCategory.SCIENTIFIC,
        "type": PublicationType.ARTICLE,
        "title": "Feedback in the classroom",
        "year": 2022,
        "venue": "Teaching and Teacher Education",
        **fields,
    }
    from research.publications.normalise import normalise_doi, title_key

    values["doi"] = normalise_doi(values.get("doi", ""))
    publication = Publication.objects.create(title_key=title_key(values["title"]), **values)
    for position, author in enumerate(authors, start=1):
        name, researcher = (author, None) if isinstance(author, str) else author
        PublicationAuthor.objects.create(publication=publication, position=position, name=name, researcher=researcher)
    publication.principles.set(principles)
    publication.projects.set(projects)
    return publication
