"""The catalogue's filters update the results in place with htmx, keep the URL shareable, and still
work without JavaScript."""

import io
import re

import pytest

from programmes.catalogue import selectors
from programmes.models import Pathway, SchoolSubject
from tests.programmes.demo_data import seed_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


CARD_SLUGS = "Array.from(document.querySelectorAll('#routes-results input[name=pathways]'), e => e.value)"


def card_slugs(page) -> set[str]:
    return set(page.evaluate(CARD_SLUGS))


def wait_for_cards(page, slugs: set[str]) -> None:
    page.wait_for_function(
        f"want => {{ const got = {CARD_SLUGS}; "
        "return got.length === want.length && want.every(s => got.includes(s)); }",
        arg=sorted(slugs),
    )


def test_filters_update_the_results_in_place_and_the_url(live_server, page):
    seed_demo(io.StringIO(), None)
    biology = set(Pathway.objects.published().filter(subjects__slug="biologie").values_list("slug", flat=True))
    everything = set(Pathway.objects.published().values_list("slug", flat=True))
    part_time_biology = {
        pathway.slug
        for pathway in selectors.pathway_catalogue(subject=SchoolSubject.objects.get(slug="biologie"), q="deeltijd")
    }
    assert biology and biology != everything and part_time_biology and part_time_biology != biology

    requests = []
    page.on("request", lambda request: requests.append(request))
    page.goto(f"{live_server.url}/routes/")
    assert card_slugs(page) == everything
    # A full page load would lose this mark.
    page.evaluate("window.catalogueMark = 'still here'")
    count = page.locator("#results-title")

    page.locator("#id_subject").select_option("biologie")
    page.wait_for_url(re.compile(r"/routes/\?.*subject=biologie"))
    wait_for_cards(page, biology)
    assert page.evaluate("window.catalogueMark") == "still here"
    assert f"{len(biology)} " in count.inner_text()
    assert count.get_attribute("aria-live") == "polite"
    # The results came by htmx (one XHR), not by navigating.
    htmx = [r for r in requests if r.headers.get("hx-request") == "true"]
    assert htmx and all(r.resource_type in ("xhr", "fetch") for r in htmx)
    assert not [r for r in requests if r.is_navigation_request() and "subject=biologie" in r.url]
    assert page.locator("#routes-clear a").count() == 1  # "clear filters" appears with a filter

    # Typing in the search box updates the results too, after a pause.
    page.locator("#id_q").press_sequentially("deeltijd", delay=30)
    page.wait_for_url(re.compile(r"q=deeltijd"))
    wait_for_cards(page, part_time_biology)
    assert page.evaluate("window.catalogueMark") == "still here"

    # The pushed URL is shareable: opening it shows the same results.
    shared = page.url
    other = page.context.new_page()
    other.goto(shared)
    assert card_slugs(other) == card_slugs(page)
    other.close()
    assert not [e for e in page.console_errors if "Content Security Policy" in e or "htmx" in e.lower()]


def test_the_filters_work_without_javascript(live_server, browser):
    seed_demo(io.StringIO(), None)
    biology = set(Pathway.objects.published().filter(subjects__slug="biologie").values_list("slug", flat=True))
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    page.goto(f"{live_server.url}/routes/")
    page.locator("#id_subject").select_option("biologie")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/routes/\?.*subject=biologie"))
    assert card_slugs(page) == biology
    context.close()
