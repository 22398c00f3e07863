"""The PAL demo (professionalisation/outreach/demo/pal.py), seeded after the accounts, the schools
and the catalogue, as `manage.py seed_demo` does: 40 trained students, 12 requests in every state,
confirmed and waiting hours; seeding again adds nothing."""

import io

import pytest
from django.db import transaction
from django.test import override_settings
from django_scopes import scopes_disabled

from iclon.accounts.demo import seed_demo_accounts
from partnerships.demo import seed_demo as seed_partnerships
from professionalisation.models import (
    PalAssignment,
    PalAssignmentStatus,
    PalHours,
    PalHoursStatus,
    PalRequest,
    PalRequestStatus,
    PalStudent,
)
from professionalisation.outreach.demo import pal as demo_pal
from programmes.catalogue.demo import seed_demo as seed_catalogue
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
            seed_catalogue(io.StringIO(), None)
        demo_pal.seed_demo(out, None)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(_seeded, db):
    return _seeded


def test_the_pool_and_the_requests(demo):
    assert PalStudent.objects.filter(trained=True, active=True).count() == 40
    assert PalStudent.objects.filter(user__email="student@example.org").exists()
    assert PalRequest.objects.count() == 12
    statuses = set(PalRequest.objects.values_list("status", flat=True))
    assert statuses == {
        PalRequestStatus.REQUESTED,
        PalRequestStatus.ASSIGNED,
        PalRequestStatus.CONFIRMED,
        PalRequestStatus.CLOSED,
    }
    assert PalRequest.objects.values("region").distinct().count() >= 2
    assert PalAssignment.objects.filter(status=PalAssignmentStatus.CONFIRMED).exists()
    assert PalHours.objects.filter(status=PalHoursStatus.CONFIRMED).count() >= 20
    assert PalHours.objects.filter(status=PalHoursStatus.LOGGED).exists()
    # The demo school contact's school has a request.
    assert PalRequest.objects.filter(school__memberships__user__email="schoolcontact@example.org").exists()


def test_seeding_again_adds_nothing(demo):
    with nothing_written(PalStudent, PalRequest, PalAssignment, PalHours):
        demo_pal.seed_demo(io.StringIO(), None)
