"""Every sender gives its notifications a short text and a link (issue 16): research questions,
research coordination, the partner-school invitation, the welcome and the shortlist's e-mails.

Each test triggers the real sender through its service, reads the row the outbox wrote and renders
its text as the notification centre does: in English, and in Dutch where the msgid (the e-mail
subject's) has a translation already. The in-app text is never the e-mail: no greeting, no full
address. A link that only the e-mail may hold (a secret token) is never stored."""

import pytest
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from django_scopes import scopes_disabled

from iclon.notifications.models import Channel, Notification
from partnerships.models import SchoolRole
from partnerships.notifications import invitation_url
from partnerships.services.invitations import invitation_create
from programmes.catalogue.route_finder import FinderInput
from programmes.intake.models import ApplicationStatus
from programmes.shortlist import notifications as shortlist_notifications
from programmes.shortlist import services as shortlist_services
from research.coordination import services as coordination_services
from research.coordination.models import SupportKind, SupportStatus
from research.coordination.notifications import MESSAGES as SUPPORT_MESSAGES
from research.questions import public, services
from research.questions.models import MatchKind
from research.questions.notifications import MESSAGES, VERIFY_MESSAGE
from tests.factories import ApplicationFactory, SavedRouteFactory, UserFactory
from tests.factories.research import ResearcherFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("notifications:list")
TITLE = "How do we give feedback that pupils use?"


def centre(user, language: str) -> str:
    """The notification centre of `user`, read in `language`."""
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    return response.content.decode()


def rendered(row: Notification, language: str) -> str:
    with translation.override(language):
        return row.text


def expected(msgid: str, params: dict, language: str) -> str:
    with translation.override(language):
        return gettext(msgid) % params


def assert_not_the_email(row: Notification, page: str) -> None:
    """The in-app text is not the e-mail: no greeting, no full address."""
    email = Notification.objects.get(idempotency_key=row.idempotency_key, channel=Channel.EMAIL)
    greeting = email.body_text.strip().splitlines()[0]
    assert greeting and greeting not in page
    assert settings.PORTAL_BASE_URL not in page
    assert rendered(row, "en") not in (email.body_text, "")


def assert_in_app(user, msgid: str, params: dict, path: str) -> Notification:
    """`user`'s in-app row with `msgid`: its parameters and link, shown in English and in Dutch."""
    row = Notification.objects.get(recipient=user, channel=Channel.IN_APP, message=msgid)
    assert row.params == params
    assert row.url == path
    english, dutch = rendered(row, "en"), rendered(row, "nl")
    assert english == msgid % params
    assert dutch == expected(msgid, params, "nl")
    assert dutch != english, f"no Dutch for {msgid!r}"
    page = centre(user, "en")
    assert escape(english) in page
    assert escape(dutch) in centre(user, "nl")
    assert_not_the_email(row, page)
    # Opening it follows the relative link to the object.
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    response = client.post(reverse("notifications:read", kwargs={"pk": row.pk}))
    assert response["Location"] == path
    return row


@pytest.fixture
def profile(db):
    """A researcher's profile, linked to an account (the matched researcher)."""
    return ResearcherFactory(full_name="Dr. Anouk Smit", slug="anouk-smit", user=UserFactory(full_name="Anouk Smit"))


@pytest.fixture
def trainee(db):
    user = UserFactory(full_name="Tara Trainee", email="trainee@example.org")
    ApplicationFactory(applicant=user, status=ApplicationStatus.ADMITTED, complete=False)
    return user


def ask(actor, school):
    return services.question_submit(
        actor=actor,
        school=school,
        title=TITLE,
        context="Pupils in lower secondary hardly read the feedback on their tests.",
        sector="vo",
        intended_use="Change our assessment policy.",
        urgency="medium",
    )


def question_page(question) -> str:
    return reverse("research_questions:detail", kwargs={"pk": question.pk})


# --- research questions ----------------------------------------------------------------------------


