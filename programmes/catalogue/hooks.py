"""More to show with the catalogue's answers, added by the slices built on it without its knowing them.

The catalogue is the lowest slice (catalogue ← intake ← placements, and professional development's
outreach builds on it) and never imports what plugs in here. A slice that has more to show with a
route finder's answer or on a pathway's page implements `CatalogueExtension` and registers it once, in
its `receivers.connect()` (run from its app's `ready()`), as placements register on intake's hook:

- `finder_extras(question=, result=)`: with every answer of the route finder (the page and the API),
  a list of `FinderExtra`: a key of the API's answer with its value, and a section of the page;
- `finder_api_fields()`: the fields the extension adds to the API's answer (for its schema and to
  serialise the values), by key;
- `pathway_sections(pathway=)`: sections of a pathway's page. The page is cached for anonymous
  visitors (programmes/catalogue/cache.py): an extension calls `pages_changed()` when what it shows
  there changes.

With nothing registered the catalogue works as before: no extras, no sections.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.db import transaction

from iclon.core.navigation import PageSection
from programmes.catalogue.cache import bump_catalogue_version

if TYPE_CHECKING:
    from rest_framework.serializers import Field

    from programmes.catalogue.models import Pathway
    from programmes.catalogue.route_finder import FinderInput, FinderResult


@dataclass(frozen=True)
class FinderExtra:
    """One more thing to show with a route finder's answer: `value` under `key` in the API's answer
    (serialised by the extension's field of that key), and `section` on the page (None: nothing)."""

    key: str
    value: Any
    section: PageSection | None = None


class CatalogueExtension(Protocol):
    def finder_extras(self, *, question: FinderInput, result: FinderResult) -> list[FinderExtra]:
        """What to show with the answer `result` to `question` (a fixed number of queries)."""

    def finder_api_fields(self) -> dict[str, Field]:
        """The API answer's fields this extension fills, by key (one per key of its extras)."""

    def pathway_sections(self, *, pathway: Pathway) -> list[PageSection]:
        """Sections of `pathway`'s public page (a fixed number of queries)."""


_extensions: list[CatalogueExtension] = []


def register(extension: CatalogueExtension) -> None:
    """Register `extension` once (a second registration of an equal extension is ignored)."""
    if extension not in _extensions:
        _extensions.append(extension)


def extensions() -> tuple[CatalogueExtension, ...]:
    return tuple(_extensions)


def finder_extras(*, question: FinderInput, result: FinderResult) -> list[FinderExtra]:
    return [extra for extension in _extensions for extra in extension.finder_extras(question=question, result=result)]


def finder_api_fields() -> dict[str, Field]:
    return {key: field for extension in _extensions for key, field in extension.finder_api_fields().items()}


def pathway_sections(*, pathway: Pathway) -> list[PageSection]:
    return [section for extension in _extensions for section in extension.pathway_sections(pathway=pathway)]


def pages_changed() -> None:
    """Retire the cached routes pages: what an extension shows on them has changed. At once (the same
    transaction reads its change) and again at commit (a page rendered in between saw the old rows),
    as the catalogue's own changes do (cache.py)."""
    bump_catalogue_version()
    transaction.on_commit(bump_catalogue_version)
