"""The completion admin: a coordinator opens every changelist; completions and certificates are
read-only; "re-evaluate" and "revoke" call the services; other staff are kept out."""

import pytest
from django.test import Client
from django.urls import reverse

from professionalisation.completion import services
from professionalisation.models import Attendance, Certificate, Completion, Evaluation
from tests.factories.professionalisation_completion import AssignmentResultFactory, EvaluationFactory
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

MODELS = ["attendance", "assignmentresult", "completion", "certificate", "evaluation"]


@pytest.fixture
def staff(professionalisation_coordinator):
    client = Client(headers={"accept-language": "en"})
    client.force_login(professionalisation_coordinator)
    return client


@pytest.fixture
def certificate(meetings, registration, professionalisation_coordinator):
    for meeting in meetings:
        services.attendance_record(
            meeting=meeting, registration=registration, present=True, actor=professionalisation_coordinator
        )
    EvaluationFactory(registration=registration, comment="Heel nuttig")
    AssignmentResultFactory(registration=registration)
    return Completion.objects.get(registration=registration).certificate


@pytest.mark.parametrize("model", MODELS)
def test_the_coordinator_opens_every_changelist(model, staff, certificate):
    response = staff.get(reverse(f"admin:professionalisation_{model}_changelist"))

    assert response.status_code == 200
    assert "Dana Docent" in response.content.decode()


def test_completions_and_certificates_cannot_be_added_by_hand(staff, certificate):
    with nothing_written(Completion, Certificate, Evaluation):
        responses = [
            staff.post(reverse("admin:professionalisation_completion_add"), {}),
            staff.post(reverse("admin:professionalisation_certificate_add"), {}),
            staff.post(reverse("admin:professionalisation_evaluation_add"), {}),
        ]

    assert [r.status_code for r in responses] == [403, 403, 403]


def test_the_certificate_page_links_to_its_pdf(staff, certificate):
    response = staff.get(reverse("admin:professionalisation_certificate_change", args=[certificate.pk]))

    assert reverse("completion:certificate-pdf", kwargs={"pk": certificate.pk}) in response.content.decode()


def test_revoke_asks_a_reason_then_calls_the_service(staff, certificate):
    url = reverse("admin:professionalisation_certificate_changelist")
    data = {"action": "revoke_action", "_selected_action": [certificate.pk]}

    with nothing_written(Certificate):
        asked = staff.post(url, data)
    staff.post(url, {**data, "apply": "1", "reason": "Verkeerde persoon"})

    certificate.refresh_from_db()
    assert "Revoke certificates" in asked.content.decode()
    assert (certificate.valid, certificate.revoke_reason) == (False, "Verkeerde persoon")


def test_re_evaluate_withdraws_a_completion_that_no_longer_meets_the_rule(staff, certificate, meetings):
    Attendance.objects.filter(meeting=meetings[0]).update(present=False)  # as if corrected behind the rule
    url = reverse("admin:professionalisation_completion_changelist")

    staff.post(url, {"action": "reevaluate_action", "_selected_action": [certificate.completion_id], "apply": "1"})

    completion = Completion.objects.get()
    assert completion.withdrawn_at is not None
    assert not Certificate.objects.get().valid


def test_other_staff_are_kept_out(intake_officer, certificate):
    client = Client(headers={"accept-language": "en"})
    client.force_login(intake_officer)

    with nothing_written(Evaluation, Certificate):
        response = client.get(reverse("admin:professionalisation_evaluation_changelist"))

    assert response.status_code == 403 and "Heel nuttig" not in response.content.decode()