def test_a_research_question_tells_each_step_in_a_short_text(school_a, school_a_contact, researcher, profile):
    title = {"title": TITLE}
    question = ask(school_a_contact, school_a)
    path = question_page(question)
    assert_in_app(researcher, MESSAGES["submitted"], title, path)
    assert_in_app(school_a_contact, MESSAGES["received"], title, path)

    question = services.question_review(question=question, actor=researcher, decision="clarify", reason="Which year?")
    assert_in_app(school_a_contact, MESSAGES["clarification"], title, path)
    question = services.question_clarify(question=question, actor=school_a_contact, clarification="Year 2.")
    assert_in_app(researcher, MESSAGES["clarified"], title, path)

    question = services.question_review(question=question, actor=researcher, decision="accept")
    assert_in_app(school_a_contact, MESSAGES["accepted"], title, path)

    question = services.question_match(
        question=question, actor=researcher, kind=MatchKind.RESEARCHER, researcher=profile
    )
    assert_in_app(school_a_contact, MESSAGES["matched"], title, path)
    assert_in_app(profile.user, MESSAGES["matched_researcher"], title, path)

    question = services.question_answer(
        question=question, actor=researcher, summary="Feedback works when pupils must act on it.", links=[]
    )
    assert_in_app(school_a_contact, MESSAGES["answered"], title, path)

    services.question_rate(question=question, actor=school_a_contact, rating=5, comment="Very useful.")
    assert_in_app(researcher, MESSAGES["rated"], title, path)
    assert_in_app(profile.user, MESSAGES["rated"], title, path)


def test_a_declined_question_and_a_chosen_thesis_topic_are_told_in_short(
    school_a, school_a_contact, researcher, trainee
):
    title = {"title": TITLE}
    declined = services.question_review(
        question=ask(school_a_contact, school_a), actor=researcher, decision="decline", reason="Out of scope."
    )
    assert_in_app(school_a_contact, MESSAGES["declined"], title, question_page(declined))

    Notification.objects.all().delete()
    question = services.question_review(question=ask(school_a_contact, school_a), actor=researcher, decision="accept")
    question = services.question_match(question=question, actor=researcher, kind=MatchKind.THESIS)
    services.thesis_choose(question=question, actor=trainee)
    assert_in_app(researcher, MESSAGES["thesis_chosen"], title, question_page(question))
    assert_in_app(school_a_contact, MESSAGES["thesis_chosen"], title, question_page(question))


def test_a_long_title_is_shortened_as_in_the_subject(school_a, school_a_contact, researcher):
    long_title = "Why " + "very " * 30 + "long?"
    services.question_submit(
        actor=school_a_contact,
        school=school_a,
        title=long_title,
        context="Context.",
        sector="vo",
        intended_use="Use.",
        urgency="low",
    )
    row = Notification.objects.get(recipient=researcher, channel=Channel.IN_APP)
    assert len(row.params["title"]) == 80 and row.params["title"].endswith("…")
    email = Notification.objects.get(recipient=researcher, channel=Channel.EMAIL)
    assert rendered(row, email.language) == email.subject


def test_the_public_form_confirms_by_e_mail_only_and_stores_no_secret_link(school_a, researcher):
    submission, token = public.submission_create(
        school=school_a,
        title=TITLE,
        context="Pupils hardly read the feedback.",
        sector="vo",
        intended_use="Change our policy.",
        urgency="low",
        contact_name="Ria Docent",
        contact_email="ria@school-a.example.org",
        language="en",
    )
    [row] = Notification.objects.filter(email="ria@school-a.example.org")
    assert row.channel == Channel.EMAIL
    assert row.message == VERIFY_MESSAGE and row.params == {"school": school_a.name}
    assert row.url == ""  # the confirming page's address holds the token: the e-mail only has it
    assert token not in f"{row.message}{row.params}{row.url}"
    english = f"Research question: please confirm your question for {school_a.name}"
    assert rendered(row, "en") == english == row.subject
    assert rendered(row, "nl") == expected(VERIFY_MESSAGE, row.params, "nl") != english
    assert "Dear" not in rendered(row, "en")

    question = public.submission_verify(token=token)
    # The teacher without an account hears by e-mail, with the short text and the question's page.
    receipt = Notification.objects.get(email="ria@school-a.example.org", message=MESSAGES["received"])
    assert receipt.channel == Channel.EMAIL
    assert receipt.url == question_page(question)
    assert rendered(receipt, "en") == f"Research question received: {TITLE}"
    assert rendered(receipt, "nl") == expected(MESSAGES["received"], {"title": TITLE}, "nl")
    assert_in_app(researcher, MESSAGES["submitted"], {"title": TITLE}, question_page(question))


