"""The demo publications: the shipped BibTeX file imports whole (nothing rejected), its authors
are matched to the demo researchers, the publications carry their authors' principles, and a
second run adds nothing."""

import io

import pytest

from research.models import DuplicateSuspicion, Publication, PublicationAuthor, PublicationCategory
from research.people import demo as people_demo
from research.people.models import STAFF_ROLES
from research.projects import demo as projects_demo
from research.publications import demo as publications_demo
from research.publications.importing import import_publications
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db


def seed():
    out = io.StringIO()
    people_demo.seed_demo(out, None)
    projects_demo.seed_demo(out, None)
    publications_demo.seed_demo(out, None)
    return out.getvalue()


def test_the_demo_file_imports_whole_and_a_second_run_adds_nothing():
    assert "Publications: skipped" in publications_demo_output_without_researchers()
    seed()
    total = Publication.objects.count()
    assert total == 64
    assert Publication.objects.filter(category=PublicationCategory.PROFESSIONAL).count() >= 10
    assert PublicationAuthor.objects.filter(researcher__isnull=False).count() >= 64
    # Every publication by one of the staff (who have principles) carries their principles.
    by_staff = Publication.objects.filter(authors__researcher__role__in=STAFF_ROLES).distinct()
    assert by_staff.count() >= 50
    assert not by_staff.filter(principles__isnull=True).exists()
    assert not DuplicateSuspicion.objects.exists()
    with nothing_written(Publication, PublicationAuthor, Publication.principles.through):
        out = io.StringIO()
        publications_demo.seed_demo(out, None)
    assert "0 created" in out.getvalue()


def test_the_demo_file_has_no_rejected_entry():
    report = import_publications(publications_demo.DEMO_FILE, actor=None)
    assert report.rejected == [] and report.suspected == []


def publications_demo_output_without_researchers():
    out = io.StringIO()
    publications_demo.seed_demo(out, None)
    return out.getvalue()
