"""The header in a browser (issue 16): for the role with the most links (the administrator holds
every staff group's tools) it stays one row at 1366 px, its user menu opens and closes with the
keyboard, and at 390 px the menu shows the tools, the public links and the account's links."""

import re

import pytest
from django.conf import settings
from django.test import Client

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def staff_page(browser, live_server, user, *, width: int, height: int = 900, locale: str = "nl-NL"):
    """A page signed in as `user` (staff log in with a TOTP code: the session comes from the test
    client), with its console errors collected."""
    context = browser.new_context(locale=locale, viewport={"width": width, "height": height})
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.console_errors = errors
    return page


def _tops(page, selector: str) -> list[float]:
    return page.eval_on_selector_all(selector, "els => els.map(el => Math.round(el.getBoundingClientRect().top))")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_administrators_header_is_one_row_at_1366_and_its_user_menu_works_with_the_keyboard(
    live_server, browser, administrator, language
):
    page = staff_page(browser, live_server, administrator, width=1366)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto(f"{live_server.url}/dashboard/")
    main_items = page.locator(".site-nav--main > .nav-list > li")
    # The dashboard, three tools, and "More" with the other tools and the public links.
    assert main_items.count() == 5
    more = page.locator(".nav-dropdown-item .nav-dropdown__panel")
    for path in ("/placements/overview/", "/professionalisation/attendance/", "/routes/"):
        assert more.locator(f"a[href='{path}']").count() == 1
    # One row: every link of the main navigation on the same line, and the header as high as its brand row.
    assert len(set(_tops(page, ".site-nav--main > .nav-list > li"))) == 1
    header = page.locator(".site-header__inner").bounding_box()
    brand = page.locator(".brand").bounding_box()
    assert header["height"] <= brand["height"] + 40
    for selector in (".site-nav--main", ".user-menu > summary"):
        box = page.locator(selector).bounding_box()
        assert brand["y"] - 8 <= box["y"] and box["y"] + box["height"] <= brand["y"] + brand["height"] + 8, selector
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366

    # The user menu: closed at first, opened with Enter from the keyboard, closed with Escape.
    toggle = page.locator(".user-menu > summary")
    profile = page.locator(".user-menu__panel a[href='/accounts/profile/']")
    assert not profile.is_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    assert profile.is_visible()
    assert page.locator(".user-menu__panel a[href='/accounts/tokens/']").is_visible()
    assert page.get_by_role("button", name=re.compile("^(Log out|Uitloggen)$")).is_visible()
    assert page.locator(".user-menu__panel #language-switch").is_visible()  # the language, too
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "/notifications/"
    page.keyboard.press("Escape")
    assert not profile.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('user-menu__toggle')")
    page.keyboard.press(" ")  # Space opens it too
    assert profile.is_visible()
    # Opening "More" closes the user menu: one menu at a time.
    page.locator(".nav-dropdown-item > .nav-dropdown > summary").click()
    assert page.locator(".nav-dropdown-item .nav-dropdown__panel a[href='/routes/']").is_visible()
    assert not profile.is_visible()
    # A click elsewhere closes it.
    page.locator("h1").click()
    assert not page.locator(".nav-dropdown-item .nav-dropdown__panel a[href='/routes/']").is_visible()
    assert not page.console_errors


def test_the_menu_on_a_phone_shows_the_tools_and_the_account(live_server, browser, administrator):
    page = staff_page(browser, live_server, administrator, width=390, height=844)
    page.goto(f"{live_server.url}/dashboard/")
    toggle = page.locator(".site-menu > summary")
    assert toggle.is_visible()
    matching = page.locator(".site-menu__panel a[href='/placements/matching/']")
    assert not matching.is_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    # Open: the tools, the public links (no second tap on "More") and the account's links.
    assert matching.is_visible()
    assert page.locator(".site-menu__panel a[href='/routes/']").is_visible()
    assert page.locator(".site-menu__panel a[href='/accounts/profile/']").is_visible()
    assert page.locator(".site-menu__panel a[href='/notifications/']").is_visible()
    assert page.locator(".site-menu__panel button[type=submit]").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.keyboard.press("Escape")
    assert not matching.is_visible()
    assert not page.console_errors
