"""The knowledge base in the header: the twelve teaching-learning principles, each with everything
the portal tags with it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iclon.core.navigation import NavItem


def navigation(request) -> list[NavItem]:
    return [NavItem(_("Knowledge base"), reverse("knowledge:list"), "/research/principles/")]
