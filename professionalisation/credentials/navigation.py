"""The learner's microcredentials among the account pages."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iclon.core.navigation import NavItem


def account_links(request) -> list[NavItem]:
    if not request.user.is_authenticated:
        return []
    return [NavItem(_("My microcredentials"), reverse("credentials:mine"), "/credentials/mine/")]
