"""Intake demo data (seed_demo) and volumes (seed_scale --applications)."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from iclon.accounts.demo import seed_demo_accounts
from programmes.intake.demo import seed_demo as seed_intake_demo
from programmes.models import (
    AdmissionCondition,
    Application,
    ApplicationDocument,
    ApplicationStatus,
    ApplicationTransition,
    AptitudeAssessment,
    ChecklistCheck,
    ChecklistItem,
    InformationRequest,
    InternalNote,
)

S = ApplicationStatus


pytestmark = pytest.mark.usefixtures("private_storage")


def _snapshot():
    return {
        "applications": sorted(
            Application.objects.values_list("applicant__email", "pathway__slug", "status", "assigned_to__email")
        ),
        "counts": [
            model.objects.count()
            for model in (
                ApplicationTransition,
                ApplicationDocument,
                InformationRequest,
                InternalNote,
                ChecklistItem,
                ChecklistCheck,
                AptitudeAssessment,
                AdmissionCondition,
            )
        ],
    }


@pytest.fixture
def demo(catalogue):
    seed_demo_accounts()
    seed_intake_demo(io.StringIO(), None)


def test_seeding_the_intake_demo_twice_gives_the_same_rows(demo):
    first = _snapshot()

    seed_intake_demo(io.StringIO(), None)

    assert _snapshot() == first


def test_the_demo_covers_every_status_with_timelines_by_the_intake_officer(demo):
    by_status = dict(Application.objects.values_list("status").annotate(n=Count("pk")))

    assert set(by_status) == set(S.values)
    assert sum(by_status.values()) >= 30
    decided = Application.objects.filter(status__in=[S.ADMITTED, S.REJECTED]).first()
    moves = list(decided.transitions.values_list("to_status", "actor__email"))
    assert moves[0] == (S.SUBMITTED, decided.applicant.email)
    assert (decided.status, "intake@example.org") in moves
    assert ApplicationDocument.objects.filter(application__status=S.SUBMITTED).exists()
    assert AdmissionCondition.objects.filter(kind=AdmissionCondition.Kind.DEFICIENCY_COURSE).exists()
    assert AptitudeAssessment.objects.filter(application__pathway__slug="zij-instroom-vo").exists()
    assert ChecklistItem.objects.filter(
        pathway__slug="master-leraar-vho-voltijd", label_nl="Nederlands aangetoond"
    ).exists()


def test_the_demo_student_has_a_draft_and_a_submitted_application(demo):
    mine = dict(
        Application.objects.filter(applicant__email="student@example.org").values_list("pathway__slug", "status")
    )

    assert mine["master-leraar-vho-voltijd"] == S.DRAFT
    assert mine["educatieve-module-deeltijd"] == S.IN_REVIEW
    assert InformationRequest.objects.filter(
        application__applicant__email="student@example.org", answered_at__isnull=True
    ).exists()


def test_without_the_demo_accounts_the_intake_demo_is_skipped(catalogue):
    out = io.StringIO()

    seed_intake_demo(out, None)

    assert not Application.objects.exists()
    assert "skipped" in out.getvalue()


def test_seed_scale_generates_applications_with_their_status_changes(catalogue):
    call_command("seed_scale", applications=200, stdout=io.StringIO())

    assert Application.objects.count() == 200
    statuses = dict(Application.objects.values_list("status").annotate(n=Count("pk")))
    assert len(statuses) >= 6
    submitted = Application.objects.exclude(status=S.DRAFT)
    assert not submitted.filter(transitions__isnull=True).exists()
    assert not Application.objects.filter(status=S.DRAFT, transitions__isnull=False).exists()
    first = ApplicationTransition.objects.filter(application__in=submitted).order_by("application", "created_at")
    assert set(first.filter(from_status=S.DRAFT).values_list("to_status", flat=True)) <= {S.SUBMITTED, S.WITHDRAWN}
    enrolled = Application.objects.filter(status=S.ENROLLED).first()
    assert list(enrolled.transitions.values_list("to_status", flat=True))[-2:] == [S.ADMITTED, S.ENROLLED]
    assert enrolled.decided_at and enrolled.enrolled_at and enrolled.submitted_at < enrolled.decided_at


def test_seed_scale_runs_twice_without_breaking_the_one_live_application_rule(catalogue):
    call_command("seed_scale", applications=150, stdout=io.StringIO())
    call_command("seed_scale", applications=150, stdout=io.StringIO())

    assert Application.objects.count() == 300
    assert Application.objects.latest("pk").reference == f"ICL-{Application.objects.latest('pk').pk:06d}"
