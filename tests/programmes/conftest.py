import io

import pytest

from programmes.demo import seed_demo


@pytest.fixture
def catalogue(db):
    """ICLON's real catalogue of routes, as seed_demo loads it."""
    seed_demo(io.StringIO(), None)
