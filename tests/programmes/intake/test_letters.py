"""Decision letters: rendered in the applicant's language, as HTML and PDF, for the applicant
(through the one tenancy rule) and for staff in the admin; only once the application is decided."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from programmes.intake.letters import decision_letter_pdf, render_decision_letter
from programmes.models import AdmissionCondition, ApplicationStatus
from tests.factories import (
    AdmissionConditionFactory,
    ApplicationFactory,
    ApplicationTransitionFactory,
    DeficiencyCourseFactory,
    ExemptionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

S = ApplicationStatus
DECIDED_ON = datetime.datetime(2026, 5, 12, 10, 0, tzinfo=datetime.UTC)


def decided(status=S.ADMITTED, language="nl", **fields):
    applicant = UserFactory(language=language)
    return ApplicationFactory(
        applicant=applicant,
        status=status,
        decided_at=DECIDED_ON,
        decision_explanation=fields.pop("decision_explanation", "Je vooropleiding sluit goed aan."),
        first_name="Sanne",
        last_name="de Vries",
        complete=False,
        **fields,
    )


def test_letter_is_in_dutch_for_a_dutch_applicant():
    application = decided(language="nl")

    html = render_decision_letter(application)

    assert '<html lang="nl">' in html
    assert application.pathway.name_nl in html
    assert application.pathway.name_en not in html
    assert "12 mei 2026" in html
    assert "Sanne de Vries" in html
    assert application.reference in html
    assert "Je vooropleiding sluit goed aan." in html
    assert "ICLON" in html and "Kolffpad 1" in html


def test_letter_is_in_english_for_an_english_applicant():
    application = decided(language="en")

    html = render_decision_letter(application)

    assert '<html lang="en">' in html
    assert application.pathway.name_en in html
    assert "12 May 2026" in html
    assert "Decision: you are admitted." in html


def test_rejection_letter_says_so_with_the_explanation():
    application = decided(S.REJECTED, language="en", decision_explanation="No related master's degree.")

    html = render_decision_letter(application)

    assert "we cannot admit you" in html
    assert "No related master&#x27;s degree." in html


def test_conditional_admission_lists_the_conditions_with_their_deficiency_courses():
    application = decided(S.ADMITTED_WITH_CONDITIONS, language="en")
    course = DeficiencyCourseFactory(subject=application.subject, name_en="Calculus for teachers", ec=5)
    AdmissionConditionFactory(
        application=application,
        kind=AdmissionCondition.Kind.DEFICIENCY_COURSE,
        deficiency_course=course,
        due_on=datetime.date(2026, 8, 1),
    )
    AdmissionConditionFactory(application=application, kind=AdmissionCondition.Kind.DUTCH_PROFICIENCY)

    html = render_decision_letter(application)

    assert "under the conditions below" in html
    assert "Calculus for teachers (Bèta4all, 5 EC)" in html
    assert "1 August 2026" in html
    assert "Dutch proficiency" in html


def test_exemptions_are_in_the_admission_letter():
    application = decided(S.ADMITTED, language="en")
    exemption = ExemptionFactory(application=application, ec=5, reason="Prior teaching course.")

    html = render_decision_letter(application)

    assert exemption.module.name_en in html
    assert "Prior teaching course." in html


def test_an_enrolled_applicants_letter_names_the_admission_before_it():
    application = decided(S.ENROLLED, language="en")
    ApplicationTransitionFactory(application=application, from_status=S.IN_REVIEW, to_status=S.ADMITTED_WITH_CONDITIONS)

    html = render_decision_letter(application)

    assert "under the conditions below" in html


def test_pdf_is_a_pdf():
    application = decided(S.ADMITTED_WITH_CONDITIONS, language="nl")
    AdmissionConditionFactory(application=application)

    pdf = decision_letter_pdf(application)

    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 1000


# --- The applicant's pages ---------------------------------------------------------------------


def assert_no_letter(response, application):
    """A refused letter: a 404 page, neither the letter nor its PDF."""
    assert response.status_code == 404
    assert not response.content.startswith(b"%PDF")
    content = response.content.decode()
    assert application.reference not in content
    assert escape(application.full_name) not in content


def letter_urls(application):
    return (
        reverse("intake:application-letter", args=[application.pk]),
        reverse("intake:application-letter-pdf", args=[application.pk]),
    )


def test_applicant_reads_their_letter_as_html_and_pdf(client):
    application = decided(language="en")
    client.force_login(application.applicant)
    html_url, pdf_url = letter_urls(application)

    page = client.get(html_url)
    pdf = client.get(pdf_url)

    assert page.status_code == 200
    assert "Decision: you are admitted." in page.content.decode()
    assert pdf_url in page.content.decode()
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_the_letter_page_passes_the_content_security_policy(client):
    application = decided(language="en")
    client.force_login(application.applicant)

    page = client.get(letter_urls(application)[0])

    nonce = re.search(r"style-src [^;]*'nonce-([^']+)'", page["Content-Security-Policy"]).group(1)
    assert f'<style nonce="{nonce}">' in page.content.decode()
    assert " style=" not in page.content.decode()


def test_another_applicant_gets_404_on_the_letter(client):
    application = decided()
    client.force_login(UserFactory())

    for url in letter_urls(application):
        assert_no_letter(client.get(url), application)


def test_undecided_application_has_no_letter(client):
    application = ApplicationFactory(status=S.IN_REVIEW, complete=False)
    client.force_login(application.applicant)

    for url in letter_urls(application):
        assert_no_letter(client.get(url), application)


def test_withdrawn_application_has_no_letter(client):
    application = ApplicationFactory(status=S.WITHDRAWN, withdrawn_at=timezone.now(), complete=False)
    client.force_login(application.applicant)

    for url in letter_urls(application):
        assert_no_letter(client.get(url), application)


def test_anonymous_visitor_is_sent_to_log_in(client):
    application = decided()

    response = client.get(letter_urls(application)[0])

    assert response.status_code == 302
    assert "login" in response["Location"]


# --- Staff in the admin ----------------------------------------------------------------------


def test_staff_open_the_letter_from_a_decided_application(intake_officer):
    client = Client(headers={"accept-language": "en"})
    application = decided(language="nl")
    client.force_login(intake_officer)

    page = client.get(reverse("admin:programmes_application_change", args=[application.pk])).content.decode()
    html = client.get(reverse("admin:programmes_application_letter", args=[application.pk]))
    pdf = client.get(reverse("admin:programmes_application_letter_pdf", args=[application.pk]))

    assert "Letter (HTML)" in page and "Letter (PDF)" in page
    assert html.status_code == 200
    assert '<html lang="nl">' in html.content.decode()  # the applicant's language, not the staff's
    assert pdf.content.startswith(b"%PDF")


def test_no_letter_buttons_before_the_decision(intake_officer):
    client = Client(headers={"accept-language": "en"})
    application = ApplicationFactory(status=S.IN_REVIEW, complete=False)
    client.force_login(intake_officer)

    page = client.get(reverse("admin:programmes_application_change", args=[application.pk])).content.decode()

    assert "iclon-letter-link" not in page
    assert client.get(reverse("admin:programmes_application_letter", args=[application.pk])).status_code == 404


def test_staff_without_the_view_permission_cannot_open_letters(researcher):
    client = Client()
    application = decided()
    client.force_login(researcher)

    refused = client.get(reverse("admin:programmes_application_letter", args=[application.pk]))
    assert refused.status_code == 403
    assert escape(application.full_name) not in refused.content.decode()
    assert_no_letter(client.get(reverse("intake:application-letter", args=[application.pk])), application)
