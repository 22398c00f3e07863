"""The route finder's answer: the toggle on every route that fits, printing, and e-mailing the
answer to oneself (signed in, validated again on the server, rate-limited). The answer is cached
whole for visitors: what they get holds nothing of anyone."""

import pathlib

import pytest
from django.core import mail
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from iclon.notifications.models import Notification
from programmes.catalogue.route_finder import FinderInput, find_routes
from programmes.shortlist import services
from tests.factories import SavedRouteFactory
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

ENGLISH = {"accept-language": "en"}
QUESTION = "prior_education=wo_master&sector=po"
FINDER = reverse("programmes:finder")
EMAIL = reverse("shortlist:finder-email")
INVALID = "The route finder's question is incomplete or invalid: answer it again and e-mail the answer then."


def _fits():
    with translation.override("en"):
        return find_routes(FinderInput(prior_education="wo_master", sector="po")).fits


def test_a_signed_in_person_gets_a_toggle_on_every_route_and_can_email_the_answer(catalogue, client, applicant):
    fits = _fits()
    SavedRouteFactory(user=applicant, pathway=fits[0].pathway)
    client.force_login(applicant)
    content = client.get(f"{FINDER}?{QUESTION}", headers=ENGLISH).content.decode()
    assert content.count('data-shortlist="saved"') == 1
    assert content.count('data-shortlist="not-saved"') == len(fits) - 1
    assert f'action="{EMAIL}"' in content
    assert f'name="question" value="{escape(QUESTION)}"' in content
    assert "Print this answer" in content and "data-print hidden" in content


def test_a_visitor_gets_log_in_links_back_to_the_answer_and_no_form(catalogue, client):
    fits = _fits()
    content = client.get(f"{FINDER}?{QUESTION}", headers=ENGLISH).content.decode()
    back = f"{reverse('account_login')}?next=/routes/finder/%3F{QUESTION.replace('=', '%3D').replace('&', '%26')}"
    assert content.count(f'href="{back}"') == len(fits) + 1
    assert EMAIL not in content and reverse("shortlist:save") not in content
    assert "csrfmiddlewaretoken" not in content.split('id="main"')[1]


def test_the_answer_emailed_to_oneself_lists_its_routes(
    catalogue, client, applicant, django_capture_on_commit_callbacks
):
    applicant.language = "en"
    applicant.save()
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(EMAIL, {"question": QUESTION}, headers=ENGLISH)
    assert response.status_code == 302
    assert response["Location"] == f"{FINDER}?{QUESTION}#fits-title"
    [message] = mail.outbox
    assert message.to == [applicant.email]
    fits = _fits()
    assert all(str(answer.pathway.name) in message.body for answer in fits)
    assert f"/routes/finder/?{QUESTION}" in message.body
    page = client.get(response["Location"], headers=ENGLISH).content.decode()
    assert escape(f"We have e-mailed this answer to {applicant.email}.") in page


def test_only_the_finders_own_parameters_are_kept(catalogue, client, applicant, django_capture_on_commit_callbacks):
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(EMAIL, {"question": f"{QUESTION}&evil=%0D%0Ax"}, headers=ENGLISH)
    assert QueryDict(response["Location"].split("?")[1].split("#")[0]).dict() == {
        "prior_education": "wo_master",
        "sector": "po",
    }
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("question", "error"),
    [
        ("", "Ask the route finder your question first."),
        (
            "sector=po",
            "The route finder's question is incomplete or invalid: answer it again and e-mail the answer then.",
        ),
        (
            "prior_education=wo_master&sector=vo",
            "The route finder's question is incomplete or invalid: answer it again and e-mail the answer then.",
        ),
        ("q=" + "x" * 1000, "This question is too long to e-mail."),
    ],
)
def test_a_bad_question_is_refused_with_a_message_and_sends_nothing(catalogue, client, applicant, question, error):
    client.force_login(applicant)
    with nothing_written(Notification):
        response = client.post(EMAIL, {"question": question}, headers=ENGLISH, follow=True)
    assert escape(error) in response.content.decode()
    assert mail.outbox == []


def test_a_visitor_cannot_email_an_answer(catalogue, client):
    with nothing_written(Notification):
        response = client.post(EMAIL, {"question": QUESTION})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_too_many_emails_are_refused(catalogue, client, applicant):
    client.force_login(applicant)
    questions = [f"{QUESTION}&study_mode={mode}" for mode in ("any", "full_time", "part_time")]
    questions += [f"{QUESTION}&dutch_secondary_diploma=no", f"{QUESTION}&employed_as_teacher=yes"]
    for question in questions[: services.EMAIL_LIMIT]:
        client.post(EMAIL, {"question": question})
    assert Notification.objects.count() == services.EMAIL_LIMIT
    with nothing_written(Notification):
        response = client.post(EMAIL, {"question": QUESTION}, headers=ENGLISH, follow=True)
    assert "You have sent yourself 5 e-mails in the last hour. Please try again later." in response.content.decode()


def test_my_shortlist_is_emailed_from_its_page(client, applicant, django_capture_on_commit_callbacks):
    SavedRouteFactory(user=applicant, pathway__name_en="Teacher of biology", pathway__name_nl="Leraar biologie")
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("shortlist:email"), headers=ENGLISH, follow=True)
    assert escape(f"We have e-mailed your shortlist (1 route) to {applicant.email}.") in response.content.decode()
    [message] = mail.outbox
    assert "Leraar biologie" in message.body  # the applicant's language: Dutch


def test_the_answer_prints_without_the_menus_and_the_form():
    css = (pathlib.Path(__file__).resolve().parents[3] / "static/css/iclon.css").read_text()
    print_rules = css.split("The route finder's answer on paper")[1]
    assert ".finder-layout > :not(.finder-result)" in print_rules
    assert ".finder-share" in print_rules and ".shortlist-toggle" in print_rules
