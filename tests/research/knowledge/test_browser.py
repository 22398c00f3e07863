"""The knowledge base on a phone (390 px, Chromium): the index and a principle's page with long
titles in every section fit the screen, and a home-page tile leads to its principle's page."""

import pytest

from research.models import TeachingLearningPrinciple
from tests.browser.conftest import browser, page  # noqa: F401 (the fixtures of the browser tests)
from tests.factories import ActivityFactory
from tests.factories.programmes import ModuleFactory
from tests.factories.research import PublicationFactory, ResearchProjectFactory, the_twelve

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG = "Formatief-evalueren-in-de-tweedefasebovenbouw-van-het-voortgezet-onderwijs met heel lange woorden"


def fits(page) -> bool:  # noqa: F811
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_the_knowledge_base_fits_a_phone_and_the_home_tiles_lead_to_it(live_server, page):  # noqa: F811
    the_twelve()
    formative = TeachingLearningPrinciple.objects.get(slug="formatief")
    for i in range(8):
        ModuleFactory(name_nl=f"{LONG} {i}").principles.set([formative])
        ActivityFactory(title_nl=f"{LONG} {i}").principles.set([formative])
        ResearchProjectFactory(title_nl=f"{LONG} {i}").principles.set([formative])
        PublicationFactory(title=f"{LONG} {i}").principles.set([formative])

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Formatief", exact=True).click()
    page.wait_for_url(f"{live_server.url}/research/principles/formatief/")
    assert page.get_by_role("heading", level=1).inner_text().strip() == "Formatief"
    assert page.locator(".principle-items li").count() == 4 * 6
    assert fits(page)

    page.goto(f"{live_server.url}/research/principles/")
    assert page.locator(".principle-tile").count() == 12
    assert fits(page)
    assert not [error for error in page.console_errors if "Content Security Policy" in error]
