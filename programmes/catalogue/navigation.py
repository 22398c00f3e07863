"""The catalogue's header link: the routes into teaching, for everybody."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iclon.core.navigation import NavItem


def navigation(request) -> list[NavItem]:
    return [NavItem(_("Routes into teaching"), reverse("programmes:catalogue"), "/routes/")]
