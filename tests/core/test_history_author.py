"""history_author: the person a service names as the author of what it writes."""

import pytest
from django.contrib.auth.models import AnonymousUser

from iclon.core.history import history_author
from tests.factories import UserFactory


@pytest.mark.django_db
def test_an_active_person_is_the_author():
    person = UserFactory()
    assert history_author(person) is person


@pytest.mark.django_db
def test_an_inactive_account_is_nobody():
    assert history_author(UserFactory(is_active=False)) is None


def test_nobody_and_an_anonymous_visitor_are_nobody():
    assert history_author(None) is None
    assert history_author(AnonymousUser()) is None
