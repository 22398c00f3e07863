"""Factories of the shortlist (programmes/shortlist)."""

import factory

from programmes.shortlist.models import SavedRoute
from tests.factories.accounts import UserFactory
from tests.factories.programmes import PathwayFactory


class SavedRouteFactory(factory.django.DjangoModelFactory):
    """A published route on a person's shortlist."""

    class Meta:
        model = SavedRoute

    user = factory.SubFactory(UserFactory)
    pathway = factory.SubFactory(PathwayFactory)
    note = ""
