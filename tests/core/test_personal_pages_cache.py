"""Personal pages answered again from the cache (iclon/core/personalpages.py): a hit runs no query,
is only ever the same browser session's, and any change of a row, a bulk change that retires the
user, a changed session, a password change, a log-out or a deactivation is seen on the next page."""

from unittest import mock

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpRequest
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iclon.core import personalpages
from iclon.core.pagecache import retire_public_pages
from iclon.core.privacy import anonymise_rows
from iclon.notifications.models import Channel
from iclon.notifications.services import notification_mark_read
from programmes.models import Application, ApplicationStatus, PlacementStatus
from tests.factories import ApplicationFactory, PathwayFactory, PlacementFactory
from tests.factories.notifications import NotificationFactory

pytestmark = pytest.mark.django_db

DASHBOARD = "/dashboard/"
ENGLISH = {"accept-language": "en"}


@pytest.fixture(autouse=True)
def personal_pages(settings):
    settings.PERSONAL_PAGE_CACHE_SECONDS = 60


def _kept(client, url, **headers):
    """Ask twice: the first page sets the browser's CSRF cookie, the second is kept."""
    client.get(url, headers=ENGLISH | headers)
    response = client.get(url, headers=ENGLISH | headers)
    assert response.status_code == 200
    return response


def _hit(client, url, django_assert_num_queries, **headers):
    with django_assert_num_queries(0):
        response = client.get(url, headers=ENGLISH | headers)
    assert response.status_code == 200
    return response


def _rendered(client, url, **headers):
    response = client.get(url, headers=ENGLISH | headers)
    assert response.context is not None, "the page was rendered, not answered from the cache"
    return response


def test_a_kept_dashboard_is_answered_again_without_a_query(client, applicant, django_assert_num_queries):
    ApplicationFactory(applicant=applicant, status=ApplicationStatus.SUBMITTED, pathway__name_en="Biology")
    client.force_login(applicant)
    kept = _kept(client, DASHBOARD)
    hit = _hit(client, DASHBOARD, django_assert_num_queries)
    assert hit.content == kept.content
    assert "Biology" in hit.content.decode()
    assert hit.context is None
    # The stored headers come back (the policy, the language, private caching), and the CSRF
    # cookie is renewed as the stack renews it for a page with a form.
    for name in ("Content-Security-Policy", "Content-Language", "Cache-Control", "X-Frame-Options"):
        assert hit[name] == kept[name]
    assert hit.cookies["csrftoken"].value == client.cookies["csrftoken"].value


def test_a_new_row_is_seen_on_the_next_page(client, applicant):
    ApplicationFactory(applicant=applicant, status=ApplicationStatus.SUBMITTED, pathway__name_en="Biology")
    client.force_login(applicant)
    _kept(client, DASHBOARD)
    ApplicationFactory(applicant=applicant, status=ApplicationStatus.SUBMITTED, pathway__name_en="Chemistry")
    assert "Chemistry" in _rendered(client, DASHBOARD).content.decode()


def test_a_change_of_a_shown_row_elsewhere_is_seen(client, applicant):
    application = ApplicationFactory(
        applicant=applicant, status=ApplicationStatus.SUBMITTED, pathway__name_en="Biology"
    )
    client.force_login(applicant)
    _kept(client, reverse("intake:application-list"))
    pathway = application.pathway
    pathway.name_en = "Biology (part-time)"
    pathway.save()
    assert "Biology (part-time)" in _rendered(client, reverse("intake:application-list")).content.decode()


def test_a_bulk_change_that_retires_the_user_is_seen(client, applicant, django_assert_num_queries):
    NotificationFactory(recipient=applicant, channel=Channel.IN_APP)
    client.force_login(applicant)
    assert 'class="nav-count"' in _kept(client, DASHBOARD).content.decode()
    _hit(client, DASHBOARD, django_assert_num_queries)
    notification_mark_read(user=applicant)  # an update() without signals: it retires the user
    assert 'class="nav-count"' not in _rendered(client, DASHBOARD).content.decode()


def test_retire_personal_pages_retires_every_page(client, applicant):
    client.force_login(applicant)
    _kept(client, DASHBOARD)
    personalpages.retire_personal_pages()
    _rendered(client, DASHBOARD)


def test_another_session_of_the_same_user_gets_its_own_page(client, applicant):
    client.force_login(applicant)
    _kept(client, DASHBOARD)
    other = Client()
    other.force_login(applicant)
    other.cookies["csrftoken"] = client.cookies["csrftoken"].value  # even with the same CSRF cookie
    _rendered(other, DASHBOARD)


def test_another_user_never_gets_the_page(client, applicant, outsider):
    client.force_login(applicant)
    _kept(client, DASHBOARD)
    other = Client()
    other.force_login(outsider)
    other.cookies["csrftoken"] = client.cookies["csrftoken"].value
    content = _rendered(other, DASHBOARD).content.decode()
    assert outsider.email in content and applicant.email not in content


