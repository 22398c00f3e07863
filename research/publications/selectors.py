"""The reads of publications, scoped to the viewer in one place: everybody sees the published
publications, research staff (the view permission) the unpublished too; each row comes with its
authors (and their researchers), projects and principles in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, When
from django.shortcuts import get_object_or_404

from iclon.accounts.models import User
from research.people.models import Researcher
from research.projects.models import ResearchProject
from research.publications.models import Publication, PublicationAuthor, PublicationCategory, PublicationType
from research.publications.permissions import sees_unpublished_publications

Viewer = User | AnonymousUser | None

#: The longest search the lists take (longer input is cut).
MAX_SEARCH = 100


def _authors() -> Prefetch:
    return Prefetch(
        "authors",
        queryset=PublicationAuthor.objects.select_related("researcher").order_by("position", "pk"),
    )


def publication_list_for_user(user: Viewer) -> QuerySet[Publication]:
    rows = Publication.objects.all()
    if not sees_unpublished_publications(user):
        rows = rows.filter(published=True)
    return rows.prefetch_related(_authors(), "principles", "projects").order_by("-year", "title", "pk")


def publication_get_for_user(*, user: Viewer, pk: Any) -> Publication:
    """The publication with everything its page shows, if `user` may see it; Http404 otherwise."""
    return get_object_or_404(publication_list_for_user(user), pk=pk)


def publication_filter(
    rows: QuerySet[Publication],
    *,
    category: str = "",
    type: str = "",
    year: int | None = None,
    principle: str = "",
    researcher: str = "",
    project: str = "",
    open_access: bool | None = None,
    q: str = "",
) -> QuerySet[Publication]:
    """`rows` narrowed by the portal's filters (the pages and the API use this one implementation):
    category, type, year, principle (slug), researcher (slug: one of the authors), project (slug),
    open access, and a search in title, venue, DOI and the authors' names. Each row at most once."""
    if category:
        rows = rows.filter(category=category)
    if type:
        rows = rows.filter(type=type)
    if year:
        rows = rows.filter(year=year)
    if principle:
        rows = rows.filter(
            Exists(
                Publication.principles.through.objects.filter(
                    publication=OuterRef("pk"), teachinglearningprinciple__slug=principle
                )
            )
        )
    if researcher:
        rows = rows.filter(
            Exists(PublicationAuthor.objects.filter(publication=OuterRef("pk"), researcher__slug=researcher))
        )
    if project:
        rows = rows.filter(
            Exists(
                Publication.projects.through.objects.filter(publication=OuterRef("pk"), researchproject__slug=project)
            )
        )
    if open_access is not None:
        rows = rows.filter(open_access=open_access)
    for word in (q or "").strip()[:MAX_SEARCH].split():
        named = Exists(PublicationAuthor.objects.filter(publication=OuterRef("pk"), name__icontains=word))
        rows = rows.filter(Q(title__icontains=word) | Q(venue__icontains=word) | Q(doi__iexact=word.lower()) | named)
    return rows


def researcher_publications(*, user: Viewer, researcher: Researcher) -> QuerySet[Publication]:
    """The publications `user` may see of which `researcher` is an author."""
    return publication_filter(publication_list_for_user(user), researcher=researcher.slug)


def project_publications(*, user: Viewer, project: ResearchProject) -> QuerySet[Publication]:
    """The publications `user` may see that came out of `project`, its dissertation first."""
    return (
        publication_list_for_user(user)
        .filter(projects=project)
        .order_by(
            Case(When(type=PublicationType.DISSERTATION, then=0), default=1),
            "-year",
            "title",
            "pk",
        )
    )


@dataclass(frozen=True)
class PublicationCounts:
    scientific: int
    professional: int

    @property
    def total(self) -> int:
        return self.scientific + self.professional


#: The home page counts the publications of the five most recent years.
COUNTED_YEARS = 5


def publication_counts() -> PublicationCounts:
    """The published publications of the five most recent years with any (one query): the
    window ends at the newest year, so it follows the data rather than the calendar."""
    newest = Publication.objects.filter(published=True).order_by("-year").values("year")[:1]
    counts = Publication.objects.filter(published=True, year__gt=Subquery(newest) - COUNTED_YEARS).aggregate(
        scientific=Count("pk", filter=Q(category=PublicationCategory.SCIENTIFIC)),
        professional=Count("pk", filter=Q(category=PublicationCategory.PROFESSIONAL)),
    )
    return PublicationCounts(scientific=counts["scientific"], professional=counts["professional"])
