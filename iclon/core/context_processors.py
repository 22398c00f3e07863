from functools import cache

from django.utils.functional import SimpleLazyObject

from iclon.core.navigation import collect, current_item
from iclon.core.usercache import user_cached


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
    }
