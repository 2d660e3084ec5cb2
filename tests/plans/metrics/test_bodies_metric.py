"""Bodies filed and active, as of any day, rebuilt from the transitions' effective dates."""

import datetime

import pytest

from plans.dashboard import build
from plans.metrics import Facts, Period
from plans.models import Metric
from registry.models import District
from tests.plans.metrics.helpers import JIULONGPO, TODAY, YUZHONG, act_on, filed_on

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def bodies():
    """A: an employer in 渝中区 filed last December, revoked from 15 March (decided today, in force then).
    B: a social organisation in 九龙坡区 filed on 10 February, under rectification from 1 May.
    C: an employer in 渝中区 filed on 20 April. A college in 渝中区 whose filing is still a draft."""
    from tests import factories

    a = filed_on(D(2025, 12, 1), kind="employer", district_code=YUZHONG)
    act_on(a, "revoke", on=D(2026, 3, 15), recorded=TODAY)
    b = filed_on(D(2026, 2, 10), kind="social", district_code=JIULONGPO)
    act_on(b, "order_rectification", on=D(2026, 5, 1), deadline=D(2026, 7, 1))
    c = filed_on(D(2026, 4, 20), kind="employer", district_code=YUZHONG)
    factories.draft_application(kind="college", district_code=YUZHONG)
    return a, b, c


def district_id(code: str) -> int:
    return District.objects.get(code=code).pk


def test_a_body_revoked_in_march_was_active_on_1_february_and_not_on_1_april(bodies):
    assert Facts(Period(year=2026, as_of=D(2026, 2, 1))).actual(Metric.BODIES) == 1
    assert Facts(Period(year=2026, as_of=D(2026, 3, 14))).actual(Metric.BODIES) == 2
    assert Facts(Period(year=2026, as_of=D(2026, 4, 1))).actual(Metric.BODIES) == 1  # B alone


def test_the_monthly_figure_is_the_stock_at_each_month_end(bodies):
    facts = Facts(Period(year=2026, as_of=TODAY))
    # Jan: A; Feb: A, B; Mar: B; Apr: B, C; May: C (B rectifying); 15 June: C
    assert facts.monthly(Metric.BODIES) == [1, 2, 1, 2, 1, 1]
    assert facts.monthly(Metric.BODIES, district_id=district_id(YUZHONG)) == [1, 1, 0, 1, 1, 1]
    assert facts.monthly(Metric.BODIES, kind="social") == [0, 1, 1, 1, 0, 0]
    assert facts.monthly(Metric.BODIES, kind="employer", district_id=district_id(JIULONGPO)) == [0] * 6


def test_last_year_is_read_on_its_own_month_ends(bodies):
    facts = Facts(Period(year=2025, as_of=TODAY))
    assert facts.monthly(Metric.BODIES) == [0] * 11 + [1]  # A, from 1 December
    assert facts.actual(Metric.BODIES) == 1  # on 31 December 2025, though A is revoked today


def test_the_tables_count_active_and_filed_bodies_by_district_and_kind(bodies):
    dashboard = build(year=2026, as_of=TODAY)
    tables = {table.key: table for table in dashboard.tables}
    by_district = {row.code: row.values for row in tables["bodies_by_district"].rows}
    # active, of which employers / social organisations / colleges, filings in force
    assert by_district[YUZHONG] == (1, 1, 0, 0, 1)
    assert by_district[JIULONGPO] == (0, 0, 0, 0, 1)  # B is under rectification: filed, not active
    assert tables["bodies_by_district"].total == (1, 1, 0, 0, 2)
    by_kind = {row.code: row.values for row in tables["bodies_by_kind"].rows}
    # active, filings in force, first filed this year (A was filed last year)
    assert by_kind == {"employer": (1, 1, 1), "social": (0, 1, 1), "college": (0, 0, 0)}


def test_on_1_april_the_table_shows_the_day_not_today(bodies):
    tables = {t.key: t for t in build(year=2026, as_of=D(2026, 4, 1)).tables}
    assert {row.code: row.values for row in tables["bodies_by_kind"].rows}["social"] == (1, 1, 1)
    assert tables["bodies_by_district"].total == (1, 0, 1, 0, 1)
