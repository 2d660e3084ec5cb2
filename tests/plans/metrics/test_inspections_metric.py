"""Inspections done in the year (their review took effect), findings by severity, orders overdue on a day."""

import datetime

import pytest
import time_machine

from audits.services.orders import respond_to_order
from plans.dashboard import build
from tests import factories
from tests.helpers import admin_of
from tests.plans.metrics.helpers import TODAY, at

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def inspections():
    """I1: an annual check reviewed on 10 February 2026 (a major and a minor finding; its order, due 12
    March, answered on 20 March). I2: a special-topic inspection reviewed on 10 November 2025 (a critical
    finding; its order, due 10 December, never answered). I3: an annual check submitted, not reviewed."""
    with time_machine.travel(at(D(2026, 2, 10)), tick=False):
        i1 = factories.inspection_in("reviewed", findings=("major", "minor"), kind="annual")
    with time_machine.travel(at(D(2025, 11, 10)), tick=False):
        i2 = factories.inspection_in("reviewed", findings=("critical",), kind="special", topic="培训档案")
    with time_machine.travel(at(D(2026, 5, 4)), tick=False):
        factories.inspection_in("submitted", findings=("major",), kind="annual")
    order = i1.orders.get()
    with time_machine.travel(at(order.deadline + datetime.timedelta(days=8)), tick=False):
        respond_to_order(order=order, user=admin_of(i1.body), response="已按要求整改")
    return i1, i2


def table(as_of, year=2026):
    return {t.key: t for t in build(year=year, as_of=as_of).tables}["inspections"]


def test_inspections_reviewed_in_the_year_count_with_their_findings(inspections):
    found = table(TODAY)
    assert found.columns[0] == "完成检查" and found.columns[-1] == "逾期未整改通知"
    rows = {row.code: row.values for row in found.rows}
    # done; findings observation, minor, major, critical; orders overdue
    assert rows["annual"] == (1, 0, 1, 1, 0, 0)  # I3, submitted and not reviewed, is not done
    assert rows["special"] == (0, 0, 0, 0, 0, 1)  # reviewed last year; its order is still overdue
    assert found.total == (1, 0, 1, 1, 0, 1)
    last_year = {row.code: row.values for row in table(D(2025, 12, 31), year=2025).rows}
    assert last_year["special"] == (1, 0, 0, 0, 1, 1)


def test_an_order_is_overdue_between_its_deadline_and_its_answer(inspections):
    i1, _i2 = inspections
    deadline = i1.orders.get().deadline
    assert deadline == D(2026, 3, 12)

    def overdue(day):
        return {row.code: row.values[-1] for row in table(day).rows}["annual"]

    assert overdue(deadline) == 0
    assert overdue(deadline + datetime.timedelta(days=1)) == 1
    assert overdue(deadline + datetime.timedelta(days=7)) == 1
    assert overdue(deadline + datetime.timedelta(days=8)) == 0  # answered that day


def test_an_inspection_counts_only_once_its_review_took_effect(inspections):
    assert table(D(2026, 2, 9)).total[0] == 0
    assert table(D(2026, 2, 10)).total[0] == 1
