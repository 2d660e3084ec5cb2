"""End to end in Chromium: a body proposes a specification, the experts give their opinions, the panel
votes 3 to 2, the centre files it with the ministry and publishes it, and the public finds it.

Through the real pages only. Elements are found by `name` attributes and link targets, never by visible
text (labels may be translated). A full-page screenshot of each step goes to test-results/<test id>/.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from common.pdf_samples import minimal_pdf
from specifications import selectors
from specifications.models import SpecificationVersion
from tests import factories
from tests.browser import confirm, login, new_page, page_errors, shot

NAME = "火锅底料制作（浏览器测试）"
EXPERTS = [f"expert{n}" for n in range(1, 6)]
VOTES = {"expert1": "pass", "expert2": "fail", "expert3": "pass", "expert4": "fail", "expert5": "pass"}


def _submit(page: Page, button: str = "button[name=confirm]") -> None:
    with page.expect_navigation():
        page.click(button)
    expect(page.locator("ul.messages li.msg-error")).to_have_count(0)


def _propose(page: Page, base: str, body, tmp_path) -> None:
    page.goto(f"{base}/specifications/propose/")
    page.fill("input[name=name]", NAME)
    page.select_option("select[name=body]", str(body.pk))
    page.fill("textarea[name=audience]", "火锅底料生产企业从业人员")
    page.fill("input[name=occupation_codes]", "4-03-02-01")
    page.fill("textarea[name=necessity]", "火锅产业是重庆的特色产业，从业人员众多，缺少专项能力评价。")
    draft = tmp_path / "草案.pdf"
    draft.write_bytes(minimal_pdf("draft"))
    page.set_input_files("input[name=draft]", str(draft))
    page.fill("input[name=panel_size]", "3")
    page.fill("textarea[name=method]", "实际操作")
    page.fill("input[name=duration_minutes]", "150")
    page.fill("textarea[name=site_and_equipment]", "炒料间一间，炒锅 5 口")
    for n, (unit, work) in enumerate([("原料处理", "辣椒、花椒的挑选"), ("底料炒制", "牛油熬制与炒料")]):
        page.fill(f"input[name=units-{n}-name]", unit)
        page.fill(f"textarea[name=units-{n}-work_content]", work)
        page.fill(f"textarea[name=units-{n}-skill_requirements]", "能按工艺要求操作")
        page.fill(f"textarea[name=units-{n}-knowledge_requirements]", "食品安全知识")
    with page.expect_navigation():
        page.click("button[name=save]")
    assert re.search(r"/specifications/versions/\d+/$", page.url), f"not saved: {page_errors(page)}"


def _as_expert(new_context, base: str, username: str, todo: str, fill) -> None:
    """The expert finds the version in their to-do list, opens its form, fills it and confirms."""
    page = new_page(new_context)
    login(page, base, username)
    page.goto(f"{base}/specifications/mine/?todo={todo}")
    link = page.locator(f'main a[href$="/{todo}/"]')
    expect(link).to_have_count(1)
    with page.expect_navigation():
        link.click()
    fill(page)
    _submit(page)
    page.context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("catalogues")
def test_a_body_proposes_experts_argue_the_panel_votes_3_to_2_the_centre_files_and_publishes(
    live_server, new_context, output_path, tmp_path
):
    base = live_server.url
    admin = factories.body_admin(username="proposer")
    body = factories.filed_body(admin=admin)
    factories.centre_officer(username="centre")
    experts = [factories.expert(username=name) for name in EXPERTS]

    # 1. The body proposes (征集).
    page = new_page(new_context)
    login(page, base, "proposer")
    _propose(page, base, body, tmp_path)
    version = SpecificationVersion.objects.get(specification__name=NAME)
    version_url = f"{base}/specifications/versions/{version.pk}/"
    assert (version.status, version.body_id) == ("proposed", body.pk)
    shot(page, output_path, "01-proposed")
    page.context.close()

    # 2. The centre appoints five experts and starts the argument (论证).
    page = new_page(new_context)
    login(page, base, "centre")
    page.goto(f"{base}/specifications/?status=proposed")
    with page.expect_navigation():
        page.click(f'main a[href="/specifications/{version.specification_id}/"]')
    with page.expect_navigation():
        page.click(f'main a[href="/specifications/versions/{version.pk}/"]')
    with page.expect_navigation():
        page.click(f'a[href="/specifications/versions/{version.pk}/experts/"]')
    for expert in experts:
        page.check(f"input[name=experts][value='{expert.pk}']")
    _submit(page)
    confirm(page, "start_argument")
    assert page.url == version_url
    version.refresh_from_db()
    assert version.status == "argued"
    shot(page, output_path, "02-argument-started")
    page.context.close()

    # 3. Each expert records an opinion.
    for n, username in enumerate(EXPERTS):

        def opine(page, n=n, username=username):
            page.check(
                "input[name=verdict][value=agree_with_changes]"
                if n == 0
                else "input[name=verdict][value=agree]"
            )
            page.fill("textarea[name=text]", f"{username}：同意开发，建议细化炒制火候要求。")

        _as_expert(new_context, base, username, "opinion", opine)
    assert version.round_opinions().count() == 5

    # 4. The centre forms the panel of five and sends it to the review (评审).
    page = new_page(new_context)
    login(page, base, "centre")
    page.goto(f"{base}/specifications/versions/{version.pk}/panel/")
    for expert in experts:
        page.check(f"input[name=experts][value='{expert.pk}']")
    _submit(page)
    page.goto(version_url)
    confirm(page, "start_review")
    version.refresh_from_db()
    assert version.status == "under_review"
    page.context.close()

    # 5. The panel votes 3 to 2.
    for username, decision in VOTES.items():

        def cast(page, decision=decision):
            page.check(f"input[name=decision][value={decision}]")
            page.fill("textarea[name=comment]", "同意通过。" if decision == "pass" else "与中式烹调师重叠。")

        _as_expert(new_context, base, username, "vote", cast)
    version.refresh_from_db()
    assert version.review_outcome() == "passed"

    # 6. The centre sees the tally, files with the ministry (报备) and publishes.
    page = new_page(new_context)
    login(page, base, "centre")
    page.goto(version_url)
    expect(page.locator("#tally")).to_contain_text("3")
    expect(page.locator("#votes tbody tr")).to_have_count(5)
    shot(page, output_path, "03-voted-3-to-2")
    page.click('a[href$="/do/file_with_ministry/"]')
    page.fill("input[name=reference]", "人社职鉴备〔2026〕15号")
    _submit(page)
    version.refresh_from_db()
    assert (version.status, version.filing_reference) == ("filed_with_ministry", "人社职鉴备〔2026〕15号")
    confirm(page, "publish")
    version.refresh_from_db()
    assert (version.status, version.published_on) == ("published", timezone.localdate())
    response = page.request.get(f"{base}/specifications/versions/{version.pk}/records/review.pdf")
    assert response.ok and response.body().startswith(b"%PDF-")
    shot(page, output_path, "04-published")
    page.context.close()
    assert version.specification_id in set(
        selectors.published_on(timezone.localdate()).values_list("pk", flat=True)
    )

    # 7. Anyone finds it among the published specifications, without the experts' names.
    page = new_page(new_context)
    page.goto(f"{base}/specifications/public/")
    link = page.locator(f'a[href="/specifications/public/{version.specification.code}/"]')
    expect(link).to_have_count(1)
    with page.expect_navigation():
        link.click()
    expect(page.locator("main")).to_contain_text(NAME)
    expect(page.locator("main")).to_contain_text("底料炒制")
    expect(page.locator("main")).not_to_contain_text("expert1")
    shot(page, output_path, "05-public")
    page.context.close()
