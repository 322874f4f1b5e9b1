"""Browser tests: Playwright driving Debian's Chromium against Django's live test server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.web.world import PASSWORD, World, build_world

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make there
# are ordinary blocking ones, which Django would otherwise refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("YJINSPECT_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "var" / "vendor" / "axe" / "axe.min.js"


ALL_IMPACTS = ("minor", "moderate", "serious", "critical")  # axe-core's impacts, for axe_violations


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _two_factor_not_required(settings: Any) -> None:
    # The accounts sign in with a password only; tests/web/test_sign_in_security.py tests the requirement.
    settings.YJINSPECT_REQUIRE_TWO_FACTOR = False


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/setup --test (installs Debian's chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            # No sandbox as root in CI; no background traffic on this machine's closed network.
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )  # fmt: skip
        yield browser
        browser.close()


@pytest.fixture
def world(transactional_db: None) -> World:
    return build_world()


class Person:
    """A signed-in browser session for one account."""

    def __init__(self, browser: Browser, base: str, username: str) -> None:
        self.context = browser.new_context(base_url=base, viewport={"width": 1200, "height": 900})
        self.context.set_default_timeout(15_000)
        self.page: Page = self.context.new_page()
        self.page.goto("/sign-in/")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(PASSWORD)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_url("**/")


@pytest.fixture
def sign_in(browser: Browser, live_server: Any) -> Iterator[Any]:
    people: list[Person] = []

    def make(username: str) -> Page:
        person = Person(browser, live_server.url, username)
        people.append(person)
        return person.page

    yield make
    for person in people:
        person.context.close()


@pytest.fixture
def anonymous(browser: Browser, live_server: Any) -> Iterator[Any]:
    contexts = []

    def make() -> Page:
        context = browser.new_context(base_url=live_server.url)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def axe_violations(page: Page, impacts: tuple[str, ...] = ALL_IMPACTS) -> list[dict[str, Any]]:
    """Run axe-core on the page and return its violations of the given impacts (by default every one: a
    moderate violation, such as two navigation landmarks of the same name, stops a person as surely)."""
    if not AXE.exists():
        pytest.fail(f"axe-core not found at {AXE}: run scripts/setup")
    # Evaluated rather than added as a <script> tag, which the pages' Content-Security-Policy refuses.
    page.evaluate(f"() => {{ {AXE.read_text(encoding='utf-8')}\n}}")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in impacts]
