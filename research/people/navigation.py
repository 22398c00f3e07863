"""The researcher's own profile among the account pages, for the person a profile is linked to."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iclon.core.navigation import NavItem
from research.people.models import Researcher


def account_links(request) -> list[NavItem]:
    user = request.user
    if not user.is_authenticated or not Researcher.objects.filter(user=user).exists():
        return []
    return [NavItem(_("My research profile"), reverse("research_people:own-profile"), "/research/profile/")]
