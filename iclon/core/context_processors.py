from functools import cache

from django.utils.functional import SimpleLazyObject

from iclon.core.navigation import collect, current_item
from iclon.core.usercache import user_cached

#: How many of a staff member's tools the header shows as links of their own (one role has at most
#: two; an administrator, who holds every role, finds the others under "More").
HEADER_TOOLS = 3


def navigation(request):
    """The header links for the current user (see iclon/core/navigation.py), and the one the page
    belongs to. Lazy: computed when a template shows them; for a signed-in user kept in the
    per-user cache (iclon/core/usercache.py), which the changes that alter them retire."""

    @cache
    def items() -> list:
        return user_cached(getattr(request, "user", None), "nav", lambda: collect("navigation", request))

    return {
        "nav_items": SimpleLazyObject(items),
        "nav_current": SimpleLazyObject(lambda: current_item(items(), request.path)),
        # A staff member's tools lead the header (at most HEADER_TOOLS of them); the other tools and
        # the public links fold into "More", so that the header stays one row (base.html).
        "nav_tools": SimpleLazyObject(lambda: [item for item in items() if item.tool][:HEADER_TOOLS]),
        "nav_more": SimpleLazyObject(
            lambda: [item for item in items() if item.tool][HEADER_TOOLS:] + [item for item in items() if not item.tool]
        ),
    }
