"""Fixtures shared by the tests of professional development."""

import pytest
import time_machine
from django.utils import timezone

from tests.factories import SchoolFactory


@pytest.fixture
def now():
    """The clock stands still at a whole second, so that moments can be compared exactly."""
    moment = timezone.now().replace(microsecond=0)
    with time_machine.travel(moment, tick=False):
        yield moment


@pytest.fixture
def onz_school():
    """A school of the ONZ network (its teachers may take the places held for ONZ)."""
    return SchoolFactory(onz_member=True)
