"""The reads of PAL student assistants: suggestions with their reasons and order, the totals of
confirmed hours per school, region and period, the payroll export's rules, and what each
notification says in the recipient's language."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from iclon.core.errors import NotAllowed
from iclon.notifications.models import Notification
from professionalisation.models import PalAssignmentStatus, PalRequestStatus
from professionalisation.outreach.selectors import pal as selectors
from professionalisation.outreach.services import pal as services
from tests.factories import EducationRegionFactory, SchoolMembershipFactory, SchoolSubjectFactory, UserFactory
from tests.factories.professionalisation_outreach_pal import (
    PalAssignmentFactory,
    PalHoursFactory,
    PalRequestFactory,
    PalStudentFactory,
    this_monday,
)

pytestmark = pytest.mark.django_db


def test_suggestions_rank_subject_region_and_days_with_reasons(open_request, subject):
    region = open_request.region
    best = PalStudentFactory(region=region, subjects=[subject], weekdays=["mon", "tue", "wed"], user__full_name="Best")
    some_days = PalStudentFactory(region=region, subjects=[subject], weekdays=["mon"], user__full_name="Some")
    elsewhere = PalStudentFactory(subjects=[subject], weekdays=["fri"], user__full_name="Elsewhere")
    region_only = PalStudentFactory(region=region, subjects=[SchoolSubjectFactory()], user__full_name="Region only")
    PalStudentFactory(subjects=[SchoolSubjectFactory()], user__full_name="No match")
    PalStudentFactory(region=region, subjects=[subject], active=False, user__full_name="Inactive")
    PalStudentFactory(region=region, subjects=[subject], trained=False, trained_on=None, user__full_name="Untrained")
    busy = PalStudentFactory(region=region, subjects=[subject], weekdays=["mon"], user__full_name="Busy")
    PalAssignmentFactory(student=busy, confirmed=True)  # another request in the same period
    assigned = PalStudentFactory(region=region, subjects=[subject], user__full_name="Assigned")
    PalAssignmentFactory(student=assigned, request=open_request)

    with translation.override("en"):
        suggestions = selectors.pal_suggestions(open_request)

    names = [s.student.user.full_name for s in suggestions]
    assert names == ["Best", "Some", "Busy", "Region only", "Elsewhere"]
    assert [s.score for s in suggestions] == [65, 55, 45, 35, 15]
    reasons = {s.student.user.full_name: s.reasons for s in suggestions}
    assert reasons["Best"] == [
        "Subject: Mathematics",
        f"Region: {region.name}",
        "Available on every requested day",
    ]
    assert reasons["Some"][-1] == "Available on Monday"
    assert reasons["Elsewhere"] == ["Subject: Mathematics", "Not available on the requested days"]
    assert reasons["Busy"][-1] == "Already assigned elsewhere in this period: 1"
    assert best in [s.student for s in suggestions] and some_days and elsewhere and region_only


def test_a_declined_student_is_suggested_again(open_request, pal_student):
    PalAssignmentFactory(student=pal_student, request=open_request, status=PalAssignmentStatus.DECLINED)
    assert [s.student for s in selectors.pal_suggestions(open_request)] == [pal_student]


def test_an_inactive_account_sees_nothing(assignment, school_a_contact, pal_user):
    PalHoursFactory(assignment=assignment)
    for user in (school_a_contact, pal_user):
        user.is_active = False
        user.save()
        assert not selectors.pal_assignment_list_for_user(user).exists()
        assert not selectors.pal_hours_list_for_user(user).exists()
    assert not selectors.pal_request_list_for_user(school_a_contact).exists()


def test_totals_follow_the_period_by_iso_week(school_a, professionalisation_coordinator, assignment):
    monday = this_monday()
    weeks = [monday - datetime.timedelta(weeks=n) for n in (1, 2, 3)]
    for day, hours in zip(weeks, ("3", "4", "5"), strict=True):
        year, week, _d = day.isocalendar()
        PalHoursFactory(assignment=assignment, year=year, week=week, hours=Decimal(hours), confirmed=True)

    everything = selectors.hours_totals(professionalisation_coordinator)
    assert [(row["name"], row["hours"], row["weeks"]) for row in everything] == [(school_a.name, Decimal("12"), 3)]
    # From the Wednesday of three weeks ago until the Sunday of two weeks ago: weeks 3 and 2 back.
    window = selectors.hours_totals(
        professionalisation_coordinator,
        starts_on=weeks[2] + datetime.timedelta(days=2),
        ends_on=weeks[1] + datetime.timedelta(days=6),
    )
    assert [(row["hours"], row["weeks"]) for row in window] == [(Decimal("9"), 2)]
    by_region = selectors.hours_totals(professionalisation_coordinator, by="region")
    assert [row["name"] for row in by_region] == [assignment.request.region.name]
    other = selectors.hours_totals(professionalisation_coordinator, region=EducationRegionFactory())
    assert other == []


@pytest.mark.parametrize("who", ["school_a_contact", "pal_user", "intake_officer", "outsider", "anonymous"])
def test_the_payroll_export_is_refused_to_all_but_coordinators(people, who, school_a):
    with pytest.raises(NotAllowed):
        selectors.payroll_export(people(who), region=school_a.region, fmt="csv")


def test_the_administrator_exports_too(administrator, assignment):
    PalHoursFactory(assignment=assignment, confirmed=True)
    content = selectors.payroll_export(administrator, region=assignment.request.region, fmt="csv")
    assert "Pim PAL" in content.decode("utf-8")


def test_notifications_are_in_the_recipients_language(open_request, pal_student, professionalisation_coordinator):
    pal_student.user.language = "en"
    pal_student.user.save()
    school_person = UserFactory(language="nl")
    SchoolMembershipFactory(school=open_request.school, user=school_person)
    services.pal_assign(actor=professionalisation_coordinator, request=open_request, students=[pal_student])

    to_student = Notification.objects.filter(recipient=pal_student.user, channel="email").get()
    assert to_student.subject == f"A PAL assignment for you at {open_request.school.name}"
    assert "Please confirm or decline." in to_student.body_text
    assert to_student.language == "en"
    # Rendered in Dutch for the school's person (the lead adds the Dutch catalogue's wording).
    to_school = Notification.objects.filter(recipient=school_person, channel="email").get()
    assert to_school.language == "nl"
    assert to_school.subject.endswith("Pim PAL")


def test_a_request_without_a_region_anywhere_is_refused(school_a_contact, school_a, subject):
    school_a.region = None
    school_a.save()
    with translation.override("en"), pytest.raises(Exception) as caught:
        services.pal_request_create(
            actor=school_a_contact,
            school=school_a,
            tasks=["homework"],
            subject=subject,
            hours_per_week=3,
            starts_on=this_monday(),
            ends_on=this_monday() + datetime.timedelta(days=30),
            weekdays=["mon"],
        )
    assert str(caught.value) == "Choose the education region through which the appointment runs."
    assert PalRequestFactory._meta.model.objects.filter(status=PalRequestStatus.REQUESTED).count() == 0
