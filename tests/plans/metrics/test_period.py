"""The plan year as of a day: the days months are read on, the pace line and where it stands."""

import datetime

from plans.metrics import Period

D = datetime.date


def test_each_begun_month_is_read_on_its_last_day_and_the_current_one_on_as_of():
    period = Period(year=2026, as_of=D(2026, 3, 10))
    assert period.days == [D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 10)]
    assert (period.until, period.stock_day) == (D(2026, 3, 10), D(2026, 3, 10))


def test_after_the_year_every_month_ends_on_its_last_day_and_stocks_on_31_december():
    period = Period(year=2025, as_of=D(2026, 2, 1))
    assert len(period.days) == 12 and period.days[-1] == D(2025, 12, 31) and period.days[1] == D(2025, 2, 28)
    assert (period.until, period.stock_day, period.elapsed_days) == (D(2025, 12, 31), D(2025, 12, 31), 365)


def test_before_the_year_no_month_has_begun_and_nothing_has_elapsed():
    period = Period(year=2027, as_of=D(2026, 12, 1))
    assert period.days == [] and period.elapsed_days == 0 and period.expected(1200) == 0
    assert period.monthly([]) == [None] * 12


def test_expected_is_the_target_times_the_days_elapsed_over_the_days_of_the_year():
    assert Period(year=2026, as_of=D(2026, 1, 1)).expected(365) == 1
    assert Period(year=2026, as_of=D(2026, 7, 2)).expected(1000) == 501  # 183 days: 501.4
    # a leap year has 366 days: 60 of them by 29 February
    assert Period(year=2028, as_of=D(2028, 2, 29)).expected(1000) == 164  # 163.9
    assert Period(year=2026, as_of=D(2026, 12, 31)).expected(777) == 777


def test_the_pace_line_is_target_times_month_over_twelve_rounded_half_up():
    assert Period.pace(1200) == [100 * m for m in range(1, 13)]
    assert Period.pace(10) == [1, 2, 3, 3, 4, 5, 6, 7, 8, 8, 9, 10]  # 2.5 → 3, 7.5 → 8


def test_months_still_to_come_show_none():
    period = Period(year=2026, as_of=D(2026, 6, 15))
    assert period.monthly([1, 2, 3, 4, 5, 6]) == [1, 2, 3, 4, 5, 6, None, None, None, None, None, None]
