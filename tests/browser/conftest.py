"""Headless Chromium (Debian's package) driven by Playwright, against pytest-django's live server."""

import os
import shutil

import pytest
from django.db import connections

from tests.conftest import skip_or_fail

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def find_chromium(environ=os.environ) -> tuple[str | None, str]:
    """(the Chromium to launch, or None, and why there is none).

    An explicit CHROMIUM_PATH is the one to use: when it names no executable file, the tests skip
    (or fail in CI) saying so, rather than launching another Chromium or erroring in the launch."""
    explicit = environ.get("CHROMIUM_PATH")
    if explicit:
        if os.path.isfile(explicit) and os.access(explicit, os.X_OK):
            return explicit, ""
        return None, f"CHROMIUM_PATH is {explicit}, which is not an executable file"
    found = DEFAULT_CHROMIUM if os.path.isfile(DEFAULT_CHROMIUM) else shutil.which("chromium")
    if found:
        return found, ""
    return None, "Chromium is not installed (apt-get install chromium)"


@pytest.fixture
def browser():
    chromium, missing = find_chromium()
    if chromium is None:
        skip_or_fail(missing)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("Playwright's Python package is not installed")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()
            # Inside sync_playwright() the code runs in another contextvars context than the rest
            # of the session, and Django keeps its connections per context (asgiref's Local): the
            # fixtures and test body set up after this one used a connection of their own, which
            # pytest-django never sees. Left open, it kept PostgreSQL from dropping the test
            # database at the end of the run ("is being accessed by other users").
            connections.close_all()
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.console_errors = errors
    yield page
    context.close()
