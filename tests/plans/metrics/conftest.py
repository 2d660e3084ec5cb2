import pytest

from tests.plans.metrics.helpers import TODAY, at


@pytest.fixture(autouse=True)
def _today(time_machine):
    """Every plans test runs on TODAY (15 June 2026, Chongqing time), in the 2026 plan year."""
    time_machine.move_to(at(TODAY), tick=False)


@pytest.fixture(autouse=True)
def _no_seeded_plans(db):
    """These tests make the plans they measure against; the migration's seeded ones would collide."""
    from plans.models import Plan

    Plan.objects.all().delete()


@pytest.fixture
def evaluations():
    """Results of two bodies filed last year (the factories' scope line, 6-31-01-03):

    Y (employer, 渝中区): 20 Jan, level 4 recognition, 3 passed 1 failed, received 25 Jan;
                          5 Mar, level 3 special ability, 2 passed, received 8 Mar.
    J (social, 九龙坡区):  14 Feb, level 2 qualification, 1 passed 1 failed, received 20 Feb;
                          30 Dec 2025, level 4 recognition, 5 passed, received 5 Jan 2026."""
    import datetime

    from tests.plans.metrics.helpers import JIULONGPO, YUZHONG, filed_on, results

    d = datetime.date
    y = filed_on(d(2025, 6, 1), kind="employer", district_code=YUZHONG)
    j = filed_on(d(2025, 6, 1), kind="social", district_code=JIULONGPO)
    results(y, exam=d(2026, 1, 20), received=d(2026, 1, 25), passed=3, failed=1, level=4, kind="level")
    results(y, exam=d(2026, 3, 5), received=d(2026, 3, 8), passed=2, level=3, kind="special")
    results(
        j, exam=d(2026, 2, 14), received=d(2026, 2, 20), passed=1, failed=1, level=2, kind="qualification"
    )
    results(j, exam=d(2025, 12, 30), received=d(2026, 1, 5), passed=5, level=4, kind="level")
    return y, j
