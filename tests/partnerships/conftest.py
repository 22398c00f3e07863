"""Fixtures of the partnerships tests."""

import pytest

from iclon.celery import app as celery_app


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Users are made by the dozen; a deliberately slow hash would make these tests take minutes."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def eager_tasks():
    """Run Celery tasks in the test's own thread and transaction, also where REDIS_URL is set (CI):
    a worker could not see the test's uncommitted rows, and the test asserts the outbox."""
    before = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = before


@pytest.fixture
def client():
    """The test client, reading the portal in English, so that assertions on wording hold whether
    or not the Dutch catalogue is compiled (LANGUAGE_CODE is nl)."""
    from django.test import Client

    return Client(headers={"accept-language": "en"})
