"""Every write of publications; the admin, the import and the demo call these.

Each service runs in one transaction, checks who acts (research staff: permissions.
manages_publications; `actor=None` is the system: the command line and the demo), validates on the
server (a title, a plausible year, a DOI of the right shape and not another publication's) and
refuses with a translated PortalError before it writes anything; the history rows name the actor.

An entry (`PublicationData`) is what a file or a form holds about one publication; `entry_create`
makes a publication of it, `entry_fill` completes an existing one with what it lacks (the portal's
own additions are never overwritten: LUCRIS stays the register of record, the portal adds to it)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iclon.accounts.models import User
from iclon.core.errors import Conflict, NotAllowed, PortalError, full_clean_or_raise
from iclon.core.history import history_author, record_history_as
from research.knowledge.models import TeachingLearningPrinciple
from research.people.models import Researcher
from research.people.validators import normalise_orcid
from research.projects.models import ResearchProject
from research.publications.models import (
    DuplicateSuspicion,
    Publication,
    PublicationAuthor,
    PublicationCategory,
    PublicationType,
    SuspicionStatus,
)
from research.publications.normalise import (
    is_doi,
    name_key,
    normalise_doi,
    researcher_name_parts,
    surname_initial,
    title_key,
)
from research.publications.permissions import manages_publications

FIRST_YEAR = 1900

#: The bibliographic fields an entry carries besides title, year, type, category and authors; an
#: import fills these on an existing publication when it lacks them.
FILLABLE = ("venue", "publisher", "editors", "volume", "issue", "pages", "doi", "url", "abstract", "language")

#: The fields `publication_update` may change.
PUBLICATION_FIELDS = ("category", "type", "title", "year", "open_access", "published", *FILLABLE)


@dataclass
class PublicationData:
    """One publication as a file holds it: authors as (name as written, ORCID iD or "")."""

    title: str
    year: int
    type: str = PublicationType.ARTICLE
    category: str = PublicationCategory.SCIENTIFIC
    authors: list[tuple[str, str]] = field(default_factory=list)
    venue: str = ""
    publisher: str = ""
    editors: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    url: str = ""
    abstract: str = ""
    language: str = ""
    open_access: bool = False

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["authors"] = [list(author) for author in self.authors]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PublicationData:
        values = dict(data)
        values["authors"] = [tuple(author) for author in values.get("authors", [])]
        return cls(**values)


def require_manager(actor: User | AnonymousUser | None) -> None:
    """Research staff, or the system (no actor: the command line, the demo)."""
    if actor is not None and not manages_publications(actor):
        raise NotAllowed()


def _save(row: Publication, actor: User | AnonymousUser | None) -> Publication:
    row.title = (row.title or "").strip()
    row.title_key = title_key(row.title)
    row.doi = normalise_doi(row.doi)
    full_clean_or_raise(row, exclude=["title_key"])
    record_history_as(row, history_author(actor))
    row.save()
    return row


def check_data(data: PublicationData) -> PublicationData:
    """`data` cleaned (spaces, the DOI's stored form), or a PortalError naming what is wrong."""
    data.title = " ".join((data.title or "").split())
    if not data.title:
        raise PortalError(_("The publication has no title."), field="title")
    try:
        data.year = int(data.year)
    except (TypeError, ValueError):
        data.year = 0
    if not data.year:
        raise PortalError(_("The publication has no year."), field="year")
    if not FIRST_YEAR <= data.year <= timezone.now().year + 1:
        raise PortalError(
            _("The year %(year)s is not plausible.") % {"year": data.year},
            field="year",
        )
    if data.type not in PublicationType.values:
        raise PortalError(_("Choose a valid type."), field="type")
    if data.category not in PublicationCategory.values:
        raise PortalError(_("Choose a valid category."), field="category")
    data.doi = normalise_doi(data.doi)
    if data.doi and not is_doi(data.doi):
        raise PortalError(_("“%(doi)s” is not a DOI (a DOI starts with 10.).") % {"doi": data.doi}, field="doi")
    for name in FILLABLE:
        value = getattr(data, name)
        setattr(data, name, " ".join(str(value or "").split()) if name != "abstract" else str(value or "").strip())
    data.authors = [(" ".join(name.split()), normalise_orcid(orcid or "")) for name, orcid in data.authors if name]
    return data


# --- authors and our researchers -------------------------------------------------------------------


class ResearcherMatcher:
    """Finds our researcher for an author: by ORCID iD first, then by the full name, then by family
    name and first initial when exactly one researcher has them. Reads the researchers once."""

    def __init__(self) -> None:
        self.by_orcid: dict[str, Researcher] = {}
        self.by_name: dict[str, list[Researcher]] = {}
        self.by_initial: dict[tuple[str, str], list[Researcher]] = {}
        for researcher in Researcher.objects.only("pk", "full_name", "orcid", "slug"):
            if researcher.orcid:
                self.by_orcid[researcher.orcid] = researcher
            family, initial = researcher_name_parts(researcher.full_name)
            given = researcher.full_name
            self.by_name.setdefault(name_key(given), []).append(researcher)
            self.by_initial.setdefault((family, initial), []).append(researcher)

    def match(self, name: str, orcid: str = "") -> Researcher | None:
        if orcid and orcid in self.by_orcid:
            return self.by_orcid[orcid]
        if orcid:
            return None  # an ORCID iD that is not one of ours: another person of the same name
        for found in (self.by_name.get(name_key(name), []), self.by_initial.get(surname_initial(name), [])):
            if len(found) == 1:
                return found[0]
        return None


def _set_authors(publication: Publication, authors: list[tuple[str, str]], matcher: ResearcherMatcher) -> None:
    PublicationAuthor.objects.bulk_create(
        [
            PublicationAuthor(
                publication=publication,
                position=position,
                name=name[:200],
                orcid=orcid,
                researcher=matcher.match(name, orcid),
            )
            for position, (name, orcid) in enumerate(authors, start=1)
        ]
    )


# --- entries ---------------------------------------------------------------------------------------


def entry_create(
    data: PublicationData,
    *,
    actor: User | AnonymousUser | None,
    matcher: ResearcherMatcher | None = None,
    published: bool = True,
) -> Publication:
    """A new publication of `data` with its authors (matched to our researchers)."""
    with transaction.atomic():
        require_manager(actor)
        data = check_data(data)
        if data.doi and Publication.objects.filter(doi=data.doi).exists():
            raise Conflict(_("Another publication has this DOI."))
        values = data.as_json()
        authors = values.pop("authors")
        publication = _save(Publication(**values, published=published), actor)
        _set_authors(publication, [tuple(author) for author in authors], matcher or ResearcherMatcher())
        return publication


def entry_fill(
    publication: Publication,
    data: PublicationData,
    *,
    actor: User | AnonymousUser | None,
    matcher: ResearcherMatcher | None = None,
) -> bool:
    """Complete `publication` with what `data` has and it lacks (empty fields, the open-access flag,
    the authors when it has none). Whether anything changed."""
    with transaction.atomic():
        require_manager(actor)
        data = check_data(data)
        publication = Publication.objects.select_for_update().get(pk=publication.pk)
        changed = False
        for name in FILLABLE:
            value = getattr(data, name)
            if value and not getattr(publication, name):
                if name == "doi" and Publication.objects.filter(doi=value).exclude(pk=publication.pk).exists():
                    continue
                setattr(publication, name, value)
                changed = True
        if data.open_access and not publication.open_access:
            publication.open_access = changed = True
        if changed:
            _save(publication, actor)
        if data.authors and not publication.authors.exists():
            _set_authors(publication, data.authors, matcher or ResearcherMatcher())
            changed = True
        return changed


# --- publications (the admin) ----------------------------------------------------------------------


def publication_update(
    *,
    publication: Publication,
    actor: User | AnonymousUser | None,
    projects: Iterable[ResearchProject] | None = None,
    principles: Iterable[TeachingLearningPrinciple] | None = None,
    **changes: Any,
) -> Publication:
    """Change a publication's fields (PUBLICATION_FIELDS) and its links to projects and principles."""
    with transaction.atomic():
        require_manager(actor)
        unknown = set(changes) - set(PUBLICATION_FIELDS)
        if unknown:
            raise PortalError(_("These fields cannot be changed here."), field=sorted(unknown)[0])
        publication = Publication.objects.select_for_update().get(pk=publication.pk)
        for name, value in changes.items():
            setattr(publication, name, value.strip() if isinstance(value, str) else value)
        if publication.doi and not is_doi(normalise_doi(publication.doi)):
            raise PortalError(_("This is not a DOI (a DOI starts with 10.)."), field="doi")
        check_data(PublicationData(title=publication.title, year=publication.year, type=publication.type))
        _save(publication, actor)
        if projects is not None:
            publication.projects.set(list(projects))
        if principles is not None:
            publication.principles.set(list(principles))
        return publication


def publication_create(
    *,
    actor: User | AnonymousUser | None,
    projects: Iterable[ResearchProject] = (),
    principles: Iterable[TeachingLearningPrinciple] = (),
    published: bool = True,
    **fields: Any,
) -> Publication:
    """A publication entered by hand (a professional publication, mostly); its authors are added
    with `author_add`."""
    with transaction.atomic():
        data = PublicationData(**{name: value for name, value in fields.items() if name != "authors"})
        data.authors = list(fields.get("authors", []))
        publication = entry_create(data, actor=actor, published=published)
        publication.projects.set(list(projects))
        publication.principles.set(list(principles))
        return publication


def author_save(*, author: PublicationAuthor, actor: User | AnonymousUser | None) -> PublicationAuthor:
    """Add or change an author (research staff); the researcher is matched by ORCID iD and name
    when none is chosen."""
    with transaction.atomic():
        require_manager(actor)
        author.name = " ".join((author.name or "").split())
        if not author.name:
            raise PortalError(_("Give the author's name."), field="name")
        if author.researcher_id is None:
            author.researcher = ResearcherMatcher().match(author.name, author.orcid)
        full_clean_or_raise(author)
        author.save()
        return author


def author_remove(*, author: PublicationAuthor, actor: User | AnonymousUser | None) -> None:
    with transaction.atomic():
        require_manager(actor)
        author.delete()


# --- suspected duplicates -------------------------------------------------------------------------


def _open_suspicion(suspicion: DuplicateSuspicion) -> DuplicateSuspicion:
    suspicion = DuplicateSuspicion.objects.select_for_update().get(pk=suspicion.pk)
    if suspicion.status != SuspicionStatus.OPEN:
        raise Conflict(_("This suspected duplicate has been reviewed already."))
    return suspicion


def _resolve(
    suspicion: DuplicateSuspicion, status: str, actor: User | AnonymousUser | None, kept_as: Publication | None = None
) -> None:
    suspicion.status = status
    suspicion.resolved_by = history_author(actor)
    suspicion.resolved_at = timezone.now()
    suspicion.kept_as = kept_as
    suspicion.save(update_fields=["status", "resolved_by", "resolved_at", "kept_as", "updated_at"])


def suspicion_merge(*, suspicion: DuplicateSuspicion, actor: User | AnonymousUser | None) -> Publication:
    """The imported entry is the existing publication: what it adds fills the publication's gaps."""
    with transaction.atomic():
        require_manager(actor)
        suspicion = _open_suspicion(suspicion)
        entry_fill(suspicion.publication, PublicationData.from_json(suspicion.entry), actor=actor)
        _resolve(suspicion, SuspicionStatus.MERGED, actor)
        return suspicion.publication


def suspicion_keep_both(*, suspicion: DuplicateSuspicion, actor: User | AnonymousUser | None) -> Publication:
    """The imported entry is another publication: it is created next to the existing one."""
    with transaction.atomic():
        require_manager(actor)
        suspicion = _open_suspicion(suspicion)
        publication = entry_create(PublicationData.from_json(suspicion.entry), actor=actor)
        _resolve(suspicion, SuspicionStatus.KEPT_BOTH, actor, kept_as=publication)
        return publication
