"""A visitor fills in the route finder, opens the best route and compares two routes."""

import io
import re

import pytest

from tests.programmes.demo_data import seed_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_finds_a_route_opens_it_and_compares_two(live_server, page):
    seed_demo(io.StringIO(), None)

    page.goto(f"{live_server.url}/routes/finder/")
    page.get_by_label("Universitaire master").check()
    page.get_by_label("Vakgebied van die opleiding").select_option("farmacie")
    page.get_by_label("Voortgezet onderwijs (vo)").check()
    page.get_by_label("Schoolvak waarin je les wilt geven").select_option("biologie")
    page.get_by_role("button", name="Toon mijn trajecten").click()

    # The answer is a shareable URL with the question in it.
    assert "prior_education=wo_master" in page.url and "subject=biologie" in page.url
    content = page.content()
    assert "Master Leraar VHO (voltijd)" in content
    assert "Celbiologie en genetica" in content  # the deficiency course that closes the gap

    best = page.locator(".finder-answer").first  # the answers are ranked: the first is the best
    assert "Master Leraar VHO (voltijd)" in best.inner_text()
    best.get_by_role("heading").get_by_role("link").click()
    page.wait_for_url(re.compile(r"/routes/master-leraar-vho-voltijd/$"))
    assert page.get_by_role("heading", level=1).inner_text().strip() == "Master Leraar VHO (voltijd)"

    page.goto(f"{live_server.url}/routes/")
    page.locator("#compare-master-leraar-vho-voltijd").check()
    page.locator("#compare-educatieve-module-voltijd").check()
    page.get_by_role("button", name="Aangevinkte trajecten vergelijken").click()
    page.wait_for_url(re.compile(r"/routes/compare/"))
    table = page.locator("table").first.inner_text()
    assert "Master Leraar VHO (voltijd)" in table and "Educatieve module (voltijd)" in table
    assert not [e for e in page.console_errors if "Content Security Policy" in e]
