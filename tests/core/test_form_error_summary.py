"""After an invalid submit: the page's title starts with "Error:" ("Fout:" in Dutch), an error
summary above the form links every problem to its field, the summary's script is loaded (it moves
focus to the summary), and the messages say what to do rather than "This field is required."."""

import datetime
import hashlib

import lxml.html
import pytest
from django.contrib.staticfiles import finders
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from professionalisation.outreach.models.visits import VisitSubmission
from programmes.models import Application, ApplicationStatus
from research.questions.models import QuestionSubmission
from tests.factories import ApplicationFactory, InformationRequestFactory
from tests.factories.professionalisation_outreach_visits import VisitSubmissionFactory
from tests.factories.research_questions import QuestionSubmissionFactory
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

SCRIPT = "js/error-summary.js"


def client_for(user, language="en"):
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


def summary_of(response):
    """(title, [(link target, text)], script sources) of a page."""
    document = lxml.html.fromstring(response.content.decode())
    summary = document.xpath('//div[contains(@class, "error-summary")]')
    links = [(a.get("href"), " ".join(a.text_content().split())) for a in summary[0].xpath(".//a")] if summary else []
    return document.findtext(".//title"), links, document.xpath("//script/@src")


def test_an_invalid_step_of_the_application_says_error_in_the_title_and_links_each_field(applicant):
    draft = ApplicationFactory(applicant=applicant, first_name="", last_name="")
    url = reverse("intake:application-step", kwargs={"pk": draft.pk, "step": "personal"})

    response = client_for(applicant).post(url, {"first_name": "", "last_name": "", "postcode": "2311 EZ"})

    title, links, scripts = summary_of(response)
    assert title.startswith("Error: ")
    assert ("#id_first_name", "First name: Enter your first name.") in links
    assert ("#id_last_name", "Last name: Enter your last name.") in links
    assert ("#id_date_of_birth", "Date of birth: Enter your date of birth.") in links
    # Every link leads to a field that is on the page.
    document = lxml.html.fromstring(response.content.decode())
    assert all(document.get_element_by_id(href[1:]) is not None for href, _text in links)
    assert any(src.endswith(SCRIPT) for src in scripts)
    assert "This field is required." not in response.content.decode()


def test_the_same_page_without_errors_has_no_prefix_and_no_script(applicant):
    draft = ApplicationFactory(applicant=applicant)
    url = reverse("intake:application-step", kwargs={"pk": draft.pk, "step": "personal"})

    title, links, scripts = summary_of(client_for(applicant).get(url))

    assert not title.startswith("Error")
    assert links == []
    assert not any(src.endswith(SCRIPT) for src in scripts)


def test_the_title_prefix_is_dutch_on_a_dutch_page(applicant):
    draft = ApplicationFactory(applicant=applicant)
    url = reverse("intake:application-step", kwargs={"pk": draft.pk, "step": "motivation"})

    title, links, _scripts = summary_of(client_for(applicant, "nl").post(url, {"motivation": ""}))

    assert title.startswith("Fout: ") and "ICLON-portaal" in title
    assert [href for href, _text in links] == ["#id_motivation"]


def test_an_empty_answer_to_a_request_for_information_asks_for_the_answer(applicant):
    request = InformationRequestFactory(
        application=ApplicationFactory(applicant=applicant, status=ApplicationStatus.IN_REVIEW)
    )
    url = reverse("intake:request-answer", kwargs={"pk": request.application.pk, "request_pk": request.pk})

    response = client_for(applicant).post(url, {f"request-{request.pk}-answer": ""})

    title, links, scripts = summary_of(response)
    assert response.status_code == 400
    assert title.startswith("Error: ")
    assert links == [(f"#id_request-{request.pk}-answer", "Your answer: Write your answer to ICLON's question.")]
    assert any(src.endswith(SCRIPT) for src in scripts)


