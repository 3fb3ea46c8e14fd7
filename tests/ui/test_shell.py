"""The frame around every screen: sections, deep links, themes."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_front_page_opens_the_workflows(page: Page) -> None:
    page.goto("/")
    expect(page).to_have_url("/workflows")
    expect(page.get_by_role("navigation", name="Sections")).to_be_visible()
    expect(page.get_by_role("heading", name="Workflows")).to_be_visible()


def test_a_deep_link_opens_its_screen(page: Page) -> None:
    page.goto("/runs")
    expect(page.get_by_role("heading", name="Runs")).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", name="Runs")).to_be_visible()


def test_an_unknown_address_says_so(page: Page) -> None:
    page.goto("/no/such/screen")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()


def test_the_theme_switches_and_is_remembered(page: Page) -> None:
    page.goto("/workflows")
    html = page.locator("html")
    page.get_by_role("button", name="Switch to the dark theme").click()
    expect(html).to_have_attribute("data-theme", "dark")
    page.reload()
    expect(html).to_have_attribute("data-theme", "dark")
    page.get_by_role("button", name="Switch to the light theme").click()
    expect(html).to_have_attribute("data-theme", "light")
