"""On a phone the navigation folds behind 菜单 and opens with a tap (no script); on a desk it is shown."""

import pytest
from playwright.sync_api import expect

from tests.browser import PHONE, login
from tests.factories import centre_officer


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("catalogues")
def test_the_phone_navigation_folds_and_opens(live_server, new_context):
    centre_officer(username="navcentre")
    page = new_context(java_script_enabled=False).new_page()
    login(page, live_server.url, "navcentre")
    nav, toggle = page.locator("nav.nav"), page.locator("label.nav-toggle-label")
    expect(nav).to_be_visible()
    expect(toggle).to_be_hidden()

    page.set_viewport_size(PHONE["viewport"])
    expect(nav).to_be_hidden()
    toggle.click()
    expect(nav).to_be_visible()
    expect(nav.locator('a[href="/certificates/findings/"]')).to_be_visible()
    toggle.click()
    expect(nav).to_be_hidden()