def test_an_empty_visit_request_names_what_is_missing(school_a_contact, school_a):
    from professionalisation.models import VisitRequest

    with nothing_written(VisitRequest):
        response = client_for(school_a_contact).post(reverse("outreach:visit-request"), {"school": school_a.pk})

    title, links, _scripts = summary_of(response)
    assert title.startswith("Error: ")
    texts = dict(links)
    assert texts["#id_contact_name"] == "Contact person: Enter the name of the person we can contact about the visit."
    assert texts["#id_pupils"] == "Number of pupils: Enter how many pupils will come."
    assert texts["#id_date_1"] == "Preferred date: Enter at least one date that suits the group."


def test_a_label_that_is_a_question_gets_no_colon(applicant):
    draft = ApplicationFactory(applicant=applicant)
    url = reverse("intake:application-step", kwargs={"pk": draft.pk, "step": "employment"})

    response = client_for(applicant).post(url, {})

    _title, links, _scripts = summary_of(response)
    assert (
        "#id_employed_as_teacher",
        "Do you work as a teacher at a school? Choose whether you work as a teacher at a school.",
    ) in links
    assert Application.objects.get(pk=draft.pk).employed_as_teacher == draft.employed_as_teacher


def test_a_form_that_was_not_validated_is_not_asked_for_its_errors():
    """The tag never runs a bound form's validation itself (a ServiceModelForm's clean() calls a
    service): only forms validated by the view count."""
    from django import forms

    class Probe(forms.Form):
        name = forms.CharField()

        def clean(self):
            raise AssertionError("validated by the template tag")

    template = Template("{% load form_errors %}[{% error_title_prefix %}]")
    assert template.render(Context({"form": Probe(data={})})) == "[]"
    validated = Probe(data={"name": ""})
    validated.full_clean = lambda: None  # as if validated: the errors are set below
    validated._errors = forms.utils.ErrorDict({"name": ["Enter a name."]})
    assert template.render(Context({"form": validated})) == f"[{gettext('Error:')} ]"
    assert template.render(Context({"items": [{"form": validated}]})) == f"[{gettext('Error:')} ]"


def test_the_script_is_a_static_file():
    path = finders.find(SCRIPT)
    assert path is not None
    with open(path, encoding="utf-8") as script:
        source = script.read()
    assert ".error-summary" in source and "focus()" in source


@pytest.mark.parametrize(
    "url_name, valid_token",
    [("outreach:visit-verify", "visit"), ("research_questions:verify", "question")],
)
def test_a_verify_link_that_does_not_work_says_error_in_the_title_and_takes_focus(db, school_a, url_name, valid_token):
    """The pages behind the e-mail links of Meet the Professor and the schools' research questions:
    a link that does not work (unknown, expired) is the page's error, announced like a form's."""
    expired = timezone.now() - datetime.timedelta(minutes=1)
    if valid_token == "visit":
        VisitSubmissionFactory(school=school_a, token_hash=hashlib.sha256(b"old").hexdigest(), expires_at=expired)
        written = VisitSubmission
    else:
        QuestionSubmissionFactory(school=school_a, token="old", expires_at=expired)
        written = QuestionSubmission
    client = Client(headers={"accept-language": "en"})
    for token in ("nonsense", "old"):
        for method in (client.get, client.post):
            with nothing_written(written):
                response = method(reverse(url_name, args=[token]))
            assert response.status_code in (404, 410)
            title, _links, scripts = summary_of(response)
            assert title.startswith("Error: ")
            summary = lxml.html.fromstring(response.content.decode()).xpath('//div[contains(@class, "error-summary")]')
            assert summary[0].get("tabindex") == "-1" and summary[0].get("role") == "alert"
            assert summary[0].text_content().strip()
            assert any(src.endswith(SCRIPT) for src in scripts)

    title, _links, scripts = summary_of(
        Client(headers={"accept-language": "nl"}).get(reverse(url_name, args=["nonsense"]))
    )
    assert title.startswith("Fout: ")
