"""Helpers for the Playwright tests: log in, screenshot, read the errors a page shows."""

import os

from playwright.sync_api import Page, expect

TIMEOUT_MS = 15_000

# A phone-sized context (an iPhone 12-14 class screen, touch, mobile viewport meta honoured).
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}


def shot(page: Page, output_path: str, name: str) -> None:
    os.makedirs(output_path, exist_ok=True)
    page.screenshot(path=os.path.join(output_path, f"{name}.png"), full_page=True)


def page_errors(page: Page) -> str:
    """The error messages a page shows, for assertion messages."""
    texts = page.locator(".has-error label, .error, .alert, ul.messages li.msg-error").all_inner_texts()
    fields = page.locator(".has-error :is(input, select, textarea)").all()
    return " | ".join(texts) + " | fields: " + ", ".join(el.get_attribute("name") or "?" for el in fields)


def login(page: Page, base: str, username: str, password: str = "pw") -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert "/accounts/login/" not in page.url, f"login failed for {username}"


def new_page(new_context) -> Page:
    page = new_context().new_page()
    page.set_default_timeout(TIMEOUT_MS)
    return page


def new_phone_page(new_phone_context) -> Page:
    """A page in a fresh PHONE context (`new_phone_context` makes one; see tests/audits' e2e test)."""
    page = new_phone_context().new_page()
    page.set_default_timeout(TIMEOUT_MS)
    return page


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the viewport it was given (0 when it fits)."""
    width = page.viewport_size["width"] if page.viewport_size else 0
    return page.evaluate(
        "w => document.documentElement.scrollWidth - Math.min(window.innerWidth, w || window.innerWidth)",
        width,
    )


def confirm(page: Page, action: str) -> None:
    """Follow an action's link to its confirmation page and confirm; expect a success message."""
    link = page.locator(f'a[href$="/do/{action}/"]')
    expect(link).to_have_count(1)
    with page.expect_navigation():
        link.click()
    if page.locator("input[name=understood]").count():  # a dangerous step asks for it
        page.check("input[name=understood]")
    with page.expect_navigation():
        page.click("button[name=confirm]")
    expect(page.locator("ul.messages li.msg-error")).to_have_count(0)
    expect(page.locator("ul.messages li.msg-success")).to_have_count(1)
