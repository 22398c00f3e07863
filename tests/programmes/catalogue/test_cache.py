"""The cache of the routes pages: anonymous visitors get the catalogue, pathway and subject pages
without a query; staff changes show at once; languages, dates and query strings never mix; signed-in
users bypass it; every response keeps its own CSP nonce and CSRF token."""

import datetime
import io
import re

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from programmes.catalogue import cache as page_cache
from programmes.models import DeficiencyCourse, Pathway, SchoolSubject, StartMoment
from research.models import TeachingLearningPrinciple

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _blocks_only(settings):
    """These tests are about the block cache (page_render): the whole-page cache in front of it
    (iclon/core/pagecache.py) is off, or it would answer for it. The tests of whole pages turn it
    on again (`whole_pages`)."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def whole_pages(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 3600


CATALOGUE = reverse("programmes:catalogue")
PATHWAY = reverse("programmes:pathway-detail", args=["master-leraar-vho-voltijd"])
SUBJECTS = reverse("programmes:subject-list")
BIOLOGY = reverse("programmes:subject-detail", args=["biologie"])
CACHED_URLS = [
    CATALOGUE,
    f"{CATALOGUE}?subject=biologie&mode=full_time",
    f"{CATALOGUE}?q=master&page=1",
    PATHWAY,
    SUBJECTS,
    BIOLOGY,
]


def get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return response


def query_count(client, url, **extra) -> int:
    with CaptureQueriesContext(connection) as queries:
        get(client, url, **extra)
    return len(queries)


def card_slugs(html: str) -> list[str]:
    return re.findall(r'id="compare-([\w-]+)"', html)


@pytest.mark.parametrize("url", CACHED_URLS)
def test_a_cache_hit_runs_no_query(client, catalogue, django_assert_num_queries, url):
    first = get(client, url).content.decode()
    with django_assert_num_queries(0):
        second = get(client, url).content.decode()
    # The same page, apart from the per-response nonce and token.
    strip = re.compile(r'(nonce|value)="[^"]*"')
    assert strip.sub("", first) == strip.sub("", second)


def test_a_hit_holds_nothing_of_one_response_and_the_csp_stays_strict(catalogue, whole_pages):
    """The whole page is shared (iclon/core/pagecache.py): no nonce, no CSRF token in it, and a
    policy without 'unsafe-inline'; the language switch works without a token."""
    client = Client(enforce_csrf_checks=True)
    responses = [get(client, CATALOGUE) for _ in range(2)]
    assert responses[0].content == responses[1].content
    for response in responses:
        header = response["Content-Security-Policy"]
        assert "unsafe-inline" not in header and "nonce-" not in header
        assert "script-src 'self'" in header
        html = response.content.decode()
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert len(scripts) == 2  # htmx and iclon.js, from static files
        assert all("src=" in script and "nonce" not in script for script in scripts)
        assert "csrfmiddlewaretoken" not in html
        assert not response.cookies
    response = client.post(reverse("set_language"), {"language": "en", "next": CATALOGUE})
    assert response.status_code == 302
    assert '<html lang="en"' in get(client, CATALOGUE).content.decode()


def test_a_staff_change_in_the_admin_shows_on_the_next_anonymous_request(catalogue, client, programme_coordinator):
    assert "empo" in card_slugs(get(client, CATALOGUE).content.decode())
    get(client, reverse("programmes:pathway-detail", args=["empo"]))
    staff = Client()
    staff.force_login(programme_coordinator)
    pathway = Pathway.objects.get(slug="empo")
    response = staff.post(
        reverse("admin:programmes_pathway_changelist"), {"action": "unpublish", "_selected_action": [pathway.pk]}
    )
    assert response.status_code == 302

    assert "empo" not in card_slugs(get(client, CATALOGUE).content.decode())
    assert client.get(reverse("programmes:pathway-detail", args=["empo"])).status_code == 404


def test_a_staff_edit_in_the_admin_change_form_shows_on_the_subject_page(catalogue, client, programme_coordinator):
    course = DeficiencyCourse.objects.filter(subject__slug="biologie").first()
    assert course.name in get(client, BIOLOGY).content.decode()
    staff = Client()
    staff.force_login(programme_coordinator)
    change_url = reverse("admin:programmes_deficiencycourse_change", args=[course.pk])
    data = {
        "slug": course.slug,
        "name_nl": "Nieuwe cursus celbiologie",
        "name_en": course.name_en,
        "provider": course.provider,
        "subject": course.subject_id,
        "ec": course.ec,
        "is_online": "on",
        "is_free": "on",
        "url": course.url,
    }
    response = staff.post(change_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    assert "Nieuwe cursus celbiologie" in get(client, BIOLOGY).content.decode()


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda: StartMoment.objects.filter(pathway__slug="master-leraar-vho-voltijd").first().delete(),
            id="delete",
        ),
        pytest.param(
            lambda: Pathway.objects.get(slug="master-leraar-vho-voltijd").subjects.clear(),
            id="many-to-many",
        ),
        pytest.param(
            lambda: TeachingLearningPrinciple.objects.first().save(),
            id="teaching-learning-principle",
        ),
        pytest.param(
            lambda: SchoolSubject.objects.get(slug="biologie").save(),
            id="save",
        ),
    ],
)
def test_every_kind_of_catalogue_change_retires_the_cached_pages(catalogue, client, change):
    get(client, PATHWAY)
    assert query_count(client, PATHWAY) == 0
    change()
    assert query_count(client, PATHWAY) > 0


def test_seed_scale_retires_the_cached_catalogue(catalogue, client):
    get(client, CATALOGUE)
    count = Pathway.objects.published().count() + 3
    call_command("seed_scale", pathways=3, stdout=io.StringIO())
    html = get(client, CATALOGUE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    with translation.override("en"):
        assert ngettext("%(counter)s route", "%(counter)s routes", count) % {"counter": count} in html


def test_the_version_is_bumped_again_at_commit(catalogue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        SchoolSubject.objects.get(slug="biologie").save()
    assert page_cache.bump_catalogue_version in callbacks


def test_languages_do_not_mix(catalogue, client):
    pathway = Pathway.objects.get(slug="master-leraar-vho-voltijd")
    for _ in range(2):  # the second round is served from the cache
        nl = get(client, PATHWAY, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
        en = get(client, PATHWAY, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert f"<h1>{escape(pathway.name_nl)}</h1>" in nl and '<html lang="nl"' in nl
        assert f"<h1>{escape(pathway.name_en)}</h1>" in en and '<html lang="en"' in en
        with translation.override("en"):
            assert gettext("Start moments") in en
        with translation.override("nl"):
            assert gettext("Start moments") in nl
    assert pathway.name_nl != pathway.name_en


def test_query_strings_are_separate_keys(catalogue, client):
    biology = card_slugs(get(client, f"{CATALOGUE}?subject=biologie").content.decode())
    masters = card_slugs(get(client, f"{CATALOGUE}?q=master").content.decode())
    everything = card_slugs(get(client, CATALOGUE).content.decode())
    assert biology != masters and len(everything) > len(biology)
    assert card_slugs(get(client, f"{CATALOGUE}?subject=biologie").content.decode()) == biology
    assert card_slugs(get(client, f"{CATALOGUE}?q=master").content.decode()) == masters
    # The same filters in another order, with empty or unknown parameters, are the same page.
    get(client, f"{CATALOGUE}?subject=biologie&q=master")
    assert query_count(client, f"{CATALOGUE}?q=master&subject=biologie") == 0
    assert query_count(client, f"{CATALOGUE}?q=&subject=biologie&mode=&utm_source=newsletter") == 0


def test_signed_in_users_are_neither_served_from_nor_written_to_the_cache(catalogue, client, programme_coordinator):
    Pathway.objects.filter(slug="empo").update(is_published=False)
    page_cache.bump_catalogue_version()
    empo = reverse("programmes:pathway-detail", args=["empo"])
    get(client, CATALOGUE)  # an anonymous visitor fills the cache
    staff = Client()
    staff.force_login(programme_coordinator)
    assert query_count(staff, CATALOGUE) > 0
    html = get(staff, empo).content.decode()
    assert "preview-banner" in html  # staff preview the unpublished pathway
    assert escape(programme_coordinator.full_name) in get(staff, SUBJECTS).content.decode()
    # The signed-in requests left nothing behind for visitors.
    assert client.get(empo).status_code == 404
    assert query_count(client, SUBJECTS) > 0


def test_the_date_is_part_of_the_key(catalogue, client):
    start = StartMoment.objects.filter(pathway__slug="master-leraar-vho-voltijd").order_by("starts_on").first()
    deadline = start.application_deadline
    amsterdam_noon = datetime.datetime.combine(deadline, datetime.time(12), tzinfo=datetime.UTC)
    with translation.override("en"):
        open_text = gettext("Applications open")
    with time_machine.travel(amsterdam_noon, tick=False):
        assert open_text in get(client, PATHWAY, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    with time_machine.travel(amsterdam_noon + datetime.timedelta(days=1), tick=False):
        html = get(client, PATHWAY, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"The deadline was {deadline.day} " in html


def test_not_found_is_not_cached(catalogue, client):
    pathway_url = reverse("programmes:pathway-detail", args=["no-such-route"])
    subject_url = reverse("programmes:subject-detail", args=["no-such-subject"])
    assert client.get(pathway_url).status_code == 404
    assert client.get(subject_url).status_code == 404
    # Give the slugs to existing rows with update(), which sends no signal and so leaves the cache's
    # catalogue version as it was: a cached 404 would still be served.
    Pathway.objects.filter(slug="empo").update(slug="no-such-route")
    SchoolSubject.objects.filter(slug="biologie").update(slug="no-such-subject")
    pathway = Pathway.objects.get(slug="no-such-route")
    assert f"<h1>{escape(pathway.name)}</h1>" in get(client, pathway_url).content.decode()
    assert escape(SchoolSubject.objects.get(slug="no-such-subject").name) in get(client, subject_url).content.decode()


def test_the_cache_can_be_turned_off(catalogue, client, settings):
    settings.CATALOGUE_CACHE_SECONDS = 0
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    get(client, CATALOGUE)
    assert query_count(client, CATALOGUE) > 0


def test_a_page_that_fills_a_per_request_block_is_refused(rf):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    with pytest.raises(ValueError, match="must extend base.html"):
        page_cache.render_blocks("base.html", {}, request)


FINDER = reverse("programmes:finder") + "?prior_education=wo_master&degree_field=farmacie&subject=biologie&sector=vo"


def test_the_finders_answer_is_served_whole_and_retired_by_a_staff_change(
    whole_pages, catalogue, client, programme_coordinator, django_assert_num_queries
):
    """The route finder's answer is the same for everyone who asks the same question: the second
    visitor gets it from the cache; a pathway that staff unpublish leaves the answer at once."""
    first = get(client, FINDER).content.decode()
    links = re.findall(r'href="/routes/([\w-]+)/"', first)
    slugs = [slug for slug in links if slug not in ("finder", "compare", "subjects")]
    assert slugs
    with django_assert_num_queries(0):
        assert get(Client(), FINDER).content.decode() == first
    pathway = Pathway.objects.get(slug=slugs[0])
    staff = Client()
    staff.force_login(programme_coordinator)
    response = staff.post(
        reverse("admin:programmes_pathway_changelist"), {"action": "unpublish", "_selected_action": [pathway.pk]}
    )
    assert response.status_code == 302
    after = get(Client(), FINDER).content.decode()
    assert f'href="/routes/{pathway.slug}/"' in first and f'href="/routes/{pathway.slug}/"' not in after
