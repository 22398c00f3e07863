"""The accessibility statement (/accessibility/, iclon.core.views.accessibility): public in Dutch and
English, after the Dutch government's model (status, testing, limitations, contact, enforcement),
linked from every page's footer."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/accessibility/"


def _html(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(("language", "date"), [("en", "6 December 2026"), ("nl", "6 december 2026")])
def test_the_statement_is_public_in_both_languages(client, language, date):
    with translation.override(language):
        assert reverse("core:accessibility") == URL
    response = client.get(URL, headers={"Accept-Language": language})
    assert response.status_code == 200
    html = _html(response)
    assert f'<html lang="{language}"' in html
    assert len(re.findall(r"<h1[ >]", html)) == 1
    # What the model statement requires, the same in both languages.
    assert "WCAG" in html and "2.1" in html and "axe-core" in html
    assert 'href="mailto:info@iclon.leidenuniv.nl"' in html
    assert 'href="tel:+31715274015">071 527 40 15</a>' in html
    assert "Kolffpad 1, 2333 BN Leiden" in html
    assert 'href="https://www.nationaleombudsman.nl/"' in html
    assert date in html  # drawn up on, in the reader's language


def test_the_english_statement_gives_status_testing_limitations_and_response_time(client):
    html = _html(client.get(URL, headers={"Accept-Language": "en"}))
    assert re.search(r"<h1[^>]*>Accessibility statement</h1>", html)
    assert "partially complies with the Web Content Accessibility Guidelines (WCAG) 2.1 at level AA" in html
    assert "Manual keyboard checks" in html
    assert "not tagged PDF documents" in html
    assert "within five working days" in html
    for anchor in ("status", "testing", "limitations", "feedback", "enforcement", "about"):
        assert f'href="#{anchor}"' in html and f'id="{anchor}"' in html


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_footer_links_the_statement(client, signed_in):
    if signed_in:
        client.force_login(UserFactory())
    html = _html(client.get(reverse("core:home"), headers={"Accept-Language": "en"}))
    footer = html.split('<footer class="site-footer">', 1)[1]
    assert f'<a href="{URL}">Accessibility statement</a>' in footer
