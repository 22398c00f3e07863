"""The completion demo, seeded with the whole of professional development as `manage.py seed_demo`
seeds it (its slices in order): the demo teacher has a completed activity with a certificate and a
completed microcredential course with its certificate and a signed microcredential that the
public verifier accepts, the session under way has attendance, and seeding again writes nothing."""

import io

import pytest
from django.apps import apps
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_scopes import scopes_disabled

from iclon.accounts.demo import seed_demo_accounts
from iclon.notifications.models import Notification
from partnerships.demo import seed_demo as seed_partnerships
from professionalisation.activities import seed_data as facts
from professionalisation.completion.demo import seed_demo
from professionalisation.credentials import selectors
from professionalisation.credentials.demo import seed_demo as seed_credentials
from professionalisation.credentials.openbadges import Status
from professionalisation.models import (
    AssignmentResult,
    Attendance,
    Certificate,
    Completion,
    CompletionAward,
    Evaluation,
    Microcredential,
    MicrocredentialSpec,
)
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
    completion = Completion.objects.get(
        registration__participant__email=facts.DEMO_TEACHER, registration__session__activity__slug="formatief-handelen"
    )

    assert completion.valid
    assert completion.certificate.valid
    assert Attendance.objects.filter(registration__session__activity__slug=facts.UNDER_WAY[0]).exists()
    assert Evaluation.objects.count() == 3
    # Formatief handelen: one missed two meetings; AI in het onderwijs: one assignment not passed yet.
    assert Completion.objects.filter(withdrawn_at__isnull=True).count() == 4 + 3


def test_the_demo_teacher_holds_a_signed_microcredential_that_verifies(demo):
    completion = Completion.objects.get(
        registration__participant__email=facts.DEMO_TEACHER,
        registration__session__activity__award=CompletionAward.MICROCREDENTIAL,
    )
    activity = completion.registration.session.activity
    credential = Microcredential.objects.get(completion=completion)
    spec = MicrocredentialSpec.objects.get(activity=activity)

    assert activity.slug == "ai-in-het-onderwijs"
    assert (activity.study_load_ec, activity.study_load_hours) == (1, 28)
    meetings = completion.registration.session.meetings
    assert meetings.count() == 3 and not meetings.filter(date__gte=timezone.localdate()).exists()  # held
    assert completion.valid and completion.certificate.valid
    assert AssignmentResult.objects.get(registration=completion.registration).passed
    assert (spec.eqf_level, spec.assessment_type) == (6, "assignment")
    assert len(spec.learning_outcomes_en.splitlines()) == 4
    # Issued through the service: signed, in the learner's language, told once.
    assert credential.valid and credential.participant.email == facts.DEMO_TEACHER
    assert credential.language == "en"
    assert credential.name == activity.title_en
    body = credential.credential["credentialSubject"]["achievement"]
    assert body["creditsAvailable"] == 1
    assert body["euMicrocredential"]["eqfLevel"] == 6
    assert body["euMicrocredential"]["learningOutcomes"] == spec.learning_outcomes_en.splitlines()
    assert selectors.credential_verify(credential.jwt).status == Status.VALID
    assert (
        Notification.objects.filter(
            category="professionalisation.credential", recipient=credential.participant, channel="email"
        ).count()
        == 1
    )


def test_the_participant_whose_assignment_is_not_passed_has_no_completion(demo):
    result = AssignmentResult.objects.get(
        registration__participant__email="deelnemer13@example.org",
        registration__session__activity__slug="ai-in-het-onderwijs",
    )

    assert not result.passed and result.note
    assert not Completion.objects.filter(registration=result.registration).exists()


def test_seeding_again_writes_nothing(demo):
    with nothing_written(
        Attendance,
        AssignmentResult,
        Completion,
        Certificate,
        Evaluation,
        Microcredential,
        MicrocredentialSpec,
        Notification,
    ):
        seed_demo(io.StringIO(), None)
        seed_credentials(io.StringIO(), None)
    assert demo.splitlines()[0].startswith("  Professional development: ")
