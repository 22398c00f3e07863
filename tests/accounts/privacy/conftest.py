"""A person with data in every app, each value of theirs distinctive, for the export and the
erasure tests; and the documents' storage in a temporary folder."""

from dataclasses import dataclass

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.functional import empty
from django_scopes import scopes_disabled

from iclon.notifications.models import Channel
from programmes.intake import models as intake_models
from programmes.intake.models import ApplicationStatus
from programmes.placements.models import PlacementStatus
from tests.factories import (
    ApiTokenFactory,
    ApplicationDocumentFactory,
    ApplicationFactory,
    CalendarFeedFactory,
    EvaluationFactory,
    InformationRequestFactory,
    NotificationFactory,
    NotificationPreferenceFactory,
    PlacementFactory,
    PlacementWishFactory,
    RegistrationFactory,
    RegistrationInvitationFactory,
    StaffUserFactory,
    UserFactory,
    with_totp,
)
from tests.factories.partnerships import SchoolInvitationFactory, SchoolMembershipFactory
from tests.factories.professionalisation_circles import CircleMembershipFactory
from tests.factories.professionalisation_completion import CertificateFactory, CompletionFactory
from tests.factories.professionalisation_outreach_pal import PalHoursFactory
from tests.factories.professionalisation_outreach_visits import (
    ResearcherProfileFactory,
    ResearcherUnavailabilityFactory,
    VisitEvaluationFactory,
    VisitRequestFactory,
    VisitSubmissionFactory,
)
from tests.factories.research import ResearcherFactory
from tests.factories.research_coordination import SupportRequestMessageFactory
from tests.factories.research_questions import QuestionSubmissionFactory, ResearchQuestionFactory

NAME = "Quirinus Zwavelpoort"
FIRST, LAST = "Quirinus", "Zwavelpoort"
EMAIL = "quirinus.zwavelpoort@example.org"
SECOND_EMAIL = "q.zwavel@example.net"
PHONE = "06 9137 4826"
MOTIVATION = "Ik droom van lessen over de vulkanen van IJsland in groep acht."
WISH = "Graag een school bij het station van Hillegom vanwege mijn mantelzorg."
STRENGTHS = "Quirinus legt breuken uit met een zelfgebouwde knikkerbaan."
ANSWER = "Mijn cijferlijst van de Vrije Universiteit volgt morgen per post."
DOCUMENT = b"%PDF-1.4 diploma van Quirinus Zwavelpoort, afgestudeerd in sterrenkunde\n%%EOF"
BODY = "Beste Quirinus Zwavelpoort, je aanmelding is ontvangen."
TOKEN_NAME = "zwavelpoort-script"
CANCEL = "Ik ben die week op vulkaanexcursie."
PHOTO = b"GIF89a zwavelpoort-portret"
HOURS_NOTE = "Bijles gegeven aan de tweeling van buurman Kloosterhuis."
VISIT_TEXT = "Quirinus vond de vragen van groep zeven over zwarte gaten prachtig."
SUPPORT_TEXT = "Subsidieaanvraag over vulkaanpracticum bij de opleiding aardwetenschappen."
SUPPORT_MESSAGE = "Quirinus stuurt de begroting voor het vulkaanpracticum na."


@pytest.fixture
def private_storage(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
        "applications": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "documents"), "base_url": None},
        },
    }
    intake_models._application_storage._wrapped = empty  # resolve the storage again
    yield tmp_path
    intake_models._application_storage._wrapped = empty


@dataclass
class Person:
    user: object
    application: object
    document: object
    token: object
    placement: object


