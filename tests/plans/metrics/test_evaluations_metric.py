"""Evaluations and certificates in the year: by exam date, once their roster was stored, by type, level
and district, with the pass rate."""

import datetime

import pytest

from plans.dashboard import build
from plans.metrics import Facts, Period
from plans.models import Metric
from registry.models import District
from tests.plans.metrics.helpers import JIULONGPO, TODAY, YUZHONG

pytestmark = pytest.mark.django_db
D = datetime.date


def tables(year=2026, as_of=TODAY, district=None) -> dict:
    return {t.key: t for t in build(year=year, as_of=as_of, district=district).tables}


def test_results_count_in_the_month_of_their_exam_cumulatively(evaluations):
    facts = Facts(Period(year=2026, as_of=TODAY))
    assert facts.monthly(Metric.EVALUATIONS) == [4, 6, 8, 8, 8, 8]
    assert facts.monthly(Metric.RECOGNITIONS) == [4, 6, 6, 6, 6, 6]  # qualification and skill-level
    assert facts.monthly(Metric.SPECIAL_ABILITY) == [0, 0, 2, 2, 2, 2]
    assert facts.actual(Metric.EVALUATIONS) == 8


def test_a_result_counts_only_once_its_roster_was_stored(evaluations):
    # the 5 March exam's roster came in on 8 March
    assert Facts(Period(year=2026, as_of=D(2026, 3, 6))).actual(Metric.EVALUATIONS) == 6
    assert Facts(Period(year=2026, as_of=D(2026, 3, 8))).actual(Metric.EVALUATIONS) == 8


def test_results_of_other_years_do_not_count(evaluations):
    # the 30 December exams count in 2025, once their roster (5 January) was stored
    assert Facts(Period(year=2025, as_of=D(2025, 12, 31))).actual(Metric.EVALUATIONS) == 0
    last_year = Facts(Period(year=2025, as_of=TODAY))
    assert last_year.actual(Metric.EVALUATIONS) == 5
    assert last_year.monthly(Metric.EVALUATIONS) == [0] * 11 + [5]
    assert Facts(Period(year=2027, as_of=TODAY)).actual(Metric.EVALUATIONS) == 0


def test_a_scope_narrows_to_the_bodys_district_or_kind(evaluations):
    facts = Facts(Period(year=2026, as_of=TODAY))
    yuzhong = District.objects.get(code=YUZHONG).pk
    assert facts.monthly(Metric.EVALUATIONS, district_id=yuzhong) == [4, 4, 6, 6, 6, 6]
    assert facts.actual(Metric.EVALUATIONS, kind="social") == 2
    assert facts.actual(Metric.SPECIAL_ABILITY, kind="social") == 0


def test_the_tables_give_evaluations_certificates_and_the_pass_rate(evaluations):
    found = tables()
    by_type = {row.code: row.values for row in found["evaluations_by_type"].rows}
    assert by_type == {"qualification": (2, 1, 50), "level": (4, 3, 75), "special": (2, 2, 100)}
    assert found["evaluations_by_type"].total == (8, 6, 75)
    by_level = {row.code: row.values for row in found["evaluations_by_level"].rows}
    assert [row.code for row in found["evaluations_by_level"].rows] == ["5", "4", "3", "2", "1", "0", "-1"]
    assert (by_level["4"], by_level["3"], by_level["2"], by_level["1"]) == (
        (4, 3, 75),
        (2, 2, 100),
        (2, 1, 50),
        (0, 0, 0),
    )
    by_district = {row.code: row.values for row in found["evaluations_by_district"].rows}
    assert by_district[YUZHONG] == (6, 5, 83) and by_district[JIULONGPO] == (2, 1, 50)


def test_highly_skilled_certificates_are_those_of_level_3_and_above(evaluations):
    table = tables()["highly_skilled"]
    assert [row.code for row in table.rows] == ["3", "2", "1", "0", "-1"]
    rows = {row.code: row.values for row in table.rows}
    # columns: qualification, skill-level recognition, special ability
    assert rows["3"] == (0, 0, 2) and rows["2"] == (1, 0, 0) and rows["1"] == (0, 0, 0)
    assert table.total == (1, 0, 2)


def test_the_pilot_grades_are_highly_skilled_too(evaluations):
    from tests.plans.metrics.helpers import results

    y, _j = evaluations
    results(y, exam=D(2026, 5, 6), received=D(2026, 5, 8), passed=1, failed=1, level=0)
    # the factory would write level -1 into the number as "-1": one character too many for the column
    results(
        y,
        exam=D(2026, 5, 6),
        received=D(2026, 5, 8),
        passed=2,
        level=-1,
        certificate_no=f"{y.filing_no}26C000001",
    )
    rows = {row.code: row.values for row in tables()["highly_skilled"].rows}
    assert rows["0"] == (0, 1, 0) and rows["-1"] == (0, 2, 0)
