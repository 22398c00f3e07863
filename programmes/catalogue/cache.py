"""The cache of the public routes pages: catalogue, pathway and subject pages for anonymous visitors.

What is cached is a page's own rendered blocks (`title`, `meta_description`, `content`), never the
whole response: the layout around them (header, language switch with its CSRF token, messages,
the script tags with the per-response CSP nonce) is rendered for every request by
`programmes/cached_page.html`. A cache hit therefore runs no SQL query, yet every response carries
its own nonce and token.

An entry's key is the path, the query parameters the page reads (others are ignored, empty ones
dropped, sorted), the active language and today's date in Europe/Amsterdam (the pages show a passed
deadline as closed). The entry holds the catalogue version it was rendered at; `page_render` reads
the current version and the entry in one round trip, and an entry of an older version is a miss.
Staff changes bump the version (see `connect_invalidation`). Signed-in users are never served from
the cache nor written to it: staff see unpublished previews, and the pages greet users by name.

CATALOGUE_CACHE_SECONDS bounds an entry's life (0 turns the cache off). With Redis the version is
shared by every process; with the local-memory cache (no REDIS_URL) each process has its own, so a
change retires the pages at once only in the process that made it, and the others' entries expire
after the (then short) timeout. While Redis cannot be reached (iclon/core/cache.py), pages are
rendered from the database and not cached.
"""

import hashlib
import logging
import time
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template import Context
from django.template.context import make_context
from django.template.loader import get_template
from django.template.loader_tags import ExtendsNode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from iclon.core.cache import is_degraded
from iclon.core.pagecache import retire_public_pages
from programmes.catalogue.models import (
    DeficiencyCourse,
    DegreeField,
    DegreeRelatedness,
    Module,
    Pathway,
    PriorEducationRule,
    Programme,
    Qualification,
    SchoolSubject,
    StartMoment,
    deadline_today,
)
from research.models import TeachingLearningPrinciple

logger = logging.getLogger(__name__)

VERSION_KEY = "programmes:catalogue-version"
PAGE_KEY_PREFIX = "programmes:page:"
LAYOUT_TEMPLATE = "programmes/cached_page.html"
# The blocks of base.html a cached page may fill. Every other block (extra_head, extra_body…) may
# hold a nonce or depend on the request, so a page that fills one is refused.
CACHED_BLOCKS = ("title", "meta_description", "content")


# The version ------------------------------------------------------------------------------------


def _new_version() -> int:
    # A fresh number rather than a counter: should the version key be evicted, a counter would
    # start again at 1 and revive entries of an old catalogue; a timestamp never repeats.
    return time.time_ns()


