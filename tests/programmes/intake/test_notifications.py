"""What intake tells people: the applicant at every move, the employing school of a lateral
entrant (and no other school), intake officers on assignment and answers; each event once."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from iclon.celery import app as celery_app
from iclon.notifications.models import Channel, Notification
from programmes.intake import notifications
from programmes.intake.services import applications as intake
from programmes.models import AdmissionCondition, ApplicationStatus, AptitudeAssessment
from tests.factories import (
    AdmissionConditionFactory,
    ApplicationFactory,
    AptitudeAssessmentFactory,
    PathwayFactory,
    SchoolMembershipFactory,
    StartMomentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

S = ApplicationStatus
# A start in January: the month's name shows the language the message was rendered in.
STARTS_ON = datetime.date(2031, 1, 15)


@pytest.fixture(autouse=True)
def eager_tasks():
    before = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = before


def rows(category, recipient):
    return {row.channel: row for row in Notification.objects.filter(category=category, recipient=recipient)}


def make(status=S.DRAFT, *, language="nl", pathway=None, **kwargs):
    applicant = UserFactory(language=language, full_name="Ayla Applicant")
    start = StartMomentFactory(pathway=pathway or PathwayFactory(start=False), starts_on=STARTS_ON)
    return ApplicationFactory(
        applicant=applicant,
        status=status,
        pathway=start.pathway,
        start_moment=start,
        first_name="Ayla",
        last_name="Applicant",
        **kwargs,
    )


def prepare(application, target):
    """What a move needs beyond its source status (an assessment, a condition)."""
    if target == S.APTITUDE_ASSESSMENT or application.pathway.requires_aptitude_assessment:
        AptitudeAssessmentFactory(application=application, outcome=AptitudeAssessment.Outcome.SUITABLE)
    if target == S.ADMITTED_WITH_CONDITIONS:
        AdmissionConditionFactory(
            application=application,
            kind=AdmissionCondition.Kind.OTHER,
            description="Haal de cursus rekenvaardigheid",
            due_on=datetime.date(2031, 6, 1),
        )


MOVES = [
    # (from, to, needs an aptitude route, the words of the English subject)
    (S.DRAFT, S.SUBMITTED, False, "We have received your application"),
    (S.SUBMITTED, S.IN_REVIEW, False, "is being reviewed"),
    (S.IN_REVIEW, S.APTITUDE_ASSESSMENT, True, "aptitude assessment"),
    (S.IN_REVIEW, S.ADMITTED, False, "You have been admitted"),
    (S.IN_REVIEW, S.ADMITTED_WITH_CONDITIONS, False, "admitted with conditions"),
    (S.IN_REVIEW, S.REJECTED, False, "Decision on your application"),
    (S.ADMITTED, S.ENROLLED, False, "You are enrolled"),
    (S.IN_REVIEW, S.WITHDRAWN, False, "has been withdrawn"),
]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(("source", "target", "aptitude", "subject"), MOVES)
def test_every_move_notifies_the_applicant_in_their_language(
    source, target, aptitude, subject, language, intake_officer
):
    pathway = PathwayFactory(start=False, requires_aptitude_assessment=aptitude)
    application = make(source, language=language, pathway=pathway)
    if target != S.APTITUDE_ASSESSMENT:
        prepare(application, target)
    actor = application.applicant if target == S.SUBMITTED else intake_officer
    intake.application_transition(application=application, to_status=target, actor=actor, reason="Een reden.")

    transition = application.transitions.get(to_status=target)
    found = rows(notifications.APPLICATION, application.applicant)
    assert set(found) == {Channel.EMAIL, Channel.IN_APP}
    email = found[Channel.EMAIL]
    assert email.idempotency_key == f"programmes.application:{transition.pk}"
    assert email.language == language
    assert email.url == f"/applications/{application.pk}/"
    assert f"/applications/{application.pk}/" in email.body_text
    assert application.reference in email.subject
    # The route's name in the recipient's language (the catalogue keeps both).
    assert getattr(application.pathway, f"name_{language}") in email.body_text
    if language == "en":
        assert subject in email.subject


def test_a_decision_carries_the_explanation_the_conditions_and_the_links(intake_officer):
    application = make(S.IN_REVIEW, language="en")
    prepare(application, S.ADMITTED_WITH_CONDITIONS)
    intake.application_transition(
        application=application,
        to_status=S.ADMITTED_WITH_CONDITIONS,
        actor=intake_officer,
        reason="Your master fits; arithmetic still needs work.",
    )
    email = rows(notifications.APPLICATION, application.applicant)[Channel.EMAIL]
    assert "Your master fits; arithmetic still needs work." in email.body_text
    assert "Haal de cursus rekenvaardigheid" in email.body_text
    assert "1 June 2031" in email.body_text
    # Plain text is not HTML-escaped; the HTML is.
    assert "&#x27;" not in email.body_text
    assert "Your master fits; arithmetic still needs work." in email.body_html
    assert f"/applications/{application.pk}/" in email.body_html


def test_a_move_without_a_decision_shows_no_explanation(intake_officer):
    application = make(S.SUBMITTED, language="en")
    intake.application_transition(
        application=application, to_status=S.IN_REVIEW, actor=intake_officer, reason="Internal remark"
    )
    email = rows(notifications.APPLICATION, application.applicant)[Channel.EMAIL]
    assert "Internal remark" not in email.body_text


def test_an_anonymised_application_notifies_nobody(intake_officer):
    application = make(S.SUBMITTED)
    application.applicant = None
    application.save(update_fields=["applicant"])
    intake.application_transition(application=application, to_status=S.IN_REVIEW, actor=intake_officer)
    assert not Notification.objects.filter(category=notifications.APPLICATION).exists()


# Lateral entry: the employing school -----------------------------------------------------------


@pytest.fixture
def lateral(school_a, school_a_contact, school_b_contact, school_a_mentor):
    pathway = PathwayFactory(start=False, requires_teaching_job=True)
    application = make(
        S.DRAFT,
        pathway=pathway,
        employed_as_teacher=True,
        employing_school=school_a,
        motivation="Mijn geheime motivatie: ik wil leraar worden omdat ik van lesgeven houd.",
        complete=True,
    )
    from programmes.models import DocumentKind
    from tests.factories import ApplicationDocumentFactory

    ApplicationDocumentFactory(application=application, kind=DocumentKind.EMPLOYMENT_CONTRACT)
    return application


def test_submitting_as_a_lateral_entrant_tells_the_employing_schools_contact_only(
    lateral, school_a_contact, school_b_contact, school_a_mentor
):
    intake.application_submit(application=lateral, actor=lateral.applicant)

    found = rows(notifications.LATERAL_ENTRY, school_a_contact)
    assert set(found) == {Channel.EMAIL, Channel.IN_APP}
    email = found[Channel.EMAIL]
    assert "Ayla Applicant" in email.body_text
    assert lateral.pathway.name_nl in email.body_text
    assert "januari" in email.body_text
    # Only what the school needs.
    assert "Mijn geheime motivatie" not in email.body_text + email.body_html
    assert "diploma" not in email.body_text.lower()
    assert not Notification.objects.filter(recipient=school_b_contact).exists()
    assert not Notification.objects.filter(recipient=school_a_mentor).exists()


def test_the_school_hears_the_decision_and_enrolment_but_not_the_steps_between(
    lateral, school_a_contact, intake_officer
):
    intake.application_submit(application=lateral, actor=lateral.applicant)
    intake.application_transition(application=lateral, to_status=S.IN_REVIEW, actor=intake_officer)
    intake.application_transition(
        application=lateral, to_status=S.REJECTED, actor=intake_officer, reason="Vertrouwelijke uitleg"
    )
    emails = Notification.objects.filter(
        category=notifications.LATERAL_ENTRY, recipient=school_a_contact, channel=Channel.EMAIL
    ).order_by("pk")
    assert len(emails) == 2  # submitted, rejected; not in review
    assert "Vertrouwelijke uitleg" not in emails[1].body_text + emails[1].body_html


def test_a_school_contact_whose_membership_ended_is_not_told(lateral, school_a_contact, no_scope):
    from partnerships.models import SchoolMembership

    SchoolMembership.objects.filter(user=school_a_contact).update(
        active_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    intake.application_submit(application=lateral, actor=lateral.applicant)
    assert not Notification.objects.filter(recipient=school_a_contact).exists()


def test_an_applicant_without_an_employing_school_tells_no_school(school_a_contact):
    application = make(S.DRAFT)
    intake.application_submit(application=application, actor=application.applicant)
    assert not Notification.objects.filter(category=notifications.LATERAL_ENTRY).exists()


def test_the_school_contact_is_told_in_their_own_language(lateral, school_a, intake_officer):
    english_contact = SchoolMembershipFactory(school=school_a, user__language="en").user
    intake.application_submit(application=lateral, actor=lateral.applicant)
    email = rows(notifications.LATERAL_ENTRY, english_contact)[Channel.EMAIL]
    assert email.language == "en"
    assert "has applied for" in email.body_text
    assert "January" in email.body_text


# Staff: assignment and answers ---------------------------------------------------------------------


def test_assigning_tells_the_officer_with_a_link_to_the_admin(intake_officer, administrator):
    application = make(S.SUBMITTED)
    intake.application_assign(application=application, assignee=intake_officer, actor=administrator)
    found = rows(notifications.ASSIGNMENT, intake_officer)
    assert set(found) == {Channel.EMAIL, Channel.IN_APP}
    assert found[Channel.EMAIL].url.endswith(f"/programmes/application/{application.pk}/change/")
    assert application.reference in found[Channel.EMAIL].subject


def test_assigning_oneself_sends_nothing(intake_officer):
    application = make(S.SUBMITTED)
    intake.application_assign(application=application, assignee=intake_officer, actor=intake_officer)
    assert not Notification.objects.filter(category=notifications.ASSIGNMENT).exists()


def test_a_request_for_information_tells_the_applicant_and_cannot_be_switched_off(intake_officer):
    from iclon.notifications.models import NotificationPreference

    application = make(S.IN_REVIEW, language="en")
    NotificationPreference.objects.create(
        user=application.applicant, category=notifications.INFORMATION_REQUEST, email=False, in_app=False
    )
    request = intake.information_request_create(
        application=application, question="Please send your grades list.", actor=intake_officer
    )
    found = rows(notifications.INFORMATION_REQUEST, application.applicant)
    assert set(found) == {Channel.EMAIL, Channel.IN_APP}
    assert found[Channel.EMAIL].idempotency_key == f"programmes.information_request:{request.pk}"
    assert "Please send your grades list." in found[Channel.EMAIL].body_text


def test_an_answer_tells_the_assigned_officer(intake_officer, administrator):
    application = make(S.IN_REVIEW)
    intake.application_assign(application=application, assignee=intake_officer, actor=administrator)
    request = intake.information_request_create(application=application, question="Cijferlijst?", actor=administrator)
    intake.information_request_answer(request=request, answer="Zie bijlage.", actor=application.applicant)
    found = rows(notifications.INFORMATION_ANSWERED, intake_officer)
    assert set(found) == {Channel.EMAIL, Channel.IN_APP}
    assert "Zie bijlage." in found[Channel.EMAIL].body_text


def test_an_answer_without_an_assigned_officer_tells_nobody(intake_officer):
    application = make(S.IN_REVIEW)
    request = intake.information_request_create(application=application, question="Cijferlijst?", actor=intake_officer)
    intake.information_request_answer(request=request, answer="Zie bijlage.", actor=application.applicant)
    assert not Notification.objects.filter(category=notifications.INFORMATION_ANSWERED).exists()


# Once per event ------------------------------------------------------------------------------------


def test_the_same_move_notified_twice_sends_one_email(intake_officer, django_capture_on_commit_callbacks):
    application = make(S.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        intake.application_transition(application=application, to_status=S.IN_REVIEW, actor=intake_officer)
    transition = application.transitions.get()
    with django_capture_on_commit_callbacks(execute=True):
        # A retry of the same event (e.g. a redelivered task calling this again).
        notifications.application_status_changed(application=application, transition=transition)
    assert Notification.objects.filter(recipient=application.applicant).count() == 2  # e-mail + in-app
    assert [message.to for message in mail.outbox] == [[application.applicant.email]]


def test_each_move_is_its_own_event(intake_officer):
    application = make(S.SUBMITTED)
    intake.application_transition(application=application, to_status=S.IN_REVIEW, actor=intake_officer)
    intake.application_transition(application=application, to_status=S.WITHDRAWN, actor=intake_officer)
    keys = set(
        Notification.objects.filter(recipient=application.applicant, channel=Channel.EMAIL).values_list(
            "idempotency_key", flat=True
        )
    )
    assert len(keys) == 2
