import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """The refusals' messages are read in English (the lead translates them to Dutch)."""
    with translation.override("en"):
        yield
