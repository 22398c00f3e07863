"""Anonymous API lists from the shared cache.

A public list (schools, pathways) answers every anonymous client who asks the same question with
the same data. `anonymous_list` keeps a list's data (not its rendering: JSON and the
browsable API share it) under the scheme, host (the pagination links are absolute), path, every
query parameter (sorted by name), the language and today's date, together with the public version
of iclon/core/pagecache.py: the changes that retire the public pages (the catalogue; the school
register, partnerships/receivers.py) retire these lists at once. Like the pages, each process keeps
the lists it served lately and trusts the version it read for PUBLIC_PAGE_VERSION_CHECK_SECONDS.
Authentication, permissions and the throttles run as before: only the database and the
serialisation are saved. Signed-in clients, whose lists may hold more (staff), are never served
from or written to it; nor is anything while Redis cannot be reached.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.utils.translation import get_language
from rest_framework.response import Response

from iclon.core.cache import is_degraded
from iclon.core.pagecache import read_shared, shared_key, write_shared

KEY_PREFIX = "core:api-list:"


def anonymous_list(request, build: Callable[[], Response]) -> Response:
    """The list `build()` answers, from the shared cache for an anonymous client (see the module).
    Call it from a viewset's `list`, after DRF has authenticated, checked and throttled."""
    if request.user.is_authenticated or settings.PUBLIC_PAGE_CACHE_SECONDS <= 0 or is_degraded():
        return build()
    key = shared_key(KEY_PREFIX, request, request.query_params, host=request.get_host(), language=get_language())
    version, entry = read_shared(key)
    if entry is not None:
        return Response(entry[1])
    response = build()
    if version is not None and response.status_code == 200:
        write_shared(key, (version, response.data), timeout=settings.PUBLIC_PAGE_CACHE_SECONDS)
    return response
