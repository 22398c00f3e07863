"""A school's page of professional development shows its teachers' attendance and certificates
(completion/navigation.py `school_sections`, selectors.school_attendance): the confirmed
registrations for the school of sessions that began, meetings attended of those held, completion
and the certificate's number and validity with its public verification link, never another
school's; in a fixed number of queries whatever the number of rows."""

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse

from professionalisation.activities.services.sessions import meeting_cancel
from professionalisation.completion import services
from professionalisation.completion.selectors import school_attendance
from tests.factories import MeetingFactory, RegistrationFactory, SessionFactory, UserFactory
from tests.factories.professionalisation_completion import past_session

pytestmark = pytest.mark.django_db


def school_page(user, school):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client.get(reverse("activities:school", kwargs={"pk": school.pk}))


def section(response) -> str:
    """The text and links of the attendance section of the school's page."""
    document = lxml.html.fromstring(response.content.decode())
    [element] = document.xpath('//section[@aria-labelledby="school-attendance-title"]')
    return lxml.html.tostring(element, encoding="unicode", method="html")


def attend(registration, meetings, staff):
    for meeting in meetings:
        services.attendance_record(meeting=meeting, registration=registration, present=True, actor=staff)


def test_the_school_sees_attendance_completion_and_certificates_of_its_own_teachers_only(
    session, meetings, school_a, school_b, school_a_contact, professionalisation_coordinator
):
    completed = RegistrationFactory(session=session, school=school_a, participant__full_name="Anna Complete")
    partial = RegistrationFactory(session=session, school=school_a, participant__full_name="Bas Partial")
    RegistrationFactory(session=session, school=school_b, participant__full_name="Other School")
    RegistrationFactory(session=session, participant__full_name="On Their Own")
    RegistrationFactory(session=session, school=school_a, status="cancelled", participant__full_name="Gave Back")
    RegistrationFactory(school=school_a, participant__full_name="Not Begun")  # a session ahead
    attend(completed, meetings, professionalisation_coordinator)
    attend(partial, meetings[:1], professionalisation_coordinator)
    certificate = completed.completion.certificate

    response = school_page(school_a_contact, school_a)

    assert response.status_code == 200
    page = section(response)
    assert "Attendance and certificates" in page
    assert "Anna Complete" in page and "Bas Partial" in page
    assert "3 of 3 held (3 in all)" in page and "1 of 3 held (3 in all)" in page
    assert certificate.number in page
    assert reverse("completion:certificate-verify", kwargs={"code": certificate.code}) in page
    # The PDF is the participant's own.
    assert reverse("completion:certificate-pdf", kwargs={"pk": certificate.pk}) not in page
    for name in ("Other School", "On Their Own", "Not Begun"):
        assert name not in page
    assert [row.participant.full_name for row in school_attendance(school_a)] == ["Anna Complete", "Bas Partial"]


def test_a_revoked_certificate_and_a_withdrawn_completion_are_shown_as_such(
    session, meetings, school_a, school_a_contact, professionalisation_coordinator
):
    revoked = RegistrationFactory(session=session, school=school_a, participant__full_name="Cor Revoked")
    withdrawn = RegistrationFactory(session=session, school=school_a, participant__full_name="Dirk Withdrawn")
    attend(revoked, meetings, professionalisation_coordinator)
    attend(withdrawn, meetings, professionalisation_coordinator)
    services.certificate_revoke(
        certificate=revoked.completion.certificate, reason="Issued in error", actor=professionalisation_coordinator
    )
    services.attendance_record(
        meeting=meetings[0], registration=withdrawn, present=False, actor=professionalisation_coordinator
    )

    rows = {row.participant.full_name: row for row in school_attendance(school_a)}
    assert rows["Cor Revoked"].completion.valid and not rows["Cor Revoked"].completion.certificate.valid
    assert not rows["Dirk Withdrawn"].completion.valid
    assert rows["Dirk Withdrawn"].attended == 2
    page = section(school_page(school_a_contact, school_a))
    # Both certificates are revoked: by staff, and with the withdrawn completion.
    assert page.count(">Revoked<") == 2 and ">Withdrawn<" in page


def test_a_cancelled_meeting_is_left_out_of_the_counts(
    school_a, school_a_contact, professionalisation_coordinator, django_capture_on_commit_callbacks
):
    session = past_session(meetings=2)
    ahead = MeetingFactory(session=session)
    registration = RegistrationFactory(session=session, school=school_a)
    attend(registration, session.meetings.exclude(pk=ahead.pk), professionalisation_coordinator)
    [row] = school_attendance(school_a)
    assert (row.attended, row.held, row.total) == (2, 2, 3)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(meeting=ahead, reason="Ill", actor=professionalisation_coordinator)
    [row] = school_attendance(school_a)
    assert (row.attended, row.held, row.total) == (2, 2, 2)
    assert row.completion.valid


def test_without_begun_sessions_the_section_says_so(school_a, school_a_contact):
    RegistrationFactory(session=SessionFactory(), school=school_a)
    page = lxml.html.fromstring(section(school_page(school_a_contact, school_a))).text_content()
    assert "Once your teachers' sessions have begun, their attendance and certificates appear here." in page


@pytest.mark.parametrize("rows", [1, 50])
def test_the_section_adds_one_query_whatever_the_number_of_rows(
    school_a, school_a_contact, professionalisation_coordinator, rows, django_assert_num_queries
):
    session = past_session(meetings=2)
    meetings = list(session.meetings.all())
    for _ in range(rows):
        registration = RegistrationFactory(session=session, school=school_a, participant=UserFactory())
        attend(registration, meetings, professionalisation_coordinator)
    with django_assert_num_queries(1):
        fetched = list(school_attendance(school_a))
        for row in fetched:
            assert row.completion.certificate.number and row.participant.full_name and row.session.activity.slug
    assert len(fetched) == rows
