"""Each target of the year's plan as a Progress: its scope, actual, the pace line and where it stands."""

import datetime

import pytest

from plans.dashboard import build
from plans.models import Metric, Plan, ScopeKind, Target, TechnicalCollege
from registry.models import District
from tests import factories
from tests.plans.metrics.helpers import JIULONGPO, TODAY, YUZHONG

pytestmark = pytest.mark.django_db
D = datetime.date
FUTURE = [None] * 6  # July to December, after TODAY


@pytest.fixture
def plan(evaluations):
    _y, j = evaluations
    yuzhong, jiulongpo = District.objects.get(code=YUZHONG), District.objects.get(code=JIULONGPO)
    plan = Plan.objects.create(year=2026, name="2026年全市技能人才工作要点")
    for metric, scope, district, kind, value in [
        (Metric.EVALUATIONS, ScopeKind.CITY, None, "", 1200),
        (Metric.EVALUATIONS, ScopeKind.DISTRICT, yuzhong, "", 600),
        (Metric.BODIES, ScopeKind.BODY_KIND, None, "employer", 10),
        (Metric.COLLEGES_FILED, ScopeKind.CITY, None, "", None),
        (Metric.EXAMINERS, ScopeKind.CITY, None, "", 100),
        (Metric.SPECIFICATIONS, ScopeKind.CITY, None, "", 5),
    ]:
        Target.objects.create(
            plan=plan, metric=metric, scope=scope, district=district, body_kind=kind, value=value
        )
    TechnicalCollege.objects.create(name="重庆甲技师学院", credit_code=j.credit_code, district=jiulongpo)
    TechnicalCollege.objects.create(name="重庆乙技工学校", credit_code="52500103MA0000001X", district=yuzhong)
    return plan


def test_every_target_becomes_a_progress_in_its_own_scope(plan):
    dashboard = build(year=2026, as_of=TODAY)
    assert (dashboard.plan_name, dashboard.scope, dashboard.as_of) == (
        "2026年全市技能人才工作要点",
        "全市",
        TODAY,
    )
    assert [(p.key, p.scope, p.target, p.actual) for p in dashboard.progress] == [
        ("bodies", "用人单位", 10, 1),
        ("colleges_filed", "全市", 2, 1),  # empty target: every open college in the catalogue
        ("evaluations", "全市", 1200, 8),
        ("evaluations", "渝中区", 600, 6),
        ("examiners", "全市", 100, 0),
        ("specifications", "全市", 5, 0),
    ]


def test_the_monthly_series_the_pace_line_and_where_it_stands(plan):
    evaluations = build(year=2026, as_of=TODAY).progress[2]
    assert evaluations.label == "全年技能人才评价人次"
    assert evaluations.monthly == [4, 6, 8, 8, 8, 8, *FUTURE]
    assert evaluations.pace == [100 * m for m in range(1, 13)]
    assert evaluations.expected == 546  # 1200 × 166 days / 365 = 545.8
    assert (evaluations.ahead, evaluations.percent) == (8 - 546, 1)
    bodies = build(year=2026, as_of=TODAY).progress[0]
    assert bodies.monthly == [1, 1, 1, 1, 1, 1, *FUTURE]  # a stock: Y, an employer, all along


def test_new_specifications_count_from_their_publication_s_effective_day(plan):
    """Published in February and in April (recorded today, effective then), one published last year and
    one retired again in May: the year's new ones are the first two, each from its own month."""
    from specifications import services

    factories.specification_in("published", on=D(2026, 2, 10))
    factories.specification_in("published", on=D(2026, 4, 20))
    factories.specification_in("published", on=D(2025, 11, 3))
    retired, centre, _experts = factories.specification_in("published", on=D(2026, 3, 2))
    services.act(version=retired, user=centre, action="retire", reason="已被新职业标准取代", on=D(2026, 5, 5))
    specifications = build(year=2026, as_of=TODAY).progress[-1]
    assert specifications.label == "全年新开发专项职业能力考核规范"
    assert specifications.actual == 2
    assert specifications.monthly == [0, 1, 2, 3, 2, 2, *FUTURE]  # the retired one counts March–April
    assert build(year=2026, as_of=D(2026, 3, 31)).progress[-1].actual == 2


def test_a_year_without_a_plan_has_every_table_and_no_progress(plan):
    dashboard = build(year=2025, as_of=D(2025, 12, 31))
    assert dashboard.progress == [] and dashboard.plan_name == ""
    assert len(dashboard.tables) == 11


def test_a_district_sees_its_own_target_or_its_share_of_the_citys(plan):
    dashboard = build(year=2026, as_of=TODAY, district=District.objects.get(code=YUZHONG))
    assert dashboard.scope == "渝中区"
    assert [(p.key, p.scope, p.target, p.actual) for p in dashboard.progress] == [
        ("bodies", "用人单位", 10, 1),
        ("bodies", "渝中区 / 用人单位", 10, 1),
        ("colleges_filed", "全市", 2, 1),
        ("colleges_filed", "渝中区 / 全市", 2, 0),
        ("evaluations", "渝中区", 600, 6),  # its own target replaces the city's
        ("examiners", "全市", 100, 0),
        ("examiners", "渝中区 / 全市", 100, 0),
        ("specifications", "全市", 5, 0),
        ("specifications", "渝中区 / 全市", 5, 0),
    ]
    kind, share = dashboard.progress[0], dashboard.progress[1]
    assert share.monthly == [1] * 6 + FUTURE
    assert (share.pace, share.expected) == (kind.pace, kind.expected)


def test_a_district_without_its_own_target_sees_the_citys_and_its_share(plan):
    dashboard = build(year=2026, as_of=TODAY, district=District.objects.get(code=JIULONGPO))
    evaluations = [p for p in dashboard.progress if p.key == "evaluations"]
    assert [(p.scope, p.target, p.actual) for p in evaluations] == [
        ("全市", 1200, 8),
        ("九龙坡区 / 全市", 1200, 2),
    ]
    city, share = evaluations
    assert share.monthly == [0, 2, 2, 2, 2, 2, *FUTURE]
    assert (share.pace, share.expected) == (city.pace, city.expected)
