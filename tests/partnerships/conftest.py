"""Fixtures of the partnerships tests."""

import datetime

import pytest
from django.utils import timezone

from iclon.celery import app as celery_app
from tests.factories import SchoolMembershipFactory, UserFactory


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


@pytest.fixture
def partnership_coordinator(partnership):
    """A coordinator of the partnership (school A and the lead school) without a school membership."""
    user = UserFactory(full_name="Carla Coordinator")
    partnership.coordinators.add(user)
    return user


@pytest.fixture
def former_contact(school_a):
    """A school contact of school A whose membership ended yesterday."""
    today = timezone.localdate()
    return SchoolMembershipFactory(
        school=school_a,
        user__full_name="Frits Former",
        active_from=today - datetime.timedelta(days=400),
        active_until=today - datetime.timedelta(days=1),
    ).user
