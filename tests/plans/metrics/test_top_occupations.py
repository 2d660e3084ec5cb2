"""The 20 occupations with the most evaluations, most first, ties by occupation code."""

import datetime

import pytest

from plans.dashboard import build
from registry.models import District, Occupation
from tests.plans.metrics.helpers import JIULONGPO, TODAY, YUZHONG, filed_on, results

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def occupations():
    """21 occupations evaluated at a body in 渝中区, the k-th (by code) (k mod 3) + 1 times; the last of them
    5 more times at a body in 九龙坡区; and last year's exams, which do not count."""
    chosen = list(Occupation.objects.filter(code__startswith="6-").order_by("code")[:21])
    yuzhong = filed_on(D(2025, 6, 1), district_code=YUZHONG)
    jiulongpo = filed_on(D(2025, 6, 1), district_code=JIULONGPO)
    for k, occupation in enumerate(chosen):
        results(
            yuzhong, exam=D(2026, 3, 2), received=D(2026, 3, 6), passed=k % 3, failed=1, occupation=occupation
        )
    results(jiulongpo, exam=D(2026, 4, 2), received=D(2026, 4, 6), passed=5, occupation=chosen[-1])
    results(jiulongpo, exam=D(2025, 4, 2), received=D(2025, 4, 6), passed=9, occupation=chosen[0])
    return chosen


def top(district=None):
    return {t.key: t for t in build(year=2026, as_of=TODAY, district=district).tables}["top_occupations"]


def test_the_most_evaluated_come_first_and_ties_go_by_code(occupations):
    table = top()
    codes = [row.code for row in table.rows]
    by_count = sorted(occupations[:-1], key=lambda o: (-(occupations.index(o) % 3 + 1), o.code))
    assert codes == [occupations[-1].code, *[o.code for o in by_count][:19]]
    assert len(table.rows) == 20
    first = table.rows[0]
    assert (first.label, first.values) == (occupations[-1].name, (8, 7, 88))  # 3 here + 5 in 九龙坡区
    assert [row.values[0] for row in table.rows] == sorted(
        (row.values[0] for row in table.rows), reverse=True
    )
    left_out = {o.code for o in occupations} - set(codes)
    assert len(left_out) == 1 and left_out <= {o.code for k, o in enumerate(occupations) if k % 3 == 0}
    assert max(left_out) == max(o.code for k, o in enumerate(occupations[:-1]) if k % 3 == 0)


def test_a_district_sees_its_own_bodies_occupations(occupations):
    table = top(District.objects.get(code=JIULONGPO))
    assert [(row.code, row.values) for row in table.rows] == [(occupations[-1].code, (5, 5, 100))]
    yuzhong = top(District.objects.get(code=YUZHONG))
    assert yuzhong.rows[0].values[0] == 3 and len(yuzhong.rows) == 20
