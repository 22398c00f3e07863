"""The services of PAL student assistants: every transition, who may make it, what is validated,
what is written (history, author, notifications), and that every refusal writes nothing; above
all, that a confirmed week of hours is locked."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from iclon.core.errors import Conflict, NotAllowed, PortalError
from iclon.notifications.models import Notification
from partnerships.models import SchoolRole
from professionalisation.models import (
    PalAssignment,
    PalAssignmentStatus,
    PalHours,
    PalHoursStatus,
    PalRequest,
    PalRequestStatus,
    PalStudent,
)
from professionalisation.outreach.services import pal as services
from tests.factories import SchoolMembershipFactory, StaffUserFactory, UserFactory
from tests.factories.professionalisation_outreach_pal import (
    PalAssignmentFactory,
    PalHoursFactory,
    PalRequestFactory,
    PalStudentFactory,
    this_monday,
)
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def refused(error, message, call, *unchanged):
    """`call` raises `error` with `message` (in English) and writes nothing to `unchanged`."""
    with nothing_written(*unchanged), pytest.raises(error) as caught, translation.override("en"):
        call()
    assert str(caught.value) == message
    return caught.value


def iso(day: datetime.date) -> tuple[int, int]:
    year, week, _day = day.isocalendar()
    return year, week


def last_week() -> tuple[int, int]:
    return iso(this_monday() - datetime.timedelta(weeks=1))


def fresh(row):
    return type(row)._base_manager.get(pk=row.pk)


def _request_values(school, subject, **changes):
    values = {
        "school": school,
        "tasks": ["homework", "marking"],
        "subject": subject,
        "hours_per_week": "6",
        "starts_on": TODAY(),
        "ends_on": TODAY() + datetime.timedelta(days=90),
        "weekdays": ["tue", "mon"],
    }
    return {**values, **changes}


# --- requests -----------------------------------------------------------------------------------


def test_a_school_contact_requests_support_for_their_school(school_a, school_a_contact, subject):
    request = services.pal_request_create(actor=school_a_contact, **_request_values(school_a, subject))

    request.refresh_from_db()
    assert request.status == PalRequestStatus.REQUESTED
    assert request.requested_by == school_a_contact
    assert request.region == school_a.region
    assert request.weekdays == ["mon", "tue"]
    assert request.hours_per_week == Decimal("6")
    assert request.history.get().history_user == school_a_contact
    # The school's people are told, in their language.
    assert Notification.objects.filter(
        recipient=school_a_contact, category="professionalisation.pal_school", subject__icontains="PAL"
    ).exists()


@pytest.mark.parametrize("role", [SchoolRole.SCHOOL_LEADER, SchoolRole.SCHOOL_TEACHER_EDUCATOR])
def test_a_school_leader_or_teacher_educator_requests_too(school_a, subject, role):
    user = SchoolMembershipFactory(school=school_a, role=role).user
    assert services.pal_request_create(actor=user, **_request_values(school_a, subject)).school == school_a


def test_a_coordinator_requests_for_any_school(school_b, subject, professionalisation_coordinator):
    request = services.pal_request_create(actor=professionalisation_coordinator, **_request_values(school_b, subject))
    assert request.school == school_b


@pytest.mark.parametrize(
    "who", ["school_b_contact", "school_a_mentor", "pal_user", "intake_officer", "outsider", "anonymous"]
)
def test_others_may_not_request_for_school_a(people, who, school_a, subject):
    actor = people(who)
    refused(
        NotAllowed,
        "You are not allowed to do this.",
        lambda: services.pal_request_create(actor=actor, **_request_values(school_a, subject)),
        PalRequest,
    )


@pytest.mark.parametrize(
    ("changes", "message", "field"),
    [
        ({"tasks": []}, "Choose the tasks the students will do.", "tasks"),
        ({"tasks": ["cooking"]}, "Choose the tasks the students will do.", "tasks"),
        ({"tasks": ["other"]}, "Say which other tasks.", "tasks_other"),
        ({"weekdays": []}, "Choose weekdays from Monday to Friday.", "weekdays"),
        ({"weekdays": ["sat"]}, "Choose weekdays from Monday to Friday.", "weekdays"),
        ({"hours_per_week": "0"}, "Give more than 0 and at most 40 hours.", "hours_per_week"),
        ({"hours_per_week": "41"}, "Give more than 0 and at most 40 hours.", "hours_per_week"),
        ({"hours_per_week": "many"}, "Give the hours as a number, e.g. 4 or 2.5.", "hours_per_week"),
        (
            {"ends_on": TODAY() - datetime.timedelta(days=1), "starts_on": TODAY()},
            "The period cannot end before it starts.",
            "ends_on",
        ),
        (
            {"starts_on": TODAY() - datetime.timedelta(days=30), "ends_on": TODAY() - datetime.timedelta(days=1)},
            "This period is over.",
            "ends_on",
        ),
    ],
)
def test_a_request_is_validated(school_a, school_a_contact, subject, changes, message, field):
    error = refused(
        PortalError,
        message,
        lambda: services.pal_request_create(actor=school_a_contact, **_request_values(school_a, subject, **changes)),
        PalRequest,
    )
    assert error.field == field


def test_other_tasks_keep_their_text_only_with_other(school_a, school_a_contact, subject):
    request = services.pal_request_create(
        actor=school_a_contact,
        **_request_values(school_a, subject, tasks=["other", "groups"], tasks_other=" Excursion help "),
    )
    assert (request.tasks, request.tasks_other) == (["groups", "other"], "Excursion help")
    request = services.pal_request_create(
        actor=school_a_contact, **_request_values(school_a, subject, tasks_other="ignored")
    )
    assert request.tasks_other == ""


def test_the_school_withdraws_a_request_and_its_assignments_are_cancelled(open_request, school_a_contact):
    proposed = PalAssignmentFactory(request=open_request)
    request = services.pal_request_withdraw(actor=school_a_contact, request=open_request, reason="No budget")

    assert (request.status, request.reason) == (PalRequestStatus.WITHDRAWN, "No budget")
    assert request.closed_at is not None
    proposed = fresh(proposed)
    assert (proposed.status, proposed.decline_reason) == (PalAssignmentStatus.CANCELLED, "No budget")
    assert Notification.objects.filter(recipient=proposed.student.user, category="professionalisation.pal_student")


def test_withdrawing_is_refused_without_reason_twice_or_after_hours(open_request, school_a_contact, assignment):
    refused(
        PortalError,
        "Give the reason.",
        lambda: services.pal_request_withdraw(actor=school_a_contact, request=open_request, reason=" "),
        open_request,
    )
    services.pal_request_withdraw(actor=school_a_contact, request=open_request, reason="Not needed")
    refused(
        Conflict,
        "This request is closed or withdrawn already.",
        lambda: services.pal_request_withdraw(actor=school_a_contact, request=open_request, reason="Again"),
        PalRequest,
    )
    PalHoursFactory(assignment=assignment)
    refused(
        Conflict,
        "Hours were logged for this request: it is closed, not withdrawn.",
        lambda: services.pal_request_withdraw(actor=school_a_contact, request=assignment.request, reason="Stop"),
        PalRequest,
        PalAssignment,
    )


@pytest.mark.parametrize("who", ["school_b_contact", "school_a_mentor", "pal_user", "outsider", "anonymous"])
def test_others_may_not_withdraw(people, who, open_request):
    actor = people(who)
    refused(
        NotAllowed,
        "You are not allowed to do this.",
        lambda: services.pal_request_withdraw(actor=actor, request=open_request, reason="x"),
        open_request,
    )


def test_a_coordinator_closes_a_confirmed_request_once_its_hours_are_confirmed(
    assignment, professionalisation_coordinator, school_a_contact
):
    hours = PalHoursFactory(assignment=assignment)
    refused(
        Conflict,
        "Hours of this request still wait for the school's confirmation.",
        lambda: services.pal_request_close(actor=professionalisation_coordinator, request=assignment.request),
        PalRequest,
    )
    refused(
        NotAllowed,
        "You are not allowed to do this.",
        lambda: services.pal_request_close(actor=school_a_contact, request=assignment.request),
        PalRequest,
    )
    services.pal_hours_confirm(actor=school_a_contact, hours=hours)
    request = services.pal_request_close(actor=professionalisation_coordinator, request=assignment.request)
    assert request.status == PalRequestStatus.CLOSED
    refused(
        Conflict,
        "Only a confirmed request can be closed.",
        lambda: services.pal_request_close(actor=professionalisation_coordinator, request=request),
        PalRequest,
    )


# --- assignments --------------------------------------------------------------------------------


def test_a_coordinator_assigns_several_students(open_request, professionalisation_coordinator, pal_student):
    second = PalStudentFactory(region=open_request.region)
    assignments = services.pal_assign(
        actor=professionalisation_coordinator,
        request=open_request,
        students=[pal_student, second],
        reasons={pal_student.pk: ["Subject: Mathematics"]},
    )

    assert [a.student for a in assignments] == [pal_student, second]
    assert all(a.status == PalAssignmentStatus.PROPOSED and a.hours_per_week == Decimal("6") for a in assignments)
    assert assignments[0].reasons == ["Subject: Mathematics"]
    assert fresh(open_request).status == PalRequestStatus.ASSIGNED
    assert Notification.objects.filter(recipient=pal_student.user, category="professionalisation.pal_student")


@pytest.mark.parametrize("who", ["school_a_contact", "pal_user", "intake_officer", "outsider", "anonymous"])
def test_only_coordinators_assign(people, who, open_request, pal_student):
    actor = people(who)
    refused(
        NotAllowed,
        "You are not allowed to do this.",
        lambda: services.pal_assign(actor=actor, request=open_request, students=[pal_student]),
        PalAssignment,
        open_request,
    )


def test_assigning_is_refused_for_an_untrained_or_assigned_student_or_a_closed_request(
    open_request, professionalisation_coordinator, pal_student
):
    coordinator = professionalisation_coordinator
    untrained = PalStudentFactory(trained=False, trained_on=None, user__full_name="Una Untrained")
    refused(
        PortalError,
        "Una Untrained is not an active, trained PAL student.",
        lambda: services.pal_assign(actor=coordinator, request=open_request, students=[pal_student, untrained]),
        PalAssignment,
        open_request,
    )
    services.pal_assign(actor=coordinator, request=open_request, students=[pal_student])
    refused(
        Conflict,
        "Pim PAL is already assigned to this request.",
        lambda: services.pal_assign(actor=coordinator, request=open_request, students=[pal_student]),
        PalAssignment,
    )
    refused(
        PortalError,
        "Choose one or more PAL students.",
        lambda: services.pal_assign(actor=coordinator, request=open_request, students=[]),
        PalAssignment,
    )
    withdrawn = PalRequestFactory(status=PalRequestStatus.WITHDRAWN)
    refused(
        Conflict,
        "This request is closed or withdrawn.",
        lambda: services.pal_assign(actor=coordinator, request=withdrawn, students=[pal_student]),
        PalAssignment,
    )


def test_student_and_school_confirm_and_then_the_assignment_and_request_are_confirmed(
    open_request, pal_student, pal_user, school_a_contact, professionalisation_coordinator
):
    (assignment,) = services.pal_assign(
        actor=professionalisation_coordinator, request=open_request, students=[pal_student]
    )
    assignment = services.pal_assignment_confirm(actor=pal_user, assignment=assignment, side="student")
    assert assignment.status == PalAssignmentStatus.PROPOSED and assignment.student_confirmed_at
    refused(
        Conflict,
        "You have confirmed this assignment already.",
        lambda: services.pal_assignment_confirm(actor=pal_user, assignment=assignment, side="student"),
        PalAssignment,
    )
    assignment = services.pal_assignment_confirm(actor=school_a_contact, assignment=assignment, side="school")
    assert assignment.status == PalAssignmentStatus.CONFIRMED
    assert assignment.school_confirmed_by == school_a_contact
    assert fresh(open_request).status == PalRequestStatus.CONFIRMED
    refused(
        Conflict,
        "Only a proposed assignment can be confirmed.",
        lambda: services.pal_assignment_confirm(actor=school_a_contact, assignment=assignment, side="school"),
        PalAssignment,
    )
    assert Notification.objects.filter(recipient=pal_user, idempotency_key__contains="assignment_confirmed").exists()


@pytest.mark.parametrize(
    ("who", "side"),
    [
        ("school_a_contact", "student"),
        ("other_pal_user", "student"),
        ("professionalisation_coordinator", "student"),
        ("pal_user", "school"),
        ("school_b_contact", "school"),
        ("school_a_mentor", "school"),
        ("professionalisation_coordinator", "school"),
        ("anonymous", "school"),
    ],
)
def test_each_side_confirms_only_for_itself(people, who, side, open_request, pal_student):
    assignment = PalAssignmentFactory(request=open_request, student=pal_student)
    actor = people(who)
    refused(
        NotAllowed,
        "You are not allowed to do this.",
        lambda: services.pal_assignment_confirm(actor=actor, assignment=assignment, side=side),
        PalAssignment,
        PalRequest,
    )


@pytest.mark.parametrize("who", ["pal_user", "school_a_contact", "professionalisation_coordinator"])
def test_a_proposed_assignment_is_declined_with_a_reason(people, who, open_request, pal_student):
    open_request.status = PalRequestStatus.ASSIGNED
    open_request.save()
    assignment = PalAssignmentFactory(request=open_request, student=pal_student)
    actor = people(who)
    refused(
        PortalError,
        "Give the reason.",
        lambda: services.pal_assignment_decline(actor=actor, assignment=assignment, reason=""),
        PalAssignment,
    )
    assignment = services.pal_assignment_decline(actor=actor, assignment=assignment, reason="Exams that week")
    assert (assignment.status, assignment.decline_reason, assignment.declined_by) == (
        PalAssignmentStatus.DECLINED,
        "Exams that week",
        actor,
    )
    # Its only student gone, the request waits for students again.
    assert fresh(open_request).status == PalRequestStatus.REQUESTED
    refused(
        Conflict,
        "Only a proposed assignment can be declined.",
        lambda: services.pal_assignment_decline(actor=actor, assignment=assignment, reason="again"),
        PalAssignment,
    )


@pytest.mark.parametrize("who", ["other_pal_user", "school_b_contact", "school_a_mentor", "outsider", "anonymous"])
def test_others_may_not_decline(people, who, open_request, pal_student):
    assignment = PalAssignmentFactory(request=open_request, student=pal_student)
    actor = people(who)
    refused(
        NotAllowed,
        "You are not allowed to do this.",
        lambda: services.pal_assignment_decline(actor=actor, assignment=assignment, reason="x"),
        PalAssignment,
    )


def test_a_declined_student_can_be_assigned_again(open_request, pal_student, professionalisation_coordinator):
    PalAssignmentFactory(request=open_request, student=pal_student, status=PalAssignmentStatus.DECLINED)
    (again,) = services.pal_assign(actor=professionalisation_coordinator, request=open_request, students=[pal_student])
    assert again.status == PalAssignmentStatus.PROPOSED


# --- hours --------------------------------------------------------------------------------------


def test_the_student_logs_a_week_and_logs_it_again_while_unconfirmed(assignment, pal_user, school_a_contact):
    year, week = last_week()
    row = services.pal_hours_log(actor=pal_user, assignment=assignment, year=year, week=week, hours="4,5")
    assert (row.hours, row.status, row.logged_by) == (Decimal("4.5"), PalHoursStatus.LOGGED, pal_user)
    assert Notification.objects.filter(recipient=school_a_contact, idempotency_key__contains="hours_logged")

    again = services.pal_hours_log(actor=pal_user, assignment=assignment, year=year, week=week, hours=6)
    assert again.pk == row.pk and again.hours == Decimal("6")
    assert PalHours.objects.count() == 1


def test_a_confirmed_week_is_locked(assignment, pal_user, school_a_contact):
    year, week = last_week()
    row = services.pal_hours_log(actor=pal_user, assignment=assignment, year=year, week=week, hours=5)
    row = services.pal_hours_confirm(actor=school_a_contact, hours=row)
    assert (row.status, row.confirmed_by) == (PalHoursStatus.CONFIRMED, school_a_contact)
    assert row.confirmed_at is not None

    locked = "The school has confirmed the hours of this week: they can no longer be changed."
    refused(
        Conflict,
        locked,
        lambda: services.pal_hours_log(actor=pal_user, assignment=assignment, year=year, week=week, hours=3),
        PalHours,
    )
    refused(Conflict, locked, lambda: services.pal_hours_delete(actor=pal_user, hours=row), PalHours)
    refused(
        Conflict,
        locked,
        lambda: services.pal_hours_reject(actor=school_a_contact, hours=row, reason="Wrong"),
        PalHours,
    )
    refused(
        Conflict,
        "These hours are confirmed already.",
        lambda: services.pal_hours_confirm(actor=school_a_contact, hours=row),
        PalHours,
    )
    assert fresh(row).hours == Decimal("5")


def test_rejected_hours_are_logged_again_and_then_confirmed(assignment, pal_user, school_a_contact):
    year, week = last_week()
    row = services.pal_hours_log(actor=pal_user, assignment=assignment, year=year, week=week, hours=9)
    refused(
        PortalError,
        "Give the reason.",
        lambda: services.pal_hours_reject(actor=school_a_contact, hours=row, reason=""),
        PalHours,
    )
    row = services.pal_hours_reject(actor=school_a_contact, hours=row, reason="Only 6 hours that week")
    assert (row.status, row.reject_reason) == (PalHoursStatus.REJECTED, "Only 6 hours that week")
    assert Notification.objects.filter(recipient=pal_user, idempotency_key__contains="hours_rejected")
    refused(
        Conflict,
        "These hours were rejected: the student logs them again first.",
        lambda: services.pal_hours_confirm(actor=school_a_contact, hours=row),
        PalHours,
    )
    refused(
        Conflict,
        "These hours are rejected already.",
        lambda: services.pal_hours_reject(actor=school_a_contact, hours=row, reason="again"),
        PalHours,
    )
    row = services.pal_hours_log(actor=pal_user, assignment=assignment, year=year, week=week, hours=6)
    assert (row.status, row.reject_reason) == (PalHoursStatus.LOGGED, "")
    assert services.pal_hours_confirm(actor=school_a_contact, hours=row).status == PalHoursStatus.CONFIRMED


def test_the_student_deletes_an_unconfirmed_week(assignment, pal_user, other_pal_user):
    row = PalHoursFactory(assignment=assignment)
    refused(
        NotAllowed,
        "You are not allowed to do this.",
        lambda: services.pal_hours_delete(actor=other_pal_user, hours=row),
        PalHours,
    )
    services.pal_hours_delete(actor=pal_user, hours=row)
    assert not PalHours.objects.exists()


@pytest.mark.parametrize(
    ("weeks", "hours", "error", "message", "field"),
    [
        (-1, 5, PortalError, "This week has not begun: log its hours once you have worked them.", "week"),
        (20, 5, PortalError, "This week is outside the period of the request.", "week"),
        (1, 0, PortalError, "Give more than 0 and at most 40 hours.", "hours"),
        (1, -2, PortalError, "Give more than 0 and at most 40 hours.", "hours"),
        (1, 40.5, PortalError, "Give more than 0 and at most 40 hours.", "hours"),
        (1, "1.555", PortalError, "Give the hours in at most two decimals.", "hours"),
        (1, "NaN", PortalError, "Give more than 0 and at most 40 hours.", "hours"),
    ],
)
def test_hours_are_validated(assignment, pal_user, weeks, hours, error, message, field):
    year, week = iso(this_monday() - datetime.timedelta(weeks=weeks))
    caught = refused(
        error,
        message,
        lambda: services.pal_hours_log(actor=pal_user, assignment=assignment, year=year, week=week, hours=hours),
        PalHours,
    )
    assert caught.field == field


def test_a_week_that_does_not_exist_is_refused(assignment, pal_user):
    refused(
        PortalError,
        "This week does not exist.",
        lambda: services.pal_hours_log(actor=pal_user, assignment=assignment, year=2021, week=53, hours=2),
        PalHours,
    )


def test_a_week_holds_at_most_eight_hours_for_each_working_day_in_the_period(assignment, pal_user):
    # The period starts on the Thursday of last week: two working days of it fall inside.
    monday = this_monday() - datetime.timedelta(weeks=1)
    request = assignment.request
    request.starts_on = monday + datetime.timedelta(days=3)
    request.save()
    year, week = iso(monday)
    refused(
        PortalError,
        "At most 16 hours can be logged for this week.",
        lambda: services.pal_hours_log(actor=pal_user, assignment=assignment, year=year, week=week, hours=16.5),
        PalHours,
    )
    assert services.pal_hours_log(actor=pal_user, assignment=assignment, year=year, week=week, hours=16).hours == 16


@pytest.mark.parametrize(
    "who", ["other_pal_user", "school_a_contact", "professionalisation_coordinator", "administrator", "anonymous"]
)
def test_only_the_student_logs_their_hours(people, who, assignment):
    actor = people(who)
    year, week = last_week()
    refused(
        NotAllowed,
        "You are not allowed to do this.",
        lambda: services.pal_hours_log(actor=actor, assignment=assignment, year=year, week=week, hours=2),
        PalHours,
    )


def test_hours_need_a_confirmed_assignment_of_a_running_request(open_request, pal_student, pal_user):
    proposed = PalAssignmentFactory(request=open_request, student=pal_student)
    year, week = last_week()
    refused(
        Conflict,
        "Hours are logged for a confirmed assignment of a running request only.",
        lambda: services.pal_hours_log(actor=pal_user, assignment=proposed, year=year, week=week, hours=2),
        PalHours,
    )


@pytest.mark.parametrize(
    "who", ["pal_user", "school_b_contact", "school_a_mentor", "professionalisation_coordinator", "anonymous"]
)
def test_only_the_school_confirms_or_rejects_hours(people, who, assignment):
    row = PalHoursFactory(assignment=assignment)
    actor = people(who)
    refused(
        NotAllowed, "You are not allowed to do this.", lambda: services.pal_hours_confirm(actor=actor, hours=row), row
    )
    refused(
        NotAllowed,
        "You are not allowed to do this.",
        lambda: services.pal_hours_reject(actor=actor, hours=row, reason="no"),
        row,
    )


# --- the pool -----------------------------------------------------------------------------------


def test_a_coordinator_adds_a_trained_student_to_the_pool(professionalisation_coordinator, school_a, subject):
    user = UserFactory()
    student = services.pal_student_save(
        actor=professionalisation_coordinator,
        user=user,
        region=school_a.region,
        weekdays=["fri", "mon"],
        subjects=[subject],
        trained=True,
    )
    assert (student.trained_on, student.weekdays, list(student.subjects.all())) == (TODAY(), ["mon", "fri"], [subject])
    refused(
        Conflict,
        "This person is in the PAL pool already.",
        lambda: services.pal_student_save(actor=professionalisation_coordinator, user=user, region=school_a.region),
        PalStudent,
    )
    refused(
        NotAllowed,
        "You are not allowed to do this.",
        lambda: services.pal_student_save(actor=StaffUserFactory(), user=UserFactory(), region=school_a.region),
        PalStudent,
    )
