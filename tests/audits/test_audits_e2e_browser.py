"""End to end in Chromium: an annual inspection, filled on a phone, becomes a rectification order.

A quality supervisor, signed in on a phone-sized screen, starts an inspection the centre assigned to
them, answers the checklist (one item does not comply, which needs a note), records one major finding
with a photo, signs with their registered name and the pledge, and submits. The centre officer
confirms the record, which issues a rectification order; the body's administrator answers the order
on their phone with a text and a PDF; the officer downloads the PDF report and it reads as the
body's 督导检查报告.

Labels may be translated or not, so elements are found by URL, `name`/`id` attributes and link
targets, never by visible text. A full-page screenshot of each step goes to the test's output folder
(test-results/<test id>/). Every phone page is checked for horizontal overflow, and every page for
script errors and error messages.
"""

import datetime
import importlib
import re
import subprocess

import pytest
from django.apps import apps
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Page, expect

from accounts.roles import Role
from audits.models import AnswerResult, Inspection, RectificationOrder
from common.pdf_samples import minimal_pdf
from tests import factories
from tests.browser import PHONE, horizontal_overflow, login, new_page, new_phone_page, page_errors, shot

BODY_NAME = "重庆手机督导测试职业技能评价中心"
SUPERVISOR_NAME = "王督导"


@pytest.fixture
def checklists(catalogues):
    """The seeded checklist templates: a transactional test's flush empties them like the catalogues."""
    seed = importlib.import_module("audits.migrations.0002_seed_checklists").seed
    seed(apps, None)


@pytest.fixture
def new_phone_context(browser, browser_context_args):
    """Like pytest-playwright's `new_context`, on a phone: its viewport replaces the desktop one."""
    contexts = []

    def make():
        context = browser.new_context(**{**browser_context_args, **PHONE})
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def _watch(page: Page) -> list[str]:
    """Collect the page's uncaught script errors and failed (5xx) responses."""
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"script error: {exc}"))
    page.on(
        "response",
        lambda r: problems.append(f"HTTP {r.status} {r.url}") if r.status >= 500 else None,
    )
    return problems


def _fits_the_phone(page: Page, step: str) -> None:
    overflow = horizontal_overflow(page)
    assert overflow <= 0, f"{step}: the page is {overflow}px wider than the phone ({page.url})"


def _no_error_shown(page: Page) -> None:
    expect(page.locator("ul.messages li.msg-error")).to_have_count(0)
    assert not page.locator(".has-error").count(), page_errors(page)


def _follow(page: Page, selector: str) -> None:
    link = page.locator(selector)
    expect(link).to_have_count(1)
    with page.expect_navigation():
        link.click()


def _confirm(page: Page, expected_url: str, reason: str | None = None) -> None:
    """On a transition's confirmation page: give the reason (if asked), confirm, land on the record."""
    if reason is not None:
        page.fill("textarea[name=reason]", reason)
    if page.locator("input[name=understood]").count():  # a dangerous step asks for it
        page.check("input[name=understood]")
    with page.expect_navigation():
        page.click("button[name=confirm]")
    assert page.url == expected_url, f"expected {expected_url}, got {page.url}: {page_errors(page)}"
    expect(page.locator("ul.messages li.msg-error")).to_have_count(0)
    expect(page.locator("ul.messages li.msg-success")).to_have_count(1)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("checklists")
