"""The completion API: /api/v1/attendance/ for staff who record attendance (list with filters,
record and correct through the service), /api/v1/certificates/ read-only (own; staff all) with a
`pdf` link; the permission matrix and the query counts at 1 and 50 rows."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from professionalisation.completion import services
from professionalisation.models import Attendance, Completion
from tests.api.conftest import api_client
from tests.factories import MeetingFactory, RegistrationFactory
from tests.factories.professionalisation_completion import CertificateFactory
from tests.professionalisation.completion.conftest import REFUSED, STAFF
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

ATTENDANCE = reverse("api:attendance-list")
CERTIFICATES = reverse("api:certificate-list")


def certify(session, staff, participant=None):
    registration = RegistrationFactory(session=session, **({"participant": participant} if participant else {}))
    services.attendance_all_present(meeting=session.meetings.first(), actor=staff)
    for meeting in session.meetings.all():
        services.attendance_record(meeting=meeting, registration=registration, present=True, actor=staff)
    return Completion.objects.get(registration=registration).certificate


@pytest.mark.parametrize("name", STAFF)
def test_staff_record_and_correct_attendance(name, role, meetings, registration):
    client = api_client(role(name))

    created = client.post(ATTENDANCE, {"meeting": meetings[0].pk, "registration": registration.pk, "present": True})
    corrected = client.patch(f"{ATTENDANCE}{created.json()['id']}/", {"present": False})
    listed = client.get(ATTENDANCE, {"meeting": meetings[0].pk})

    assert created.status_code == 201
    assert set(created.json()) == {
        "id",
        "meeting",
        "session",
        "registration",
        "participant",
        "present",
        "recorded_by",
        "updated_at",
    }
    assert (created.json()["participant"], created.json()["present"]) == ("Dana Docent", True)
    assert corrected.status_code == 200 and corrected.json()["present"] is False
    assert Attendance.objects.get().present is False
    assert [row["id"] for row in listed.json()["results"]] == [created.json()["id"]]


@pytest.mark.parametrize("name", REFUSED)
def test_others_may_not_use_the_attendance_api(name, role, meetings, registration):
    client = api_client(role(name))

    with nothing_written(Attendance):
        listed = client.get(ATTENDANCE)
        created = client.post(ATTENDANCE, {"meeting": meetings[0].pk, "registration": registration.pk, "present": True})
    expected = 401 if name == "anonymous" else 403
    assert (listed.status_code, created.status_code) == (expected, expected)
    assert "results" not in listed.json()


def test_a_future_meeting_is_a_409_and_a_stranger_a_400(session, registration, professionalisation_coordinator):
    later = MeetingFactory(session=session, date=timezone.localdate() + datetime.timedelta(days=3))
    client = api_client(professionalisation_coordinator)

    with nothing_written(Attendance):
        future = client.post(ATTENDANCE, {"meeting": later.pk, "registration": registration.pk, "present": True})
        unknown = client.post(ATTENDANCE, {"meeting": 999999, "registration": registration.pk, "present": True})

    assert future.status_code == 409
    assert (
        future.json()["detail"] == "This meeting has not taken place yet: attendance can be recorded from its day on."
    )
    assert unknown.status_code == 400
    assert unknown.json()["errors"] == {"meeting": ["There is no meeting with this id."]}


@pytest.mark.parametrize("rows", [1, 50])
def test_the_attendance_list_runs_a_fixed_number_of_queries(
    rows, session, meetings, professionalisation_coordinator, django_assert_max_num_queries
):
    RegistrationFactory.create_batch(rows, session=session)
    services.attendance_all_present(meeting=meetings[0], actor=professionalisation_coordinator)
    client = api_client(professionalisation_coordinator)

    with django_assert_max_num_queries(12):
        response = client.get(ATTENDANCE, {"page_size": 100})
    assert response.json()["count"] == rows


def test_certificates_are_the_participants_own_and_all_for_staff(
    session, participant, other_participant, professionalisation_coordinator
):
    own = certify(session, professionalisation_coordinator, participant)
    theirs = certify(session, professionalisation_coordinator, other_participant)

    mine = api_client(participant).get(CERTIFICATES).json()["results"]
    everyone = api_client(professionalisation_coordinator).get(CERTIFICATES).json()["results"]
    detail = api_client(participant).get(f"{CERTIFICATES}{theirs.pk}/")

    assert [row["number"] for row in mine] == [own.number]
    assert mine[0]["pdf"].endswith(reverse("completion:certificate-pdf", kwargs={"pk": own.pk}))
    assert mine[0]["verification_url"].endswith(f"/professionalisation/verify/{own.code}/")
    assert mine[0]["valid"] is True
    assert {row["number"] for row in everyone} == {own.number, theirs.number}
    assert detail.status_code == 404 and theirs.number not in detail.content.decode()


@pytest.mark.parametrize("name", ["school_a_contact", "school_b_contact", "intake_officer"])
def test_others_see_no_certificates(name, role, session, participant, professionalisation_coordinator):
    certify(session, professionalisation_coordinator, participant)

    response = api_client(role(name)).get(CERTIFICATES)

    assert response.json()["results"] == []


def test_anonymous_gets_401_for_certificates(session):
    response = api_client(None).get(CERTIFICATES)

    assert response.status_code == 401 and "results" not in response.json()


@pytest.mark.parametrize("rows", [1, 50])
def test_the_certificate_list_runs_a_fixed_number_of_queries(
    rows, professionalisation_coordinator, django_assert_max_num_queries
):
    CertificateFactory.create_batch(rows)
    client = api_client(professionalisation_coordinator)

    with django_assert_max_num_queries(10):
        response = client.get(CERTIFICATES, {"page_size": 100})
    assert response.json()["count"] == rows
