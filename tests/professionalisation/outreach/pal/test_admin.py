"""The admin of PAL student assistants: every changelist opens in a fixed number of queries, the add
forms save through the services, the actions call them (assign, withdraw, close, decline, export),
confirmed hours cannot be changed or deleted here, and the suggestions show on a request's page."""

import csv
import io

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from professionalisation.models import (
    PalAssignment,
    PalAssignmentStatus,
    PalHours,
    PalRequest,
    PalRequestStatus,
    PalStudent,
)
from tests.factories import UserFactory
from tests.factories.professionalisation_outreach_pal import (
    PalAssignmentFactory,
    PalHoursFactory,
    PalStudentFactory,
)
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

MODELS = [PalStudent, PalRequest, PalAssignment, PalHours]
BUILD = {
    PalStudent: PalStudentFactory,
    PalRequest: lambda: PalAssignmentFactory().request,
    PalAssignment: PalAssignmentFactory,
    PalHours: PalHoursFactory,
}


@pytest.fixture
def staff(professionalisation_coordinator):
    client = Client(headers={"accept-language": "en"})
    client.force_login(professionalisation_coordinator)
    return client


def url(model, view="changelist", *args):
    return reverse(f"admin:professionalisation_{model._meta.model_name}_{view}", args=args)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def action(client, model, name, rows, **data):
    return client.post(url(model), {"action": name, "_selected_action": [str(row.pk) for row in rows], **data})


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_every_changelist_opens_in_a_fixed_number_of_queries(model, staff, django_assert_max_num_queries):
    BUILD[model]()
    staff.get(url(model))
    with django_assert_max_num_queries(20):
        first = staff.get(url(model))
    for _ in range(49):
        BUILD[model]()
    with django_assert_max_num_queries(20):
        many = staff.get(url(model))
    assert first.status_code == many.status_code == 200
    assert str(model._meta.verbose_name_plural).lower() in many.content.decode().lower()


def test_a_student_is_added_to_the_pool_through_the_service(staff, school_a, subject, professionalisation_coordinator):
    user = UserFactory()
    response = staff.post(
        url(PalStudent, "add"),
        {
            "user": user.pk,
            "trained": "on",
            "trained_on": "2026-01-15",
            "weekdays": ["mon", "thu"],
            "region": school_a.region.pk,
            "active": "on",
            "subjects": [subject.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    student = PalStudent.objects.get(user=user)
    assert (student.weekdays, list(student.subjects.all())) == (["mon", "thu"], [subject])
    assert student.history.first().history_user == professionalisation_coordinator


def test_a_request_added_here_is_validated_by_the_service(staff, school_a):
    with nothing_written(PalRequest):
        response = staff.post(
            url(PalRequest, "add"),
            {
                "school": school_a.pk,
                "tasks": ["other"],
                "hours_per_week": "4",
                "starts_on": timezone.localdate().isoformat(),
                "ends_on": timezone.localdate().isoformat(),
                "weekdays": ["mon"],
                "region": school_a.region.pk,
            },
        )
    assert response.status_code == 200
    assert "Say which other tasks." in response.content.decode()


def test_a_requests_page_shows_suggestions(staff, open_request, pal_student):
    page = staff.get(url(PalRequest, "change", open_request.pk)).content.decode()
    assert "Pim PAL" in page
    assert "Subject: Mathematics" in page


def test_assigning_is_an_action_with_a_choice_of_students(staff, open_request, pal_student):
    page = action(staff, PalRequest, "assign_action", [open_request])
    assert page.status_code == 200 and "Pim PAL" in page.content.decode()
    response = action(staff, PalRequest, "assign_action", [open_request], apply="1", students=[pal_student.pk])
    assignment = PalAssignment.objects.get(request=open_request)
    assert (assignment.student, assignment.status) == (pal_student, PalAssignmentStatus.PROPOSED)
    assert "Subject: Mathematics" in assignment.reasons
    assert messages_of(response)[-1] == "1 request assigned."
    with nothing_written(PalAssignment):
        again = action(staff, PalRequest, "assign_action", [open_request], apply="1", students=[pal_student.pk])
    assert messages_of(again)[-1].endswith("Pim PAL is already assigned to this request.")


def test_withdrawing_and_closing_are_actions(staff, open_request, assignment, school_a_contact):
    action(staff, PalRequest, "withdraw_action", [open_request], apply="1", reason="Budget cut")
    open_request.refresh_from_db()
    assert (open_request.status, open_request.reason) == (PalRequestStatus.WITHDRAWN, "Budget cut")

    action(staff, PalRequest, "close_action", [assignment.request], apply="1")
    assert PalRequest.objects.get(pk=assignment.request.pk).status == PalRequestStatus.CLOSED


def test_declining_an_assignment_is_an_action(staff, open_request, pal_student):
    proposed = PalAssignmentFactory(request=open_request, student=pal_student)
    action(staff, PalAssignment, "decline_action", [proposed], apply="1", reason="Ill")
    proposed.refresh_from_db()
    assert (proposed.status, proposed.decline_reason) == (PalAssignmentStatus.DECLINED, "Ill")


def test_hours_are_read_only_here_and_confirmed_ones_cannot_be_deleted(staff, assignment):
    row = PalHoursFactory(assignment=assignment, confirmed=True)
    with nothing_written(PalHours):
        staff.post(url(PalHours, "change", row.pk), {"hours": "1"})
        staff.post(url(PalHours, "delete", row.pk), {"post": "yes"})
        action(staff, PalHours, "delete_selected", [row], post="yes")
    assert staff.get(url(PalHours, "add")).status_code == 403


def test_the_export_actions_hold_only_confirmed_hours(staff, assignment):
    confirmed = PalHoursFactory(assignment=assignment, confirmed=True)
    logged = PalHoursFactory(assignment=assignment, week=confirmed.week - 1 or 2)
    response = action(staff, PalHours, "export_csv_action", [confirmed, logged])
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert len(rows) == 2 and rows[1][3] == "Pim PAL"
    response = action(staff, PalHours, "export_xlsx_action", [confirmed, logged])
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert len(list(sheet.iter_rows(values_only=True))) == 2


def test_staff_without_the_pal_permissions_see_no_pal_admin(intake_officer):
    client = Client()
    client.force_login(intake_officer)
    PalHoursFactory(confirmed=True)
    for model in MODELS:
        response = client.get(url(model))
        assert response.status_code == 403
        assert "Pim PAL" not in response.content.decode()
        assert str(model._meta.verbose_name_plural) not in response.content.decode()
