"""End to end in Chromium: a body files, the district and the centre review, the public finds it.

The acceptance path of a first filing, through the real pages only: the body administrator fills in
the organisation and one scope line, uploads the four required materials and submits; the district
officer runs the preliminary review; the centre officer approves and publishes; an anonymous visitor
finds the body with its filing number in the public register.

Labels may be translated or not, so elements are found by URL, by `name` attributes and by link
targets, never by visible text. A full-page screenshot of each step goes to the test's output folder
(test-results/<test id>/).
"""

import re

import pytest
from playwright.sync_api import Page, expect

from common.pdf_samples import minimal_pdf
from registry.identifiers import credit_code
from registry.models import AssessmentBody, District, FilingApplication
from tests.browser import login, page_errors, shot
from tests.factories import YUZHONG, body_admin, centre_officer, district_officer

BODY_NAME = "重庆浏览器测试职业培训学校"
REQUIRED_CATEGORIES = ("licence", "rules", "venue", "staff")
TIMEOUT_MS = 15_000


def _fill_new_filing(page: Page, base: str, code: str, district: District) -> None:
    """The organisation and one scope line (6-31-01-03, level 4) on the new-filing form; not saved."""
    page.goto(f"{base}/registry/filings/new/")
    page.fill("input[name=body-name]", BODY_NAME)
    page.fill("input[name=body-credit_code]", code)
    page.select_option("select[name=body-kind]", "social")
    page.select_option("select[name=body-district]", str(district.pk))
    page.select_option("select[name=body-audience]", "public")
    page.fill("input[name=scope-0-occupation_code]", "6-31-01-03")
    page.select_option("select[name=scope-0-level]", "4")


def _run_action(page: Page, application_url: str, action: str) -> None:
    """Follow the action's link from the application page, confirm, and come back to the application."""
    link = page.locator(f'a[href$="/do/{action}/"]')
    expect(link).to_have_count(1)
    with page.expect_navigation():
        link.click()
    assert page.url.endswith(f"/do/{action}/"), page.url
    with page.expect_navigation():
        page.click("button[name=confirm]")
    assert page.url == application_url, f"{action}: expected to land on {application_url}, got {page.url}"
    # Success message, not an error (role=status is used for both; error ones carry msg-error).
    expect(page.locator("ul.messages li.msg-success")).to_have_count(1)
    expect(page.locator("ul.messages li.msg-error")).to_have_count(0)


def _open_from_queue(page: Page, base: str, queue: str, application: FilingApplication) -> str:
    page.goto(f"{base}/registry/review/{queue}/")
    link = page.locator(f'main a[href="/registry/filings/{application.pk}/"]')
    expect(link).to_have_count(1)
    with page.expect_navigation():
        link.click()
    return page.url


