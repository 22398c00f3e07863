"""The demo of Meet the Professor (professionalisation/outreach/demo/visits.py), seeded after the
accounts and the schools, as `manage.py seed_demo` does."""

import io

import pytest
from django.db import transaction
from django.test import override_settings
from django_scopes import scopes_disabled

from iclon.accounts.demo import seed_demo_accounts
from iclon.accounts.models import User
from partnerships.demo import seed_demo as seed_partnerships
from professionalisation.models import (
    ResearcherProfile,
    VisitEvaluation,
    VisitPreferredDate,
    VisitRequest,
    VisitStatus,
)
from professionalisation.outreach.demo.visits import seed_demo
from professionalisation.outreach.selectors import visits as selectors
from tests.utils import nothing_written


@pytest.fixture(scope="module")
def _seeded(django_db_setup, django_db_blocker):
    out = io.StringIO()
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        with scopes_disabled():
            seed_demo_accounts()
            seed_partnerships(io.StringIO(), None)
        seed_demo(out, None)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(_seeded, db):
    return _seeded


def test_the_demo_has_a_pool_and_a_year_of_requests_in_every_state(demo):
    assert ResearcherProfile.objects.count() == 15
    assert ResearcherProfile.objects.filter(regions__isnull=False).distinct().count() == 15
    assert VisitRequest.objects.count() == 30
    assert set(VisitRequest.objects.values_list("status", flat=True)) == set(VisitStatus.values)
    assert not VisitRequest.objects.exclude(school__province="Zuid-Holland").exists()
    assert VisitRequest.objects.values("school").distinct().count() >= 10
    assert VisitEvaluation.objects.count() == 2 * VisitRequest.objects.filter(status=VisitStatus.EVALUATED).count()


def test_the_demo_school_contact_and_coordinator_see_requests(demo):
    contact = User.objects.get(email="schoolcontact@example.org")
    assert selectors.visit_list_for_user(contact).exists()
    coordinator = User.objects.get(email="nascholing@example.org")
    assert selectors.visit_list_for_user(coordinator).count() == 30
    open_request = VisitRequest.objects.filter(status=VisitStatus.REQUESTED).first()
    assert len(selectors.researcher_suggestions(open_request)) == 15


def test_a_second_run_writes_nothing(demo):
    with nothing_written(ResearcherProfile, VisitRequest, VisitPreferredDate, VisitEvaluation), scopes_disabled():
        seed_demo(io.StringIO(), None)
