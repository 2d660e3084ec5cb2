"""The breakdowns as the pages, charts and the report's XLSX read them; a district's view of them."""

import pytest

from plans.dashboard import build
from registry.models import District
from tests.plans.metrics.helpers import JIULONGPO, TODAY, YUZHONG

pytestmark = pytest.mark.django_db

KEYS = [
    "bodies_by_district",
    "bodies_by_kind",
    "evaluations_by_type",
    "evaluations_by_level",
    "top_occupations",
    "evaluations_by_district",
    "highly_skilled",
    "certifications",
    "inspections",
    "audit",
    "colleges",
]
BY_DISTRICT = {"bodies_by_district", "evaluations_by_district"}


def test_every_table_has_a_sheet_name_and_rows_as_wide_as_its_columns(evaluations):
    dashboard = build(year=2026, as_of=TODAY)
    assert [table.key for table in dashboard.tables] == KEYS
    for table in dashboard.tables:
        assert table.key.isascii() and len(table.key) <= 31
        assert table.title and table.label_heading and table.columns
        assert all(len(row.values) == len(table.columns) for row in table.rows), table.key
        assert table.total is not None and len(table.total) == len(table.columns), table.key
        assert all(isinstance(v, int) for row in table.rows for v in row.values), table.key


def test_the_by_district_tables_list_all_38_districts_in_code_order_for_the_map(evaluations):
    districts = list(District.objects.order_by("code").values_list("code", "name"))
    assert len(districts) == 38
    for view in (None, District.objects.get(code=YUZHONG)):
        tables = {t.key: t for t in build(year=2026, as_of=TODAY, district=view).tables}
        for key in BY_DISTRICT:
            assert tables[key].chart == "map"
            assert [(row.code, row.label) for row in tables[key].rows] == districts


def test_a_districts_tables_hold_its_own_figures_and_the_by_district_ones_the_citys(evaluations):
    yuzhong = District.objects.get(code=YUZHONG)
    city = {t.key: t for t in build(year=2026, as_of=TODAY).tables}
    own = {t.key: t for t in build(year=2026, as_of=TODAY, district=yuzhong).tables}
    assert city["evaluations_by_type"].total == (8, 6, 75)
    assert own["evaluations_by_type"].total == (6, 5, 83)
    assert own["evaluations_by_level"].total == (6, 5, 83)
    assert own["bodies_by_kind"].total == (1, 1, 0)  # Y; J is in 九龙坡区
    assert own["evaluations_by_district"] == city["evaluations_by_district"]
    assert own["bodies_by_district"] == city["bodies_by_district"]
    by_district = {row.code: row.values for row in own["evaluations_by_district"].rows}
    assert by_district[JIULONGPO] == (2, 1, 50)
