import pytest
from django.utils import translation

from iclon.accounts.roles import StaffGroup
from tests.factories import StaffUserFactory, UserFactory


@pytest.fixture(autouse=True)
def _english():
    """The refusals' messages are read in English (the lead translates them to Dutch)."""
    with translation.override("en"):
        yield


@pytest.fixture
def requester(db):
    """A member of a faculty's staff: an ordinary account, no school, no staff group."""
    return UserFactory(full_name="Marieke de Boer", email="m.deboer@example.org", language="en")


@pytest.fixture
def other_requester(db):
    return UserFactory(full_name="Pieter Hofstede", email="p.hofstede@example.org", language="en")


@pytest.fixture
def colleague(db):
    """A second member of the research team."""
    return StaffUserFactory(group=StaffGroup.RESEARCH_STAFF, full_name="Hanneke Hoogland", language="en")