# --- research coordination ----------------------------------------------------------------------


def test_a_support_request_tells_each_step_in_a_short_text(researcher):
    requester = UserFactory(full_name="Marieke de Boer", email="m.deboer@example.org")
    support_request = coordination_services.support_request_create(
        actor=requester, kind=SupportKind.COORDINATION, title="Activating lectures", description="Help us, please."
    )
    path = reverse("research_coordination:detail", kwargs={"pk": support_request.pk})
    title = {"title": "Activating lectures"}
    assert_in_app(researcher, SUPPORT_MESSAGES["submitted"], title, path)

    support_request = coordination_services.support_request_transition(
        support_request=support_request, actor=researcher, to=SupportStatus.IN_PROGRESS
    )
    row = Notification.objects.get(recipient=requester, channel=Channel.IN_APP, message=SUPPORT_MESSAGES["status"])
    assert row.url == path
    assert row.params == {"title": "Activating lectures", "status": {"text": "Accepted, in progress"}}
    assert rendered(row, "en") == "Research support: your request “Activating lectures” is now “Accepted, in progress”"
    with translation.override("nl"):
        dutch = gettext(SUPPORT_MESSAGES["status"]) % {
            "title": "Activating lectures",
            "status": gettext("Accepted, in progress"),
        }
    assert rendered(row, "nl") == dutch != rendered(row, "en")
    assert escape(dutch) in centre(requester, "nl")
    assert_not_the_email(row, centre(requester, "en"))

    coordination_services.support_message_post(support_request=support_request, actor=researcher, text="Which course?")
    assert_in_app(requester, SUPPORT_MESSAGES["message"], title, path)


# --- partnerships, accounts, shortlist ------------------------------------------------------------


def test_the_invitation_has_a_short_text_and_no_link_with_its_token(
    school_a, placement_coordinator, django_capture_on_commit_callbacks
):
    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        invitation, token = invitation_create(
            school=school_a,
            email="pieter.jansen@school-a.example.org",
            full_name="Pieter Jansen",
            role=SchoolRole.WORKPLACE_MENTOR,
            language="nl",
            actor=placement_coordinator,
        )
    [row] = Notification.objects.filter(email=invitation.email)
    assert row.channel == Channel.EMAIL
    assert row.params == {"school": school_a.name}
    assert row.url == ""
    assert token not in f"{row.message}{row.params}{row.url}{row.body_text}"
    [sent] = mail.outbox
    assert invitation_url(token) in sent.body  # the e-mail alone held the link
    english = f"Invitation to the ICLON portal for {school_a.name}"
    assert rendered(row, "en") == english
    assert rendered(row, "nl") == expected(row.message, row.params, "nl") == row.subject != english


def test_the_welcome_is_a_short_text_that_links_to_the_dashboard():
    user = UserFactory(full_name="Wim Welkom", email="wim@example.org")
    address = EmailAddress.objects.get(user=user, email=user.email)
    email_confirmed.send(sender=EmailAddress, request=None, email_address=address)

    assert_in_app(user, "Welcome to the ICLON portal", {}, reverse("core:dashboard"))


def test_the_shortlist_e_mails_have_a_short_text_and_their_page(applicant):
    SavedRouteFactory(user=applicant, pathway__name_en="Teacher of biology")
    shortlist_services.shortlist_email(user=applicant)
    shortlist_services.finder_answer_email(
        user=applicant,
        question=FinderInput(prior_education="wo_master", sector="po"),
        answer_path="/routes/finder/?n=1",
    )

    rows = Notification.objects.filter(recipient=applicant)
    assert {row.channel for row in rows} == {Channel.EMAIL}  # e-mail only, as before
    shortlist = rows.get(category=shortlist_notifications.SHORTLIST_EMAIL)
    answer = rows.get(category=shortlist_notifications.FINDER_ANSWER_EMAIL)
    assert (shortlist.url, answer.url) == (reverse("shortlist:list"), "/routes/finder/?n=1")
    assert rendered(shortlist, "en") == "Your shortlist of routes into teaching"
    assert rendered(answer, "en") == "Your route finder answer"
    for row in (shortlist, answer):
        assert settings.PORTAL_BASE_URL not in row.url
        assert rendered(row, "en") not in row.body_text.splitlines()[0]
