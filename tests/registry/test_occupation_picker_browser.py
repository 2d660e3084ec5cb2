"""In Chromium: typing 焊工 into a scope line lists the catalogue's welders; picking one fills in its code,
and the saved draft's scope line is that occupation. A line added later has the picker too."""

import re

import pytest
from playwright.sync_api import expect

from registry.identifiers import credit_code
from registry.models import District, FilingApplication
from tests.browser import PHONE, login, page_errors, shot
from tests.factories import YUZHONG, body_admin

TIMEOUT_MS = 15_000


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("catalogues")
def test_typing_a_name_and_picking_fills_the_code(live_server, new_context, output_path):
    body_admin(username="picker")
    code = credit_code(987011, district_code=YUZHONG)
    page = new_context().new_page()
    page.set_viewport_size(PHONE["viewport"])  # the picker is used on phones too
    page.set_default_timeout(TIMEOUT_MS)
    login(page, live_server.url, "picker")
    page.goto(f"{live_server.url}/registry/filings/new/")
    page.fill("input[name=body-name]", "重庆焊接技能评价中心")
    page.fill("input[name=body-credit_code]", code)
    page.select_option("select[name=body-kind]", "social")
    page.select_option("select[name=body-district]", str(District.objects.get(code=YUZHONG).pk))
    page.select_option("select[name=body-audience]", "public")

    field = page.locator("input[name=scope-0-occupation_code]")
    field.press_sequentially("焊工")
    option = page.locator('#id_scope-0-occupation_code-suggestions button[data-code="6-18-02-04"]')
    expect(option).to_have_text("6-18-02-04 焊工")
    shot(page, output_path, "01-suggestions-for-hangong")
    option.click()
    expect(field).to_have_value("6-18-02-04")
    expect(page.locator("#id_scope-0-occupation_code-suggestions li")).to_have_count(0)
    page.select_option("select[name=scope-0-level]", "3")

    page.click("#add-scope-row")
    added = page.locator("input[name=scope-2-occupation_code]")
    added.press_sequentially("6-18-02")
    expect(page.locator("#id_scope-2-occupation_code-suggestions button").first).to_contain_text("6-18-02")
    added.fill("")

    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert re.search(r"/registry/filings/\d+/$", page.url), f"not saved: {page_errors(page)}"
    application = FilingApplication.objects.get(body__credit_code=code)
    assert [(ln.occupation.code, ln.level) for ln in application.scope_lines.all()] == [("6-18-02-04", 3)]
