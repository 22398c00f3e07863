"""`{% account_links as links %}`: the links apps add to the side navigation of the account pages.

An app contributes them through `account_links(request) -> list[NavItem]` on its AppConfig, as it
contributes header links through `navigation` (see iclon/core/navigation.py); the account pages
(the accounts app) stay free of any domain app. The links depend on the user's roles (a school
membership, the research team, a researcher's profile): kept in the per-user cache
(iclon/core/usercache.py), which the changes of those retire."""

from django import template

from iclon.core.navigation import collect
from iclon.core.usercache import user_cached

register = template.Library()


@register.simple_tag(takes_context=True)
def account_links(context) -> list:
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    return user_cached(request.user, "account_links", lambda: collect("account_links", request))
