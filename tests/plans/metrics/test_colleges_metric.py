"""Technical colleges filed (应备尽备): a college is filed on a day when a body with its credit code held a
filing in force that day (active, rectifying or suspended: as on the colleges' page); a closed college drops
out."""

import datetime

import pytest

from plans.dashboard import build
from plans.metrics import Facts, Period
from plans.models import Metric, TechnicalCollege
from registry.models import District
from tests.plans.metrics.helpers import JIULONGPO, TODAY, YUZHONG, act_on, filed_on

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def colleges():
    """A (渝中区) filed 10 Feb; B (九龙坡区) never filed; C (渝中区) never filed, closed on 30 April;
    D (九龙坡区) filed last year, revoked from 10 May."""
    yuzhong, jiulongpo = District.objects.get(code=YUZHONG), District.objects.get(code=JIULONGPO)
    a = filed_on(D(2026, 2, 10), kind="college", district_code=YUZHONG)
    d = filed_on(D(2025, 9, 1), kind="college", district_code=JIULONGPO)
    act_on(d, "revoke", on=D(2026, 5, 10), recorded=TODAY)
    TechnicalCollege.objects.create(name="重庆甲技师学院", credit_code=a.credit_code, district=yuzhong)
    TechnicalCollege.objects.create(
        name="重庆乙技工学校", credit_code="52500107MA0000001X", district=jiulongpo
    )
    TechnicalCollege.objects.create(
        name="重庆丙技工学校", credit_code="52500103MA0000002X", district=yuzhong, closed_on=D(2026, 4, 30)
    )
    TechnicalCollege.objects.create(name="重庆丁技师学院", credit_code=d.credit_code, district=jiulongpo)


def test_filed_colleges_month_by_month(colleges):
    facts = Facts(Period(year=2026, as_of=TODAY))
    # Jan: D; Feb–Apr: A, D; May (D revoked 10 May): A; June: A
    assert facts.monthly(Metric.COLLEGES_FILED) == [1, 2, 2, 2, 1, 1]
    assert facts.monthly(Metric.COLLEGES_FILED, district_id=District.objects.get(code=YUZHONG).pk) == [
        0,
        1,
        1,
        1,
        1,
        1,
    ]
    assert facts.open_colleges() == 3  # C closed on 30 April


def test_the_list_and_table_show_each_open_college_filed_or_not(colleges):
    dashboard = build(year=2026, as_of=TODAY)
    assert dashboard.colleges_filed == [
        ("重庆甲技师学院", "渝中区", True),
        ("重庆丁技师学院", "九龙坡区", False),
        ("重庆乙技工学校", "九龙坡区", False),
    ]
    table = {t.key: t for t in dashboard.tables}["colleges"]
    assert table.chart == ""
    assert [(row.code, row.values) for row in table.rows] == [(YUZHONG, (1, 1, 0)), (JIULONGPO, (2, 0, 2))]
    assert table.total == (3, 1, 2)


def test_before_its_closing_a_college_counts_among_those_to_file(colleges):
    dashboard = build(year=2026, as_of=D(2026, 4, 30))
    assert ("重庆丙技工学校", "渝中区", False) not in dashboard.colleges_filed  # closed on the day
    dashboard = build(year=2026, as_of=D(2026, 4, 29))
    assert ("重庆丙技工学校", "渝中区", False) in dashboard.colleges_filed
    assert {t.key: t for t in dashboard.tables}["colleges"].total == (4, 2, 2)


def test_a_suspended_college_is_still_filed_as_the_colleges_page_says(colleges):
    """The dashboard and /plans/colleges/ answer "filed?" alike: D suspended (not revoked) stays filed."""
    from plans.selectors import colleges_with_filing

    suspended = filed_on(D(2025, 9, 1), kind="college", district_code=YUZHONG)
    act_on(suspended, "suspend", on=D(2026, 3, 1), recorded=TODAY)
    TechnicalCollege.objects.create(
        name="重庆戊技师学院", credit_code=suspended.credit_code, district=District.objects.get(code=YUZHONG)
    )
    on_page = {c.name: c.filed for c in colleges_with_filing(on=TODAY) if c.open}
    on_dashboard = {name: filed for name, _district, filed in build(year=2026, as_of=TODAY).colleges_filed}
    assert on_dashboard == on_page
    assert on_dashboard["重庆戊技师学院"] is True
