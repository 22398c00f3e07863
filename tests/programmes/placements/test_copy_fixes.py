"""Copy fixes of issue 16 that code can hold: the decision letter signs once as ICLON, a sector
with its abbreviation is not bracketed twice, and a question label is not followed by "?:" in the
error summary."""

import re

import pytest
from django import forms
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from programmes.intake.letters import render_decision_letter
from programmes.models import ApplicationStatus
from tests.factories import ApplicationFactory, PathwayFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_decision_letter_signs_as_iclon_once(language):
    application = ApplicationFactory(
        applicant=UserFactory(language=language),
        status=ApplicationStatus.ADMITTED,
        decision_explanation="Je vooropleiding sluit goed aan.",
        complete=False,
    )

    html = render_decision_letter(application)

    signature = re.search(r'<div class="signature">(.*?)</div>', html, re.S).group(1)
    assert signature.count("ICLON") == 1
    assert "ICLON – ICLON" not in html


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_route_page_does_not_bracket_the_sector_twice(language):
    pathway = PathwayFactory()
    client = Client(headers={"accept-language": language})

    page = client.get(reverse("programmes:pathway-detail", kwargs={"slug": pathway.slug})).content.decode()

    with translation.override(language):
        sector = str(pathway.get_sector_display())
    assert sector in page
    assert f"({sector})" not in page
    assert "(vo))" not in page.lower()


class QuestionForm(forms.Form):
    teaching = forms.CharField(label="Do you work as a teacher?")
    town = forms.CharField(label="Town")


def test_a_question_label_is_not_followed_by_a_colon_in_the_error_summary():
    form = QuestionForm(data={})
    form.is_valid()

    with translation.override("en"):
        html = render_to_string("includes/form_errors.html", {"form": form})

    assert "?:" not in html
    assert "Do you work as a teacher? This field is required." in html
    assert "Town: This field is required." in html