def test_a_logged_out_session_is_not_answered(client, applicant):
    client.force_login(applicant)
    _kept(client, DASHBOARD)
    session_cookie = client.cookies["sessionid"].value
    client.logout()
    client.cookies["sessionid"] = session_cookie  # a copy of the old cookie, kept by an attacker
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_password_change_ends_the_other_sessions(client, applicant):
    client.force_login(applicant)
    _kept(client, DASHBOARD)
    applicant.set_password("a-new-and-long-password")
    applicant.save()
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_deactivated_account_is_not_answered(client, applicant):
    client.force_login(applicant)
    _kept(client, DASHBOARD)
    applicant.is_active = False
    applicant.save()
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_changed_session_is_a_new_page(client, applicant):
    client.force_login(applicant)
    _kept(client, DASHBOARD)
    session = client.session
    session["finder"] = {"subject": "biologie"}
    session.save()
    _rendered(client, DASHBOARD)


def test_a_waiting_message_is_shown_and_not_kept(client, applicant):
    client.force_login(applicant)
    _kept(client, DASHBOARD)
    storage = CookieStorage(HttpRequest())
    client.cookies["messages"] = storage._encode([Message(constants.SUCCESS, "Your answer was sent.")])
    assert "Your answer was sent." in _rendered(client, DASHBOARD).content.decode()
    assert "Your answer was sent." not in client.get(DASHBOARD, headers=ENGLISH).content.decode()


def test_a_browser_without_a_csrf_cookie_gets_a_rendered_page_and_its_cookie(client, applicant):
    client.force_login(applicant)
    _kept(client, DASHBOARD)
    del client.cookies["csrftoken"]
    response = _rendered(client, DASHBOARD)
    assert response.cookies["csrftoken"].value
    # That first page with a new secret is not kept: the next one (with the cookie) is rendered too.
    _rendered(client, DASHBOARD)


def test_the_forms_of_a_hit_carry_a_token_the_browser_can_post_with(applicant, django_assert_num_queries):
    client = Client(enforce_csrf_checks=True)
    client.force_login(applicant)
    _kept(client, DASHBOARD)
    content = _hit(client, DASHBOARD, django_assert_num_queries).content.decode()
    token = content.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = client.post(reverse("account_logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert client.get(DASHBOARD).status_code == 302, "logged out"


def test_htmx_requests_and_other_languages_are_rendered(client, applicant):
    client.force_login(applicant)
    _kept(client, DASHBOARD)
    _rendered(client, DASHBOARD, **{"HX-Request": "true"})
    dutch = client.get(DASHBOARD, headers={"accept-language": "nl"})
    assert dutch.context is not None and 'lang="nl"' in dutch.content.decode()


def test_nothing_is_kept_while_redis_is_away(client, applicant):
    client.force_login(applicant)
    with mock.patch.object(personalpages, "is_degraded", return_value=True):
        _kept(client, DASHBOARD)
        _rendered(client, DASHBOARD)


def test_a_page_that_did_not_opt_in_is_always_rendered(client, applicant):
    client.force_login(applicant)
    url = reverse("notifications:list")
    _kept(client, url)
    _rendered(client, url)


def test_a_school_contacts_placements_follow_a_new_placement(
    client, school_a, school_a_contact, django_assert_num_queries
):
    PlacementFactory(offer__school=school_a, status=PlacementStatus.PROPOSED)
    client.force_login(school_a_contact)
    url = reverse("placements:school-dashboard")
    _kept(client, url)
    _hit(client, url, django_assert_num_queries)
    PlacementFactory(offer__school=school_a, status=PlacementStatus.PROPOSED)
    assert len(_rendered(client, url).context["awaiting"]) == 2


def test_the_staff_applications_list_is_kept_and_follows_a_new_application(
    client, intake_officer, django_assert_num_queries
):
    ApplicationFactory(status=ApplicationStatus.SUBMITTED)
    client.force_login(intake_officer)
    url = "/api/v1/applications/"
    kept = _kept(client, url, accept="application/json")
    assert kept.json()["count"] == 1
    hit = _hit(client, url, django_assert_num_queries, accept="application/json")
    assert hit.json() == kept.json()
    ApplicationFactory(status=ApplicationStatus.SUBMITTED)
    assert client.get(url, headers={"accept": "application/json"}).json()["count"] == 2


def test_the_api_keeps_only_the_list_and_never_a_token_request(client, intake_officer, applicant):
    application = ApplicationFactory(applicant=applicant, status=ApplicationStatus.SUBMITTED)
    client.force_login(intake_officer)
    detail = f"/api/v1/applications/{application.pk}/"
    _kept(client, detail, accept="application/json")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(detail, headers={"accept": "application/json"}).status_code == 200
    assert len(queries) > 0, "a detail is always read"
    _kept(client, "/api/v1/applications/", accept="application/json")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/applications/", headers={"authorization": "Token not-a-token"})
    assert response.status_code == 401 and len(queries) > 0, "a script's token goes through the stack"


def test_a_change_of_the_public_pages_retires_personal_pages(client, applicant):
    PathwayFactory()
    client.force_login(applicant)
    _kept(client, DASHBOARD)
    retire_public_pages()  # what a bulk change of the catalogue calls
    _rendered(client, DASHBOARD)


def test_an_anonymisation_in_bulk_retires_the_pages(client, applicant):
    application = ApplicationFactory(
        applicant=applicant, status=ApplicationStatus.SUBMITTED, motivation="Ik wil lesgeven"
    )
    client.force_login(applicant)
    _kept(client, DASHBOARD)
    anonymise_rows(Application.objects.filter(pk=application.pk), {"motivation": ""})  # an update()
    _rendered(client, DASHBOARD)