def _status(application: FilingApplication) -> str:
    application.refresh_from_db()
    return application.status


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("catalogues")
def test_first_filing_from_draft_to_public_register(
    live_server, new_context, output_path, settings, tmp_path
):
    settings.FILING_NOTICE_WORKING_DAYS = 0  # no public-notice wait: the centre can publish at once
    yuzhong = District.objects.get(code=YUZHONG)

    body_admin(username="applicant")
    district_officer(YUZHONG, username="yuzhong_officer")
    centre_officer(username="centre")
    base = live_server.url
    code = credit_code(987654, district_code=YUZHONG)

    # 1. The body administrator: organisation, scope line, draft.
    page = new_context().new_page()
    page.set_default_timeout(TIMEOUT_MS)
    login(page, base, "applicant")
    _fill_new_filing(page, base, code, yuzhong)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert re.search(r"/registry/filings/\d+/$", page.url), (
        f"draft not saved, still on {page.url}: {page_errors(page)}"
    )
    application = FilingApplication.objects.get(body__credit_code=code)
    application_url = f"{base}/registry/filings/{application.pk}/"
    assert page.url == application_url
    assert application.status == "draft"
    assert list(application.scope_lines.values_list("occupation__code", "level")) == [("6-31-01-03", 4)]
    shot(page, output_path, "01-applicant-draft")

    # Materials: one PDF for each required category.
    for category in REQUIRED_CATEGORIES:
        pdf = tmp_path / f"{category}.pdf"
        pdf.write_bytes(minimal_pdf(category))
        page.select_option("form.upload select[name=category]", category)
        page.set_input_files("form.upload input[name=file]", str(pdf))
        with page.expect_navigation():
            page.click("form.upload button[type=submit]")
        expect(page.locator("ul.messages li.msg-error")).to_have_count(0)
    expect(page.locator('ul.files a[href^="/registry/materials/"]')).to_have_count(len(REQUIRED_CATEGORIES))
    assert sorted(application.materials.values_list("category", flat=True)) == sorted(REQUIRED_CATEGORIES)
    shot(page, output_path, "02-applicant-materials")

    _run_action(page, application_url, "submit")
    assert _status(application) == "submitted"
    shot(page, output_path, "03-applicant-submitted")
    page.context.close()

    # 2. The district officer: preliminary review.
    page = new_context().new_page()
    page.set_default_timeout(TIMEOUT_MS)
    login(page, base, "yuzhong_officer")
    assert _open_from_queue(page, base, "district", application) == application_url
    _run_action(page, application_url, "start_district_review")
    assert _status(application) == "district_review"
    shot(page, output_path, "04-district-review-started")
    _run_action(page, application_url, "pass_district_review")
    assert _status(application) == "centre_review"
    shot(page, output_path, "05-district-review-passed")
    page.context.close()

    # 3. The centre officer: approve (public notice), then publish.
    page = new_context().new_page()
    page.set_default_timeout(TIMEOUT_MS)
    login(page, base, "centre")
    assert _open_from_queue(page, base, "centre", application) == application_url
    _run_action(page, application_url, "approve")
    assert _status(application) == "public_notice"
    shot(page, output_path, "06-centre-approved")
    page.goto(f"{base}/registry/filings/{application.pk}/do/publish/")
    shot(page, output_path, "07-centre-publish-confirm")
    page.goto(application_url)
    _run_action(page, application_url, "publish")
    assert _status(application) == "filed"
    shot(page, output_path, "08-centre-published")
    page.context.close()

    # 4. Anyone: the public register shows the body with its filing number.
    body = AssessmentBody.objects.get(pk=application.body_id)
    assert body.status == "active"
    assert body.filing_no and len(body.filing_no) == 13, body.filing_no
    page = new_context().new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{base}/register/?q={BODY_NAME}")
    row = page.locator("table.list tbody tr", has_text=BODY_NAME)
    expect(row).to_have_count(1)
    expect(row.locator(f'a[href="/register/{body.filing_no}/"]')).to_have_text(body.filing_no)
    shot(page, output_path, "09-public-register")
    with page.expect_navigation():
        row.locator("a").first.click()
    assert page.url == f"{base}/register/{body.filing_no}/"
    expect(page.locator("main")).to_contain_text(BODY_NAME)
    shot(page, output_path, "10-public-register-detail")
    page.context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("catalogues")
def test_spare_scope_row_left_empty_does_not_block_the_draft(live_server, new_context, output_path):
    """A user who fills one scope line and leaves the spare row alone gets a draft."""
    body_admin(username="applicant")
    code = credit_code(987655, district_code=YUZHONG)
    page = new_context().new_page()
    page.set_default_timeout(TIMEOUT_MS)
    login(page, live_server.url, "applicant")
    _fill_new_filing(page, live_server.url, code, District.objects.get(code=YUZHONG))
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    shot(page, output_path, "01-new-filing-one-line")
    assert re.search(r"/registry/filings/\d+/$", page.url), (
        f"draft not saved, still on {page.url}: {page_errors(page)}"
    )
    assert FilingApplication.objects.filter(body__credit_code=code).exists()
