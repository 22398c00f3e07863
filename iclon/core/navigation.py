"""Role-aware navigation and dashboard cards, contributed by the apps.

The core knows no domain app: an app that has something to show defines, on its AppConfig,
`navigation(request) -> list[NavItem]` (header links) and/or `dashboard_cards(request) ->
list[DashboardCard]`, and `account_links(request) -> list[NavItem]` (links in the side navigation
of the account pages, via the `account_links` template tag), and `home_figures(request) ->
list[HomeFigure]` (the home page's figures, from the data), and `attention_items(request) ->
list[AttentionItem]` (the dashboard's "needs your attention" counts for staff and a person's next
steps). All are called in the order of INSTALLED_APPS."""

from dataclasses import dataclass, field

from django.apps import apps


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active_prefix: str = ""
    #: A staff member's tool (matching, the intake dashboard, the review queue): the header shows
    #: the tools first and folds the public links into "More", so that it stays one row.
    tool: bool = False


@dataclass(frozen=True)
class DashboardCard:
    title: str
    text: str
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, url)
    kind: str = "default"


@dataclass(frozen=True)
class AttentionItem:
    """A line of the dashboard's "needs your attention" (staff: `count` rows waiting, linked to the
    filtered list) or "what to do next" (a person's own next step: `count` is None), contributed by
    the slice that holds the rows (`attention_items(request)` in `<slice>/navigation.py`). Lines are
    shown by `order` (lower first), then in the order of the slices."""

    label: str
    url: str
    count: int | None = None
    order: int = 100
    note: str = ""

    @property
    def is_action(self) -> bool:
        return self.count is None


@dataclass(frozen=True)
class HomeFigure:
    """A figure of the home page ("45 PhD projects running"), computed by the slice that holds the
    data (`home_figures(request)` in `<slice>/navigation.py`); `key` says which of the page's
    figures it replaces (iclon/core/views.py HOME_FIGURES)."""

    key: str
    value: int
    label: str


@dataclass(frozen=True)
class PageSection:
    """A section one slice adds to another's page: a template and its context, rendered in place."""

    template: str
    context: dict = field(default_factory=dict)


def current_item(items: list[NavItem], path: str) -> NavItem | None:
    """The header link the page at `path` belongs to: of the links whose prefix the path holds (or
    whose address it is), the one with the longest, so that a page under two prefixes
    (/research/principles/ under /research/) marks only the closer one as current."""
    matches = [item for item in items if (item.active_prefix and item.active_prefix in path) or item.url == path]
    return max(matches, key=lambda item: len(item.active_prefix or item.url), default=None)


def collect(hook: str, request) -> list:
    items: list = []
    for config in apps.get_app_configs():
        provider = getattr(config, hook, None)
        if provider is not None:
            items.extend(provider(request))
    return items
