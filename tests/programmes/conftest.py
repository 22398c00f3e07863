import io

import pytest

from tests.programmes.demo_data import seed_demo


@pytest.fixture(scope="session")
def _seeded_catalogue(django_db_setup, django_db_blocker):
    """Seed the catalogue once for the whole run (about 1,100 queries), outside the per-test
    transactions, which roll back whatever a test changes. pytest-django runs transactional
    tests (which flush the database) after all others, so the seeded rows stay for every test
    that asks for them; `catalogue` seeds again (idempotently) should they be gone."""
    with django_db_blocker.unblock():
        seed_demo(io.StringIO(), None)


@pytest.fixture
def catalogue(_seeded_catalogue, db):
    """ICLON's real catalogue of routes, as seed_demo loads it."""
    from programmes.models import Pathway

    if not Pathway.objects.exists():
        seed_demo(io.StringIO(), None)


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Factories hash a password for every user; the production hasher costs ~0.3 s each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
