"""`{% account_links as links %}`: the links apps add to the side navigation of the account pages.

An app contributes them through `account_links(request) -> list[NavItem]` on its AppConfig, as it
contributes header links through `navigation` (see iclon/core/navigation.py); the account pages
(the accounts app) stay free of any domain app."""

from django import template

from iclon.core.navigation import collect

register = template.Library()


@register.simple_tag(takes_context=True)
def account_links(context) -> list:
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    return collect("account_links", request)
