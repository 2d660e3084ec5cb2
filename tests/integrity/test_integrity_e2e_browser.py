"""End to end in Chromium: the centre records a serious entry against an examiner; the examiner drops
out of the draw pool and appears on the public 失信 list; after a granted credit repair, they are gone."""

import datetime

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from examiners.draw import build_pools
from integrity.models import Entry
from registry.services import LineRequest
from tests import factories
from tests.browser import confirm, login, new_page, page_errors, shot

NAME = "失信考评员"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("catalogues")
def test_serious_entry_blacklists_until_repaired(live_server, new_context, output_path):
    base = live_server.url
    body = factories.filed_body(lines=[LineRequest("6-31-01-03", 4)])
    session = factories.session(body=body, date=timezone.localdate() + datetime.timedelta(days=10))
    target = factories.certification(who=factories.person(name=NAME))
    for _ in range(3):
        factories.certification()
    factories.certification(role="supervisor")
    factories.centre_officer(username="centre")
    assert target.pk in build_pools(session)["examiner"].eligible

    # 1. The centre records a serious entry on the examiner's integrity record.
    page = new_page(new_context)
    login(page, base, "centre")
    page.goto(f"{base}/examiners/people/{target.person_id}/integrity/")
    if page.locator("select[name=subject_type]").count():
        page.select_option("select[name=subject_type]", "examiner")
    page.select_option("select[name=kind]", "serious")
    page.select_option("select[name=basis]", "audit_case")
    page.fill("textarea[name=description]", "为本单位考生违规打分，经查属实。")
    page.fill("input[name=occurred_on]", timezone.localdate().isoformat())
    with page.expect_navigation():
        page.click("button[name=record_entry]")
    entry = Entry.objects.get(subject_id=target.person_id)
    assert entry.kind == "serious", page_errors(page)
    expect(page.locator('[data-status="blacklisted"]')).to_have_count(1)
    shot(page, output_path, "01-serious-entry-recorded")

    # 2. The examiner is out of the draw pool: the draw staffs the session without them.
    assert target.pk not in build_pools(session)["examiner"].eligible
    page.goto(f"{base}/examiners/sessions/{session.pk}/")
    with page.expect_navigation():
        page.click("button[name=draw]")
    assert "/examiners/draws/" in page.url, page_errors(page)
    page.goto(f"{base}/examiners/sessions/{session.pk}/")
    expect(page.locator("#assignments")).not_to_contain_text(NAME)
    shot(page, output_path, "02-draw-without-the-examiner")
    page.context.close()

    # 3. The public 失信 list shows the entry, with the ID masked.
    public = new_page(new_context)
    public.goto(f"{base}/integrity/public/?q={NAME}")
    expect(public.locator("main")).to_contain_text(NAME)
    expect(public.locator("main")).not_to_contain_text(target.person.id_number)
    shot(public, output_path, "03-public-list")

    # 4. A year on (the minimum window of a serious entry), credit repair is applied for and granted.
    with time_machine.travel(timezone.now() + datetime.timedelta(days=370), tick=True):
        page = new_page(new_context)
        login(page, base, "centre")
        page.goto(f"{base}/examiners/people/{target.person_id}/integrity/")
        form = page.locator(f"form:has(#pledge-{entry.pk})")
        form.locator("xpath=ancestor::details/summary").click()  # the form opens from its summary line
        page.fill(f"#pledge-{entry.pk}", "本人承诺今后严格遵守考评纪律，接受监督。")
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        assert entry.repairs.count() == 1, page_errors(page)
        page.goto(f"{base}/integrity/repairs/")
        confirm(page, "grant")
        entry.refresh_from_db()
        assert entry.lifted_by == "repair"
        shot(page, output_path, "04-repair-granted")
        page.context.close()

        public.goto(f"{base}/integrity/public/?q={NAME}")
        expect(public.locator("main")).not_to_contain_text(NAME)
        shot(public, output_path, "05-public-list-after-repair")
    public.context.close()
