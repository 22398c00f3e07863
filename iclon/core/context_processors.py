from iclon.core.navigation import collect, current_item


def navigation(request):
    """The header links for the current user (see iclon/core/navigation.py), and the one the page
    belongs to."""
    items = collect("navigation", request)
    return {"nav_items": items, "nav_current": current_item(items, request.path)}
