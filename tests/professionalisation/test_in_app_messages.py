"""Professional development's in-app notifications are short texts with a link to the object,
rendered when read in the reader's language (not the e-mail, nor the language it was written in).

One or more events of each sender: registrations (activities), certificates (completion),
microcredentials (credentials), Meet the Professor (outreach visits) and PAL (outreach pal). The
recipients read Dutch e-mails, so an English text shows that the message is translated when read.
The Dutch texts are the e-mails' subjects, whose translations exist."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from iclon.notifications.models import Channel, Notification
from partnerships.models import SchoolRole
from professionalisation.activities import notifications as activity_notifications
from professionalisation.completion import notifications as completion_notifications
from professionalisation.completion import services as completion_services
from professionalisation.credentials import services as credential_services
from professionalisation.outreach.notifications import pal as pal_notifications
from professionalisation.outreach.notifications import visits as visit_notifications
from tests.factories import SchoolFactory, SchoolMembershipFactory, UserFactory
from tests.factories.professionalisation import MeetingFactory, RegistrationFactory, SessionFactory
from tests.factories.professionalisation_completion import CertificateFactory
from tests.factories.professionalisation_credentials import CompletionFactory as CredentialCompletionFactory
from tests.factories.professionalisation_outreach_pal import PalHoursFactory, PalRequestFactory
from tests.factories.professionalisation_outreach_visits import ResearcherProfileFactory, VisitRequestFactory
from tests.professionalisation.helpers import register

pytestmark = pytest.mark.django_db

DAY = datetime.date(2027, 3, 4)


def person(**fields):
    """A reader of Dutch e-mails."""
    return UserFactory(language="nl", **fields)


def in_app(recipient, category=None) -> Notification:
    rows = Notification.objects.filter(recipient=recipient, channel=Channel.IN_APP)
    return (rows.filter(category=category) if category else rows).get()


def read(row: Notification, language: str) -> str:
    with translation.override(language):
        return row.text


def assert_short_text(row: Notification, *, english: str, dutch: str, url: str) -> None:
    """`row` reads `english` in English and `dutch` in Dutch, links to `url` (a path on this site)
    and is not its e-mail."""
    assert read(row, "en") == english
    assert read(row, "nl") == dutch
    assert row.url == url and row.link == url
    assert url.startswith("/")
    for language in ("en", "nl"):
        text = read(row, language)
        assert text != row.body_text
        assert "\n" not in text
        assert settings.PORTAL_BASE_URL not in text
        assert not text.startswith(("Dear", "Beste"))
    email = Notification.objects.get(idempotency_key=row.idempotency_key, channel=Channel.EMAIL)
    assert email.subject == dutch  # the e-mail is still written in the recipient's language
    assert read(row, "en") not in email.body_text


def titled(**fields):
    return {"activity__title_nl": "Formatief handelen", "activity__title_en": "Formative assessment", **fields}


# --- activities ---------------------------------------------------------------------------------


def test_a_registration_reads_in_english_and_in_dutch_with_the_activitys_title_in_each():
    participant = person()
    session = SessionFactory(**titled())

    register(session, participant)

    row = in_app(participant, activity_notifications.REGISTRATION)
    assert row.message == "You are registered: %(title)s"
    assert row.params == {"title": {"nl": "Formatief handelen", "en": "Formative assessment"}}
    assert_short_text(
        row,
        english="You are registered: Formative assessment",
        dutch="Je bent ingeschreven: Formatief handelen",
        url=reverse("activities:mine"),
    )


def test_a_meeting_reminder_writes_its_date_in_the_readers_language():
    participant = person()
    registration = RegistrationFactory(participant=participant, session=SessionFactory(meetings=0, **titled()))
    meeting = MeetingFactory(session=registration.session, date=DAY)

    activity_notifications.meeting_reminder(registration=registration, meeting=meeting)

    row = in_app(participant, activity_notifications.REMINDER)
    assert read(row, "en") == "Reminder: Formative assessment on 4 March 2027"
    assert read(row, "nl") == "Herinnering: Formatief handelen op 4 maart 2027"
    assert row.url == reverse("activities:mine")


def test_a_cancelled_meeting_reads_in_both_languages():
    participant = person()
    meeting = MeetingFactory(session=SessionFactory(meetings=0, **titled()), date=DAY)

    activity_notifications.meeting_cancelled(meeting=meeting, participant=participant)

    row = in_app(participant, activity_notifications.MEETING_CHANGE)
    assert read(row, "en") == "Cancelled: Formative assessment, meeting on 4 March 2027"
    assert read(row, "nl") == "Geannuleerd: Formatief handelen, bijeenkomst op 4 maart 2027"
    assert row.url == reverse("activities:mine")


def test_the_notification_centre_shows_the_short_text_in_the_readers_language():
    participant = person()
    register(SessionFactory(**titled()), participant)
    client = Client(headers={"accept-language": "en"})
    client.force_login(participant)

    page = client.get(reverse("notifications:list")).content.decode()

    assert "You are registered: Formative assessment" in page
    assert "Je bent ingeschreven" not in page


# --- completion ---------------------------------------------------------------------------------


def test_a_certificate_issued_reads_in_english_and_in_dutch():
    participant = person()
    certificate = CertificateFactory(
        completion__registration__participant=participant, completion__registration__session=SessionFactory(**titled())
    )
    registration = certificate.completion.registration

    completion_notifications.certificate_issued(certificate=certificate, registration=registration)

    row = in_app(participant, completion_notifications.CERTIFICATE)
    assert_short_text(
        row,
        english="Your certificate: Formative assessment",
        dutch="Je certificaat: Formatief handelen",
        url=reverse("completion:mine"),
    )


def test_a_certificate_revoked_by_staff_names_its_number_not_the_reason(professionalisation_coordinator):
    participant = person()
    certificate = CertificateFactory(completion__registration__participant=participant, number="ICLON-PD-2027-00042")

    completion_services.certificate_revoke(
        certificate=certificate, reason="Dubbel uitgereikt.", actor=professionalisation_coordinator
    )

    row = in_app(participant, completion_notifications.CHANGE)
    assert_short_text(
        row,
        english="Your certificate ICLON-PD-2027-00042 has been revoked",
        dutch="Je certificaat ICLON-PD-2027-00042 is ingetrokken",
        url=reverse("completion:mine"),
    )
    assert "Dubbel uitgereikt." not in read(row, "en")


# --- credentials --------------------------------------------------------------------------------


def test_a_microcredential_issued_reads_in_english_and_in_dutch(professionalisation_coordinator):
    participant = person()
    completion = CredentialCompletionFactory(
        registration__participant=participant,
        registration__session__activity__title_nl="Formatief handelen",
        registration__session__activity__title_en="Formative assessment",
    )

    credential = credential_services.microcredential_issue(completion=completion)

    row = in_app(participant, "professionalisation.credential")
    url = reverse("credentials:detail", kwargs={"uuid": credential.uuid})
    assert_short_text(
        row,
        english="Your microcredential: Formative assessment",
        dutch="Je microcredential: Formatief handelen",
        url=url,
    )

    credential_services.microcredential_revoke(
        credential=credential, reason="Issued in error.", actor=professionalisation_coordinator
    )

    revoked = in_app(participant, "professionalisation.credential_revoked")
    assert_short_text(
        revoked,
        english="Your microcredential has been revoked: Formative assessment",
        dutch="Je microcredential is ingetrokken: Formatief handelen",
        url=url,
    )


# --- outreach: Meet the Professor ---------------------------------------------------------------


def test_a_visit_request_received_reads_in_english_and_in_dutch():
    teacher = person()
    visit = VisitRequestFactory(school=SchoolFactory(name="De Regenboog"), requested_by=teacher)

    visit_notifications.visit_requested(visit=visit)

    row = in_app(teacher, visit_notifications.VISITS)
    assert row.params == {"school": "De Regenboog"}
    assert_short_text(
        row,
        english="Meet the Professor: your request for De Regenboog has been received",
        dutch="Meet the Professor: je aanvraag voor De Regenboog is ontvangen",
        url=reverse("outreach:visit-detail", kwargs={"pk": visit.pk}),
    )


def test_a_confirmed_visit_reads_for_the_school_and_the_researcher():
    teacher = person()
    researcher = ResearcherProfileFactory(user__language="nl")
    visit = VisitRequestFactory(school=SchoolFactory(name="De Regenboog"), requested_by=teacher, researcher=researcher)

    visit_notifications.visit_confirmed(visit=visit)

    path = reverse("outreach:visit-detail", kwargs={"pk": visit.pk})
    for reader in (teacher, researcher.user):
        assert_short_text(
            in_app(reader, visit_notifications.VISITS),
            english="Meet the Professor: the visit to De Regenboog is confirmed",
            dutch="Meet the Professor: het bezoek aan De Regenboog is bevestigd",
            url=path,
        )


# --- outreach: PAL ------------------------------------------------------------------------------


def test_a_pal_request_received_reads_for_the_schools_people():
    school = SchoolFactory(name="De Regenboog")
    contact = SchoolMembershipFactory(school=school, role=SchoolRole.SCHOOL_CONTACT, user__language="nl").user
    request = PalRequestFactory(school=school)

    pal_notifications.request_received(request=request)

    assert_short_text(
        in_app(contact, pal_notifications.PAL_SCHOOL),
        english="PAL request received: De Regenboog",
        dutch="PAL-aanvraag ontvangen: De Regenboog",
        url=reverse("outreach:pal-school"),
    )


def test_pal_hours_confirmed_read_for_the_student_with_their_week():
    hours = PalHoursFactory(assignment__student__user__language="nl", week=7)

    pal_notifications.hours_confirmed(hours=hours)

    row = in_app(hours.assignment.student.user, pal_notifications.PAL_STUDENT)
    assert row.params == {"week": "7"}
    assert_short_text(
        row,
        english="PAL hours of week 7 confirmed",
        dutch="PAL-uren van week 7 bevestigd",
        url=reverse("outreach:pal-mine"),
    )
