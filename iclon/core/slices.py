"""Domain apps cut into vertical slices, and how the project finds what each slice contributes.

A domain app (programmes, professionalisation, …) is one Django app (one app label, one
migrations folder) whose concerns live in slices: `programmes/catalogue/`, `programmes/intake/`,
`programmes/placements/`. Each slice holds all of its layers, and the project finds them by name,
the same way for every app:

- `<slice>/urls.py` and `<slice>/api/urls.py`: included by iclon/urls.py and iclon/api.py;
- `<slice>/tasks.py`: found by Celery (iclon/celery.py);
- `<slice>/permissions.py` `GROUP_PERMISSIONS`: the staff groups' permissions (iclon.accounts.roles);
- `<slice>/notifications.py` `CATEGORIES`: the notification categories (iclon.notifications);
- `<slice>/navigation.py` `navigation`, `dashboard_cards`, `account_links`: header, dashboard, account;
  `attention_items`: the dashboard's "needs your attention" counts (staff) and next steps (a person's own);
  `home_figures`: the home page's figures, computed from the slice's data;
  `participant_sections`: sections of the participant's own page, added by later slices;
  `school_sections`: sections of a school's page of an earlier slice, added by later slices;
  `principle_sections`, `principle_counts`: what the slice tags with a teaching-learning principle,
  for the principle's page and the principles' index of the knowledge base (research/knowledge,
  which knows none of the slices that tag; see research/knowledge/sections.py);
  `question_sections`: sections of a research question's page (research/questions), added by
  later apps (the learning circle a question was matched to, professionalisation/circles);
- `<slice>/demo.py` `seed_demo`, `seed_scale_arguments`, `seed_scale`: demo and volume data;
- `<slice>/receivers.py` `connect()`: called once from `ready()` (signal receivers, hooks of a lower slice);
- `<slice>/privacy.py` `PERSONAL_DATA`: the registry of personal data (iclon.core.privacy: export and erasure).

Slices are listed from the general to the specific (`("catalogue", "intake", "placements")`): each
may import the slices before it, never one after it, and everything above runs in that order. An
app with one concern (partnerships, research) lists no slices: the app itself is its only slice.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from importlib.util import find_spec
from types import ModuleType
from typing import Any

from django.apps import AppConfig, apps


def _module(name: str) -> ModuleType | None:
    """Import `name` if such a module exists (a module that exists but fails to import raises)."""
    try:
        if find_spec(name) is None:
            return None
    except ModuleNotFoundError:  # a parent package is missing
        return None
    return importlib.import_module(name)


class DomainAppConfig(AppConfig):
    """An app whose concerns are vertical slices (see the module's docstring)."""

    slices: tuple[str, ...] = ()

    def slice_packages(self) -> list[str]:
        """The dotted packages of this app's slices, general to specific (the app itself if none)."""
        return [f"{self.name}.{name}" for name in self.slices] or [self.name]

    def layer_module_names(self, layer: str) -> list[str]:
        """`<slice>.<layer>` for each slice that has that layer (e.g. "urls", "api.urls").

        Looked up once per layer: navigation asks on every request, and a missing module would
        otherwise cost a search of the file system each time."""
        cache = self.__dict__.setdefault("_layer_names", {})
        if layer not in cache:
            cache[layer] = self._find_layer(layer)
        return cache[layer]

    def _find_layer(self, layer: str) -> list[str]:
        names = []
        for package in self.slice_packages():
            name = f"{package}.{layer}"
            try:
                if find_spec(name) is not None:
                    names.append(name)
            except ModuleNotFoundError:
                continue
        return names

    def layer_modules(self, layer: str) -> list[ModuleType]:
        return [importlib.import_module(name) for name in self.layer_module_names(layer)]

    def _slice_functions(self, layer: str, function: str) -> Iterator[Callable[..., Any]]:
        for module in self.layer_modules(layer):
            provider = getattr(module, function, None)
            if provider is not None:
                yield provider

    # --- what the slices declare ------------------------------------------------------------------

    @property
    def group_permissions(self) -> dict[str, list[str]]:
        merged: dict[str, list[str]] = {}
        for module in self.layer_modules("permissions"):
            for group, codenames in getattr(module, "GROUP_PERMISSIONS", {}).items():
                merged.setdefault(group, [])
                merged[group] += [codename for codename in codenames if codename not in merged[group]]
        return merged

    @property
    def notification_categories(self) -> list[tuple]:
        return [entry for module in self.layer_modules("notifications") for entry in getattr(module, "CATEGORIES", [])]

    def ready(self) -> None:
        for connect in self._slice_functions("receivers", "connect"):
            connect()

    # --- navigation (iclon.core.navigation.collect) --------------------------------------------------

    def navigation(self, request) -> list:
        return [item for provider in self._slice_functions("navigation", "navigation") for item in provider(request)]

    def dashboard_cards(self, request) -> list:
        return [
            card for provider in self._slice_functions("navigation", "dashboard_cards") for card in provider(request)
        ]

    def attention_items(self, request) -> list:
        """The dashboard's "needs your attention" lines of this app's slices (AttentionItem): counts
        in a fixed number of queries, scoped to what the user may see."""
        return [
            item for provider in self._slice_functions("navigation", "attention_items") for item in provider(request)
        ]

    def account_links(self, request) -> list:
        return [link for provider in self._slice_functions("navigation", "account_links") for link in provider(request)]

    def home_figures(self, request) -> list:
        """The home page's figures that this app's slices compute from their data (HomeFigure)."""
        return [
            figure for provider in self._slice_functions("navigation", "home_figures") for figure in provider(request)
        ]

    def participant_sections(self, request) -> list:
        """Sections a later slice adds to a page of an earlier one (the participant's own page of
        professional development: completions, credentials, paths and circles), each a
        `navigation.PageSection`, in slice order."""
        return [
            section
            for provider in self._slice_functions("navigation", "participant_sections")
            for section in provider(request)
        ]

    def school_sections(self, request, school) -> list:
        """Sections a later slice adds to a school's page of an earlier one (the school's page of
        professional development: its teachers' attendance and certificates), each a
        `navigation.PageSection`, in slice order. The page has checked that the user may see
        `school`'s page."""
        return [
            section
            for provider in self._slice_functions("navigation", "school_sections")
            for section in provider(request, school)
        ]

    def principle_sections(self, request, principle) -> list:
        """The sections of a teaching-learning principle's page (research/knowledge) that this app's
        slices add: what each tags with `principle`, as a visitor may see it, each a
        `research.knowledge.sections.PrincipleSection`, in slice order."""
        return [
            section
            for provider in self._slice_functions("navigation", "principle_sections")
            for section in provider(request, principle)
        ]

    def principle_counts(self, request) -> list:
        """How many rows this app's slices tag with each principle (for the principles' index), each
        a `research.knowledge.sections.PrincipleCounts`, in slice order."""
        return [
            counts
            for provider in self._slice_functions("navigation", "principle_counts")
            for counts in provider(request)
        ]

    def question_sections(self, request, question) -> list:
        """Sections a later app adds to a research question's page (research/questions: the
        learning circle it was matched to), each a `navigation.PageSection`, in slice order. The
        page has checked that the user may see `question`."""
        return [
            section
            for provider in self._slice_functions("navigation", "question_sections")
            for section in provider(request, question)
        ]

    # --- demo data (manage.py seed_demo, seed_scale) -------------------------------------------------

    def seed_demo(self, stdout, style) -> None:
        for seed in self._slice_functions("demo", "seed_demo"):
            seed(stdout, style)

    def seed_scale_arguments(self, parser) -> None:
        for add in self._slice_functions("demo", "seed_scale_arguments"):
            add(parser)

    def seed_scale(self, options, stdout) -> None:
        for seed in self._slice_functions("demo", "seed_scale"):
            seed(options, stdout)


def domain_apps() -> list[DomainAppConfig]:
    """The installed domain apps, in the order of INSTALLED_APPS."""
    return [config for config in apps.get_app_configs() if isinstance(config, DomainAppConfig)]


def layer_module_names(layer: str) -> list[str]:
    """Every domain app's `<slice>.<layer>` modules, apps in INSTALLED_APPS order, slices in theirs."""
    return [name for config in domain_apps() for name in config.layer_module_names(layer)]


def slice_packages() -> list[str]:
    """Every domain app's slice packages (for Celery's task discovery)."""
    return [package for config in domain_apps() for package in config.slice_packages()]
