from iclon.core.navigation import collect


def navigation(request):
    """The header links for the current user (see iclon/core/navigation.py)."""
    return {"nav_items": collect("navigation", request)}
