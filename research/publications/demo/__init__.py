"""Demo publications: the BibTeX file this package ships (publications.bib: 342 invented entries of
ICLON's shape by the demo researchers, written by scripts/demo_publications.py) imported through the
real import, then tagged with the principles of their authors who are ours, and linked to research
projects: each dissertation to the PhD project whose handle it carries, each other publication of a
PhD candidate to the candidate's project. Idempotent: a second run imports nothing new (the import
recognises every entry) and tags or links nothing twice."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction
from django.utils import translation
from django_scopes import scopes_disabled

from research.people.models import Researcher
from research.projects.models import MemberRole, ProjectMember, ResearchProject
from research.publications.importing import import_publications
from research.publications.models import Publication, PublicationAuthor, PublicationType

DEMO_FILE = Path(__file__).with_name("publications.bib")


def seed_demo(stdout, style) -> None:
    # scope: demo data is written for every school at once, outside any request.
    with scopes_disabled(), transaction.atomic():
        if not Researcher.objects.exists():
            stdout.write("  Publications: skipped (the demo researchers are not there).")
            return
        report = import_publications(DEMO_FILE, actor=None)
        _tag_with_authors_principles()
        _link_to_projects()
    with translation.override("en"):  # the console's lines are English, whatever the default language
        stdout.write(f"  Publications: {Publication.objects.count()} publications; {report.summary()}")


def _tag_with_authors_principles() -> None:
    """Each publication gets the principles of its authors who are our researchers."""
    Tags = Publication.principles.through
    ResearcherTags = Researcher.principles.through
    by_researcher: dict[int, list[int]] = {}
    for researcher_id, principle_id in ResearcherTags.objects.values_list(
        "researcher_id", "teachinglearningprinciple_id"
    ):
        by_researcher.setdefault(researcher_id, []).append(principle_id)
    pairs = {
        (publication_id, principle_id)
        for publication_id, researcher_id in PublicationAuthor.objects.filter(researcher__isnull=False).values_list(
            "publication_id", "researcher_id"
        )
        for principle_id in by_researcher.get(researcher_id, [])
    }
    Tags.objects.bulk_create(
        [Tags(publication_id=publication, teachinglearningprinciple_id=principle) for publication, principle in pairs],
        ignore_conflicts=True,
    )


def _link_to_projects() -> None:
    """A dissertation belongs to the PhD project with its URL; a candidate's publication to the
    candidate's project."""
    Links = Publication.projects.through
    by_url = dict(ResearchProject.objects.exclude(dissertation_url="").values_list("dissertation_url", "pk"))
    pairs = {
        (publication_id, by_url[url])
        for publication_id, url in Publication.objects.filter(type=PublicationType.DISSERTATION).values_list(
            "pk", "url"
        )
        if url in by_url
    }
    project_of = dict(
        ProjectMember.objects.filter(role=MemberRole.CANDIDATE).values_list("researcher_id", "project_id")
    )
    pairs |= {
        (publication_id, project_of[researcher_id])
        for publication_id, researcher_id in PublicationAuthor.objects.filter(researcher_id__in=project_of).values_list(
            "publication_id", "researcher_id"
        )
    }
    Links.objects.bulk_create(
        [Links(publication_id=publication, researchproject_id=project) for publication, project in pairs],
        ignore_conflicts=True,
    )
