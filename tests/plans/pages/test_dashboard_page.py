"""/dashboard/ shows exactly the figures plans.dashboard.build gives, for the scope and day the user may
ask for: each progress card, each table and the data island its chart is drawn from."""

import datetime

import pytest
from django.utils import timezone

from plans.charts import ranked
from plans.models import Plan
from tests import factories
from tests.plans.pages import sample
from tests.plans.pages.pages import read

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def centre(client):
    client.force_login(factories.centre_officer())
    return client


def test_every_progress_card_shows_the_builders_figures(centre, built):
    page = read(centre.get("/dashboard/"))
    assert len(page.figures) == len(sample.PROGRESS) == 9
    for index, progress in enumerate(sample.PROGRESS):
        shown = page.figures[f"progress-{index}-{progress.key}"]
        assert int(shown["actual"]) == progress.actual
        assert int(shown["target"]) == progress.target
        assert int(shown["expected"]) == progress.expected
        if progress.ahead >= 0:
            assert int(shown["ahead"]) == progress.ahead and "behind" not in shown
        else:
            assert int(shown["behind"]) == -progress.ahead and "ahead" not in shown
        island = page.islands[f"progress-{index}-{progress.key}-data"]
        assert island["actual"] == progress.monthly and island["pace"] == progress.pace


def test_behind_and_ahead_are_said_in_numbers(centre, built):
    html = centre.get("/dashboard/").content.decode()
    evaluations = next(p for p in sample.PROGRESS if p.key == "evaluations")
    assert evaluations.ahead < 0
    assert f'落后进度 <strong data-figure="behind">{-evaluations.ahead}</strong>' in html
    assert '超前进度 <strong data-figure="ahead">81</strong>' in html  # 评价机构总量: 378 against 297


def test_each_table_lists_exactly_what_its_chart_draws(centre, built):
    page = read(centre.get("/dashboard/"))
    assert set(page.tables) == {t.key for t in sample.TABLES}
    for table in sample.TABLES:
        shown = page.tables[table.key]
        rows = [[row.label, *map(str, row.values)] for row in ranked(table)]
        assert shown["body"] == rows, table.key
        assert shown["head"] == [[table.label_heading, *table.columns]]
        if table.total:
            assert shown["foot"][0][1:] == list(map(str, table.total))
        if not table.chart:
            assert f"{table.key}-data" not in page.islands  # a table alone has no chart
            continue
        island = page.islands[f"{table.key}-data"]
        assert island["kind"] == table.chart
        assert [[r["label"], *map(str, r["values"])] for r in island["rows"]] == shown["body"]


def test_ranked_bars_are_largest_first_and_maps_keep_all_38_districts(centre, built):
    page = read(centre.get("/dashboard/"))
    occupations = [int(row[1]) for row in page.tables["evaluations_by_occupation"]["body"]]
    assert occupations == sorted(occupations, reverse=True)
    for key in ("bodies_by_district", "certificates_by_district"):
        island = page.islands[f"{key}-data"]
        assert [r["code"] for r in island["rows"]] == [code for code, _name in sample.DISTRICTS]
    maps = [c for c in page.charts if c["data-chart"] == "map"]
    assert len(maps) == 2 and all(c["data-map-url"].endswith("vendor/chongqing.geo.json") for c in maps)


def test_the_page_loads_its_charts_from_static_files_only(centre, built):
    html = centre.get("/dashboard/").content.decode()
    assert "/static/vendor/echarts/echarts.min.js" in html and "/static/js/charts.js" in html
    assert "<script>" not in html  # no inline script: the data travels in JSON islands
    assert "cdn" not in html.lower() and "https://" not in html


def test_colleges_are_listed_filed_and_not_filed(centre, built):
    html = centre.get("/dashboard/").content.decode()
    filed, not_filed = html.split('class="colleges filed"')[1].split('class="colleges not-filed"')
    assert "重庆市机械高级技工学校" in filed and "重庆三峡技工学校" not in filed
    assert "重庆三峡技工学校" in not_filed and "重庆市机械高级技工学校" not in not_filed.split("</ul>")[0]


def test_by_default_the_current_plan_as_of_today_citywide(centre, built):
    centre.get("/dashboard/")
    expected_year = TODAY.year if TODAY.year in (sample.YEAR, sample.YEAR - 1) else sample.YEAR
    as_of = min(TODAY, datetime.date(expected_year, 12, 31))
    assert built == [{"year": expected_year, "as_of": as_of, "district": None}]


def test_a_past_day_and_a_district_are_passed_to_the_builder(centre, built):
    response = centre.get("/dashboard/", {"year": 2026, "as_of": "2026-06-30", "district": "500106"})
    assert response.status_code == 200
    assert built[0]["as_of"] == datetime.date(2026, 6, 30) and built[0]["district"].name == "沙坪坝区"
    assert read(response).islands["bodies_by_district-data"]["highlight"] == "500106"


def test_a_future_day_is_refused_with_a_message(centre, built):
    tomorrow = TODAY + datetime.timedelta(days=1)
    response = centre.get("/dashboard/", {"year": sample.YEAR, "as_of": tomorrow.isoformat()})
    assert response.status_code == 200 and built == []
    assert f"统计日期只能是今天或更早的日期，不能是 {tomorrow.isoformat()}。" in response.content.decode()


def test_only_the_plans_years_can_be_chosen(centre, built):
    response = centre.get("/dashboard/", {"year": 2019})
    assert built == [] and 'name="year"' in response.content.decode()
    options = response.context["form"].fields["year"].choices
    assert options == [(2026, 2026), (2025, 2025)]


def test_the_district_officer_sees_its_district_against_the_city(client, built):
    client.force_login(factories.district_officer(factories.YUZHONG))
    response = client.get("/dashboard/")
    assert response.status_code == 200
    assert built[0]["district"].code == factories.YUZHONG
    page = read(response)
    assert page.islands["bodies_by_district-data"]["highlight"] == factories.YUZHONG
    assert '<tr class="own" data-code="500103">' in response.content.decode()
    assert 'name="district"' not in response.content.decode().split('id="monthly-reports"')[0]


def test_the_district_officer_cannot_pick_another_district(client, built):
    client.force_login(factories.district_officer(factories.YUZHONG))
    assert client.get("/dashboard/", {"district": factories.JIULONGPO}).status_code == 403
    assert client.get("/dashboard/", {"district": factories.YUZHONG}).status_code == 200
    assert [call["district"].code for call in built] == [factories.YUZHONG]


def test_without_a_plan_the_page_says_so(client, db):
    Plan.objects.all().delete()  # the ones the migration seeds
    client.force_login(factories.centre_officer())
    response = client.get("/dashboard/")
    assert response.status_code == 200 and "还没有录入工作计划" in response.content.decode()


def test_the_navigation_offers_the_dashboard_to_its_readers_only(client, built):
    for user, shown in [
        (factories.centre_officer(), True),
        (factories.user_with_role("bureau_admin"), True),
        (factories.district_officer(), True),
        (factories.body_admin(), False),
    ]:
        client.force_login(user)
        assert ('href="/dashboard/"' in client.get("/notifications/").content.decode()) is shown, user
