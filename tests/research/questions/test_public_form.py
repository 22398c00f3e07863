"""A research question from a teacher without an account: the public form (the school typed and
resolved, the honeypot, bad input, the limits per address), the e-mail whose link verifies the
address (a GET shows, only a POST makes the question, once; a wrong or expired link is refused),
the question that results (research staff told, the school's people see it), and the purge of old
submissions."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from iclon.notifications.models import Notification
from research.questions import public
from research.questions.models import QuestionSubmission, ResearchQuestion
from research.questions.tasks import question_submissions_purge_task
from tests.factories import SchoolFactory
from tests.factories.research_questions import QuestionSubmissionFactory
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

ASK = reverse("research_questions:ask")
SENT = reverse("research_questions:ask-sent")
SCHOOLS = reverse("research_questions:ask-schools")
TEACHER = "juf.jansen@school.example.org"


def client_for(user=None):
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client


def form(school, **overrides):
    return {
        "contact_name": "Juf Jansen",
        "contact_email": TEACHER,
        "school_text": school.code,
        "title": "Does a reading routine work?",
        "context": "Ten minutes of reading in every lesson.",
        "subject": "",
        "sector": "vo",
        "intended_use": "Decide on it.",
        "urgency": "high",
        **overrides,
    }


def link_from_mail() -> str:
    mail = Notification.objects.filter(email=TEACHER, channel="email").latest("pk")
    return re.search(r"/research/questions/ask/verify/[^/\s]+/", mail.body_text).group(0)


def test_the_teacher_asks_confirms_and_the_school_sees_it(school_a, school_a_contact, researcher):
    response = client_for().post(ASK, form(school_a))
    assert response.status_code == 302 and response["Location"] == SENT
    assert not ResearchQuestion.objects.exists()
    submission = QuestionSubmission.objects.get()
    assert (submission.school, submission.contact_email, submission.verified_at) == (school_a, TEACHER, None)

    link = link_from_mail()
    # Opening the link (a mail scanner does) verifies nothing.
    page = client_for().get(link)
    assert page.status_code == 200 and "Confirm my question" in page.content.decode()
    assert not ResearchQuestion.objects.exists()

    confirmed = client_for().post(link)
    assert confirmed.status_code == 200 and "Thank you" in confirmed.content.decode()
    question = ResearchQuestion.objects.get()
    assert (question.school, question.submitted_by, question.contact_email) == (school_a, None, TEACHER)
    assert Notification.objects.filter(email=researcher.email, subject__contains="Nieuwe onderzoeksvraag").exists()
    assert Notification.objects.filter(email=TEACHER, subject__contains="received").exists()
    # The school's people see it among their questions.
    assert question.title in client_for(school_a_contact).get(reverse("research_questions:list")).content.decode()

    # The link works once.
    with nothing_written(ResearchQuestion):
        again = client_for().post(link)
    assert again.status_code == 410


def test_a_wrong_or_expired_link_is_refused():
    assert client_for().get(reverse("research_questions:verify", args=["nonsense"])).status_code == 404
    QuestionSubmissionFactory(token="old", expires_at=timezone.now() - datetime.timedelta(minutes=1))
    with nothing_written(ResearchQuestion):
        response = client_for().post(reverse("research_questions:verify", args=["old"]))
    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_the_honeypot_stores_nothing(school_a):
    with nothing_written(QuestionSubmission, Notification):
        response = client_for().post(ASK, form(school_a, website="http://spam.example.com"))
    assert response.status_code == 302 and response["Location"] == SENT


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"school_text": "Nowhere College"}, "We do not know this school."),
        ({"school_text": ""}, "Name your school."),
        ({"contact_email": "not-an-address"}, "Enter a valid email address."),
        ({"title": ""}, "Give your question."),
        ({"sector": "university"}, "Select a valid choice."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(overrides, message, school_a):
    with nothing_written(QuestionSubmission, Notification):
        response = client_for().post(ASK, form(school_a, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_school_is_found_by_name_and_town(school_a):
    submission, _token = public.submission_create(
        school=public.school_resolve(f"{school_a.name}, {school_a.city}"),
        title="T",
        context="C",
        sector="vo",
        intended_use="U",
        urgency="low",
        contact_name="Juf",
        contact_email=TEACHER,
    )
    assert submission.school == school_a


def test_the_suggestions_list_schools(db):
    SchoolFactory(name="Bonaventuracollege", city="Leiden")
    html = client_for().get(SCHOOLS, {"school_text": "Bonav"}).content.decode()
    assert "Bonaventuracollege, Leiden" in html
    assert client_for().get(SCHOOLS, {"school_text": "Bo"}).content.decode().strip() == ""


def test_too_many_submissions_for_one_address_are_refused(school_a):
    for _ in range(public.PER_EMAIL_A_DAY):
        assert client_for().post(ASK, form(school_a)).status_code == 302
    with nothing_written(QuestionSubmission):
        response = client_for().post(ASK, form(school_a))
    assert response.status_code == 429
    assert "try again tomorrow" in response.content.decode()


def test_old_submissions_are_purged(school_a):
    now = timezone.now()
    expired = QuestionSubmissionFactory(expires_at=now - public.PURGE_EXPIRED_AFTER - datetime.timedelta(days=1))
    waiting = QuestionSubmissionFactory()
    verified_long_ago = QuestionSubmissionFactory(
        verified_at=now - public.PURGE_VERIFIED_AFTER - datetime.timedelta(days=1)
    )
    assert question_submissions_purge_task() == 2
    assert list(QuestionSubmission.objects.values_list("pk", flat=True)) == [waiting.pk]
    assert not QuestionSubmission.objects.filter(pk__in=[expired.pk, verified_long_ago.pk]).exists()
