"""Every role's journey through the portal, at 1366 and 390 px: each page the role can reach from
its start page (and the ones named for it in journeys.py) passes axe-core (WCAG 2.1 A and AA: no
critical or serious violation), has no sideways overflow, logs no console error and breaks no rule
of the Content Security Policy. A screenshot of every page at every width goes to
$BROWSER_ARTIFACTS (default artifacts/browser/), for CI to keep as an artefact."""

import json
import time

import pytest

from tests.browser.journeys import (
    AXE_JS,
    BUILDERS,
    WIDTHS,
    artifacts_dir,
    check_page,
    journey_pages,
    links_on,
    log_in,
    seed_catalogue,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def new_page(browser, width: int, storage_state=None):
    context = browser.new_context(
        viewport={"width": width, "height": WIDTHS[width]}, locale="nl-NL", storage_state=storage_state
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    page.console_errors = errors
    return page


@pytest.mark.parametrize("role_name", list(BUILDERS))
def test_every_page_of_the_role_is_accessible_at_desktop_and_phone_width(role_name, browser, live_server):
    started = time.monotonic()
    seed_catalogue()
    role = BUILDERS[role_name]()
    base_url = live_server.url
    axe_source = AXE_JS.read_text(encoding="utf-8")

    # Log in once (a TOTP code is good once); the phone-width context starts with the same session.
    desktop = new_page(browser, 1366)
    if role.user is not None:
        log_in(desktop, base_url, role)
    desktop.goto(base_url + role.start)
    discovered = links_on(desktop, base_url)
    pages = journey_pages(role, discovered)
    storage = desktop.context.storage_state()

    problems = []
    visited = {}
    for width in WIDTHS:
        page = desktop if width == 1366 else new_page(browser, width, storage_state=storage)
        for path in pages:
            problems.extend(check_page(page, base_url, role.name, width, path, axe_source))
            visited.setdefault(path, []).append(width)
        page.context.close()

    seconds = round(time.monotonic() - started, 1)
    report = {
        "role": role.name,
        "seconds": seconds,
        "pages": list(visited),
        "problems": [problem.__dict__ for problem in problems],
    }
    (artifacts_dir() / f"{role.name}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"\n{role.name}: {len(pages)} pages × {len(WIDTHS)} widths in {seconds}s")

    # The start page offered links to follow (a header or main content the selector no longer finds
    # would end the discovery of pages without a word).
    assert discovered, f"no link found on {role.start} for the {role.name}"
    assert not problems, f"{len(problems)} problems in the {role.name}'s journey:\n" + "\n".join(
        str(problem) for problem in problems
    )


BROKEN = (
    '<img src="/static/img/favicon.svg">'  # no alt text: axe's image-alt (critical)
    f"<p><code>{'x' * 400}</code></p>"  # one word wider than any screen
    '<div style="color: red">inline style</div>'  # refused by the CSP (style-src)
    '<script src="/no-such-script.js"></script>'  # a 404: an error in the console
)


def test_the_checks_find_an_axe_violation_an_overflow_a_csp_violation_and_a_console_error(browser, live_server):
    """The journeys' checks on a page the portal serves, its CSP header untouched, with broken HTML
    put in: each check reports its problem (a check that never fails would let every page pass)."""
    page = new_page(browser, 390)

    def break_the_page(route):
        response = route.fetch()
        body = response.text().replace("</main>", f"{BROKEN}</main>")
        route.fulfill(response=response, body=body)

    page.route(f"{live_server.url}/privacy/", break_the_page)
    axe_source = AXE_JS.read_text(encoding="utf-8")
    problems = check_page(page, live_server.url, "self-check", 390, "/privacy/", axe_source)
    page.context.close()

    kinds = {problem.kind: str(problem) for problem in problems}
    assert set(kinds) == {"axe", "overflow", "csp", "console"}, problems
    assert "image-alt (critical)" in kinds["axe"]
    assert "code" in kinds["overflow"]
    assert "style-src" in " ".join(str(p) for p in problems if p.kind == "csp")
    assert "404" in " ".join(str(p) for p in problems if p.kind == "console")
    assert (artifacts_dir() / "self-check-390-privacy.png").exists()
