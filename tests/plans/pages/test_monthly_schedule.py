"""Once a month the schedule makes last month's citywide report: on the first day, or on the first run after
it when the scheduler was down then; never twice for the same month; not at all for a year with no plan."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from plans.models import MonthlyReport, Plan
from plans.services import generate_monthly_report
from schedule import registry, services
from schedule.models import DailyRun

pytestmark = pytest.mark.django_db
TASK = "monthly_report"


def at(day: str, hour: int = 3) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(hour))
    )


def run_on(day: str) -> str:
    with time_machine.travel(at(day), tick=False):
        return registry.TASKS[TASK].run()


def made() -> list[tuple]:
    return list(MonthlyReport.objects.order_by("pk").values_list("year", "month", "as_of", "district"))


def test_the_first_day_of_a_month_makes_last_months_report_once(built):
    assert run_on("2026-10-01").startswith("1 monthly report made (2026-09")
    assert made() == [(2026, 9, datetime.date(2026, 9, 30), None)]
    assert built == [{"year": 2026, "as_of": datetime.date(2026, 9, 30), "district": None}]
    assert run_on("2026-10-01").startswith("0 ")
    assert run_on("2026-10-02").startswith("0 ")
    assert run_on("2026-10-31").startswith("0 ")
    assert len(made()) == 1 and len(built) == 1
    assert MonthlyReport.objects.get().created_by is None  # the schedule's


def test_a_missed_first_day_is_caught_up_on_the_next_run(built):
    run_on("2026-10-01")
    assert run_on("2026-11-04").startswith("1 ")  # the scheduler was down from 1 to 3 November
    assert [m[:3] for m in made()] == [
        (2026, 9, datetime.date(2026, 9, 30)),
        (2026, 10, datetime.date(2026, 10, 31)),
    ]


def test_january_reports_december_of_the_year_before(built):
    Plan.objects.create(year=2027, name="2027年计划")
    run_on("2027-01-01")
    assert made() == [(2026, 12, datetime.date(2026, 12, 31), None)]


def test_a_report_made_while_the_month_ran_does_not_count_as_the_months(built):
    generate_monthly_report(year=2026, month=9, today=datetime.date(2026, 9, 20))
    assert run_on("2026-10-01").startswith("1 ")
    assert [m[2] for m in made()] == [datetime.date(2026, 9, 20), datetime.date(2026, 9, 30)]


def test_a_district_report_does_not_count_as_the_citywide_one(built):
    from registry.models import District

    generate_monthly_report(
        year=2026, month=9, district=District.objects.get(code="500103"), today=datetime.date(2026, 10, 1)
    )
    assert run_on("2026-10-01").startswith("1 ")


def test_no_plan_for_last_months_year_means_no_report(built):
    Plan.objects.all().delete()
    assert run_on("2026-10-01").startswith("0 ")
    assert made() == [] and built == []


def test_the_scheduler_runs_it_as_one_of_the_daily_tasks(built):
    with time_machine.travel(at("2026-10-01"), tick=False):
        runs = {run.task: run for run in services.run_due()}
    assert runs[TASK].ok, runs[TASK].summary
    with time_machine.travel(at("2026-10-01", 23), tick=False):
        assert TASK not in {run.task for run in services.run_due()}
    assert DailyRun.objects.filter(task=TASK).count() == 1
    assert len(made()) == 1
