"""Fixtures of the microcredential tests: a teacher with a completion of a microcredential
activity, and that completion's credential issued through the service."""

import pytest
from django.test import Client
from django.utils import translation

from professionalisation.credentials import services
from tests.factories import StaffUserFactory, UserFactory
from tests.factories.professionalisation_credentials import CompletionFactory


@pytest.fixture
def client():
    """Requests in English, so that messages can be compared exactly."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def teacher(db):
    return UserFactory(full_name="Tessa Teacher", email="tessa@example.org", language="en")


@pytest.fixture
def completion(teacher, school_a):
    """Taken part for school A: its contact is "the right school" and still sees no credential."""
    return CompletionFactory(
        registration__participant=teacher,
        registration__school=school_a,
        registration__session__activity__title_en="Formative assessment",
    )


@pytest.fixture
def credential(completion):
    return services.microcredential_issue(completion=completion)


@pytest.fixture
def superuser(db):
    return StaffUserFactory(is_superuser=True, full_name="Sam Superuser")


@pytest.fixture
def other_teacher(db):
    return UserFactory(full_name="Olaf Other", email="olaf@example.org")


@pytest.fixture(autouse=True)
def _in_english(_default_language):
    """These tests compare the services' messages in English, read after the call (their messages
    are lazy): English for the whole test, as the requests of the tests' clients ask for."""
    with translation.override("en"):
        yield
