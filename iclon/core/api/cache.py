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

import hashlib
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language
from rest_framework.response import Response

from iclon.core.cache import is_degraded
from iclon.core.pagecache import VERSION_KEY, current_version, local_copy

logger = logging.getLogger(__name__)

KEY_PREFIX = "core:api-list:"


def list_key(request) -> str:
    query = request.query_params
    pairs = [(name, value) for name in sorted(query) for value in query.getlist(name)]
    raw = "\n".join(
        [
            request.scheme,
            request.get_host(),
            request.path,
            repr(pairs),
            get_language() or "",
            timezone.localdate().isoformat(),
        ]
    )
    return KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def anonymous_list(request, build: Callable[[], Response]) -> Response:
    """The list `build()` answers, from the shared cache for an anonymous client (see the module).
    Call it from a viewset's `list`, after DRF has authenticated, checked and throttled."""
    timeout = settings.PUBLIC_PAGE_CACHE_SECONDS
    if request.user.is_authenticated or timeout <= 0 or is_degraded():
        return build()
    key = list_key(request)
    version = local_copy.trusted_version()
    if version is not None and (entry := local_copy.get(key, version)) is not None:
        return Response(entry[1])
    try:
        found = cache.get_many([VERSION_KEY, key])
        version = current_version(found)
    except Exception:
        logger.exception("The API list cache cannot be read")
        return build()
    local_copy.saw_version(version)
    entry = found.get(key)
    if entry is not None and entry[0] == version:
        local_copy.put(key, entry)
        return Response(entry[1])
    response = build()
    if response.status_code == 200 and not is_degraded():
        entry = (version, response.data)
        try:
            cache.set(key, entry, timeout=timeout)
        except Exception:
            logger.exception("The API list cache cannot be written")
        else:
            local_copy.put(key, entry)
    return response