def catalogue_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _new_version(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_catalogue_version() -> None:
    """Retire every cached page. Called on each change of the catalogue; bulk writes, which send
    no signals, call it themselves."""
    try:
        cache.set(VERSION_KEY, _new_version(), timeout=None)
    except Exception:
        # A cache outage must not stop staff from saving; the entries expire on their own.
        logger.exception("Could not bump the catalogue version")
    # The whole pages built on these blocks, the route finder's answers and the home page.
    retire_public_pages()


def _catalogue_changed(*, using: str = "default", **kwargs) -> None:
    # At once, so that code in the same transaction (and a test, whose transaction never commits)
    # reads its own change; and again at commit, because a visitor who rendered the page between
    # the first bump and the commit still saw the old rows and stored them under the new version.
    bump_catalogue_version()
    transaction.on_commit(bump_catalogue_version, using=using)


def _catalogue_m2m_changed(*, action: str, using: str = "default", **kwargs) -> None:
    if action.startswith("post_"):
        _catalogue_changed(using=using)


def catalogue_models() -> list:

    return [
        SchoolSubject,
        Qualification,
        Programme,
        Pathway,
        PriorEducationRule,
        StartMoment,
        Module,
        DegreeField,
        DeficiencyCourse,
        DegreeRelatedness,
        TeachingLearningPrinciple,
    ]


def connect_invalidation() -> None:
    """Bump the catalogue version whenever a row the routes pages show is saved or deleted, or a
    many-to-many link between them changes.

    Signals rather than calls in services, although STYLE.md keeps business logic out of signals:
    this is infrastructure, not a rule of the domain, and the catalogue changes through the admin's
    forms, inlines and actions, imports and fixtures, which share no single service. A signal
    catches them all, and a new way to change the catalogue cannot forget it. Bulk writes send no
    signals and call `bump_catalogue_version` themselves (see programmes/catalogue/demo.py)."""
    for model in catalogue_models():
        label = model._meta.label_lower
        post_save.connect(_catalogue_changed, sender=model, dispatch_uid=f"catalogue-cache-save-{label}")
        post_delete.connect(_catalogue_changed, sender=model, dispatch_uid=f"catalogue-cache-delete-{label}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                _catalogue_m2m_changed,
                sender=through,
                dispatch_uid=f"catalogue-cache-m2m-{through._meta.label_lower}",
            )


# The pages --------------------------------------------------------------------------------------


def normalised_query(request: HttpRequest, params: Iterable[str]) -> QueryDict:
    """The parameters the page reads, sorted, without empty ones (which the pages treat as absent).
    A parameter given twice counts with its last value, as forms read it."""
    query = QueryDict(mutable=True)
    for name in sorted(params):
        value = request.GET.get(name)
        if value:
            query[name] = value
    query._mutable = False
    return query


def page_key(request: HttpRequest, query: QueryDict) -> str:
    raw = "\n".join([request.path, query.urlencode(), get_language() or "", deadline_today().isoformat()])
    # Hashed: query strings can be long, and memcached-style backends limit key length.
    return PAGE_KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def render_blocks(template_name: str, context: dict, request: HttpRequest) -> dict[str, str]:
    """The page template's own blocks, rendered with `context` (and the context processors)."""
    template = get_template(template_name).template
    extends = next((node for node in template.nodelist if isinstance(node, ExtendsNode)), None)
    if extends is None or extends.parent_name.resolve(Context()) != "base.html":
        raise ValueError(f"{template_name} must extend base.html to be cached")
    unknown = set(extends.blocks) - set(CACHED_BLOCKS)
    if unknown:
        raise ValueError(f"{template_name} fills blocks that are rendered per request: {sorted(unknown)}")
    render_context = make_context(context, request)
    with render_context.render_context.push_state(template), render_context.bind_template(template):
        return {name: str(extends.blocks[name].render(render_context)) for name in extends.blocks}


def _cacheable(parts: dict[str, str], request: HttpRequest) -> bool:
    html = "".join(parts.values())
    nonce = getattr(request, "_csp_nonce", None)  # set only if something asked for the nonce
    if "csrfmiddlewaretoken" in html or (nonce and nonce in html):
        logger.error("%s renders a CSRF token or a CSP nonce in a cached block; not cached", request.path)
        return False
    return True


def page_render(
    request: HttpRequest,
    template_name: str,
    build: Callable[[QueryDict], dict],
    *,
    params: Iterable[str] = (),
) -> HttpResponse:
    """Render `template_name` with the context `build(query)` returns, from the cache for an
    anonymous visitor. `params` are the query parameters the page reads; `build` gets only those
    (normalised), so that the page is a function of its key. Exceptions of `build` (Http404)
    pass through and nothing is cached."""
    query = normalised_query(request, params)
    timeout = settings.CATALOGUE_CACHE_SECONDS
    if request.user.is_authenticated or timeout <= 0 or request.method not in ("GET", "HEAD"):
        return render(request, template_name, build(query))
    if is_degraded():
        # Redis is away and the cache is this process's alone, which would not see the other
        # processes' changes: the page comes from the database until Redis is back.
        return render(request, template_name, build(query))

    key = page_key(request, query)
    try:
        found = cache.get_many([VERSION_KEY, key])
    except Exception:
        logger.exception("The routes page cache cannot be read")
        return render(request, template_name, build(query))
    version = found.get(VERSION_KEY)
    entry = found.get(key)
    if version is not None and entry is not None and entry[0] == version:
        parts = entry[1]
    else:
        if version is None:
            version = catalogue_version()
        parts = render_blocks(template_name, build(query), request)
        # Not while Redis is away (the read above may have been the one that found it so).
        if _cacheable(parts, request) and not is_degraded():
            try:
                cache.set(key, (version, parts), timeout=timeout)
            except Exception:
                logger.exception("The routes page cache cannot be written")
    blocks = {name: mark_safe(html) for name, html in parts.items()}  # noqa: S308  (rendered by our templates)
    return render(request, LAYOUT_TEMPLATE, {"blocks": blocks})