def test_inspection_on_a_phone_to_rectification_order_and_report(
    live_server, new_context, new_phone_context, output_path, tmp_path
):
    base = live_server.url
    centre = factories.centre_officer(username="centre")
    admin = factories.body_admin(username="bodyadmin")
    body = factories.filed_body(admin=admin, name=BODY_NAME)
    cert = factories.supervisor(
        account=factories.user_with_role(Role.SUPERVISOR, username="supervisor"), name=SUPERVISOR_NAME
    )
    inspection = factories.inspection(
        body=body, officer=centre, planned_for=timezone.localdate() + datetime.timedelta(days=2)
    )
    inspection_url = f"{base}/audits/inspections/{inspection.pk}/"
    items = list(inspection.template.items.order_by("position"))
    assert len(items) >= 3
    failing, not_applicable = items[0], items[-1]

    # 0. The centre officer (desktop) assigns the supervisor from the inspection page.
    officer = new_page(new_context)
    officer_problems = _watch(officer)
    login(officer, base, "centre")
    officer.goto(inspection_url)
    _follow(officer, f'a[href="/audits/inspections/{inspection.pk}/assign/"]')
    officer.select_option("select[name=certification]", str(cert.pk))
    with officer.expect_navigation():
        officer.click("main form button[type=submit]")
    assert officer.url == inspection_url, page_errors(officer)
    inspection.refresh_from_db()
    assert (inspection.status, inspection.supervisor_id) == ("assigned", cert.person_id)
    shot(officer, output_path, "00-officer-assigned")

    # 1. The supervisor, on a phone: my inspections, start, checklist, finding, sign.
    phone = new_phone_page(new_phone_context)
    phone_problems = _watch(phone)
    login(phone, base, "supervisor")
    phone.goto(f"{base}/audits/tasks/")
    expect(phone.locator("#todo")).to_contain_text(BODY_NAME)
    _fits_the_phone(phone, "tasks")
    shot(phone, output_path, "01-supervisor-tasks")

    _follow(phone, f'#todo a[href="/audits/inspections/{inspection.pk}/start/"]')
    _fits_the_phone(phone, "start confirmation")
    shot(phone, output_path, "02-supervisor-start-confirm")
    _confirm(phone, inspection_url)
    assert Inspection.objects.get(pk=inspection.pk).status == "in_progress"

    fill_url = f"{base}/audits/inspections/{inspection.pk}/fill/"
    _follow(phone, f'main a[href="/audits/inspections/{inspection.pk}/fill/"]')
    assert phone.url == fill_url
    _fits_the_phone(phone, "checklist")
    shot(phone, output_path, "03-supervisor-checklist-empty")

    for item in items:
        result = {failing.pk: AnswerResult.NO, not_applicable.pk: AnswerResult.NOT_APPLICABLE}.get(
            item.pk, AnswerResult.YES
        )
        phone.locator(f"#checklist input[name=result_{item.pk}][value={result}]").check()
    # "Does not comply" without a note is refused, and nothing is saved.
    with phone.expect_navigation():
        phone.click("#checklist button[name=then][value=stay]")
    assert phone.url == fill_url
    expect(phone.locator(f"#item-{failing.position}.has-error")).to_have_count(1)
    expect(phone.locator(f"#item-{failing.position} .error")).to_have_count(1)
    assert inspection.answers.count() == 0
    _fits_the_phone(phone, "checklist with an error")
    shot(phone, output_path, "04-supervisor-note-required")

    # The choices survived the refused post; add the note and save.
    expect(phone.locator(f"input[name=result_{failing.pk}][value=no]")).to_be_checked()
    phone.fill(f"#checklist input[name=note_{failing.pk}]", "备案地址与实际办公地址不一致，未申报变更")
    with phone.expect_navigation():
        phone.click("#checklist button[name=then][value=stay]")
    assert phone.url == fill_url
    _no_error_shown(phone)
    expect(phone.locator("ul.messages li.msg-success")).to_have_count(1)
    assert dict(inspection.answers.values_list("item_id", "result")) == {
        i.pk: ("no" if i == failing else "na" if i == not_applicable else "yes") for i in items
    }
    _fits_the_phone(phone, "checklist saved")
    shot(phone, output_path, "05-supervisor-checklist-saved")

    # One major finding on the failing item, with a photo.
    photo = tmp_path / "现场照片.png"
    Image.new("RGB", (640, 480), (200, 60, 40)).save(photo, "PNG")
    form = phone.locator("#finding-form")
    form.locator("select[name=severity]").select_option("major")
    form.locator("select[name=item]").select_option(str(failing.pk))
    form.locator("textarea[name=description]").fill("机构实际办公地址已变更，未按规定申报备案变更。")
    form.locator("input[name=evidence]").set_input_files(str(photo))
    with phone.expect_navigation():
        form.locator("button[type=submit]").click()
    assert phone.url == fill_url, page_errors(phone)
    _no_error_shown(phone)
    (finding,) = inspection.findings.all()
    assert (finding.severity, finding.item_id, finding.evidence.count()) == ("major", failing.pk, 1)
    expect(phone.locator("#findings article.finding.sev-major")).to_have_count(1)
    expect(phone.locator("#findings img.thumb")).to_have_count(1)
    _fits_the_phone(phone, "checklist with a finding")
    shot(phone, output_path, "06-supervisor-finding-recorded")

    # Save and sign: the sign page; a wrong name is refused, the registered one is accepted.
    with phone.expect_navigation():
        phone.click("#checklist button[name=then][value=submit]")
    assert phone.url == f"{base}/audits/inspections/{inspection.pk}/submit/", page_errors(phone)
    expect(phone.locator('main .alert a[href*="/fill/#item-"]')).to_have_count(0)  # nothing unanswered
    _fits_the_phone(phone, "sign page")
    shot(phone, output_path, "07-supervisor-sign")
    phone.fill("textarea[name=summary]", "机构运行总体规范，一项重大问题需整改。")
    phone.fill("input[name=signed_name]", "王某某")
    phone.check("input[name=pledge]")
    with phone.expect_navigation():
        phone.click("button[name=confirm]")
    expect(phone.locator(".has-error input[name=signed_name]")).to_have_count(1)
    assert Inspection.objects.get(pk=inspection.pk).status == "in_progress"
    shot(phone, output_path, "08-supervisor-wrong-name")
    phone.fill("input[name=signed_name]", SUPERVISOR_NAME)
    if not phone.is_checked("input[name=pledge]"):
        phone.check("input[name=pledge]")
    with phone.expect_navigation():
        phone.click("button[name=confirm]")
    assert phone.url == inspection_url, page_errors(phone)
    _no_error_shown(phone)
    expect(phone.locator("#download-report")).to_have_count(1)
    inspection.refresh_from_db()
    assert (inspection.status, inspection.signed_name) == ("submitted", SUPERVISOR_NAME)
    assert list(inspection.reports.values_list("revision", flat=True)) == [1]
    _fits_the_phone(phone, "submitted inspection")
    shot(phone, output_path, "09-supervisor-submitted")
    phone.context.close()
    assert not phone_problems, phone_problems

    # 2. The centre officer confirms the record: a rectification order is issued.
    officer.goto(inspection_url)
    _follow(officer, f'a[href="/audits/inspections/{inspection.pk}/review/"]')
    expect(officer.locator("input[name=deadline]")).to_have_count(1)
    shot(officer, output_path, "10-officer-review-confirm")
    _confirm(officer, inspection_url, reason="记录属实，责令限期整改。")
    inspection.refresh_from_db()
    assert inspection.status == "reviewed"
    order = RectificationOrder.objects.get(inspection=inspection)
    assert order.status == "issued" and list(order.findings.all()) == [finding]
    expect(officer.locator(f'main a[href="/audits/orders/{order.pk}/"]')).to_have_count(1)
    shot(officer, output_path, "11-officer-reviewed")

    # 3. The body's administrator, on a phone, answers the order with a text and a PDF.
    body_phone = new_phone_page(new_phone_context)
    body_problems = _watch(body_phone)
    login(body_phone, base, "bodyadmin")
    body_phone.goto(f"{base}/audits/mine/")
    _fits_the_phone(body_phone, "inspections and evaluations")
    shot(body_phone, output_path, "12-body-my-audits")
    _follow(body_phone, f'#my-orders a[href="/audits/orders/{order.pk}/"]')
    expect(body_phone.locator("main")).to_contain_text(order.number)
    _fits_the_phone(body_phone, "order")
    shot(body_phone, output_path, "13-body-order")
    _follow(body_phone, f'main a[href="/audits/orders/{order.pk}/respond/"]')
    _fits_the_phone(body_phone, "answer form")
    answer_pdf = tmp_path / "整改报告.pdf"
    answer_pdf.write_bytes(minimal_pdf("rectification"))
    body_phone.fill("textarea[name=response]", "已向区人社局申报地址变更，附变更受理回执。")
    body_phone.set_input_files("input[name=document]", str(answer_pdf))
    shot(body_phone, output_path, "14-body-answer-form")
    with body_phone.expect_navigation():
        body_phone.click("main form button[type=submit]")
    assert body_phone.url == f"{base}/audits/orders/{order.pk}/", page_errors(body_phone)
    _no_error_shown(body_phone)
    expect(body_phone.locator("ul.messages li.msg-success")).to_have_count(1)
    expect(body_phone.locator(f'#response a[href="/audits/orders/{order.pk}/response/"]')).to_have_count(1)
    _fits_the_phone(body_phone, "answered order")
    shot(body_phone, output_path, "15-body-answered")
    body_phone.context.close()
    assert not body_problems, body_problems

    # 4. The officer downloads the PDF report from the inspection page.
    officer.goto(inspection_url)
    with officer.expect_download() as info:
        officer.click("#download-report")
    download = info.value
    assert download.suggested_filename.endswith(".pdf"), download.suggested_filename
    report_path = tmp_path / "report.pdf"
    download.save_as(report_path)
    assert report_path.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-raw", str(report_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = re.sub(r"\s+", "", text)
    assert BODY_NAME in flat and "督导检查报告" in flat, text[:1000]
    assert inspection.number in flat, text[:1000]
    shot(officer, output_path, "16-officer-report-downloaded")
    officer.context.close()
    assert not officer_problems, officer_problems

    # The records as the pages left them.
    inspection.refresh_from_db()
    order.refresh_from_db()
    assert inspection.status == "reviewed" and inspection.reviewed_by_id == centre.pk
    assert order.status == "responded" and order.responded_by_id == admin.pk
    assert order.response.startswith("已向区人社局申报地址变更") and order.response_file
    revisions = list(inspection.reports.order_by("revision").values_list("revision", flat=True))
    assert revisions == [1, 2], revisions  # issued on submission, reissued with the review
