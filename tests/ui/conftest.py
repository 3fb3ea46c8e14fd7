"""Browser tests: Playwright driving Debian's Chromium against a real ``plynx local``.

Every test's page is photographed when the test ends, into ``test-artifacts/screenshots``
(named after the test), and any uncaught script error on the page fails the test.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.ui.live import CHROMIUM_ARGS, TEST_SECRET, LivePlynx, chromium_path

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = chromium_path()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: .ci/run installs Debian's chromium package")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def plynx_local(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LivePlynx]:
    """A single-user ``plynx local``, shared by the tests of the session."""
    server = LivePlynx(tmp_path_factory.mktemp("plynx-local")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def plynx_multi_user(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LivePlynx]:
    """A multi-user ``plynx local`` with an admin ``root`` and a user ``alice``."""
    server = LivePlynx(tmp_path_factory.mktemp("plynx-multi"), secret=TEST_SECRET)
    server.plynx("db", "upgrade")
    server.plynx("users", "create", "root", "--password", "root-password-1", "--admin")
    server.plynx("users", "create", "alice", "--password", "alice-password-1")
    server.start()
    yield server
    server.stop()


def _new_page(browser: Browser, base_url: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 800})
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.name)
    try:
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    finally:
        context.close()
    assert not errors, f"uncaught errors on the page: {errors}"


@pytest.fixture
def page(browser: Browser, plynx_local: LivePlynx,
         request: pytest.FixtureRequest) -> Iterator[Page]:
    """A 1280×800 page on the single-user server."""
    yield from _new_page(browser, plynx_local.url, request)


@pytest.fixture
def multi_user_page(browser: Browser, plynx_multi_user: LivePlynx,
                    request: pytest.FixtureRequest) -> Iterator[Page]:
    """A 1280×800 page on the multi-user server, nobody logged in."""
    yield from _new_page(browser, plynx_multi_user.url, request)


def screenshot(page: Page, name: str) -> None:
    """Keep a named screenshot of ``page`` beside the per-test ones."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