@pytest.fixture
def person(db, private_storage):
    """One person with data in every app: account, second e-mail address, TOTP, API token,
    preferences, notifications with e-mail bodies (theirs and one to staff naming them), an
    application with a document, a request for information answered, a placement with a wish and
    an evaluation, a registration that was cancelled, a completion with a certificate, an
    invitation, a calendar feed; and history rows for all the historical ones."""
    with scopes_disabled():
        user = UserFactory(email=EMAIL, full_name=NAME, language="en")
        user.emailaddress_set.create(email=SECOND_EMAIL, verified=False, primary=False)
        with_totp(user)
        token = ApiTokenFactory(user=user, name=TOKEN_NAME)
        NotificationPreferenceFactory(user=user)
        NotificationFactory(recipient=user, subject=f"Welkom {NAME}", body_text=BODY, body_html=f"<p>{BODY}</p>")
        NotificationFactory(recipient=user, channel=Channel.IN_APP, subject="Nieuwe vraag", body_text=BODY)
        staff = StaffUserFactory(group="Intake officers")
        # Staff changed the person's account in the admin: the log line names them.
        LogEntry.objects.log_actions(user_id=staff.pk, queryset=[user], action_flag=CHANGE, change_message="[]")
        NotificationFactory(
            recipient=staff, subject=f"Nieuwe aanmelding van {NAME}", body_text=f"{NAME} ({EMAIL}) meldde zich aan."
        )
        application = ApplicationFactory(
            applicant=user,
            first_name=FIRST,
            last_name=LAST,
            phone=PHONE,
            motivation=MOTIVATION,
            status=ApplicationStatus.ADMITTED,
        )
        application.motivation = MOTIVATION + " "  # a second history row
        application.save()
        document = ApplicationDocumentFactory(
            application=application,
            original_name="diploma-zwavelpoort.pdf",
            file=ContentFile(DOCUMENT, name="diploma-zwavelpoort.pdf"),
            size=len(DOCUMENT),
            uploaded_by=user,
        )
        InformationRequestFactory(application=application, answer=ANSWER)
        placement = PlacementFactory(trainee=application, status=PlacementStatus.CONFIRMED)
        PlacementWishFactory(trainee=application, notes=WISH)
        EvaluationFactory(
            placement=placement, strengths=STRENGTHS, submitted_at=timezone.now(), released_at=timezone.now()
        )
        RegistrationFactory(participant=user, cancel_reason=CANCEL)
        CertificateFactory(completion=CompletionFactory(registration__participant=user))
        RegistrationInvitationFactory(participant=user, name=NAME, email=EMAIL)
        CalendarFeedFactory(participant=user)
        # Partnerships, research and outreach: a school membership and an invitation to the
        # person's address, a researcher's profile with a photo, PAL hours, Meet the Professor.
        SchoolMembershipFactory(user=user)
        SchoolInvitationFactory(email=EMAIL, full_name=NAME)
        ResearcherFactory(
            user=user,
            full_name=NAME,
            slug="quirinus-zwavelpoort",
            orcid="0000-0002-9137-4826",
            photo=ContentFile(PHOTO, name="zwavelpoort.gif"),
        )
        PalHoursFactory(assignment__student__user=user, note=HOURS_NOTE)
        CircleMembershipFactory(person=user)
        profile = ResearcherProfileFactory(user=user, topics="Zwavelpoorts vulkaanonderzoek")
        ResearcherUnavailabilityFactory(researcher=profile, note="Sabbatical bij de familie Zwavelpoort")
        visit = VisitRequestFactory(contact_name=NAME, contact_email=EMAIL, requested_by=user)
        VisitEvaluationFactory(request=visit, author=user, text=VISIT_TEXT)
        VisitSubmissionFactory(contact_name=NAME, contact_email=EMAIL)
        # Research questions: one the person asked for their school (as its contact), one through
        # the public form, not yet verified.
        ResearchQuestionFactory(submitted_by=user, contact_name=NAME, contact_email=EMAIL)
        QuestionSubmissionFactory(contact_name=NAME, contact_email=EMAIL)
        # Higher-education research coordination: a support request with a message in its thread.
        SupportRequestMessageFactory(
            request__requester=user, request__description=SUPPORT_TEXT, author=user, text=SUPPORT_MESSAGE
        )
    return Person(user=user, application=application, document=document, token=token, placement=placement)


#: The person's values that no table nor file may hold after erasure.
DISTINCTIVE = [
    NAME, FIRST, LAST, EMAIL, SECOND_EMAIL, PHONE, MOTIVATION, WISH, STRENGTHS, ANSWER, TOKEN_NAME, CANCEL,
    HOURS_NOTE, VISIT_TEXT, "0000-0002-9137-4826", PHOTO.decode(), SUPPORT_TEXT, SUPPORT_MESSAGE,
]  # fmt: skip
