"""In Chromium: /dashboard/ as a centre officer, a district officer and the bureau administrator, and
/statistics/ anonymously, each on a desk (1280×900) and a phone (390×844). Every chart is drawn (an SVG
with marks inside its box), the figures the progress cards show are those of their monthly tables and of
the sample, the tables hold what the islands hold, and nothing is wider than the phone. Full-page
screenshots go to var/screenshots/ (ignored by git).

The figures are the sample Dashboard (tests/plans/sample.py), through plans.dashboard.build replaced in
this process, which the live server's thread shares.
"""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from accounts.roles import Role
from tests import factories
from tests.browser import PHONE, horizontal_overflow, login, new_page
from tests.plans.pages import sample

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
# The figures each page reads back: cards (actual, target, the last month of its table), and tables.
READ_PAGE = """() => {
  const cards = [...document.querySelectorAll("article.progress-card")].map(card => {
    const monthly = [...card.querySelectorAll("details.monthly tbody tr td:first-of-type")]
      .map(td => td.textContent.trim()).filter(t => t !== "—");
    return {id: card.id, actual: card.querySelector("[data-figure=actual]").textContent.trim(),
            target: card.querySelector("[data-figure=target]").textContent.trim(),
            lastMonth: monthly[monthly.length - 1]};
  });
  const tables = {};
  document.querySelectorAll("table[data-table]").forEach(t => {
    tables[t.dataset.table] = [...t.tBodies[0].rows].map(r => [...r.cells].map(c => c.textContent.trim()));
  });
  const islands = {};
  document.querySelectorAll("script[type='application/json']").forEach(s => { islands[s.id] = JSON.parse(s.textContent); });
  const charts = [...document.querySelectorAll("[data-chart]")].map(el => ({
    source: el.dataset.source, kind: el.dataset.chart, drawn: el.dataset.drawn === "true",
    marks: el.querySelectorAll("svg path, svg rect").length, width: el.getBoundingClientRect().width}));
  return {cards, tables, islands, charts};
}"""


def _watch(page: Page) -> list[str]:
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"script error: {exc}"))
    page.on(
        "console",
        lambda m: (
            problems.append(f"console: {m.text}")
            if m.type == "error" and "Failed to load resource" not in m.text  # responses are listed below
            else None
        ),
    )
    page.on(
        "response",
        lambda r: (
            problems.append(f"HTTP {r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico")
            else None
        ),
    )
    return problems


def _check(page: Page, *, cards: int) -> dict:
    expect(page.locator("[data-chart]").first).to_be_visible()
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-chart]')].every(el => el.dataset.drawn === 'true')"
    )
    seen = page.evaluate(READ_PAGE)
    assert len(seen["cards"]) == cards
    for chart in seen["charts"]:
        assert chart["drawn"] and chart["marks"] > 0, chart
        assert chart["width"] > 200, chart  # resized to its box, not ECharts' default
    for card in seen["cards"]:
        assert card["actual"] == card["lastMonth"], card  # the card says what its monthly table ends on
    by_id = {c["id"]: c for c in seen["cards"]}
    for index, progress in enumerate(sample.PROGRESS[:cards]):
        card = by_id[f"progress-{index}-{progress.key}"]
        assert (card["actual"], card["target"]) == (str(progress.actual), str(progress.target))
    for key, rows in seen["tables"].items():
        island = seen["islands"].get(f"{key}-data")
        if island:
            assert [[r["label"], *map(str, r["values"])] for r in island["rows"]] == rows, key
    return seen


def _both_sizes(page: Page, url: str, name: str, *, cards: int) -> dict:
    page.goto(url)
    seen = _check(page, cards=cards)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-desktop.png"), full_page=True)
    page.emulate_media(media="print")  # printed: no navigation or forms, every chart and table kept
    expect(page.locator("header.topbar")).to_be_hidden()
    expect(page.locator("form.filters")).to_be_hidden()
    assert page.locator("[data-chart] svg").count() == len(seen["charts"])
    expect(page.locator("table[data-table]").first).to_be_visible()
    page.pdf(path=str(SCREENSHOTS / f"{name}-print.pdf"), format="A4")
    page.emulate_media(media="screen")
    page.set_viewport_size(PHONE["viewport"])
    page.reload()
    _check(page, cards=cards)
    assert horizontal_overflow(page) <= 0, f"{url} is wider than the phone"
    wide_table = page.locator("table[data-table=certificates_by_district]")
    if wide_table.count():  # a wide table scrolls in its own box instead of widening the page
        box = page.locator("#certificates_by_district .table-wrap").bounding_box()
        assert box["width"] <= PHONE["viewport"]["width"]
    page.screenshot(path=str(SCREENSHOTS / f"{name}-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    return seen


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("catalogues")
def test_the_dashboard_draws_every_chart_for_each_reader(live_server, new_context, built):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    factories.centre_officer(username="dash_centre")
    factories.district_officer(factories.YUZHONG, username="dash_yuzhong")
    factories.user_with_role(Role.BUREAU_ADMIN, username="dash_bureau")
    for username in ("dash_centre", "dash_yuzhong", "dash_bureau"):
        page = new_page(new_context)
        problems = _watch(page)
        login(page, live_server.url, username)
        seen = _both_sizes(page, f"{live_server.url}/dashboard/", f"dashboard-{username}", cards=9)
        kinds = sorted(c["kind"] for c in seen["charts"])
        assert (
            kinds.count("map") == 2 and kinds.count("progress") == 9 and "stack" in kinds and "bar" in kinds
        )
        if username == "dash_yuzhong":
            expect(page.locator("#bodies_by_district tr.own")).to_have_attribute(
                "data-code", factories.YUZHONG
            )
            assert built[-1]["district"].code == factories.YUZHONG
        else:
            assert built[-1]["district"] is None
        assert problems == [], problems
        page.context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("catalogues")
def test_the_public_statistics_draw_for_an_anonymous_visitor(live_server, new_context, published):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = new_page(new_context)
    problems = _watch(page)
    seen = _both_sizes(page, f"{live_server.url}/statistics/", "statistics-anonymous", cards=4)
    assert sorted(seen["tables"]) == sorted(t.key for t in sample.public().tables)
    assert problems == [], problems


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("catalogues")
def test_without_script_the_tables_carry_every_figure(live_server, new_context, built):
    factories.centre_officer(username="dash_nojs")
    page = new_context(java_script_enabled=False).new_page()
    login(page, live_server.url, "dash_nojs")
    page.goto(f"{live_server.url}/dashboard/")
    boxes = page.locator("[data-chart]")
    assert boxes.count() > 0
    for i in range(boxes.count()):  # empty, and taking no room
        assert boxes.nth(i).bounding_box() is None or boxes.nth(i).bounding_box()["height"] == 0
    cells = page.locator("table[data-table=bodies_by_district] tbody tr")
    expect(cells).to_have_count(38)
