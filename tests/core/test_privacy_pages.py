"""The privacy statement and the cookie statement: public in Dutch and English, linked from every
page's footer and from the sign-up form, naming every cookie the portal sets (by the settings'
names) and the retention periods the code applies."""

import datetime
import re

import pytest
from allauth.mfa import app_settings as mfa_settings
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from iclon.core.views import portal_cookies
from professionalisation.activities.services.invitations import INVITATION_DAYS
from professionalisation.outreach.services import visit_public
from tests.factories import UserFactory

PAGES = ["core:privacy", "core:cookies"]


def _html(response) -> str:
    return response.content.decode()


def _cookie_names_from_settings() -> set[str]:
    """Every cookie the portal can set, from the settings that name them."""
    names = {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    # The default message storage (FallbackStorage) keeps messages in a cookie first.
    if "fallback" in settings.MESSAGE_STORAGE or "cookie" in settings.MESSAGE_STORAGE:
        names.add(CookieStorage.cookie_name)
    if mfa_settings.TRUST_ENABLED:
        names.add(mfa_settings.TRUST_COOKIE_NAME)
    return names


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize(("language", "heading"), [("en", "Privacy statement|Cookie statement"), ("nl", None)])
def test_both_pages_open_anonymously_in_each_language(client, name, language, heading):
    with translation.override(language):
        url = reverse(name)
    response = client.get(url, headers={"Accept-Language": language})
    assert response.status_code == 200
    html = _html(response)
    assert f'<html lang="{language}"' in html
    assert len(re.findall(r"<h1[ >]", html)) == 1
    if heading:
        assert re.search(f"<h1[^>]*>({heading})</h1>", html)


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_both_pages_open_for_a_signed_in_user(client, name):
    user = UserFactory()
    client.force_login(user)
    response = client.get(reverse(name), headers={"Accept-Language": "en"})
    assert response.status_code == 200
    html = _html(response)
    assert re.search(r"<h1[^>]*>(Privacy statement|Cookie statement)</h1>", html)
    assert user.email in html  # the signed-in header, not the anonymous one


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True])
def test_the_footer_links_both_pages(client, signed_in):
    if signed_in:
        client.force_login(UserFactory())
    footer = _html(client.get(reverse("core:home"))).split('<footer class="site-footer">', 1)[1]
    assert f'href="{reverse("core:privacy")}"' in footer
    assert f'href="{reverse("core:cookies")}"' in footer


@pytest.mark.django_db
def test_the_signup_form_links_both_pages_inside_the_form(client):
    with translation.override("en"):
        response = client.get(reverse("account_signup"), headers={"Accept-Language": "en"})
    assert response.status_code == 200
    form = _html(response).split('<form class="form"', 1)[1].split("</form>", 1)[0]
    assert "By creating an account you agree" in form
    assert f'href="{reverse("core:privacy")}"' in form
    assert f'href="{reverse("core:cookies")}"' in form


@pytest.mark.django_db
def test_every_cookie_the_portal_sets_is_named_on_the_cookie_page(client):
    html = _html(client.get(reverse("core:cookies")))
    names = _cookie_names_from_settings()
    assert {"sessionid", "csrftoken", "django_language", "messages"} <= names
    for name in names:
        assert f"<code>{name}</code>" in html, name


@pytest.mark.django_db
@override_settings(
    SESSION_COOKIE_NAME="iclon_session",
    CSRF_COOKIE_NAME="iclon_csrf",
    LANGUAGE_COOKIE_NAME="iclon_language",
    LANGUAGE_COOKIE_AGE=30 * 86400,
)
def test_the_cookie_page_follows_the_settings(client):
    html = _html(client.get(reverse("core:cookies"), headers={"Accept-Language": "en"}))
    for name in ("iclon_session", "iclon_csrf", "iclon_language"):
        assert f"<code>{name}</code>" in html
    assert "<code>sessionid</code>" not in html
    assert "30 days" in html  # the language cookie's lifetime, from LANGUAGE_COOKIE_AGE


def test_the_cookies_a_real_visit_sets_are_all_listed(client, db):
    """Not only the settings: log in, switch the language, see a message; every cookie the
    responses set is on the list."""
    user = UserFactory()
    client.force_login(user)
    set_names = set(client.cookies.keys())
    client.get(reverse("core:home"))
    set_names |= set(client.cookies.keys())
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    set_names |= set(client.cookies.keys())
    listed = {cookie.name for cookie in portal_cookies()}
    assert set_names >= {settings.SESSION_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    assert set_names <= listed


def test_each_cookie_has_a_purpose_and_a_lifetime():
    with translation.override("en"):
        cookies = portal_cookies()
    by_name = {cookie.name: cookie for cookie in cookies}
    assert len(by_name) == len(cookies)
    assert all(cookie.purpose and cookie.lifetime for cookie in cookies)
    assert by_name[settings.SESSION_COOKIE_NAME].lifetime.startswith(f"{settings.SESSION_COOKIE_AGE // 86400} days")
    assert by_name[settings.CSRF_COOKIE_NAME].lifetime == f"{settings.CSRF_COOKIE_AGE // 86400} days"
    assert by_name[settings.LANGUAGE_COOKIE_NAME].lifetime == "until you close the browser"


@pytest.mark.django_db
def test_the_privacy_statement_names_the_retention_the_code_applies(client):
    html = _html(client.get(reverse("core:privacy"), headers={"Accept-Language": "en"}))
    assert f"anonymised {settings.APPLICATION_RETENTION_DAYS} days after the decision" in html
    assert f"after {settings.INVITATION_EXPIRY_DAYS} days" in html
    assert f"at the latest after {INVITATION_DAYS} days" in html
    assert datetime.timedelta(days=3) == visit_public.SUBMISSION_VALID
    assert f"the link works for {visit_public.SUBMISSION_VALID.days} days" in html
    assert f"deleted {visit_public.PURGE_EXPIRED_AFTER.days} days after the link expired" in html
    assert f"deleted {visit_public.PURGE_VERIFIED_AFTER.days} days after it was sent" in html


@pytest.mark.django_db
def test_the_privacy_statement_covers_each_kind_of_user_and_the_rights(client):
    html = _html(client.get(reverse("core:privacy"), headers={"Accept-Language": "en"}))
    for heading in (
        "Applicants for a teacher-education programme",
        "Trainees (students in teacher education)",
        "People at partner schools",
        "Teachers in professional development",
        "Researchers",
        "PAL student-assistants",
        "Teachers who request a Meet the Professor visit",
    ):
        assert f"<h3>{heading}</h3>" in html
    assert "article 6(1)(e)" in html and "article 6(1)(c)" in html and "article 6(1)(b)" in html
    assert f'href="{reverse("accounts:data")}"' in html  # access: "Your data"
    assert f'href="{reverse("accounts:erasure")}"' in html  # erasure
    assert f'href="{reverse("accounts:profile")}"' in html  # rectification
    assert "mailto:privacy@iclon.leidenuniv.nl" in html
    assert f'href="{reverse("core:cookies")}"' in html
