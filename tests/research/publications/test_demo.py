"""The demo publications: the shipped BibTeX file imports whole (nothing rejected), its authors
are matched to the demo researchers, the publications carry their authors' principles, and a
second run adds nothing."""

import io

import pytest

from research.models import DuplicateSuspicion, Publication, PublicationAuthor, PublicationCategory, PublicationType
from research.people import demo as people_demo
from research.people.models import STAFF_ROLES
from research.projects import demo as projects_demo
from research.projects.models import MemberRole, ProjectKind, ProjectStatus, ResearchProject
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
    assert total == 342
    assert Publication.objects.filter(category=PublicationCategory.PROFESSIONAL).count() >= 10
    assert PublicationAuthor.objects.filter(researcher__isnull=False).count() >= 64
    # Every publication by one of the staff (who have principles) carries their principles.
    by_staff = Publication.objects.filter(authors__researcher__role__in=STAFF_ROLES).distinct()
    assert by_staff.count() >= 50
    assert not by_staff.filter(principles__isnull=True).exists()
    assert not DuplicateSuspicion.objects.exists()
    # ICLON's shape: about 240 scientific and 102 professional publications.
    assert Publication.objects.filter(category=PublicationCategory.PROFESSIONAL).count() == 102
    # Each completed PhD project has its dissertation, by its candidate, linked to it.
    completed = ResearchProject.objects.filter(kind=ProjectKind.PHD, status=ProjectStatus.COMPLETED)
    assert completed.count() == 55
    for project in completed.prefetch_related("publications__authors", "memberships"):
        (dissertation,) = [p for p in project.publications.all() if p.type == PublicationType.DISSERTATION]
        assert dissertation.url == project.dissertation_url
        candidate = next(m.researcher_id for m in project.memberships.all() if m.role == MemberRole.CANDIDATE)
        assert [a.researcher_id for a in dissertation.authors.all()] == [candidate]
    with nothing_written(Publication, PublicationAuthor, Publication.principles.through, Publication.projects.through):
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
