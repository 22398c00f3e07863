"""The completion demo, seeded with the whole of professional development as `manage.py seed_demo`
seeds it (its slices in order): the demo teacher has a completed activity with a certificate, the
session under way has attendance, and seeding again writes nothing."""

import io

import pytest
from django.apps import apps
from django.db import transaction
from django.test import override_settings
from django_scopes import scopes_disabled

from iclon.accounts.demo import seed_demo_accounts
from partnerships.demo import seed_demo as seed_partnerships
from professionalisation.activities import seed_data as facts
from professionalisation.completion.demo import seed_demo
from professionalisation.models import Attendance, Certificate, Completion, Evaluation
from programmes.catalogue.demo import seed_demo as seed_catalogue
from tests.utils import nothing_written


@pytest.fixture(scope="module")
def _seeded(django_db_setup, django_db_blocker):
    """Every slice's demo, found by name as the command finds it (iclon/core/slices.py), seeded once
    for this module in a transaction rolled back at its end."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        with scopes_disabled():
            seed_demo_accounts()
            seed_partnerships(io.StringIO(), None)
            seed_catalogue(io.StringIO(), None)
        out = io.StringIO()
        apps.get_app_config("professionalisation").seed_demo(out, None)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(_seeded, db):
    return _seeded


def test_the_demo_teacher_completed_an_activity_with_a_certificate(demo):
    completion = Completion.objects.get(registration__participant__email=facts.DEMO_TEACHER)

    assert completion.valid
    assert completion.certificate.valid
    assert completion.registration.session.activity.slug == "formatief-handelen"
    assert Attendance.objects.filter(registration__session__activity__slug=facts.UNDER_WAY[0]).exists()
    assert Evaluation.objects.count() == 2
    assert Completion.objects.filter(withdrawn_at__isnull=True).count() == 4  # one missed two meetings


def test_seeding_again_writes_nothing(demo):
    with nothing_written(Attendance, Completion, Certificate, Evaluation):
        seed_demo(io.StringIO(), None)
    assert demo.splitlines()[0].startswith("  Professional development: ")
