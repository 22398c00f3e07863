"""Headless Chromium (Debian's package) driven by Playwright, against pytest-django's live server."""

import os
import shutil

import pytest
from django.db import connections

from tests.conftest import skip_or_fail

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        skip_or_fail("Chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("Playwright's Python package is not installed")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
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
